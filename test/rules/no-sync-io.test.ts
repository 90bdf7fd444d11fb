import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RuleTester, type InvalidTestCase, type TestLanguageOptions, type ValidTestCase } from '@typescript-eslint/rule-tester';
import * as espree from 'espree';
import { describe, expect, it } from 'vitest';
import rule, { type NoSyncIoOptions } from '../../rules/no-sync-io.js';
import { DOCS_BASE, packageRoot } from '../../src/package-info.js';

type Options = [NoSyncIoOptions];
type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<'blocking' | 'blockingManual' | 'blockingValue' | 'suggestAsync', Options>;
type Error = Invalid['errors'][number];

const ruleTester = new RuleTester();

// ESLint's `sourceType: 'commonjs'`; typescript-eslint's parser reads it as a script, as it does under a real config.
const commonjs = { sourceType: 'commonjs', parserOptions: { sourceType: 'script' } } as TestLanguageOptions;
// JavaScript linted with ESLint's own parser, CommonJS scope analysis included.
const espreeCommonjs = { parser: espree, sourceType: 'commonjs', parserOptions: { sourceType: 'commonjs' } } as TestLanguageOptions;

const READ_FILE = '`await readFile(…)` (node:fs/promises)';

function blocking(name: string, category: string, replacement: string, suggestions: Error['suggestions'] = []): Error {
  return { messageId: 'blocking', data: { name, category, replacement }, suggestions };
}

function manual(name: string, category: string, replacement: string, reason: string): Error {
  return { messageId: 'blockingManual', data: { name, category, replacement, reason }, suggestions: [] };
}

function handedOn(name: string, category: string, replacement: string): Error {
  return { messageId: 'blockingValue', data: { name, category, replacement }, suggestions: [] };
}

/** readFileSync reported, with the suggestion's whole output (or none). */
function readFileSync(output?: string): Error {
  return blocking('readFileSync', 'fs', READ_FILE,
    output === undefined ? [] : [{ messageId: 'suggestAsync', data: { replacement: READ_FILE }, output }]);
}

const MKDIR = '`await mkdir(dir, { recursive: true })` (node:fs/promises)';

function suggested(name: string, category: string, replacement: string, output: string): Error {
  return blocking(name, category, replacement, [{ messageId: 'suggestAsync', data: { replacement }, output }]);
}

describe('no-sync-io', () => {
  it('has a docs.url that points to an existing docs file', () => {
    const url = rule.meta.docs?.url ?? '';
    expect(url).toBe(`${DOCS_BASE}/rules/no-sync-io.md`);
    expect(existsSync(join(packageRoot, 'docs', url.slice(DOCS_BASE.length + 1)))).toBe(true);
  });

  it('describes every option of its schema', () => {
    const [schema] = rule.meta.schema as unknown as Array<{ properties: Record<string, { description?: string }> }>;
    for (const [name, property] of Object.entries(schema!.properties)) expect(property.description, name).toBeTruthy();
    expect(rule.meta.defaultOptions).toEqual([{ context: 'async', allow: [] }]);
  });
});

const valid: Valid[] = [];
const invalid: Invalid[] = [];

