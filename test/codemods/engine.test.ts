import { existsSync, realpathSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../codemods/index.js';
import { applyEdits, EditConflict, type FileEdit } from '../../src/codemod/edits.js';
import { loadProject } from '../../src/codemod/project.js';
import { PackageVersions } from '../../src/codemod/versions.js';
import { writeFileAtomic } from '../../src/codemod/write.js';
import { DEFAULT_TSCONFIG, readTree, REPO, removeTempProjects, tempProject } from './support.js';

afterAll(removeTempProjects);

const BOM = '\uFEFF';
const TSCONFIG = JSON.stringify(DEFAULT_TSCONFIG);

describe('writeFileAtomic', () => {
  it('keeps the byte order mark, the file mode and the text as given', async () => {
    const root = await tempProject({});
    const file = join(root, 'script.ts');
    await writeFile(file, `${BOM}old\r\n`);
    await chmod(file, 0o754);
    await writeFileAtomic(file, 'new\r\nline\r\n');
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('new\r\nline\r\n');
    expect((await stat(file)).mode & 0o777).toBe(0o754);
  });

  it('adds no byte order mark to a file without one, and leaves no temporary file', async () => {
    const root = await tempProject({ 'a.ts': 'old\n' });
    await writeFileAtomic(join(root, 'a.ts'), 'new\n');
    expect(await readFile(join(root, 'a.ts'), 'utf8')).toBe('new\n');
    expect(Object.keys(await readTree(root)).sort()).toEqual(['a.ts', 'package.json']);
  });

  it('replaces the target of a symbolic link, not the link', async () => {
    const root = await tempProject({ 'real.ts': 'old\n' });
    await symlink(join(root, 'real.ts'), join(root, 'link.ts'));
    await writeFileAtomic(join(root, 'link.ts'), 'new\n');
    expect(await readFile(join(root, 'real.ts'), 'utf8')).toBe('new\n');
    expect((await stat(join(root, 'link.ts'))).isFile()).toBe(true);
  });
});

describe('applyEdits', () => {
  const edit = (start: number, end: number, text: string, anchor?: FileEdit['anchor']): FileEdit =>
    ({ start, end, text, kind: 'await', file: undefined as never, ...(anchor === undefined ? {} : { anchor }) });

  it('orders insertions at one offset by the nodes they wrap', () => {
    // `list().map(f)`: the map call (outer, width 13) and list() (inner, width 6) start together
    const text = 'list().map(f)';
    const out = applyEdits(text, [
      edit(0, 0, '(await ', { side: 'open', span: 6 }), edit(6, 6, ')', { side: 'close', span: 6 }),
      edit(0, 0, 'await Promise.all(', { side: 'open', span: 13 }), edit(13, 13, ')', { side: 'close', span: 13 }),
    ]);
    expect(out).toBe('await Promise.all((await list()).map(f))');
  });

  it('merges identical edits and writes new lines in the file style', () => {
    expect(applyEdits('a\r\nb', [edit(0, 0, 'x\n'), edit(0, 0, 'x\n')], '\r\n')).toBe('x\r\na\r\nb');
  });

  it('refuses overlapping replacements', () => {
    expect(() => applyEdits('abcdef', [edit(0, 3, 'x'), edit(2, 4, 'y')])).toThrow(EditConflict);
    expect(() => applyEdits('abcdef', [edit(0, 4, ''), edit(2, 3, 'y')])).toThrow(EditConflict);
    expect(() => applyEdits('abcdef', [edit(0, 3, ''), edit(2, 4, '')])).toThrow(EditConflict);
  });

  it('drops a deletion inside another deletion (the text goes either way)', () => {
    expect(applyEdits('const a = 1, b = 2;\nf();', [edit(11, 18, ''), edit(0, 20, '')])).toBe('f();');
  });
});

describe('PackageVersions', () => {
  it('reads the installed version, and checks `>=` requirements against it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'unblock-versions-'));
    try {
      await mkdir(join(root, 'node_modules', 'glob'), { recursive: true });
      await writeFile(join(root, 'node_modules', 'glob', 'package.json'), JSON.stringify({ name: 'glob', version: '10.4.5' }));
      await writeFile(join(root, 'package.json'), JSON.stringify({ dependencies: { glob: '^10.0.0', old: '~2.1.0' } }));
      const versions = new PackageVersions(root);
      expect(versions.version('glob')).toBe('10.4.5');
      expect(versions.unmet('glob@>=9')).toBeUndefined();
      expect(versions.unmet('glob@>=11')?.detail).toBe('the project has glob@10.4.5');
      // not installed: the lowest version the declared range allows
      expect(versions.version('old')).toBe('2.1.0');
      expect(versions.unmet('absent@>=1')?.detail).toBe('no version of absent found');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('migrate', () => {
  it('keeps a byte order mark and CRLF line endings, new lines included', async () => {
    const input = `${BOM}import { readFileSync } from 'node:fs';\r\n\r\nexport async function load(): Promise<string> {\r\n  return readFileSync('a', 'utf8');\r\n}\r\n`;
    const root = await tempProject({ 'load.ts': input, 'tsconfig.json': TSCONFIG });
    const result = await migrate({ root, write: true });
    expect(result.errors).toEqual([]);
    const bytes = await readFile(join(root, 'load.ts'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe(
      "import { readFile } from 'node:fs/promises';\r\n\r\nexport async function load(): Promise<string> {\r\n  return await readFile('a', 'utf8');\r\n}\r\n",
    );
  });

  it('keeps the file mode of a rewritten file', async () => {
    const root = await tempProject({ 'tool.ts': "import { readFileSync } from 'node:fs';\nexport async function f() { return readFileSync('x'); }\n", 'tsconfig.json': TSCONFIG });
    await chmod(join(root, 'tool.ts'), 0o755);
    await migrate({ root, write: true });
    expect(await readFile(join(root, 'tool.ts'), 'utf8')).toContain('await readFile(');
    expect((await stat(join(root, 'tool.ts'))).mode & 0o777).toBe(0o755);
  });

  it('writes nothing in a dry run, and reports the changes', async () => {
    const input = "import { readFileSync } from 'node:fs';\nexport async function f() { return readFileSync('x'); }\n";
    const root = await tempProject({ 'a.ts': input, 'tsconfig.json': TSCONFIG });
    const result = await migrate({ root });
    expect(result.changes).toHaveLength(1);
    expect(result.changes[0]!.before).toBe(input);
    expect(result.changes[0]!.after).toContain('await readFile(');
    expect(await readFile(join(root, 'a.ts'), 'utf8')).toBe(input);
    expect(result.sites).toEqual([expect.objectContaining({ api: 'fs.readFileSync', status: 'migrated', line: 2, transform: 'sync-io' })]);
  });

  it('finds the callers of a function through re-exports: export *, renamed, imported then exported, default', async () => {
    const root = await tempProject({
      'store.ts': "import { readFileSync } from 'node:fs';\nexport function load(): string {\n  return readFileSync('x', 'utf8');\n}\n",
      'barrel.ts': "export * from './store.js';\n",
      'named.ts': "export { load as fetchText } from './barrel.js';\n",
      'local.ts': "import { load } from './store.js';\nexport { load as loadLocal };\nexport default load;\n",
      'use.ts': "import { fetchText } from './named.js';\nimport loadDefault, { loadLocal } from './local.js';\n\n"
        + 'export function total(): number {\n  return fetchText().length + loadLocal().length + loadDefault().length;\n}\n',
      'tsconfig.json': TSCONFIG,
    });
    const result = await migrate({ root, write: true });
    expect(result.errors).toEqual([]);
    expect((await readTree(root))['use.ts']).toBe("import { fetchText } from './named.js';\nimport loadDefault, { loadLocal } from './local.js';\n\n"
      + 'export async function total(): Promise<number> {\n'
      + '  return (await fetchText()).length + (await loadLocal()).length + (await loadDefault()).length;\n}\n');
  });

  it('migrates a JavaScript project without tsconfig.json (allowJs), ES modules with top-level await', async () => {
    const root = await tempProject({
      'lib.js': "import { readFileSync } from 'node:fs';\n\n/** @returns {string} */\nexport function version() {\n  return readFileSync('VERSION', 'utf8');\n}\n",
      'main.js': "import { version } from './lib.js';\n\nconsole.log(version().trim());\n",
    });
    const result = await migrate({ root, write: true });
    expect(result.errors).toEqual([]);
    const tree = await readTree(root);
    expect(tree['lib.js']).toBe("import { readFile } from 'node:fs/promises';\n\n/** @returns {Promise<string>} */\nexport async function version() {\n  return await readFile('VERSION', 'utf8');\n}\n");
    expect(tree['main.js']).toBe("import { version } from './lib.js';\n\nconsole.log((await version()).trim());\n");
  });

  it('leaves a group alone when its propagation reaches a file outside the paths, and says so', async () => {
    const root = await tempProject({
      'tsconfig.json': TSCONFIG,
      'src/lib.ts': "import { readFileSync } from 'node:fs';\nexport function read(): string {\n  return readFileSync('x', 'utf8');\n}\n",
      'app/main.ts': "import { read } from '../src/lib.js';\nexport async function main() { return read(); }\n",
    });
    const result = await migrate({ root, paths: ['src'] });
    // nothing outside src is touched; src/lib.ts only gets the marker
    expect(result.changes.map((c) => c.file.slice(root.length))).toEqual(['/src/lib.ts']);
    expect(result.changes[0]!.after).toBe("import { readFileSync } from 'node:fs';\nexport function read(): string {\n  /* unblock: the migration reaches app/main.ts, outside the paths to migrate: migrate with a wider path */\n  return readFileSync('x', 'utf8');\n}\n");
    expect(result.refusals.map((r) => r.reason).join('\n')).toContain('outside the paths to migrate');
    const whole = await migrate({ root });
    expect(whole.changes.map((c) => c.file.slice(root.length)).sort()).toEqual(['/app/main.ts', '/src/lib.ts']);
  });

  it('rolls back only in verified mode: without it, a group that adds type errors is written', async () => {
    const input = "import { existsSync } from 'node:fs';\nexport function ready(): boolean {\n  return existsSync('f');\n}\nexport const last: ReturnType<typeof ready> = false;\n";
    const root = await tempProject({ 'a.ts': input, 'tsconfig.json': TSCONFIG });
    const verified = await migrate({ root, cwd: root });
    expect(verified.rolledBack).toEqual([{ group: 'fs.existsSync at a.ts:3:10', errors: [expect.stringContaining("TS2322: Type 'boolean' is not assignable to type 'Promise<boolean>'")] }]);
    expect(verified.sitesMigrated).toBe(0);
    const unverified = await migrate({ root, verify: false });
    expect(unverified.rolledBack).toEqual([]);
    expect(unverified.changes[0]!.after).toContain('export async function ready(): Promise<boolean>');
  });

  it('tells errors the project had from new ones, when their messages name unique symbols', async () => {
    // the error on `this[ONREADDIR]` reads `Property '__@ONREADDIR@<n>'`, n numbered by each program's checker
    const root = await tempProject({
      'a.js': "const fs = require('fs');\nconst READDIR = Symbol('readdir');\nconst ONREADDIR = Symbol('onreaddir');\n"
        + 'class Lister {\n  [READDIR]() { return 1; }\n  run() { return this[ONREADDIR](this[READDIR]()); }\n}\n'
        + "function load() {\n  return fs.readFileSync('x', 'utf8');\n}\nmodule.exports = { Lister, load };\n",
    }, { packageJson: { type: 'commonjs' } });
    const result = await migrate({ root });
    expect(result.rolledBack).toEqual([]);
    expect(result.sitesMigrated).toBe(1);
  });

  it('sees an ES module the same before and after: an error the file had under its module format is no new error', async () => {
    // ts-morph's files carry no module format; a rewritten file must be read alike, or the checker finds
    // the extensionless `import("./types")` an error in the ES module only after the rewrite
    const root = await tempProject({
      'types.js': '/** @typedef {{ path: string }} Options */\nexport {};\n',
      'a.js': "import { readFileSync } from 'node:fs';\n/** @typedef {import('./types').Options} Options */\n"
        + "/** @param {Options} options */\nexport function load(options) {\n  return readFileSync(options.path, 'utf8');\n}\n",
    });
    const result = await migrate({ root });
    expect(result.rolledBack).toEqual([]);
    expect(result.sitesMigrated).toBe(1);
  });

  it("names the exports of the package's entries that became async: its users' calls must await them", async () => {
    const lib = "import { readFileSync } from 'node:fs';\nexport function load(p) {\n  return readFileSync(p, 'utf8');\n}\n"
      + 'function inner(p) {\n  return load(p);\n}\nexport function kept() {\n  return 1;\n}\n'
      + 'export class Store {\n  get(p) {\n    return this.#read(p);\n  }\n  #read(p) {\n    return inner(p);\n  }\n  static open(p) {\n    return load(p);\n  }\n}\n'
      + 'export const api = {\n  size(p) {\n    return load(p).length;\n  },\n};\n';
    const index = "export { load, kept, Store, api } from './lib.js';\nexport default function main(p) {\n  return load(p);\n}\nimport { load } from './lib.js';\n";
    const library = await tempProject({ 'lib.js': lib, 'index.js': index, 'package.json': JSON.stringify({ type: 'module', exports: { '.': './index.js' } }) });
    const result = await migrate({ root: library });
    expect(result.exportsMadeAsync.map((e) => `${e.file.slice(library.length + 1)}:${e.line} ${e.name}`).sort()).toEqual([
      'index.js:2 default', 'lib.js:12 Store#get', 'lib.js:18 Store.open', 'lib.js:2 load', 'lib.js:23 api.size',
    ]);
    // what nothing in the project calls is named once: those entry exports already are
    expect(result.uncalledMadeAsync).toEqual([]);
    // an application (private, without entries) gives its users no API
    const app = await tempProject({ 'lib.js': lib, 'index.js': index, 'package.json': JSON.stringify({ type: 'module', private: true }) });
    const appResult = await migrate({ root: app });
    expect(appResult.exportsMadeAsync).toEqual([]);
    // but what calls its uncalled functions (a framework, another package) gets a promise now
    expect(appResult.uncalledMadeAsync.map((e) => `${e.file.slice(app.length + 1)}:${e.line} ${e.name}`)).toEqual([
      'index.js:2 main', 'lib.js:12 Store#get', 'lib.js:18 Store.open', 'lib.js:23 size',
    ]);
  });

  it('names the functions made async that nothing in the project calls, whatever module holds them', async () => {
    // a class of the package's API whose instances its users get from another module: `copyFile` is
    // called by them alone; `write` is called in the project, through a shorthand property too
    const writer = "const fs = require('fs');\nclass FileWriter {\n  copyFile(from, to) {\n    fs.writeFileSync(to, fs.readFileSync(from));\n  }\n"
      + "  write(to, text) {\n    fs.writeFileSync(to, text);\n  }\n}\nfunction save(to, text) {\n  return new FileWriter().write(to, text);\n}\n"
      + 'function make() {\n  return { save };\n}\nmodule.exports = { FileWriter, make };\n';
    const index = "const { FileWriter, make } = require('./writer');\nmodule.exports = { writer: () => new FileWriter(), report: (p) => make().save(p, 'ok') };\n";
    const root = await tempProject({ 'writer.js': writer, 'index.js': index }, { packageJson: { name: 'reports', main: 'index.js' } });
    const result = await migrate({ root });
    expect(result.errors).toEqual([]);
    expect(result.uncalledMadeAsync.map((e) => `${e.file.slice(root.length + 1)}:${e.line} ${e.name}`)).toEqual(['writer.js:3 FileWriter#copyFile']);
  });

  it('names the functions made async that a CommonJS module exports by assignment and nothing in the project requires', async () => {
    // exporting is not calling: `exports.load = load` no more than `export function`; the caller of `readUsed` is followed
    const store = "const fs = require('node:fs');\nfunction readFourth(file) {\n  return fs.readFileSync(file, 'utf8');\n}\nexports.readFourth = readFourth;\n"
      + "exports.readThird = function (file) {\n  return fs.readFileSync(file, 'utf8');\n};\nmodule.exports.readFifth = (file) => fs.readFileSync(file, 'utf8');\n"
      + "exports.readUsed = (file) => fs.readFileSync(file, 'utf8');\n";
    const main = "const store = require('./store');\nasync function main() {\n  console.log(store.readUsed('a.txt'));\n}\nmain();\n";
    const root = await tempProject({ 'store.js': store, 'main.js': main }, { packageJson: { name: 'app', private: true } });
    const result = await migrate({ root });
    expect(result.errors).toEqual([]);
    expect(result.sitesMigrated).toBe(4);
    expect(result.uncalledMadeAsync.map((e) => `${e.file.slice(root.length + 1)}:${e.line} ${e.name}`)).toEqual([
      'store.js:2 readFourth', 'store.js:6 readThird', 'store.js:9 readFifth',
    ]);
  });

  it('finds the entry of a TypeScript package in its sources, and `module.exports = fn` in CommonJS', async () => {
    const ts = await tempProject({
      'src/index.ts': "import { readFileSync } from 'node:fs';\nexport function load(p: string): string {\n  return readFileSync(p, 'utf8');\n}\n",
      'tsconfig.json': JSON.stringify({ compilerOptions: { ...DEFAULT_TSCONFIG.compilerOptions, rootDir: 'src', outDir: 'dist' }, include: ['src'] }),
      'package.json': JSON.stringify({ type: 'module', main: 'dist/index.js' }),
    });
    expect((await migrate({ root: ts })).exportsMadeAsync.map((e) => e.name)).toEqual(['load']);
    const cjs = await tempProject({
      'index.js': "const fs = require('fs');\nmodule.exports = function read(p) {\n  return fs.readFileSync(p, 'utf8');\n};\n",
    }, { packageJson: { name: 'reader', main: 'index.js' } });
    expect((await migrate({ root: cjs })).exportsMadeAsync.map((e) => e.name)).toEqual(['module.exports']);
    // the properties set on the exported function (resolve-from's `module.exports.silent`), and `exports.x = load`
    const props = await tempProject({
      'index.js': "const fs = require('fs');\nfunction load(p) {\n  return fs.readFileSync(p, 'utf8');\n}\n"
        + 'module.exports = (p) => load(p);\nmodule.exports.silent = (p) => load(p);\nmodule.exports.load = load;\n',
    }, { packageJson: { name: 'reader' } });
    const propsResult = await migrate({ root: props });
    expect(propsResult.exportsMadeAsync.map((e) => `${e.line} ${e.name}`)).toEqual(['2 load', '5 module.exports', '6 silent']);
    expect(propsResult.uncalledMadeAsync).toEqual([]);
  });

  it("finds the entry a `main` names as require() does: a folder's index.js, or without its extension", async () => {
    // pug's "main": "lib": its lib/index.js exports are the package's API
    const index = "var fs = require('fs');\nexports.load = function (p) {\n  return fs.readFileSync(p, 'utf8');\n};\n"
      + 'exports.loadTwice = function (p) {\n  return exports.load(p) + exports.load(p);\n};\n';
    for (const main of ['lib', 'lib/index', './lib/']) {
      const root = await tempProject({ 'lib/index.js': index }, { packageJson: { name: 'templates', main } });
      const result = await migrate({ root });
      expect(result.exportsMadeAsync.map((e) => e.name), main).toEqual(['load', 'loadTwice']);
      expect(result.uncalledMadeAsync, main).toEqual([]);
    }
  });

  it("keeps top-level await out of a package's entry modules and what they import, which its users may require()", async () => {
    const files = {
      'lib.mjs': "import { readFileSync } from 'node:fs';\nexport function load(p) {\n  return readFileSync(p, 'utf8');\n}\n"
        + "export function loadText(p) {\n  return readFileSync(p, 'utf8');\n}\n",
      'defaults.mjs': "import { load } from './lib.mjs';\nexport const defaults = load('defaults.json');\n",
      'index.mjs': "export { defaults } from './defaults.mjs';\n",
      'cli.mjs': "import { loadText } from './lib.mjs';\nconsole.log(loadText(process.argv[2]));\n",
    };
    const library = await tempProject(files, { packageJson: { name: 'conf', type: 'module', exports: './index.mjs' } });
    const result = await migrate({ root: library });
    expect(result.refusals.map((r) => r.reason).join('\n')).toContain("this module is the package's entry index.mjs, or loaded by it, which its users may load with require()");
    expect(result.changes.find((c) => c.file.endsWith('defaults.mjs'))?.after).toContain("export const defaults = load('defaults.json');");
    expect(result.changes.find((c) => c.file.endsWith('cli.mjs'))?.after).toContain('console.log(await loadText(process.argv[2]));');
    // an application's modules are loaded by nothing but itself
    const app = await tempProject(files, { packageJson: { name: 'app', type: 'module', private: true } });
    const appResult = await migrate({ root: app });
    expect(appResult.changes.find((c) => c.file.endsWith('defaults.mjs'))?.after).toContain("export const defaults = await load('defaults.json');");
  });

  it('follows an entry module to the JavaScript file behind the declaration file it imports, for top-level await', async () => {
    // vite-plugin-checker's shape: the entry's import resolves to client.d.ts, Node.js loads client.js
    const root = await tempProject({
      'client.js': "import fs from 'node:fs';\nexport const code = fs.readFileSync(new URL('./package.json', import.meta.url), 'utf-8');\n",
      'client.d.ts': 'export declare const code: string;\n',
      'main.js': "import { code } from './client.js';\nexport function plugin() {\n  return code.length;\n}\n",
    }, { packageJson: { name: 'plugin', type: 'module', exports: { '.': './main.js' } } });
    const result = await migrate({ root });
    expect(result.sitesMigrated).toBe(0);
    expect(result.refusals.map((r) => r.reason).join('\n')).toContain("the package's entry main.js, or loaded by it");
  });

  it('says a function called with `new` would be a constructor made async, not a value passed on', async () => {
    // a factory that returns its object (nothing marks it a constructor but the `new` that calls it)
    const server = "const fs = require('fs');\nfunction Server(root) {\n  return { index: fs.readFileSync(root + '/index.html', 'utf8') };\n}\n"
      + 'module.exports = { make: (root) => new Server(root) };\n';
    const root = await tempProject({ 'server.js': server }, { packageJson: { name: 'app', private: true } });
    const result = await migrate({ root });
    expect(result.sitesMigrated).toBe(0);
    expect(result.refusals.map((r) => r.reason).join('\n')).toContain('`Server` would become async, and `new Server` constructs with it: a constructor cannot be async');
  });

  it("leaves a package's exports named as synchronous (`createSync`) synchronous, and what they call", async () => {
    // mochawesome-report-generator's shape: create and createSync share prepare(), which reads a file
    const main = "const fs = require('fs');\nfunction prepare(p) {\n  return fs.readFileSync(p, 'utf8');\n}\n"
      + 'function create(p) {\n  return Promise.resolve(prepare(p));\n}\nfunction createSync(p) {\n  return prepare(p);\n}\n'
      + "function size(p) {\n  return fs.statSync(p).size;\n}\nmodule.exports = { create, createSync, size };\n";
    // exported as shorthand properties, and as `name: name` (its own form)
    for (const exportsText of ['{ create, createSync, size }', '{\n  create: create,\n  createSync: createSync,\n  size: size\n}']) {
      const root = await tempProject({ 'lib/main.js': main.replace('{ create, createSync, size }', exportsText) }, { packageJson: { name: 'reports', main: 'lib/main.js' } });
      const result = await migrate({ root });
      expect(result.refusals.map((r) => r.reason).join('\n')).toContain("`createSync` is the package's synchronous API (its name says so)");
      expect(result.exportsMadeAsync.map((e) => e.name)).toEqual(['size']);
      const after = result.changes[0]!.after;
      expect(after).toContain('function createSync(p) {\n  return prepare(p);');
      expect(after).toContain("function prepare(p) {\n  return fs.readFileSync(p, 'utf8');");
    }
    // an application's functions of that name are its own to migrate
    const app = await tempProject({ 'lib/main.js': main }, { packageJson: { name: 'app', private: true } });
    expect((await migrate({ root: app })).changes[0]!.after).toContain('async function createSync(p) {\n  return await prepare(p);');
  });

  it('calls the function a module exports whole `module.exports` in reasons and lists', async () => {
    const reader = "const fs = require('fs');\nmodule.exports = function (p) {\n  return fs.readFileSync(p, 'utf8');\n};\n";
    const root = await tempProject({ 'reader.js': reader, 'timer.js': "const read = require('./reader');\nprocess.on('message', read);\n" }, { packageJson: { name: 'app', private: true } });
    const result = await migrate({ root });
    expect(result.refusals.map((r) => r.reason).join('\n')).toContain('the function `module.exports` becomes async and is passed to `process.on`');
    const alone = await tempProject({ 'reader.js': reader }, { packageJson: { name: 'app', private: true } });
    expect((await migrate({ root: alone })).uncalledMadeAsync.map((e) => e.name)).toEqual(['module.exports']);
  });

  it('names a function made async that only calls itself among the functions nothing calls', async () => {
    const walker = "const fs = require('fs');\nexports.walk = function (p, depth) {\n  if (depth > 0) return exports.walk(p, depth - 1);\n"
      + "  return fs.readFileSync(p, 'utf8');\n};\nfunction count(n) {\n  return n > 0 ? count(n - 1) : fs.readFileSync('n', 'utf8');\n}\nexports.count = count;\n";
    const root = await tempProject({ 'walker.js': walker }, { packageJson: { name: 'app', private: true } });
    const result = await migrate({ root });
    expect(result.sitesMigrated).toBe(2);
    expect(result.uncalledMadeAsync.map((e) => `${e.line} ${e.name}`)).toEqual(['2 walk', '6 count']);
  });

  it('says one reason once, with its first places, however many places have it', async () => {
    const classes = [1, 2, 3, 4, 5].map((n) => `export class C${n} {\n  text: string;\n  constructor() {\n    this.text = load();\n  }\n}\n`).join('');
    const root = await tempProject({
      'a.ts': `import { readFileSync } from 'node:fs';\nexport function load(): string {\n  return readFileSync('x', 'utf8');\n}\n${classes}`,
      'tsconfig.json': TSCONFIG,
    });
    const result = await migrate({ root, cwd: root });
    const reason = result.sites[0]!.reason!;
    expect(reason.match(/a constructor cannot await/g)).toHaveLength(1);
    expect(reason).toMatch(/\(a\.ts:8:17, a\.ts:14:17, a\.ts:20:17 and 2 more\)$/);
  });

  it("follows a method named by a literal in brackets (`['load']()`) to its calls", async () => {
    const root = await tempProject({
      'a.ts': "import { readFileSync } from 'node:fs';\nexport class Store {\n  ['load'](): string { return readFileSync('x', 'utf8'); }\n}\n"
        + "export function use(s: Store): void {\n  s.load();\n  s['load']();\n}\n",
      'tsconfig.json': TSCONFIG,
    });
    const result = await migrate({ root });
    expect(result.changes[0]!.after).toContain("  async ['load'](): Promise<string> { return await readFile('x', 'utf8'); }");
    expect(result.changes[0]!.after).toContain("export async function use(s: Store): Promise<void> {\n  await s.load();\n  await s['load']();\n}");
  });

  it('leaves a method with a computed name alone: its calls cannot be found by name', async () => {
    const root = await tempProject({
      'a.ts': "import { readdirSync } from 'node:fs';\nconst READDIR = Symbol('readdir');\n"
        + "export class Lister {\n  [READDIR](): string[] { return readdirSync('.'); }\n  count(): number { return this[READDIR]().length; }\n}\n",
      'tsconfig.json': TSCONFIG,
    });
    const result = await migrate({ root, cwd: root });
    expect(result.sitesMigrated).toBe(0);
    expect(result.refusals.map((r) => `${r.file.slice(root.length)}:${r.line} ${r.reason}`)).toContain(
      '/a.ts:4 `Lister#[READDIR]` has a computed name, `[READDIR]`, by which its calls cannot be found: migrate them by hand',
    );
  });

  it('migrates compiled output asked for by path, though dist/ is not a source folder of a project without tsconfig.json', async () => {
    const root = await tempProject({
      'src/read.ts': "export function read(): string { return 'source'; }\n",
      'dist/read.js': "'use strict';\nconst fs = require('fs');\nfunction read() {\n  return fs.readFileSync('x', 'utf8');\n}\nmodule.exports = { read };\n",
    }, { packageJson: { type: 'commonjs' } });
    expect((await migrate({ root })).changes).toEqual([]);
    const result = await migrate({ root, paths: ['dist'] });
    expect(result.changes.map((c) => c.file.slice(root.length))).toEqual(['/dist/read.js']);
    expect(result.sitesMigrated).toBe(1);
  });

  it("leaves a CommonJS module's functions alone when a require of it loses its value to the type checker", async () => {
    // isexe's shape: `core` is declared apart and assigned a require, so `core.sync()` is untyped and unseen
    const files = {
      'mode.js': "const fs = require('fs');\nmodule.exports = isexe;\nisexe.sync = sync;\nfunction isexe() {}\nfunction sync(path) {\n  return fs.statSync(path).isFile();\n}\n",
      'index.js': "var core;\ncore = require('./mode.js');\nfunction sync(path) {\n  try {\n    return core.sync(path);\n  } catch {\n    return false;\n  }\n}\nmodule.exports = { sync };\n",
    };
    const root = await tempProject(files, { packageJson: { type: 'commonjs' } });
    const result = await migrate({ root, cwd: root });
    expect(result.sitesMigrated).toBe(0);
    expect(result.refusals.map((r) => r.reason)).toContain(
      "`sync` becomes async, but its module is required where the type checker loses its value (`core = require('./mode.js')` in index.js:2:8), so calls through it cannot be found: migrate by hand",
    );
    // the report's path is the user's folder's, the marker's the project root's
    const fromElsewhere = await migrate({ root, cwd: join(root, 'sub') });
    expect(fromElsewhere.refusals.map((r) => r.reason).join('\n')).toContain('in ../index.js:2:8), so calls');
    expect(fromElsewhere.changes.find((c) => c.file.endsWith('mode.js'))?.after).toContain('in index.js:2:8), so calls');
    // held by a declaration, the module's value is typed, and its callers are found
    const typed = await tempProject({ ...files, 'index.js': files['index.js'].replace("var core;\ncore = require('./mode.js');", "const core = require('./mode.js');") }, { packageJson: { type: 'commonjs' } });
    const migrated = await migrate({ root: typed });
    expect(migrated.sitesMigrated).toBe(1);
    expect(migrated.changes.find((c) => c.file.endsWith('index.js'))!.after).toContain('return await core.sync(path);');
  });

  it('leaves a required JSON file alone (it is in the program, but holds no code)', async () => {
    const root = await tempProject({
      'package.json': JSON.stringify({ type: 'commonjs', description: 'reads files with fs and child_process' }),
      'index.js': "const fs = require('fs');\nconst pkg = require('./package.json');\nfunction read() {\n  return fs.readFileSync(pkg.description, 'utf8');\n}\nmodule.exports = { read };\n",
    }, { packageJson: null });
    const result = await migrate({ root });
    expect(result.errors).toEqual([]);
    expect(result.changes.map((c) => c.file.slice(root.length))).toEqual(['/index.js']);
    expect(result.unchanged).toBe(0);
  });

  it('reports a file it cannot parse, and goes on with the others', async () => {
    const root = await tempProject({
      'tsconfig.json': TSCONFIG,
      'broken.ts': "import { readFileSync } from 'node:fs';\nexport async function f() { return readFileSync('x') +; }\n",
      'ok.ts': "import { readFileSync } from 'node:fs';\nexport async function g() { return readFileSync('y'); }\n",
    });
    const result = await migrate({ root });
    expect(result.errors.map((e) => e.file.slice(root.length))).toEqual(['/broken.ts']);
    expect(result.changes.map((c) => c.file.slice(root.length))).toEqual(['/ok.ts']);
  });

  it('migrates a file whose directive comments ESLint refuses (`/* eslint-env */`), as the rules still lint it', async () => {
    const root = await tempProject({
      'tsconfig.json': TSCONFIG,
      'old.ts': "/* eslint-env node */\nimport { readFileSync } from 'node:fs';\nexport async function f() { return readFileSync('x'); }\n",
    });
    const result = await migrate({ root });
    expect(result.errors).toEqual([]);
    expect(result.changes.map((c) => c.after)).toEqual([
      "/* eslint-env node */\nimport { readFile } from 'node:fs/promises';\nexport async function f() { return await readFile('x'); }\n",
    ]);
  });

  it('runs only the transforms asked for', async () => {
    const input = "import { readFileSync } from 'node:fs';\nexport async function f(ms: number) {\n  const end = Date.now() + ms;\n  while (Date.now() < end) {}\n  return readFileSync('x');\n}\n";
    const root = await tempProject({ 'a.ts': input, 'tsconfig.json': TSCONFIG });
    const sleepOnly = await migrate({ root, transforms: ['sleep'] });
    expect(sleepOnly.sites.map((s) => s.api)).toEqual(['busy-wait']);
    expect(sleepOnly.changes[0]!.after).toContain('readFileSync(');
  });
});

/** The file paths a message names (`src/a.ts`, `../app/main.ts`), without their `:line:column`. */
function pathsIn(text: string): string[] {
  return [...text.matchAll(/(?:\.\.\/)*[\w-][\w./-]*\.[cm]?[jt]s\b/g)].map((m) => m[0]);
}

describe('paths in messages', () => {
  const lib = "import { readFileSync } from 'node:fs';\nexport function read(): string {\n  return readFileSync('x', 'utf8');\n}\n";
  const ready = "import { existsSync } from 'node:fs';\nexport function ready(): boolean {\n  return existsSync('f');\n}\nexport const last: ReturnType<typeof ready> = false;\n";
  const marker = '  /* unblock: the migration reaches app/main.ts, outside the paths to migrate: migrate with a wider path */\n';

  it('words them from the current folder (above the project, inside it), and keeps the markers relative to the root', async () => {
    const top = await tempProject({
      'services/chat/tsconfig.json': TSCONFIG,
      'services/chat/src/lib.ts': lib,
      'services/chat/src/ready.ts': ready,
      'services/chat/app/main.ts': "import { read } from '../src/lib.js';\nexport async function main() { return read(); }\n",
    });
    const root = join(top, 'services', 'chat');
    const runs = [
      { cwd: top, reaches: 'services/chat/app/main.ts', ready: 'services/chat/src/ready.ts', lib: 'services/chat/src/lib.ts' },
      { cwd: join(root, 'src'), reaches: '../app/main.ts', ready: 'ready.ts', lib: 'lib.ts' },
    ];
    for (const run of runs) {
      // `root` is relative to `cwd`, as a command-line argument would be
      const result = await migrate({ root: relative(run.cwd, root), cwd: run.cwd, paths: ['src'] });
      const reasons = result.refusals.map((r) => r.reason);
      expect(reasons).toContain(`the migration reaches ${run.reaches}, outside the paths to migrate: migrate with a wider path`);
      expect(reasons).toContain(`not migrated: the migration reaches ${run.reaches}, outside the paths to migrate: migrate with a wider path (${run.lib}:3:10)`);
      expect(result.rolledBack).toEqual([{
        group: `fs.existsSync at ${run.ready}:3:10`,
        errors: [expect.stringMatching(new RegExp(`^${run.ready.replace(/[./]/g, '\\$&')}:5:\\d+ TS2322: `))],
      }]);
      expect(reasons).toContain(`migrating this to async adds type errors: ${result.rolledBack[0]!.errors[0]}`);
      // every path the texts name opens from the current folder
      const texts = [...reasons, ...result.rolledBack.flatMap((g) => [g.group, ...g.errors])];
      const paths = texts.flatMap(pathsIn);
      expect(new Set(paths)).toEqual(new Set([run.reaches, run.lib, run.ready]));
      for (const path of paths) expect(existsSync(resolve(run.cwd, path)), path).toBe(true);
      // the result's `file` fields stay absolute; the marker in the file reads the same from anywhere
      expect(result.refusals.every((r) => isAbsolute(r.file))).toBe(true);
      expect(result.changes.find((c) => c.file.endsWith('/lib.ts'))!.after).toBe(lib.replace("  return", `${marker}  return`));
    }
  });
});

/** Whether a @types/node could be found from `dir` by walking up, as module resolution does. */
function nodeTypesAbove(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'node_modules', '@types', 'node'))) return true;
    if (dirname(d) === d) return false;
  }
}

describe('a project without @types/node', () => {
  const NOTHING_INSTALLED = { nodeModules: false, packageJson: {} };
  const tsconfig = (extra: object): string => JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, ...extra } });
  const TS_INPUT = "import { readFileSync } from 'node:fs';\nexport async function load(path: string): Promise<string> {\n  return readFileSync(path, 'utf8');\n}\n";

  it('migrates a CommonJS JavaScript project: both programs are checked against unblock\'s Node.js types', async () => {
    const input = "const fs = require('fs');\n\nasync function load(path) {\n  return fs.readFileSync(path, 'utf8');\n}\n\nmodule.exports = { load };\n";
    const root = await tempProject({ 'lib.js': input }, NOTHING_INSTALLED);
    expect(nodeTypesAbove(root)).toBe(false);
    const result = await migrate({ root, write: true });
    expect(result.rolledBack).toEqual([]);
    expect(result.sitesMigrated).toBe(1);
    // nothing but the migrated file is written into the project (no node_modules, no tsconfig.json)
    expect(await readTree(root)).toEqual({
      'lib.js': "const { readFile } = require('node:fs/promises');\n\nasync function load(path) {\n  return await readFile(path, 'utf8');\n}\n\nmodule.exports = { load };\n",
      'package.json': '{}',
    });
  });

  it('migrates an ES module (.mjs) JavaScript project', async () => {
    const input = "import { readFileSync } from 'node:fs';\n\nexport async function load(path) {\n  return readFileSync(path, 'utf8');\n}\n";
    const root = await tempProject({ 'lib.mjs': input }, NOTHING_INSTALLED);
    expect(nodeTypesAbove(root)).toBe(false);
    const result = await migrate({ root });
    expect(result.rolledBack).toEqual([]);
    expect(result.sitesMigrated).toBe(1);
    expect(result.changes[0]!.after).toBe("import { readFile } from 'node:fs/promises';\n\nexport async function load(path) {\n  return await readFile(path, 'utf8');\n}\n");
  });

  it('migrates a TypeScript project whose tsconfig.json leaves `types` open or lists `node`', async () => {
    for (const extra of [{}, { types: ['node'] }, { typeRoots: ['./typings'] }]) {
      const root = await tempProject({ 'tsconfig.json': tsconfig(extra), 'load.ts': TS_INPUT }, NOTHING_INSTALLED);
      const result = await migrate({ root });
      expect(result.rolledBack, JSON.stringify(extra)).toEqual([]);
      expect(result.sitesMigrated).toBe(1);
      expect(result.changes[0]!.after).toContain("import { readFile } from 'node:fs/promises';");
    }
  });

  it('gives no Node.js types to a tsconfig.json that pins `types` without node: the migration is rolled back', async () => {
    const root = await tempProject({ 'tsconfig.json': tsconfig({ types: [] }), 'load.ts': TS_INPUT }, NOTHING_INSTALLED);
    const project = await loadProject(root);
    expect(project.getProgram().compilerObject.getSourceFiles().some((sf) => sf.fileName.includes('/@types/node/'))).toBe(false);
    const result = await migrate({ root, cwd: root });
    expect(result.sitesMigrated).toBe(0);
    expect(result.rolledBack).toEqual([{ group: 'fs.readFileSync at load.ts:3:10', errors: [expect.stringMatching(/^load\.ts:1:\d+ TS2591: Cannot find name 'node:fs\/promises'/)] }]);
  });

  it("prefers the project's own @types/node, hoisted above it, to unblock's", async () => {
    const top = await tempProject({
      'node_modules/@types/node/package.json': JSON.stringify({ name: '@types/node', version: '20.0.0', types: 'index.d.ts' }),
      'node_modules/@types/node/index.d.ts': "declare module 'fs' { export function readFileSync(path: string, encoding: string): string; }\ndeclare module 'node:fs' { export * from 'fs'; }\n",
      'packages/api/lib.js': "const fs = require('fs');\nmodule.exports = () => fs.readFileSync('x', 'utf8');\n",
    }, { nodeModules: false });
    const project = await loadProject(join(top, 'packages', 'api'));
    const typeFiles = project.getProgram().compilerObject.getSourceFiles().map((sf) => sf.fileName).filter((f) => f.includes('/@types/node/'));
    expect(typeFiles).toEqual([join(realpathSync(top), 'node_modules', '@types', 'node', 'index.d.ts')]);
  });
});

