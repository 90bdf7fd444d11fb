import { Node } from '#ts-morph';
import type { ObjectLiteralExpression } from 'ts-morph';
import type { RewriteContext, TextEdit } from '../types.js';
import { awaitNeedsParens, indentationOf, insert, propertyNameOf } from '../http/syntax.js';
import { creationDriver, type Creation } from './origin.js';
import type { Found } from './statement.js';

/**
 * `new Database(file, options)` → `await open({ filename: file, driver: sqlite3.Database, mode })`.
 * better-sqlite3's options map onto sqlite3's open flags (`readonly`, `fileMustExist`) and busy timeout
 * (`timeout`, set with `db.configure('busyTimeout', ms)` right after opening).
 */
export function openEdits(creation: Creation, context: RewriteContext): Found<TextEdit[]> {
  if (creationDriver(creation) !== 'better-sqlite3') {
    return { refuse: 'node:sqlite is migrated by hand: its options (foreign keys on by default, allowBareNamedParameters) differ from sqlite3' };
  }
  const noAwait = whereAwaitCannotGo(creation);
  if (noAwait !== undefined) return { refuse: noAwait };
  const args = creation.getArguments();
  const [file, options] = args;
  if (args.length > 2 || args.some((a) => Node.isSpreadElement(a))) return { refuse: 'new Database() with unusual arguments: migrate it by hand' };
  const flags = options === undefined ? { flags: [] as string[] } : openFlags(options);
  if ('refuse' in flags) return flags;
  const open = context.importName('sqlite', 'open');
  const sqlite3 = context.importName('sqlite3', 'default');
  const mode = flags.flags.length === 0 ? '' : `, mode: ${flags.flags.map((f) => `${sqlite3}.${f}`).join(' | ')}`;
  const parens = awaitNeedsParens(creation);
  const head = `${parens ? '(' : ''}await ${open}({ filename: `;
  const tail = `, driver: ${sqlite3}.Database${mode} })${parens ? ')' : ''}`;
  const edits: TextEdit[] = file === undefined
    ? [{ start: creation.getStart(), end: creation.getEnd(), text: `${head}''${tail}` }]
    : [{ start: creation.getStart(), end: file.getStart(), text: head }, { start: file.getEnd(), end: creation.getEnd(), text: tail }];
  if (flags.busyTimeout !== undefined) {
    const configure = busyTimeoutEdit(creation, flags.busyTimeout);
    if ('refuse' in configure) return configure;
    edits.push(configure);
  }
  return edits;
}

/** A constructor, accessor or field initialiser cannot await. */
function whereAwaitCannotGo(node: Node): string | undefined {
  for (let current = node.getParent(); current !== undefined; current = current.getParent()) {
    if (Node.isConstructorDeclaration(current) || Node.isPropertyDeclaration(current)) {
      return 'the database is opened in a constructor or a field initialiser, which cannot await: open it in an async factory (e.g. `static async open()`) and pass it to the constructor';
    }
    if (Node.isGetAccessorDeclaration(current) || Node.isSetAccessorDeclaration(current)) {
      return 'the database is opened in a getter or setter, which cannot await: open it in an async method';
    }
    if (Node.isFunctionLikeDeclaration(current)) return undefined;
  }
  return undefined;
}

interface Flags {
  flags: string[];
  busyTimeout?: string;
}

function openFlags(options: Node): Found<Flags> {
  if (!Node.isObjectLiteralExpression(options)) {
    return { refuse: `the options \`${options.getText()}\` are not an object literal: unblock cannot map them to sqlite3's open flags` };
  }
  const values = new Map<string, Node>();
  for (const property of (options as ObjectLiteralExpression).getProperties()) {
    const name = propertyNameOf(property);
    if (name === undefined || !Node.isPropertyAssignment(property)) return { refuse: 'the options have a spread, a computed key or a shorthand: write them out' };
    values.set(name, property.getInitializerOrThrow());
  }
  const flag = (name: string): Found<boolean> => {
    const value = values.get(name)?.getText();
    if (value === undefined || value === 'false' || value === 'undefined') return false;
    if (value === 'true') return true;
    return { refuse: `the \`${name}\` option is not a literal: write true or false` };
  };
  const readonly = flag('readonly');
  const mustExist = flag('fileMustExist');
  if (typeof readonly !== 'boolean') return readonly;
  if (typeof mustExist !== 'boolean') return mustExist;
  if (values.has('verbose')) return { refuse: '`verbose` has no counterpart: sqlite3 reports statements through db.on(\'trace\', fn)' };
  const unknown = [...values.keys()].find((k) => !['readonly', 'fileMustExist', 'timeout', 'nativeBinding'].includes(k));
  if (unknown !== undefined) return { refuse: `better-sqlite3 has no \`${unknown}\` option that sqlite3 could take: check it and migrate by hand` };
  // sqlite3 opens read-write and creates the file unless told otherwise, as better-sqlite3 does
  const flags = readonly ? ['OPEN_READONLY'] : mustExist ? ['OPEN_READWRITE'] : [];
  const timeout = values.get('timeout');
  return timeout === undefined ? { flags } : { flags, busyTimeout: timeout.getText() };
}

/** `db.configure('busyTimeout', ms)` after the declaration that opens the database. */
function busyTimeoutEdit(creation: Creation, ms: string): Found<TextEdit> {
  const declaration = creation.getParent();
  const statement = Node.isVariableDeclaration(declaration) ? declaration.getVariableStatement() : undefined;
  const name = Node.isVariableDeclaration(declaration) ? declaration.getNameNode() : undefined;
  if (statement === undefined || name === undefined || !Node.isIdentifier(name) || statement.getDeclarations().length !== 1) {
    return { refuse: 'the `timeout` option needs db.configure(\'busyTimeout\', ms) after opening, and the database is not kept in a variable of its own' };
  }
  return insert(statement.getEnd(), `\n${indentationOf(statement)}${name.getText()}.configure('busyTimeout', ${ms});`);
}