// ------------------------------------------------------------------------------------------------
// Import forms
invalid.push(
  {
    name: 'ESM named import in an async function: suggestion adds the fs/promises import',
    code: `import { readFileSync } from 'node:fs';
export async function load(p: string) {
  return readFileSync(p, 'utf8');
}`,
    errors: [readFileSync(`import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
export async function load(p: string) {
  return await readFile(p, 'utf8');
}`)],
  },
  {
    name: 'aliased named import',
    code: `import { readFileSync as rfs } from "fs"
export async function load(p) {
  const text = rfs(p).toString()
  return text
}`,
    filename: 'file.js',
    errors: [readFileSync(`import { readFileSync as rfs } from "fs"
import { readFile } from "node:fs/promises"
export async function load(p) {
  const text = (await readFile(p)).toString()
  return text
}`)],
  },
  {
    name: 'namespace import with the node: prefix, reusing an existing fs/promises import',
    code: `import * as fs from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { readFile } from 'fs/promises';
export const handler = async (p: string) => fs.readFileSync(p);`,
    errors: [readFileSync(`import * as fs from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { readFile } from 'fs/promises';
export const handler = async (p: string) => await readFile(p);`)],
  },
  {
    name: 'default import; a named fs/promises import gains the specifier',
    code: `import fs from 'fs';
import { writeFile } from 'node:fs/promises';
export async function copy(a: string, b: string) {
  await writeFile(b, fs.readFileSync(a));
}`,
    errors: [readFileSync(`import fs from 'fs';
import { writeFile, readFile } from 'node:fs/promises';
export async function copy(a: string, b: string) {
  await writeFile(b, await readFile(a));
}`)],
  },
  {
    name: 'fs/promises namespace reused',
    code: `import fs from 'fs';
import * as fsp from 'fs/promises';
export async function load(p: string) {
  return fs.readFileSync(p);
}`,
    errors: [readFileSync(`import fs from 'fs';
import * as fsp from 'fs/promises';
export async function load(p: string) {
  return await fsp.readFile(p);
}`)],
  },
  {
    name: 'CommonJS require with a renamed destructuring, in an async express handler',
    code: `const express = require('express');
const { readFileSync: rf } = require('fs');
const app = express();
app.get('/', async (req, res) => {
  res.send(rf('index.html', 'utf8'));
});`,
    languageOptions: commonjs,
    filename: 'app.cjs',
    errors: [readFileSync(`const express = require('express');
const { readFileSync: rf } = require('fs');
const { readFile } = require('node:fs/promises');
const app = express();
app.get('/', async (req, res) => {
  res.send(await readFile('index.html', 'utf8'));
});`)],
  },
  {
    name: 'CommonJS: fs.promises reused through a destructured require',
    code: `const fs = require('fs');
const { promises: fsp } = require('fs');
module.exports = async function load(p) {
  return fs.readFileSync(p);
};`,
    languageOptions: commonjs,
    filename: 'load.cjs',
    errors: [readFileSync(`const fs = require('fs');
const { promises: fsp } = require('fs');
module.exports = async function load(p) {
  return await fsp.readFile(p);
};`)],
  },
  {
    name: 'CommonJS: an existing destructured fs/promises require gains the property',
    code: `var fs = require('fs');
var { writeFile } = require('fs/promises');
exports.copy = async function (a, b) {
  await writeFile(b, fs.readFileSync(a));
};`,
    languageOptions: commonjs,
    filename: 'copy.js',
    errors: [readFileSync(`var fs = require('fs');
var { writeFile, readFile } = require('fs/promises');
exports.copy = async function (a, b) {
  await writeFile(b, await readFile(a));
};`)],
  },
  {
    name: 'import x = require()',
    code: `import fs = require('fs');
export async function load(p: string) {
  return fs.readFileSync(p, 'utf8') as string;
}`,
    errors: [readFileSync(`import fs = require('fs');
import { readFile } from 'node:fs/promises';
export async function load(p: string) {
  return await readFile(p, 'utf8') as string;
}`)],
  },
  {
    name: 'tsc output: (0, fs_1.readFileSync)(…)',
    code: `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.load = load;
const fs_1 = require("fs");
async function load(p) {
    return (0, fs_1.readFileSync)(p, "utf8");
}`,
    languageOptions: commonjs,
    filename: 'dist/load.js',
    errors: [readFileSync(`"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.load = load;
const fs_1 = require("fs");
const { readFile } = require("node:fs/promises");
async function load(p) {
    return await readFile(p, "utf8");
}`)],
  },
  {
    name: 'tsc output with __importStar',
    code: `"use strict";
var __importStar = (this && this.__importStar) || function (mod) { return mod; };
Object.defineProperty(exports, "__esModule", { value: true });
const fs = __importStar(require("fs"));
function handler(req, res) {
    res.end(fs.readFileSync("page.html"));
}
exports.default = handler;
require("http").createServer(handler);`,
    languageOptions: commonjs,
    filename: 'dist/server.js',
    errors: [readFileSync()],
  },
  {
    name: 'tsc output with __importDefault(…).default',
    code: `"use strict";
var __importDefault = (this && this.__importDefault) || function (mod) { return mod && mod.__esModule ? mod : { "default": mod }; };
Object.defineProperty(exports, "__esModule", { value: true });
const fs_1 = __importDefault(require("fs"));
process.on("message", (m) => {
    fs_1.default.readFileSync(m.path);
});`,
    languageOptions: commonjs,
    filename: 'dist/worker.js',
    errors: [readFileSync()],
  },
  {
    name: 'Babel output with _interopRequireDefault',
    code: `"use strict";
var _fs = _interopRequireDefault(require("fs"));
function _interopRequireDefault(e) { return e && e.__esModule ? e : { default: e }; }
setInterval(function () {
  _fs.default.readFileSync("/proc/loadavg");
}, 1000);`,
    languageOptions: commonjs,
    filename: 'lib/poll.js',
    errors: [readFileSync()],
  },
  {
    name: "rollup's CommonJS output: _interopDefault, _interopDefaultLegacy, _interopDefaultCompat, _interopNamespaceDefault",
    code: `'use strict';
var fs = require('fs');
function _interopDefault (e) { return e && e.__esModule ? e : { 'default': e }; }
function _interopDefaultLegacy (e) { return e && typeof e === 'object' && 'default' in e ? e : { 'default': e }; }
function _interopDefaultCompat (e) { return e && typeof e === 'object' && 'default' in e ? e : { default: e }; }
function _interopNamespaceDefault(e) { var n = Object.create(null); if (e) { for (var k in e) n[k] = e[k]; } n.default = e; return Object.freeze(n); }
var fs__default = _interopDefault(fs);
var legacy = _interopDefaultLegacy(fs);
var compat = _interopDefaultCompat(fs);
var fs__namespace = _interopNamespaceDefault(fs);
setInterval(function () {
  fs__default["default"].readFileSync('/proc/loadavg');
  legacy.default.readFileSync('/proc/loadavg');
  compat.default.readFileSync('/proc/loadavg');
  fs__namespace.readFileSync('/proc/loadavg');
}, 1000);`,
    languageOptions: commonjs,
    filename: 'dist/index.cjs.js',
    errors: [readFileSync(), readFileSync(), readFileSync(), readFileSync()],
  },
  {
    name: 'esbuild output with __toESM',
    code: `var import_fs = __toESM(require("fs"));
var import_http = __toESM(require("http"));
import_http.default.createServer((req, res) => {
  res.end((0, import_fs.readFileSync)("index.html"));
});`,
    languageOptions: commonjs,
    filename: 'dist/index.cjs',
    errors: [readFileSync()],
  },
  {
    name: 'fs.default.readFileSync on a namespace import',
    code: `import * as fs from 'fs';
export async function load(p: string) {
  return fs.default.readFileSync(p);
}`,
    errors: [readFileSync(`import * as fs from 'fs';
import { readFile } from 'node:fs/promises';
export async function load(p: string) {
  return await readFile(p);
}`)],
  },
  {
    name: 'fs-extra used as fs, and its own sync method (reusing its namespace)',
    code: `const fse = require('fs-extra');
async function build() {
  const config = fse.readFileSync('config.json');
  fse.copySync('src', 'dist');
}
module.exports = build;`,
    languageOptions: commonjs,
    filename: 'build.js',
    errors: [
      readFileSync(`const fse = require('fs-extra');
const { readFile } = require('node:fs/promises');
async function build() {
  const config = await readFile('config.json');
  fse.copySync('src', 'dist');
}
module.exports = build;`),
      suggested('copySync', 'fs', '`await copy(…)` (fs-extra)', `const fse = require('fs-extra');
async function build() {
  const config = fse.readFileSync('config.json');
  await fse.copy('src', 'dist');
}
module.exports = build;`),
    ],
  },
  {
    name: 'graceful-fs used as fs',
    code: `import gfs from 'graceful-fs';
export async function save(p: string, data: string) {
  gfs.writeFileSync(p, data);
}`,
    errors: [suggested('writeFileSync', 'fs', '`await writeFile(…)` (node:fs/promises)', `import gfs from 'graceful-fs';
import { writeFile } from 'node:fs/promises';
export async function save(p: string, data: string) {
  await writeFile(p, data);
}`)],
  },
  {
    name: 'JavaScript parsed by espree as CommonJS',
    code: `'use strict';
const fs = require('fs');
module.exports = async (p) => fs.readFileSync(p);`,
    languageOptions: espreeCommonjs,
    filename: 'index.js',
    errors: [readFileSync(`'use strict';
const fs = require('fs');
const { readFile } = require('node:fs/promises');
module.exports = async (p) => await readFile(p);`)],
  },
  {
    name: 'CommonJS with no require statement to follow: the require goes after the directive',
    code: `'use strict';
exports.load = async (p) => require('fs').readFileSync(p);`,
    languageOptions: espreeCommonjs,
    filename: 'index.js',
    errors: [readFileSync(`'use strict';
const { readFile } = require('node:fs/promises');
exports.load = async (p) => await readFile(p);`)],
  },
  {
    name: 'CommonJS: fs chosen by a condition, or nothing (i18next-fs-backend): reported, no suggestion (it would load node:fs/promises unguarded)',
    code: `var isDeno = typeof Deno !== 'undefined';
var fs = !isDeno ? require('node:fs') : undefined;
exports.load = async (p) => fs.readFileSync(p, 'utf8');`,
    languageOptions: commonjs,
    filename: 'readFile.js',
    errors: [readFileSync()],
  },
  {
    name: 'CommonJS: fs in both branches, through an interop helper, or after && and ??',
    code: `const fs = process.env.X ? require('fs') : __importStar(require('node:fs'));
const gfs = isNode && require('graceful-fs');
const fse = require('fs-extra') ?? void 0;
setInterval(() => { fs.statSync('a'); gfs.statSync('b'); fse.statSync('c'); }, 1000);`,
    languageOptions: commonjs,
    filename: 'poll.js',
    errors: [1, 2, 3].map(() => blocking('statSync', 'fs', '`await stat(…)` (node:fs/promises)')),
  },
  {
    name: 'ESM: (await import()).default chosen by a condition, or nothing: reported, no suggestion',
    code: `const isDeno = typeof Deno !== 'undefined';
const fs = !isDeno ? (await import('node:fs')).default : null;
export async function load(p: string) {
  return fs!.readFileSync(p, 'utf8');
}`,
    errors: [readFileSync()],
  },
);