describe('promise-aware receivers', () => {
  const routes = "import express from 'express';\nimport { readFileSync } from 'node:fs';\n\nexport const app = express();\napp.get('/', (req, res) => {\n  res.send(readFileSync('index.html', 'utf8'));\n});\n";

  it('makes an Express 5 route handler async', async () => {
    const root = await tempProject({ 'app.ts': routes, 'tsconfig.json': TSCONFIG });
    const result = await migrate({ root });
    expect(result.refusals).toEqual([]);
    expect(result.changes[0]!.after).toContain("app.get('/', async (req, res) => {\n  res.send(await readFile('index.html', 'utf8'));");
  });

  it('leaves an Express 4 route handler alone: a rejected promise would leave the request hanging', async () => {
    // the project's own node_modules: Express 4 installed, the repository's type definitions
    const root = await mkdtemp(join(tmpdir(), 'unblock-express4-'));
    try {
      await mkdir(join(root, 'node_modules', 'express'), { recursive: true });
      await writeFile(join(root, 'node_modules', 'express', 'package.json'), JSON.stringify({ name: 'express', version: '4.21.2' }));
      await symlink(join(REPO, 'node_modules', '@types'), join(root, 'node_modules', '@types'), 'dir');
      await writeFile(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
      await writeFile(join(root, 'tsconfig.json'), TSCONFIG);
      await writeFile(join(root, 'app.ts'), routes);
      const result = await migrate({ root });
      expect(result.sitesMigrated).toBe(0);
      expect(result.refusals.map((r) => r.reason)).toEqual(expect.arrayContaining([expect.stringContaining('Express 4.21.2 ignores the promise')]));
      expect(result.changes[0]!.after).toContain("\n/* unblock: Express 4.21.2 ignores the promise an async handler returns");
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('a replacement that needs a package version', () => {
  // rimraf's promise form came with rimraf 4, whose module is no function: its sync forms become the named `rimraf`
  const files = (version: string): Record<string, string> => ({
    'node_modules/rimraf/package.json': JSON.stringify({ name: 'rimraf', version, types: 'index.d.ts' }),
    'node_modules/rimraf/index.d.ts': 'export declare const rimraf: ((path: string) => Promise<boolean>) & { sync(path: string): boolean };\n'
      + 'export declare const rimrafSync: (path: string) => boolean;\nexport declare const sync: (path: string) => boolean;\n',
    'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true } }),
    'tidy.ts': "import { rimraf, rimrafSync } from 'rimraf';\nimport * as rm from 'rimraf';\n\nexport async function tidy(root: string): Promise<boolean> {\n"
      + '  rimraf.sync(`${root}/tmp`);\n  rm.sync(`${root}/cache`);\n  return rimrafSync(`${root}/out`);\n}\n',
  });

  it('migrates where the installed version has it', async () => {
    const root = await tempProject(files('5.0.10'), { nodeModules: false, packageJson: { type: 'module' } });
    const result = await migrate({ root });
    expect(result.refusals).toEqual([]);
    expect(result.sitesMigrated).toBe(3);
    // the named import serves all three; the namespace import, unused then, goes
    expect(result.changes[0]!.after).toBe("import { rimraf } from 'rimraf';\n\nexport async function tidy(root: string): Promise<boolean> {\n"
      + '  await rimraf(`${root}/tmp`);\n  await rimraf(`${root}/cache`);\n  return await rimraf(`${root}/out`);\n}\n');
  });

  it('refuses, with the version found, where it has not', async () => {
    const root = await tempProject(files('3.0.2'), { nodeModules: false, packageJson: { type: 'module' } });
    const result = await migrate({ root });
    expect(result.sitesMigrated).toBe(0);
    expect(result.refusals.map((r) => r.reason)).toEqual(Array(3).fill(expect.stringMatching(/needs rimraf@>=4: upgrade rimraf first \(the project has rimraf@3\.0\.2\)/)));
  });
});
