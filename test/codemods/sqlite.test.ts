import { fileURLToPath } from 'node:url';
import { Node, Project, ts, type SourceFile } from 'ts-morph';
import { beforeAll, describe, expect, it } from 'vitest';
import { sqlite } from '../../codemods/sqlite.js';
import { entryById } from '../../src/catalog/index.js';
import { SiteCollector } from '../../src/codemod/collect.js';
import { FileImports } from '../../src/codemod/imports.js';
import type { RewriteContext, Site, TextEdit } from '../../src/codemod/types.js';

/**
 * The sqlite transform's rewrite, group by group as the engine drives it (all of a group or nothing),
 * over unsaved files inside the repository so that better-sqlite3's and sqlite's types resolve.
 * Finding the sites is the engine's job: here a call is a site when the checker says its receiver is
 * a better-sqlite3 Database or Statement.
 */

const HERE = fileURLToPath(new URL('.', import.meta.url));
let project: Project;
let counter = 0;

beforeAll(() => {
  project = new Project({
    skipAddingFilesFromTsConfig: true,
    compilerOptions: {
      strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
      esModuleInterop: true, skipLibCheck: true, allowJs: true, types: ['node'], noEmit: true,
    },
  });
});

interface Outcome {
  output: string;
  refusals: string[];
}

const DATABASE_METHODS = new Set(['exec', 'pragma', 'close', 'transaction', 'serialize', 'loadExtension']);
const STATEMENT_METHODS = new Set(['run', 'get', 'all', 'iterate']);

function sitesOf(file: SourceFile): Site[] {
  const sites: Site[] = [];
  for (const node of file.getDescendants()) {
    if (!Node.isCallExpression(node) && !Node.isNewExpression(node)) continue;
    const callee = node.getExpression();
    if (Node.isPropertyAccessExpression(callee)) {
      const owner = declaringModule(callee.getExpression());
      if (owner !== 'better-sqlite3') continue;
      const name = callee.getName();
      const id = DATABASE_METHODS.has(name) ? `better-sqlite3.Database#${name}` : STATEMENT_METHODS.has(name) ? `better-sqlite3.Statement#${name}` : undefined;
      if (id !== undefined) sites.push({ file, node, entry: entryById(id)! });
    } else if (Node.isIdentifier(callee) && /better-sqlite3/.test(callee.getSymbol()?.getAliasedSymbol()?.getDeclarations()[0]?.getSourceFile().getFilePath() ?? '')) {
      sites.push({ file, node, entry: entryById('better-sqlite3')! });
    }
  }
  return sites;
}

/** The package that declares an expression's type, if better-sqlite3 does. */
function declaringModule(expression: Node): string | undefined {
  const declaration = expression.getType().getSymbol()?.getDeclarations()[0];
  return declaration !== undefined && /@types\/better-sqlite3/.test(declaration.getSourceFile().getFilePath()) ? 'better-sqlite3' : undefined;
}

function migrate(code: string, extension = 'ts'): Outcome {
  const file = project.createSourceFile(`${HERE}__virtual__/case${++counter}.${extension}`, code);
  const imports = new Set<string>();
  // the file's bindings of the client, as the engine finds them (the rules' resolver over ESLint's view)
  const collector = new SiteCollector(project.getProgram().compilerObject);
  const fileImports = new FileImports(file, () => collector.estree(file));
  const context: RewriteContext = {
    importName: (module, name) => {
      imports.add(`${module}:${name}`);
      return name === 'default' ? module : name === 'Database' ? 'SqliteDatabase' : name;
    },
    options: {},
    checker: project.getTypeChecker(),
    needsParentheses: () => false,
    moduleBindings: (modules) => fileImports.bindingsOf(modules),
    removeBindings: (bindings) => fileImports.removalEdits(bindings),
  };
  const groups = new Map<string, { sites: Site[]; edits: TextEdit[]; refusals: string[] }>();
  for (const site of sitesOf(file)) {
    const accepted = sqlite.accepts(site);
    const key = accepted ? sqlite.groupKey!(site) : `manual:${site.node.getStart()}`;
    const group = groups.get(key) ?? { sites: [], edits: [], refusals: [] };
    groups.set(key, group);
    group.sites.push(site);
    if (!accepted) {
      group.refusals.push(site.entry.fix.automatic ? 'not accepted' : site.entry.fix.reason);
      continue;
    }
    const result = sqlite.rewrite(site, context);
    if ('refuse' in result) group.refusals.push(result.refuse);
    else {
      expect(result.awaits).toBe(true);
      group.edits.push(...result.edits);
    }
  }
  const kept = [...groups.values()].filter((g) => g.refusals.length === 0);
  const edits = kept.flatMap((g) => g.edits);
  const migrated = kept.flatMap((g) => g.sites);
  if (migrated.length > 0) edits.push(...sqlite.finishFile!(file, migrated, context));
  const refusals = [...groups.values()].flatMap((g) => g.refusals);
  const output = apply(file.getFullText(), edits);
  project.removeSourceFile(file);
  return { output, refusals };
}