valid.push(
  {
    name: 'fs.promises is never reported',
    code: `import fs from 'fs';
export async function load(p: string) { return fs.promises.readFile(p); }`,
  },
  {
    name: 'fs/promises is never reported',
    code: `import { readFile } from 'node:fs/promises';
export async function load(p: string) { return readFile(p); }`,
  },
  {
    name: "require('fs').promises is never reported",
    code: `const fsp = require('fs').promises;
module.exports = async (p) => fsp.readFile(p);`,
    languageOptions: commonjs,
  },
  {
    name: "the project's own readFileSync is never reported",
    code: `import { writeFileSync } from 'fs';
function readFileSync(p: string) { return p; }
export async function load(p: string) { return readFileSync(p); }`,
  },
  {
    name: 'a parameter named fs shadows the module',
    code: `import fs from 'fs';
export async function load(fs: { readFileSync(p: string): string }, p: string) { return fs.readFileSync(p); }`,
  },
  {
    name: 'a local variable named fs shadows the module',
    code: `const fs = require('fs');
module.exports = async (p) => {
  const fs = makeFakeFs();
  return fs.readFileSync(p);
};`,
    languageOptions: commonjs,
  },
  {
    name: 'a condition between fs and a local module is not fs',
    code: `const fs = process.env.MOCK ? require('./my-fs') : require('node:fs');
module.exports = async (p) => fs.readFileSync(p);`,
    languageOptions: commonjs,
  },
  {
    name: 'a condition between fs and an unknown value is not fs',
    code: `const fs = process.env.MOCK ? somethingElse : require('fs');
const fs2 = options.fs || require('fs');
module.exports = async (p) => [fs.readFileSync(p), fs2.readFileSync(p)];`,
    languageOptions: commonjs,
  },
  {
    name: 'a reassigned binding is not trusted',
    code: `let fs = require('fs');
fs = makeFakeFs();
module.exports = async (p) => fs.readFileSync(p);`,
    languageOptions: commonjs,
  },
);

// ------------------------------------------------------------------------------------------------
// Packages and instances
invalid.push(
  {
    name: 'better-sqlite3 through new Database(): the statement call in a handler, not the top-level open',
    code: `import Database from 'better-sqlite3';
import express from 'express';
const db = new Database('app.db');
const app = express();
app.get('/users/:id', (req, res) => {
  res.json(db.prepare('SELECT * FROM users WHERE id = ?').get(req.params.id));
});`,
    errors: [blocking('Statement#get', 'database', '`await stmt.get(…)` (sqlite)')],
  },
  {
    name: 'better-sqlite3 through a typed parameter (type-only import)',
    code: `import type Database from 'better-sqlite3';
export async function count(db: Database.Database) {
  const stmt = db.prepare('SELECT count(*) AS n FROM users');
  return stmt.get();
}`,
    errors: [blocking('Statement#get', 'database', '`await stmt.get(…)` (sqlite)')],
  },
  {
    name: 'better-sqlite3 through this.db (parameter property and field initialiser)',
    code: `import Database from 'better-sqlite3';
class Users {
  constructor(private readonly db: Database.Database) {}
  async all() { return this.db.prepare('SELECT * FROM users').all(); }
}
class Cache {
  db = new Database(':memory:');
  async clear() { this.db.exec('DELETE FROM cache'); }
}
export { Users, Cache };`,
    errors: [
      blocking('Statement#all', 'database', '`await stmt.all(…)` (sqlite)'),
      blocking('Database#exec', 'database', '`await db.exec(sql)` (sqlite)'),
    ],
  },
  {
    name: 'sync-fetch',
    code: `const fetch = require('sync-fetch');
require('http').createServer((req, res) => {
  res.end(fetch('https://example.com/data').text());
});`,
    languageOptions: commonjs,
    errors: [blocking('sync-fetch', 'http', '`await fetch(url, { signal: AbortSignal.timeout(ms) })` (the global fetch)')],
  },
  {
    name: 'XMLHttpRequest opened synchronously',
    code: `export async function get(url: string) {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', url, false);
  xhr.send();
  return xhr.responseText;
}`,
    errors: [manual('XMLHttpRequest#open', 'http', '`await fetch(url, { method, signal: AbortSignal.timeout(ms) })` (the global fetch)',
      'a synchronous XMLHttpRequest spreads over open, send, status and responseText: rewrite the request with fetch by hand')],
  },
  {
    name: 'shelljs exec without a callback',
    code: `const shell = require('shelljs');
exports.status = async () => shell.exec('git status', { silent: true }).stdout;`,
    languageOptions: commonjs,
    errors: [manual('exec', 'shell', '`(await promisify(exec)(command)).stdout` (node:child_process)',
      'shelljs has no promise API and its results are ShellStrings: use node:fs/promises or node:child_process directly')],
  },
  {
    name: 'execa: the replacement joins the existing import',
    code: `import { execaSync } from 'execa';
export async function list() {
  return execaSync('ls', ['-l']).stdout;
}`,
    errors: [suggested('execaSync', 'child-process', '`await execa(file, args, options)` (execa)', `import { execaSync, execa } from 'execa';
export async function list() {
  return (await execa('ls', ['-l'])).stdout;
}`)],
  },
  {
    name: 'execa 5: execa.sync becomes a call of the default export',
    code: `const execa = require('execa');
module.exports = async () => execa.sync('ls');`,
    languageOptions: commonjs,
    errors: [suggested('sync', 'child-process', '`await execa(file, args, options)` (execa)', `const execa = require('execa');
module.exports = async () => await execa('ls');`)],
  },
  {
    name: 'execa 5: execa.commandSync becomes execa.command',
    code: `const execa = require('execa');
module.exports = async () => execa.commandSync('npm test').stdout;`,
    languageOptions: commonjs,
    errors: [suggested('commandSync', 'child-process', '`await execa.command(command, options)` (execa)', `const execa = require('execa');
module.exports = async () => (await execa.command('npm test')).stdout;`)],
  },
  {
    name: 'better-sqlite3: opening the database in an async function',
    code: `import Database from 'better-sqlite3';
export async function open(file: string) { return new Database(file, { readonly: true }); }`,
    errors: [blocking('better-sqlite3', 'database', '`await open({ filename, driver: sqlite3.Database })` (sqlite)')],
  },
  {
    name: 'a .js file parsed as a module that uses require: the suggestion adds a require',
    code: `const { readFileSync } = require('fs');
module.exports = async (p) => readFileSync(p);`,
    filename: 'file.js',
    errors: [readFileSync(`const { readFileSync } = require('fs');
const { readFile } = require('node:fs/promises');
module.exports = async (p) => await readFile(p);`)],
  },
  {
    name: 'glob.sync: reported, no suggestion (the replacement needs glob 9)',
    code: `const glob = require('glob');
module.exports = async () => glob.sync('**/*.js');`,
    languageOptions: commonjs,
    errors: [blocking('sync', 'glob', '`await glob(pattern, options)` (glob)')],
  },
  {
    name: 'write-file-atomic and jsonfile: reported, no suggestion (the promise forms need write-file-atomic 3 and jsonfile 5, which the codemod checks)',
    code: `const writeFileAtomic = require('write-file-atomic');
const { readFileSync } = require('jsonfile');
module.exports = async (file, data) => {
  writeFileAtomic.sync(file, data);
  return readFileSync(file);
};`,
    languageOptions: commonjs,
    errors: [
      blocking('sync', 'fs', '`await writeFileAtomic(filename, data, options)` (write-file-atomic)'),
      blocking('readFileSync', 'fs', '`await jsonfile.readFile(…)` (jsonfile)'),
    ],
  },
  {
    name: 'bcrypt and bcryptjs: each sync function names its promise form (no suggestion: the codemod checks bcrypt 1 and bcryptjs 2.4)',
    code: `import bcrypt from 'bcrypt';
import { compareSync } from 'bcryptjs';
export async function login(password: string, hash: string) {
  const salt = bcrypt.genSaltSync(12);
  return compareSync(password, hash) && bcrypt.hashSync(password, salt) !== hash;
}`,
    errors: [
      blocking('genSaltSync', 'crypto', '`await bcrypt.genSalt(…)` (bcrypt)'),
      blocking('compareSync', 'crypto', '`await bcryptjs.compare(…)` (bcryptjs)'),
      blocking('hashSync', 'crypto', '`await bcrypt.hash(…)` (bcrypt)'),
    ],
  },
  {
    name: 'file helpers with promise twins, `x.sync` of the CommonJS versions and `xSync` of the ES module ones: suggested',
    code: `const findUp = require('find-up');
const del = require('del');
const { loadJsonFileSync } = require('load-json-file');
module.exports = async (cwd) => {
  del.sync(['tmp'], { cwd });
  return loadJsonFileSync(findUp.sync('app.json', { cwd }));
};`,
    languageOptions: commonjs,
    errors: [
      suggested('sync', 'fs', '`await del(…)` (del)', `const findUp = require('find-up');
const del = require('del');
const { loadJsonFileSync } = require('load-json-file');
module.exports = async (cwd) => {
  await del(['tmp'], { cwd });
  return loadJsonFileSync(findUp.sync('app.json', { cwd }));
};`),
      suggested('loadJsonFileSync', 'fs', '`await loadJsonFile(…)` (load-json-file)', `const findUp = require('find-up');
const del = require('del');
const { loadJsonFileSync, loadJsonFile } = require('load-json-file');
module.exports = async (cwd) => {
  del.sync(['tmp'], { cwd });
  return await loadJsonFile(findUp.sync('app.json', { cwd }));
};`),
      suggested('sync', 'fs', '`await findUp(…)` (find-up)', `const findUp = require('find-up');
const del = require('del');
const { loadJsonFileSync } = require('load-json-file');
module.exports = async (cwd) => {
  del.sync(['tmp'], { cwd });
  return loadJsonFileSync(await findUp('app.json', { cwd }));
};`),
    ],
  },
  {
    name: 'rimraf: reported, no suggestion (its promise form needs rimraf 4, which the codemod checks)',
    code: `import { rimraf, rimrafSync } from 'rimraf';
export async function tidy() {
  rimraf.sync('tmp');
  return rimrafSync('out');
}`,
    errors: [
      blocking('rimraf.sync', 'fs', '`await rimraf(…)` (rimraf)'),
      blocking('rimrafSync', 'fs', '`await rimraf(…)` (rimraf)'),
    ],
  },
  {
    name: "mkdirp's sync forms: mkdir with `recursive: true` suggested where the result goes unused and the options can only be a mode",
    code: `const mkdirp = require('mkdirp');
const { mkdirpSync } = require('mkdirp');
module.exports = async (dir, fs) => {
  mkdirp.sync(dir);
  mkdirpSync(\`\${dir}/tmp\`, { mode: 0o700 });
  mkdirp.sync(\`\${dir}/mem\`, { fs });
  return mkdirp.sync(\`\${dir}/out\`);
};`,
    languageOptions: commonjs,
    errors: [
      suggested('sync', 'fs', MKDIR, `const mkdirp = require('mkdirp');
const { mkdirpSync } = require('mkdirp');
const { mkdir } = require('node:fs/promises');
module.exports = async (dir, fs) => {
  await mkdir(dir, { recursive: true });
  mkdirpSync(\`\${dir}/tmp\`, { mode: 0o700 });
  mkdirp.sync(\`\${dir}/mem\`, { fs });
  return mkdirp.sync(\`\${dir}/out\`);
};`),
      suggested('mkdirpSync', 'fs', MKDIR, `const mkdirp = require('mkdirp');
const { mkdirpSync } = require('mkdirp');
const { mkdir } = require('node:fs/promises');
module.exports = async (dir, fs) => {
  mkdirp.sync(dir);
  await mkdir(\`\${dir}/tmp\`, { recursive: true, mode: 0o700 });
  mkdirp.sync(\`\${dir}/mem\`, { fs });
  return mkdirp.sync(\`\${dir}/out\`);
};`),
      blocking('sync', 'fs', MKDIR),
      blocking('sync', 'fs', MKDIR),
    ],
  },
  {
    name: "mkdirp 2's named forms in an ES module, a mode given as a string",
    code: `import { mkdirp, nativeSync } from 'mkdirp';
export async function scaffold(root: string) {
  mkdirp.sync(\`\${root}/src\`, '0755');
  nativeSync(root);
}`,
    errors: [
      suggested('mkdirp.sync', 'fs', MKDIR, `import { mkdirp, nativeSync } from 'mkdirp';
import { mkdir } from 'node:fs/promises';
export async function scaffold(root: string) {
  await mkdir(\`\${root}/src\`, { recursive: true, mode: '0755' });
  nativeSync(root);
}`),
      suggested('nativeSync', 'fs', MKDIR, `import { mkdirp, nativeSync } from 'mkdirp';
import { mkdir } from 'node:fs/promises';
export async function scaffold(root: string) {
  mkdirp.sync(\`\${root}/src\`, '0755');
  await mkdir(root, { recursive: true });
}`),
    ],
  },
  {
    name: 'proper-lockfile and SheetJS: the twins of unlockSync and checkSync (no suggestion: the codemod checks proper-lockfile 3), lockSync and xlsx whole-file calls by hand',
    code: `import lockfile from 'proper-lockfile';
import * as XLSX from 'xlsx';
export async function importSheet(file: string) {
  const release = lockfile.lockSync(file);
  const busy = lockfile.checkSync(file);
  XLSX.writeFile(XLSX.readFile(file), \`\${file}.bak\`);
  lockfile.unlockSync(file);
  return busy && release;
}`,
    errors: [
      manual('lockSync', 'fs', '`await lockfile.lock(file, options)` (proper-lockfile)', "lockSync's release function is synchronous, lock's returns a promise: await lock(…) and each call of its release function, by hand"),
      blocking('checkSync', 'fs', '`await lockfile.check(file, options)` (proper-lockfile)'),
      manual('writeFile', 'fs', "`await writeFile(filename, XLSX.write(workbook, { type: 'buffer', bookType }))` (node:fs/promises)", "writeFile picks the book type from the file name, write does not: pass `bookType` and `type: 'buffer'` to write, by hand"),
      manual('readFile', 'fs', '`XLSX.read(await readFile(filename), options)` (node:fs/promises)', 'read the file with readFile from node:fs/promises and parse the buffer with XLSX.read(buffer, options), by hand'),
      blocking('unlockSync', 'fs', '`await lockfile.unlock(file, options)` (proper-lockfile)'),
    ],
  },
  {
    name: 'tinyglobby globSync',
    code: `import { globSync } from 'tinyglobby';
export async function files() { return globSync(['src/**/*.ts']); }`,
    errors: [suggested('globSync', 'glob', '`await glob(patterns, options)` (tinyglobby)', `import { globSync, glob } from 'tinyglobby';
export async function files() { return await glob(['src/**/*.ts']); }`)],
  },
  {
    name: 'descriptor APIs: the file-handles codemod migrates them together, so no suggestion rewrites one alone',
    code: `import { closeSync, openSync, writeSync } from 'fs';
export async function save(p: string, text: string) { const fd = openSync(p, 'w'); writeSync(fd, text); closeSync(fd); }`,
    errors: [
      blocking('openSync', 'fs', '`const handle = await open(path, flags)` (node:fs/promises)'),
      blocking('writeSync', 'fs', '`(await handle.write(…)).bytesWritten` (node:fs/promises)'),
      blocking('closeSync', 'fs', '`await handle.close()` (node:fs/promises)'),
    ],
  },
);