function apply(text: string, edits: TextEdit[]): string {
  const unique = [...new Map(edits.map((e) => [`${e.start}:${e.end}:${e.text}`, e])).values()];
  const sorted = unique.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.e.end - a.e.end || b.i - a.i).map(({ e }) => e);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.end > sorted[i - 1]!.start && sorted[i]!.end > sorted[i]!.start) {
      throw new Error(`overlapping edits ${JSON.stringify(sorted[i])} / ${JSON.stringify(sorted[i - 1])}`);
    }
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

describe('better-sqlite3 → sqlite', () => {
  it('opens with open() and maps a repository class: named parameters, lastInsertRowid, pluck, changes, FTS5', () => {
    const { output, refusals } = migrate(`import Database from 'better-sqlite3';

export interface Doc { id: number; title: string }

export function openDocs(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(title)");
  return db;
}

export class Docs {
  constructor(private readonly db: Database.Database) {}

  add(title: string): number {
    const info = this.db.prepare('INSERT INTO docs (title) VALUES (@title)').run({ title });
    return Number(info.lastInsertRowid);
  }

  search(q: string): Doc[] {
    return this.db.prepare('SELECT rowid AS id, title FROM docs WHERE docs MATCH ? ORDER BY rank').all(q) as Doc[];
  }

  count(): number {
    return this.db.prepare('SELECT count(*) FROM docs').pluck().get() as number;
  }

  remove(id: number): boolean {
    return this.db.prepare('DELETE FROM docs WHERE rowid = $id').run({ id }).changes > 0;
  }
}
`);
    expect(refusals).toEqual([]);
    expect(output).toBe(`
export interface Doc { id: number; title: string }

export function openDocs(file: string): SqliteDatabase {
  const db = await open({ filename: file, driver: sqlite3.Database });
  await db.exec('PRAGMA journal_mode = WAL');
  await db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(title)");
  return db;
}

export class Docs {
  constructor(private readonly db: SqliteDatabase) {}

  add(title: string): number {
    const info = await this.db.run('INSERT INTO docs (title) VALUES (@title)', { '@title': title });
    return Number(info.lastID!);
  }

  search(q: string): Doc[] {
    return await this.db.all('SELECT rowid AS id, title FROM docs WHERE docs MATCH ? ORDER BY rank', q) as Doc[];
  }

  count(): number {
    return await this.db.get('SELECT count(*) FROM docs').then((row) => (row === undefined ? undefined : Object.values(row)[0])) as number;
  }

  remove(id: number): boolean {
    return (await this.db.run('DELETE FROM docs WHERE rowid = $id', { $id: id })).changes! > 0;
  }
}
`);
  });

  it('maps open options to sqlite3 flags and the busy timeout', () => {
    const { output } = migrate(`import Database from 'better-sqlite3';
export function reader(file: string) {
  const db = new Database(file, { readonly: true, timeout: 2000 });
  return db.prepare('SELECT 1 AS one').get();
}
export function writer(file: string) {
  const db = new Database(file, { fileMustExist: true });
  db.close();
}
`);
    expect(output).toContain(`const db = await open({ filename: file, driver: sqlite3.Database, mode: sqlite3.OPEN_READONLY });
  db.configure('busyTimeout', 2000);
  return await db.get('SELECT 1 AS one');`);
    expect(output).toContain(`const db = await open({ filename: file, driver: sqlite3.Database, mode: sqlite3.OPEN_READWRITE });
  await db.close();`);
  });

  it('maps pragma: set, read, simple, and a pragma built at run time', () => {
    const { output, refusals } = migrate(`import Database from 'better-sqlite3';
export function pragmas(db: Database.Database, name: string) {
  db.pragma('foreign_keys = ON');
  const mode = db.pragma('journal_mode');
  const version = db.pragma('user_version', { simple: true });
  const other = db.pragma(name);
  return [mode, version, other];
}
`);
    expect(refusals).toEqual([]);
    expect(output).toContain(`await db.exec('PRAGMA foreign_keys = ON');`);
    expect(output).toContain(`const mode = await db.all('PRAGMA journal_mode');`);
    expect(output).toContain(`const version = await db.get('PRAGMA user_version').then((row) => (row === undefined ? undefined : Object.values(row)[0]));`);
    expect(output).toContain('const other = await db.all(`PRAGMA ${name}`);');
  });

  it('keeps a local prepared statement, awaited, and finalizes it when its block ends', () => {
    const { output, refusals } = migrate(`import Database from 'better-sqlite3';
export function importAll(db: Database.Database, rows: Array<{ a: string }>): number {
  const insert = db.prepare('INSERT INTO t (a) VALUES (?)');
  let count = 0;
  for (const row of rows) {
    count += insert.run(row.a).changes;
  }
  const sql = \`SELECT count(*)
FROM t\`;
  return count + (db.prepare(sql).pluck().get() as number);
}
`);
    expect(refusals).toEqual([]);
    expect(output).toContain(`export function importAll(db: SqliteDatabase, rows: Array<{ a: string }>): number {
  const insert = await db.prepare('INSERT INTO t (a) VALUES (?)');
  try {
    let count = 0;
    for (const row of rows) {
      count += (await insert.run(row.a)).changes!;
    }
    const sql = \`SELECT count(*)
FROM t\`;
    return count + (await db.get(sql).then((row) => (row === undefined ? undefined : Object.values(row)[0])) as number);
  } finally {
    await insert.finalize();
  }
}`);
  });

  it('leaves the inner lines of a multi-line query inside the finally block as they are', () => {
    const { output, refusals } = migrate(`import Database from 'better-sqlite3';
export function copy(db: Database.Database): number {
  const insert = db.prepare('INSERT INTO b (x) VALUES (?)');
  const rows = db
    .prepare('SELECT x FROM a')
    .all() as Array<{ x: number }>;
  for (const row of rows) insert.run(row.x);
  return rows.length;
}
`);
    expect(refusals).toEqual([]);
    expect(output).toContain(`  const insert = await db.prepare('INSERT INTO b (x) VALUES (?)');
  try {
    const rows = await db
    .all('SELECT x FROM a') as Array<{ x: number }>;
    for (const row of rows) await insert.run(row.x);
    return rows.length;
  } finally {
    await insert.finalize();
  }`);
  });

  it('finalizes a statement of a one-line function on that line', () => {
    const { output } = migrate(`import Database from 'better-sqlite3';
export function two(db: Database.Database) { const s = db.prepare('SELECT ? AS v'); return [s.get(1), s.get(2)]; }
`);
    expect(output).toContain(`{ const s = await db.prepare('SELECT ? AS v'); try { return [await s.get(1), await s.get(2)]; } finally { await s.finalize(); } }`);
  });

  it('moves the SQL of a module-level statement to its uses (sqlite3 could not close with it alive)', () => {
    const { output, refusals } = migrate(`import Database from 'better-sqlite3';
const db = new Database(':memory:');
const USERS = 'SELECT name FROM users WHERE id = ?';
const byId = db.prepare(USERS);
const names = db.prepare('SELECT name FROM users').pluck();
export function userName(id: number) {
  return byId.get(id);
}
export function allNames() {
  return names.all();
}
`);
    expect(refusals).toEqual([]);
    expect(output).toBe(`const db = await open({ filename: ':memory:', driver: sqlite3.Database });
const USERS = 'SELECT name FROM users WHERE id = ?';
export function userName(id: number) {
  return await db.get(USERS, id);
}
export function allNames() {
  return await db.all('SELECT name FROM users').then((rows) => rows.map((row) => Object.values(row)[0]));
}
`);
  });

  it('refuses a module-level statement whose SQL is shadowed where it runs', () => {
    const { refusals } = migrate(`import Database from 'better-sqlite3';
const db = new Database(':memory:');
const SQL = 'SELECT 1';
const one = db.prepare(SQL);
export function run(SQL: string) {
  return one.get();
}
`);
    expect(refusals.join('\n')).toContain('is not reachable where it runs');
  });

  it('rebuilds named parameters from an object, drops keys the SQL does not name, doubles multi-prefix ones', () => {
    const { output, refusals } = migrate(`import Database from 'better-sqlite3';
interface User { name: string; email: string; age: number }
export function save(db: Database.Database, user: User) {
  db.prepare('INSERT INTO users (name, email) VALUES (@name, :email)').run(user);
  db.prepare('UPDATE users SET name = @name WHERE name = :name').run({ name: user.name, unused: 1 });
}
`);
    expect(refusals).toEqual([]);
    expect(output).toContain(`await db.run('INSERT INTO users (name, email) VALUES (@name, :email)', { '@name': user.name, ':email': user.email });`);
    expect(output).toContain(`await db.run('UPDATE users SET name = @name WHERE name = :name', { '@name': user.name, ':name': user.name });`);
  });

  it('carries bind() values and typed rows over', () => {
    const { output } = migrate(`import Database from 'better-sqlite3';
interface Row { id: number }
export function rows(db: Database.Database) {
  const first = db.prepare<[number], Row>('SELECT id FROM t WHERE id > ?').get(0);
  const all = db.prepare<[], Row>('SELECT id FROM t').all();
  const bound = db.prepare('SELECT id FROM t WHERE id = ?').bind(7).get();
  return [first, all, bound];
}
`);
    expect(output).toContain(`const first = await db.get<Row>('SELECT id FROM t WHERE id > ?', 0);`);
    expect(output).toContain(`const all = await db.all<Row[]>('SELECT id FROM t');`);
    expect(output).toContain(`const bound = await db.get('SELECT id FROM t WHERE id = ?', 7);`);
  });

  it('maps a destructured run() result', () => {
    const { output } = migrate(`import Database from 'better-sqlite3';
export function add(db: Database.Database) {
  const { lastInsertRowid, changes } = db.prepare('INSERT INTO t DEFAULT VALUES').run();
  const { lastInsertRowid: id } = db.prepare('INSERT INTO t DEFAULT VALUES').run();
  return [lastInsertRowid, changes, id];
}
`);
    expect(output).toContain(`const { lastID: lastInsertRowid, changes } = await db.run('INSERT INTO t DEFAULT VALUES');`);
    expect(output).toContain(`const { lastID: id } = await db.run('INSERT INTO t DEFAULT VALUES');`);
  });

  it('removes the better-sqlite3 import and rewrites its types, a Statement type included', () => {
    const { output } = migrate(`import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
export type Db = Database.Database;
export function make(file: string): Db {
  const db = new Database(file);
  db.exec('SELECT 1');
  return db;
}
export type S = Statement;
`);
    expect(output).toBe(`export type Db = SqliteDatabase;
export function make(file: string): Db {
  const db = await open({ filename: file, driver: sqlite3.Database });
  await db.exec('SELECT 1');
  return db;
}
export type S = Statement;
`);
  });

  it.each([
    ['a transaction, refusing every use of that database', `const db = new Database(':memory:');
export const add = db.transaction((a: string) => db.prepare('INSERT INTO t VALUES (?)').run(a));
export function count() { return db.prepare('SELECT count(*) AS n FROM t').get(); }`, 'transaction runs its function synchronously'],
    ['iterate()', `export function each(db: Database.Database) { for (const r of db.prepare('SELECT 1').iterate()) console.log(r); db.exec('SELECT 1'); }`, 'iterate() streams rows lazily'],
    ['raw()', `export function raw(db: Database.Database) { return db.prepare('SELECT 1, 2').raw().all(); }`, '`.raw()` has no counterpart'],
    ['safeIntegers()', `export function big(db: Database.Database) { return db.prepare('SELECT 1').safeIntegers().get(); }`, '`.safeIntegers()` has no counterpart'],
    ['a user function', `export function fn(db: Database.Database) { db.function('twice', (x: number) => 2 * x); return db.prepare('SELECT twice(2)').get(); }`, '`function()` of better-sqlite3 has no counterpart'],
    ['a run() result that escapes', `export function ins(db: Database.Database) { return db.prepare('INSERT INTO t DEFAULT VALUES').run(); }`, 'the result of run() cannot be carried over'],
    ['exec() chained', `export function twice(db: Database.Database) { db.exec('SELECT 1').exec('SELECT 2'); }`, 'the result of exec() (the database itself) is used'],
    ['a database opened in a constructor', `export class Store { db: Database.Database; constructor(file: string) { this.db = new Database(file); } get() { return this.db.prepare('SELECT 1').get(); } }`, 'opened in a constructor'],
    ['a statement prepared in a constructor', `export class Store { private readonly one; constructor(private readonly db: Database.Database) { this.one = db.prepare('SELECT 1'); } get() { return this.one.get(); } }`, 'prepared in a class field'],
    ['named parameters with dynamic SQL', `export function dyn(db: Database.Database, sql: string, p: { a: number }) { return db.prepare(sql).get(p); }`, 'the SQL is not a literal'],
    ['verbose', `export function v(file: string) { const db = new Database(file, { verbose: console.log }); db.close(); }`, 'db.on(\'trace\', fn)'],
    ['a statement kept past its block', `export function later(db: Database.Database) {\n  const s = db.prepare('SELECT 1');\n  return () => s.get();\n}`, 'may run after its block ends'],
  ])('refuses %s', (_name, body, reason) => {
    const code = `import Database from 'better-sqlite3';\n${body}\n`;
    const { output, refusals } = migrate(code);
    expect(refusals.join('\n')).toContain(reason);
    expect(output).toBe(code);
  });

  it('refuses a database that leaves its module in JavaScript, where no type check can follow it', () => {
    const { refusals } = migrate(`import Database from 'better-sqlite3';
export function open(file) {
  const db = new Database(file);
  db.exec('SELECT 1');
  return db;
}
`, 'mjs');
    expect(refusals.join('\n')).toContain('in JavaScript the code that receives it cannot be checked');
  });

  it('migrates a JavaScript module whose database stays inside it', () => {
    const { output, refusals } = migrate(`import Database from 'better-sqlite3';
const db = new Database('app.db');
export function add(name) {
  return db.prepare('INSERT INTO users (name) VALUES (?)').run(name).lastInsertRowid;
}
`, 'mjs');
    expect(refusals).toEqual([]);
    expect(output).toBe(`const db = await open({ filename: 'app.db', driver: sqlite3.Database });
export function add(name) {
  return (await db.run('INSERT INTO users (name) VALUES (?)', name)).lastID;
}
`);
  });

  it('gives one database, opened and used in one module, a group of its own', () => {
    const file = project.createSourceFile(`${HERE}__virtual__/groups${++counter}.ts`, `import Database from 'better-sqlite3';
const a = new Database('a.db');
const b = new Database('b.db');
a.exec('SELECT 1');
b.exec('SELECT 1');
export function use(db: Database.Database) { db.exec('SELECT 1'); }
`);
    const keys = sitesOf(file).map((s) => sqlite.groupKey!(s));
    project.removeSourceFile(file);
    expect(new Set([keys[0], keys[2]]).size).toBe(1);
    expect(new Set([keys[1], keys[3]]).size).toBe(1);
    expect(keys[0]).not.toBe(keys[1]);
    expect(keys[4]).toBe('shared');
  });
});