valid.push(
  {
    name: 'XMLHttpRequest opened asynchronously',
    code: `export async function get(url: string) {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', url, true);
  xhr.send();
}`,
  },
  {
    name: 'shelljs exec with a callback or async: true',
    code: `const shell = require('shelljs');
exports.status = async () => {
  shell.exec('git status', (code, stdout) => console.log(stdout));
  shell.exec('git fetch', { async: true });
};`,
    languageOptions: commonjs,
  },
  {
    name: 'a sleep command is left to no-blocking-sleep',
    code: `import { execSync } from 'child_process';
export async function wait() { execSync('sleep 1'); }`,
  },
  {
    name: 'a sleep package is left to no-blocking-sleep',
    code: `import sleep from 'sleep';
export async function wait() { sleep.sleep(1); }`,
  },
);

// ------------------------------------------------------------------------------------------------
// Replacements of each mapping, and precedence
invalid.push(
  {
    name: 'existsSync becomes access().then(…)',
    code: `import { existsSync, mkdirSync } from 'node:fs';
export async function ensure(dir: string) {
  if (!existsSync(dir)) return false;
  return true;
}`,
    errors: [suggested('existsSync', 'fs', '`await access(path).then(() => true, () => false)` (node:fs/promises)', `import { existsSync, mkdirSync } from 'node:fs';
import { access } from 'node:fs/promises';
export async function ensure(dir: string) {
  if (!await access(dir).then(() => true, () => false)) return false;
  return true;
}`)],
  },
  {
    name: 'zlib: promisify, reusing the zlib namespace and adding util',
    code: `import zlib from 'node:zlib';
export async function pack(data: Buffer) {
  return zlib.gzipSync(data);
}`,
    errors: [suggested('gzipSync', 'zlib', '`await promisify(gzip)(…)` (node:zlib)', `import zlib from 'node:zlib';
import { promisify } from 'node:util';
export async function pack(data: Buffer) {
  return await promisify(zlib.gzip)(data);
}`)],
  },
  {
    name: 'crypto: promisify, reusing util',
    code: `const crypto = require('crypto');
const util = require('util');
exports.hash = async (pw, salt) => crypto.scryptSync(pw, salt, 64).toString('hex');`,
    languageOptions: commonjs,
    errors: [suggested('scryptSync', 'crypto', '`await promisify(scrypt)(…)` (node:crypto)', `const crypto = require('crypto');
const util = require('util');
exports.hash = async (pw, salt) => (await util.promisify(crypto.scrypt)(pw, salt, 64)).toString('hex');`)],
  },
  {
    name: 'execSync: the result as a Buffer keeps its type',
    code: `import { execSync } from 'child_process';
export async function head() {
  const out = execSync('git rev-parse HEAD');
  const status = execSync('git status', { cwd: '/repo' });
  return [out, status];
}`,
    errors: [
      suggested('execSync', 'child-process', '`(await promisify(exec)(command, options)).stdout` (node:child_process)', `import { execSync, exec } from 'child_process';
import { promisify } from 'node:util';
export async function head() {
  const out = (await promisify(exec)('git rev-parse HEAD', { encoding: 'buffer' })).stdout;
  const status = execSync('git status', { cwd: '/repo' });
  return [out, status];
}`),
      suggested('execSync', 'child-process', '`(await promisify(exec)(command, options)).stdout` (node:child_process)', `import { execSync, exec } from 'child_process';
import { promisify } from 'node:util';
export async function head() {
  const out = execSync('git rev-parse HEAD');
  const status = (await promisify(exec)('git status', { encoding: 'buffer', cwd: '/repo' })).stdout;
  return [out, status];
}`),
    ],
  },
  {
    name: 'execSync: a string result, an unused result, options in a variable',
    code: `const cp = require('child_process');
module.exports = async function release(opts) {
  const sha = cp.execSync('git rev-parse HEAD').toString().trim();
  cp.execSync('npm publish', { stdio: 'inherit' });
  return [sha, cp.execSync('git log', opts), cp.execSync('git tag', { encoding: 'utf8' })];
};`,
    languageOptions: commonjs,
    errors: [
      suggested('execSync', 'child-process', '`(await promisify(exec)(command, options)).stdout` (node:child_process)', `const cp = require('child_process');
const { promisify } = require('node:util');
module.exports = async function release(opts) {
  const sha = (await promisify(cp.exec)('git rev-parse HEAD')).stdout.toString().trim();
  cp.execSync('npm publish', { stdio: 'inherit' });
  return [sha, cp.execSync('git log', opts), cp.execSync('git tag', { encoding: 'utf8' })];
};`),
      suggested('execSync', 'child-process', '`(await promisify(exec)(command, options)).stdout` (node:child_process)', `const cp = require('child_process');
const { promisify } = require('node:util');
module.exports = async function release(opts) {
  const sha = cp.execSync('git rev-parse HEAD').toString().trim();
  await promisify(cp.exec)('npm publish', { stdio: 'inherit' });
  return [sha, cp.execSync('git log', opts), cp.execSync('git tag', { encoding: 'utf8' })];
};`),
      suggested('execSync', 'child-process', '`(await promisify(exec)(command, options)).stdout` (node:child_process)', `const cp = require('child_process');
const { promisify } = require('node:util');
module.exports = async function release(opts) {
  const sha = cp.execSync('git rev-parse HEAD').toString().trim();
  cp.execSync('npm publish', { stdio: 'inherit' });
  return [sha, (await promisify(cp.exec)('git log', { encoding: 'buffer', ...opts })).stdout, cp.execSync('git tag', { encoding: 'utf8' })];
};`),
      suggested('execSync', 'child-process', '`(await promisify(exec)(command, options)).stdout` (node:child_process)', `const cp = require('child_process');
const { promisify } = require('node:util');
module.exports = async function release(opts) {
  const sha = cp.execSync('git rev-parse HEAD').toString().trim();
  cp.execSync('npm publish', { stdio: 'inherit' });
  return [sha, cp.execSync('git log', opts), (await promisify(cp.exec)('git tag', { encoding: 'utf8' })).stdout];
};`),
    ],
  },
  {
    name: 'execFileSync with an args array',
    code: `import { execFileSync } from 'node:child_process';
export async function version() { return execFileSync('node', ['--version']); }`,
    errors: [suggested('execFileSync', 'child-process', '`(await promisify(execFile)(file, args, options)).stdout` (node:child_process)', `import { execFileSync, execFile } from 'node:child_process';
import { promisify } from 'node:util';
export async function version() { return (await promisify(execFile)('node', ['--version'], { encoding: 'buffer' })).stdout; }`)],
  },
  {
    name: 'the new import never clashes: readFile is taken, so readFileAsync',
    code: `import { readFileSync } from 'fs';
function readFile(p: string) { return p; }
export async function load(p: string) { return readFileSync(p) ** 2; }`,
    errors: [readFileSync(`import { readFileSync } from 'fs';
import { readFile as readFileAsync } from 'node:fs/promises';
function readFile(p: string) { return p; }
export async function load(p: string) { return (await readFileAsync(p)) ** 2; }`)],
  },
  {
    name: 'an existing readFile import shadowed at the call site is not reused',
    code: `import { readFileSync } from 'fs';
import { readFile } from 'fs/promises';
export async function load(readFile: string) { return readFileSync(readFile); }`,
    errors: [readFileSync(`import { readFileSync } from 'fs';
import { readFile, readFile as readFileAsync } from 'fs/promises';
export async function load(readFile: string) { return await readFileAsync(readFile); }`)],
  },
  {
    name: 'no suggestion where await would be invalid: a parameter default, a sync callback inside an async function',
    code: `import fs from 'fs';
export async function load(config = fs.readFileSync('config.json')) {
  return ['a', 'b'].map((p) => fs.readFileSync(p));
}`,
    errors: [readFileSync(), readFileSync()],
  },
);

// ------------------------------------------------------------------------------------------------
// Contexts
const HELPER = `const fs = require('fs');
function readConfig() {
  return fs.readFileSync('config.json');
}
`;

invalid.push(
  {
    name: 'express route handler',
    code: `const fs = require('fs');
const app = require('express')();
app.post('/upload', function (req, res) {
  fs.writeFileSync('/tmp/upload', req.body);
  res.end();
});`,
    languageOptions: commonjs,
    errors: [blocking('writeFileSync', 'fs', '`await writeFile(…)` (node:fs/promises)')],
  },
  {
    name: 'fastify route options and koa middleware',
    code: `import fs from 'node:fs';
fastify.route({ method: 'GET', url: '/', handler(request, reply) { reply.send(fs.readFileSync('a')); } });
koa.use((ctx) => { ctx.body = fs.readFileSync('b'); });`,
    errors: [readFileSync(), readFileSync()],
  },
  {
    name: 'http.createServer callback',
    code: `import http from 'node:http';
import { statSync } from 'node:fs';
http.createServer((req, res) => res.end(String(statSync('.').size))).listen(3000);`,
    errors: [blocking('statSync', 'fs', '`await stat(…)` (node:fs/promises)')],
  },
  {
    name: '.on listener, setTimeout callback, .then callback',
    code: `import { appendFileSync, readFileSync, unlinkSync } from 'fs';
process.stdin.on('data', (chunk) => appendFileSync('log.txt', chunk));
setTimeout(() => unlinkSync('lock'), 1000);
fetch('https://example.com').then(() => readFileSync('cache'));`,
    errors: [
      blocking('appendFileSync', 'fs', '`await appendFile(…)` (node:fs/promises)'),
      blocking('unlinkSync', 'fs', '`await unlink(…)` (node:fs/promises)'),
      readFileSync(),
    ],
  },
  {
    name: 'an Array callback inside an async function inherits its context',
    code: `import { readFileSync } from 'fs';
export async function readAll(files: string[]) {
  return files.map((f) => readFileSync(f, 'utf8'));
}`,
    errors: [readFileSync()],
  },
  {
    name: 'a helper called from a route handler',
    code: `${HELPER}require('express')().get('/config', (req, res) => res.send(readConfig()));`,
    languageOptions: commonjs,
    errors: [readFileSync()],
  },
  {
    name: 'a helper passed by reference as a handler, and what it calls',
    code: `const fs = require('fs');
const load = () => fs.readFileSync('data.json');
function handler(req, res) { res.end(load()); }
require('http').createServer(handler);`,
    languageOptions: commonjs,
    errors: [readFileSync()],
  },
  {
    name: 'this.method() from an async method, and a bound method as a listener',
    code: `import { readFileSync, writeFileSync } from 'fs';
export class Store {
  async get(key: string) { return this.read(key); }
  private read(key: string) { return readFileSync(key); }
  listen(emitter: NodeJS.EventEmitter) { emitter.on('save', this.save.bind(this)); }
  private save() { writeFileSync('store.json', '{}'); }
}`,
    errors: [readFileSync(), blocking('writeFileSync', 'fs', '`await writeFile(…)` (node:fs/promises)')],
  },
  {
    name: 'a method of a const object literal called from a handler',
    code: `const fs = require('fs');
const storage = { load(p) { return fs.readFileSync(p); } };
process.on('message', (m) => storage.load(m.path));`,
    languageOptions: commonjs,
    errors: [readFileSync()],
  },
  {
    name: 'async generator',
    code: `import { readdirSync } from 'fs';
export async function* walk(dir: string) { yield* readdirSync(dir); }`,
    errors: [suggested('readdirSync', 'fs', '`await readdir(…)` (node:fs/promises)', `import { readdirSync } from 'fs';
import { readdir } from 'node:fs/promises';
export async function* walk(dir: string) { yield* await readdir(dir); }`)],
  },
  {
    name: '"functions": a helper never called from an async context',
    code: `${HELPER}module.exports = readConfig;`,
    options: [{ context: 'functions' }],
    languageOptions: commonjs,
    errors: [readFileSync()],
  },
  {
    name: '"functions": an instance field initialiser runs in the constructor',
    code: `import fs from 'fs';
export class Config { data = fs.readFileSync('config.json'); }`,
    options: [{ context: 'functions' }],
    errors: [readFileSync()],
  },
  {
    name: '"all": module top level',
    code: `import { readFileSync } from 'fs';
export const config = JSON.parse(readFileSync('config.json', 'utf8'));`,
    options: [{ context: 'all' }],
    errors: [readFileSync()],
  },
  {
    name: 'allow by name does not allow other APIs',
    code: `import { existsSync, readFileSync } from 'fs';
export async function load(p: string) { return existsSync(p) ? readFileSync(p) : null; }`,
    options: [{ allow: ['existsSync'] }],
    errors: [readFileSync(`import { existsSync, readFileSync } from 'fs';
import { readFile } from 'node:fs/promises';
export async function load(p: string) { return existsSync(p) ? await readFile(p) : null; }`)],
  },
);

valid.push(
  {
    name: 'module top level',
    code: `import { readFileSync } from 'node:fs';
export const config = JSON.parse(readFileSync('config.json', 'utf8'));`,
  },
  {
    name: 'an Array callback at module top level',
    code: `const fs = require('fs');
const templates = ['a.html', 'b.html'].map((f) => fs.readFileSync(f, 'utf8'));
module.exports = templates;`,
    languageOptions: commonjs,
  },
  {
    name: 'a lodash callback at module top level',
    code: `const _ = require('lodash');
const fs = require('fs');
module.exports = _.map(['a', 'b'], (f) => fs.readFileSync(f));`,
    languageOptions: commonjs,
  },
  {
    name: 'a Promise executor at module top level runs synchronously',
    code: `import fs from 'fs';
export const ready = new Promise((resolve) => resolve(fs.readFileSync('a')));`,
  },
  {
    name: 'a helper never called from an async context',
    code: `${HELPER}module.exports = readConfig;`,
    languageOptions: commonjs,
  },
  {
    name: 'a helper called only at start-up',
    code: `${HELPER}const config = readConfig();
require('http').createServer((req, res) => res.end(config));`,
    languageOptions: commonjs,
  },
  {
    name: "process.on('exit') listeners must be synchronous",
    code: `import fs from 'fs';
process.on('exit', () => fs.writeFileSync('state.json', '{}'));`,
  },
  {
    name: '"functions": module top level',
    code: `import { readFileSync } from 'fs';
export const config = readFileSync('config.json');`,
    options: [{ context: 'functions' }],
  },
  {
    name: 'allow by name and by catalog id',
    code: `import Database from 'better-sqlite3';
import { existsSync } from 'fs';
export async function find(db: Database.Database, id: number) {
  return existsSync('db') ? db.prepare('SELECT 1').get(id) : null;
}`,
    options: [{ allow: ['existsSync', 'better-sqlite3.Statement#get'] }],
  },
  {
    name: 'a file that names no catalog module is skipped',
    code: `export async function load(fs: any) { return fs.readFileSync('a'); }`,
    options: [{ context: 'all' }],
  },
);

// ------------------------------------------------------------------------------------------------
// Blocking APIs handed on as values: reported where they are taken, without a suggestion
const STAT = '`await stat(…)` (node:fs/promises)';

invalid.push(
  {
    name: 'passed as a callback, chosen by a condition, stored, returned, a parameter default',
    code: `import fs, { statSync } from 'node:fs';
export async function sizes(paths: string[], follow: boolean, read = fs.readFileSync) {
  const stat = follow ? statSync : fs.lstatSync;
  const reader = { read: fs.readFileSync };
  paths.map(fs.readFileSync);
  return [stat, reader, read];
}`,
    errors: [
      handedOn('readFileSync', 'fs', READ_FILE),
      handedOn('statSync', 'fs', STAT),
      handedOn('lstatSync', 'fs', '`await lstat(…)` (node:fs/promises)'),
      handedOn('readFileSync', 'fs', READ_FILE),
      handedOn('readFileSync', 'fs', READ_FILE),
    ],
  },
  {
    name: 'a variable scope analysis cannot follow (reassigned): the value is reported where it is taken, in async code',
    code: `let stat = require('fs').statSync;
module.exports = async function run(follow) {
  if (follow) stat = require('fs').lstatSync;
  return stat('.');
};`,
    languageOptions: commonjs,
    errors: [handedOn('lstatSync', 'fs', '`await lstat(…)` (node:fs/promises)')],
  },
  {
    name: 'an alias scope analysis follows: reported at its call, not where the alias is declared',
    code: `module.exports = async function run() {
  const stat = require('fs').statSync;
  return stat('.');
};`,
    languageOptions: commonjs,
    errors: [blocking('statSync', 'fs', STAT, [{ messageId: 'suggestAsync', data: { replacement: STAT }, output: `const { stat: statAsync } = require('node:fs/promises');
module.exports = async function run() {
  const stat = require('fs').statSync;
  return await statAsync('.');
};` }])],
  },
  {
    name: 'a blocking API assigned to another API\'s place is handed on',
    code: `const fs = require('fs');
module.exports = async function swap() { fs.lstatSync = fs.statSync; };`,
    languageOptions: commonjs,
    errors: [handedOn('statSync', 'fs', STAT)],
  },
  {
    name: 're-exported, from the module or through a binding (as compiled CommonJS\'s getters show): reported with context all',
    code: `import { statSync } from 'node:fs';
export { readFileSync, existsSync as exists } from 'node:fs';
export { statSync };
export type { Stats } from 'node:fs';
export { promises } from 'node:fs';`,
    options: [{ context: 'all' }],
    errors: [
      handedOn('readFileSync', 'fs', READ_FILE),
      handedOn('existsSync', 'fs', '`await access(path).then(() => true, () => false)` (node:fs/promises)'),
      handedOn('statSync', 'fs', STAT),
    ],
  },
  {
    name: 're-exported, in JavaScript parsed by espree',
    code: `import { statSync } from 'fs';
export { statSync };
export { lstatSync as lstat } from 'fs';`,
    languageOptions: { parser: espree, sourceType: 'module' } as TestLanguageOptions,
    options: [{ context: 'all' }],
    errors: [handedOn('statSync', 'fs', STAT), handedOn('lstatSync', 'fs', '`await lstat(…)` (node:fs/promises)')],
  },
  {
    name: 'a destructured require, in CommonJS',
    code: `const { readFileSync } = require('fs');
module.exports = async function loadAll(paths) { return paths.map(readFileSync); };`,
    languageOptions: commonjs,
    errors: [handedOn('readFileSync', 'fs', READ_FILE)],
  },
);

valid.push(
  {
    name: 'a blocking API compared, tested, or read from, but not handed on',
    code: `import fs, { statSync } from 'node:fs';
export async function check(options: { fs: typeof fs }) {
  if (options.fs.statSync === fs.statSync && typeof statSync === 'function' && fs.readFileSync) return fs.readFileSync.name;
  return null;
}`,
  },
  {
    name: 'a value handed on outside async code (context: async)',
    code: `import fs from 'node:fs';
export const readers = [fs.readFileSync];`,
  },
  {
    name: 'a blocking API put back in its own place (a test restoring a stub), and an alias assigned once',
    code: `const fs = require('fs');
module.exports = async function withStub(fn) {
  var statSync = fs.statSync;
  let read;
  read = fs.readFileSync;
  try {
    fs.statSync = () => { throw new Error('stub'); };
    return await fn();
  } finally {
    fs.statSync = statSync;
  }
};`,
    languageOptions: commonjs,
    options: [{ context: 'all' }],
  },
  {
    name: 'an allowed API handed on',
    code: `import fs from 'node:fs';
export async function list(paths: string[]) { return paths.filter(fs.existsSync); }`,
    options: [{ allow: ['existsSync'] }],
  },
  {
    name: 'a local function that shares a blocking API\'s name',
    code: `import fs from 'node:fs';
const readFileSync = (p: string) => p;
export async function names(paths: string[]) { fs.mkdirSync; return paths.map(readFileSync); }`,
  },
);

ruleTester.run('no-sync-io', rule, { valid, invalid });
