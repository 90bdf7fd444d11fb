import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester, type InvalidTestCase, type TestLanguageOptions } from '@typescript-eslint/rule-tester';
import * as tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { SourceCode } from 'eslint';
import { describe, expect, it } from 'vitest';
import rule, { type MessageIds, type Options } from '../../rules/no-floating-promises.js';
import { findFloatingPromises } from '../../src/analysis/promises.js';
import { DOCS_BASE, packageRoot } from '../../src/package-info.js';

type Invalid = InvalidTestCase<MessageIds, Options>;

const fixtureDir = fileURLToPath(new URL('../fixtures-typed', import.meta.url));

const untyped = new RuleTester();
const typed = new RuleTester({
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ['*.ts*', '*.cts'], defaultProject: 'tsconfig.json' },
      tsconfigRootDir: fixtureDir,
    },
  },
});

const TS_HANDLER = '(error: unknown) => { console.error(error); }';
const JS_HANDLER = '(error) => { console.error(error); }';
// ESLint's `sourceType: 'commonjs'` (what .cjs files get); RuleTester's type omits the field, ESLint reads it.
const COMMONJS = { sourceType: 'commonjs' } as TestLanguageOptions;

interface Expect {
  /** Whether `await` may be suggested there (async function, or ESM top level). */
  canAwait: boolean;
  /** A .js file: the suggested handler has no type annotation. */
  js?: boolean;
  /** `(…)` around the expression in the suggestions. */
  parens?: boolean;
}

/** The code without its «markers». */
function unmark(marked: string): string {
  return marked.replaceAll(/[«»]/g, '');
}

/** The code with the `index`-th «marked» expression replaced by `replace(expression)`. */
function rewriteMarked(marked: string, index: number, replace: (expression: string) => string): string {
  let seen = -1;
  return unmark(marked.replaceAll(/«([^»]*)»/g, (whole, expression: string) => (++seen === index ? replace(expression) : whole)));
}

/** The error for the `index`-th floating promise «marked» in the code, with its exact suggestions. */
function floatingError(marked: string, { canAwait, js = false, parens = false }: Expect, index = 0): Invalid['errors'][number] {
  const handler = js ? JS_HANDLER : TS_HANDLER;
  const wrap = (e: string): string => (parens ? `(${e})` : e);
  const suggestions = [
    ...(canAwait ? [{ messageId: 'addAwait' as const, output: rewriteMarked(marked, index, (e) => `await ${wrap(e)}`) }] : []),
    { messageId: 'addCatch' as const, output: rewriteMarked(marked, index, (e) => `void ${wrap(e)}.catch(${handler})`) },
  ];
  return { messageId: 'floating', suggestions };
}

/** A case with one floating promise, «marked» in the code. */
function floating(marked: string, expectation: Expect & Partial<Invalid>): Invalid {
  const { canAwait, js, parens, ...rest } = expectation;
  return { code: unmark(marked), errors: [floatingError(marked, { canAwait, js, parens })], ...rest };
}

describe('no-floating-promises', () => {
  it('links to its documentation page, which exists', () => {
    const url = rule.meta.docs?.url ?? '';
    expect(url.startsWith(`${DOCS_BASE}/`)).toBe(true);
    expect(existsSync(join(packageRoot, 'docs', url.slice(DOCS_BASE.length + 1)))).toBe(true);
  });
});

untyped.run('no-floating-promises (without type information)', rule, {
  valid: [
    // awaited, returned, assigned, passed on, yielded
    'async function save() {}\nasync function run() { await save(); }',
    'async function save() {}\nfunction run() { return save(); }',
    'const save = async () => {};\nconst run = () => save();',
    'async function save() {}\nconst pending = save();\nlet later;\nlater = save();\nconst box = { p: null as unknown };\nbox.p = save();',
    'async function save() {}\ndeclare function track(p: Promise<void>): void;\ntrack(save());',
    'async function save() {}\nasync function* run() { yield save(); }',
    'async function save() {}\nasync function run() { await Promise.all([save(), save()]); }',
    // handled
    'async function save() {}\nsave().catch((error) => console.error(error));',
    'async function save() {}\ndeclare function log(e: unknown): void;\nsave().catch(log);',
    'async function save() {}\nsave().then(() => {}, (error) => console.error(error));',
    'async function save() {}\nsave().catch(() => {}).finally(() => {});',
    // `void` marks a deliberate fire-and-forget by default
    'async function save() {}\nvoid save();',
    'async function save() {}\ndeclare const ready: boolean;\nready && void save();',
    // not promises as far as the file shows
    "import { saveLater } from './tasks.js';\nsaveLater('x');",
    'function save() {}\nsave();',
    'async function* stream() {}\nstream();',
    "declare const thing: { then(f: () => void): void };\nthing.then(() => {});",
    "import { appendFile } from './my-fs.js';\nappendFile('log', 'line');",
    "const fs = { promises: { writeFile(path: string) { return path; } } };\nfs.promises.writeFile('a');",
    "import { appendFileSync } from 'node:fs';\nappendFileSync('log', 'line');",
    'setTimeout(() => {}, 10);',
    "function load(fetch: (url: string) => void) { fetch('x'); }",
    'function mixed(ok: boolean) { if (ok) return 1; return fetch("x"); }\nmixed(true);',
    // fs-extra takes a callback instead of returning a promise
    "import fse from 'fs-extra';\nfse.copy('a', 'b', (error) => console.error(error));",
    "import fse from 'fs-extra';\nfunction copyAll(callback: (e: unknown) => void) { fse.copy('a', 'b', callback); }",
    // so do write-file-atomic and jsonfile
    "import writeFileAtomic from 'write-file-atomic';\nwriteFileAtomic('a', 'b', (error) => console.error(error));",
    "import jsonfile from 'jsonfile';\njsonfile.writeFile('a.json', {}, (error) => console.error(error));",
    "import bcrypt from 'bcrypt';\nbcrypt.hash('secret', 10, (error, hash) => console.log(error, hash));",
    // callbacks: not async, guarded, or not checked
    'declare function log(x: unknown): void;\n[1, 2].forEach((x) => log(x));',
    "import { EventEmitter } from 'node:events';\nasync function save() {}\nconst emitter = new EventEmitter();\nemitter.on('x', async () => {\n  try {\n    await save();\n  } catch (error) {\n    console.error(error);\n  }\n});",
    { code: '[1, 2].forEach(async (x) => { await x; });', options: [{ checkCallbacks: false }] },
    // not a listener registration: no event name comes first
    'declare const worker: { on(f: (m: unknown) => void): void };\nworker.on(async (message) => { await fetch(String(message)); });',
    { code: 'async function save() {}\n(async () => { await save(); })();', options: [{ ignoreIIFE: true }] },
    'async function save() {}\nclass Store { value = save(); }',
  ],
  invalid: [
    floating('async function save() {}\nasync function run() {\n  «save()»;\n}', { canAwait: true }),
    // ESM top level: top-level await is possible
    floating('async function save() {}\n«save()»;', { canAwait: true }),
    // CommonJS: no top-level await, so only `.catch`
    floating('async function save() {}\n«save()»;', { canAwait: false, js: true, filename: 'file.js', languageOptions: COMMONJS }),
    floating('async function save() {}\nfunction run() {\n  «save()»;\n}', { canAwait: false }),
    floating('const save = async () => {};\n«save()»;', { canAwait: true }),
    floating('const save = async function () {};\nasync function run() { «save()»; }', { canAwait: true }),
    floating('function save(): Promise<void> { return Promise.resolve(); }\n«save()»;', { canAwait: true }),
    // class methods via `this`, statics, instances and inherited methods
    floating('class Store {\n  async save() {}\n  flush() {\n    «this.save()»;\n  }\n}', { canAwait: false }),
    floating('class Store {\n  #write = async () => {};\n  async flush() {\n    «this.#write()»;\n  }\n}', { canAwait: true }),
    floating('class Store {\n  static async open() {}\n}\n«Store.open()»;', { canAwait: true }),
    floating('class Store {\n  async save() {}\n}\nconst store = new Store();\n«store.save()»;', { canAwait: true }),
    floating('class Base {\n  async save() {}\n}\nclass Store extends Base {\n  flush() {\n    «this.save()»;\n  }\n}', { canAwait: false }),
    floating('abstract class Store {\n  abstract save(): Promise<void>;\n  flush() {\n    «this.save()»;\n  }\n}', { canAwait: false }),
    floating('const api = {\n  async save() {},\n  flush() {\n    «this.save()»;\n  },\n};', { canAwait: false }),
    floating('const api = { save: async () => {} };\n«api.save()»;', { canAwait: true }),
    // `await` is not allowed in a static block
    floating('async function save() {}\nclass Store {\n  static {\n    «save()»;\n  }\n}', { canAwait: false }),
    // promises the language makes
    floating('«new Promise((resolve) => setTimeout(resolve, 10))»;', { canAwait: true }),
    floating('«Promise.reject(new Error("x"))»;', { canAwait: true }),
    floating('async function save() {}\n«Promise.all([save(), save()])»;', { canAwait: true }),
    floating("«import('./plugin.js')»;", { canAwait: true }),
    floating('«(async () => {\n  await 1;\n})()»;', { canAwait: true }),
    // chains that still float
    floating('async function save() {}\n«save().then(() => {})»;', { canAwait: true }),
    floating('async function save() {}\n«save().finally(() => {})»;', { canAwait: true }),
    floating('async function save() {}\n«save().catch(undefined)»;', { canAwait: true }),
    floating('async function save() {}\n«save().catch(() => {}).then(() => {})»;', { canAwait: true }),
    floating('async function save() {}\nconst pending = save();\n«pending.then(() => {})»;', { canAwait: true }),
    // arms of `&&`, `?:` and `,`
    floating('async function save() {}\ndeclare const ready: boolean;\nready && «save()»;', { canAwait: true }),
    floating('async function save() {}\ndeclare const ready: boolean;\nready ? «save()» : null;', { canAwait: true }),
    // a type assertion is kept inside parentheses
    floating('async function save() {}\n«save() as Promise<void>»;', { canAwait: true, parens: true }),
    // catalog APIs, resolved through scope analysis
    floating("import fs from 'node:fs';\nasync function log(line: string) {\n  «fs.promises.writeFile('log.txt', line)»;\n}", { canAwait: true }),
    floating("import { appendFile as append } from 'node:fs/promises';\nexport function logEvent(line: string): void {\n  «append('events.log', line)»;\n}", { canAwait: false }),
    floating("import * as fsp from 'fs/promises';\n«fsp.rm('tmp', { recursive: true })»;", { canAwait: true }),
    floating("import { promises as fsp } from 'node:fs';\n«fsp.unlink('x')»;", { canAwait: true }),
    floating("const { writeFile } = require('fs/promises');\n«writeFile('a', 'b')»;", { canAwait: false, js: true, filename: 'file.js', languageOptions: COMMONJS }),
    floating("import { setTimeout as sleep } from 'node:timers/promises';\n«sleep(100)»;", { canAwait: true }),
    floating("import { pipeline } from 'node:stream/promises';\ndeclare const a: NodeJS.ReadableStream, b: NodeJS.WritableStream;\n«pipeline(a, b)»;", { canAwait: true }),
    floating("import dns from 'node:dns';\n«dns.promises.lookup('example.com')»;", { canAwait: true }),
    floating("«fetch('https://example.com')»;", { canAwait: true }),
    floating("import { promisify } from 'node:util';\nimport { exec } from 'node:child_process';\nconst run = promisify(exec);\n«run('ls')»;", { canAwait: true }),
    floating("const util = require('util');\nconst cp = require('child_process');\n«util.promisify(cp.execFile)('ls')»;", { canAwait: false, js: true, filename: 'file.js', languageOptions: COMMONJS }),
    floating("import fse from 'fs-extra';\n«fse.remove('dist')»;", { canAwait: true }),
    floating("import writeFileAtomic from 'write-file-atomic';\n«writeFileAtomic('a', 'b')»;", { canAwait: true }),
    floating("import { writeFile } from 'jsonfile';\n«writeFile('a.json', {})»;", { canAwait: true }),
    floating("import bcrypt from 'bcryptjs';\n«bcrypt.hash('secret', 10)»;", { canAwait: true }),
    floating("import { deleteAsync } from 'del';\n«deleteAsync(['tmp'])»;", { canAwait: true }),
    floating("const findUp = require('find-up');\n«findUp('package.json')»;", { canAwait: false, js: true, filename: 'file.js', languageOptions: COMMONJS }),
    floating("import { open } from 'sqlite';\nconst db = await open({ filename: 'app.db' });\n«db.exec('VACUUM')»;", { canAwait: true }),
    floating("import { open } from 'sqlite';\n«open({ filename: 'app.db' })»;", { canAwait: true }),
    // compiled TypeScript (tsc's __awaiter) in a CommonJS file
    floating([
      '"use strict";',
      'var __awaiter = (this && this.__awaiter) || function () {};',
      'const promises_1 = require("fs/promises");',
      'function save(text) {',
      '    return __awaiter(this, void 0, void 0, function* () { yield (0, promises_1.writeFile)("a", text); });',
      '}',
      'function main() {',
      '    «save("x")»;',
      '}',
    ].join('\n'), { canAwait: false, js: true, filename: 'file.js', languageOptions: COMMONJS }),
    // an ES module in JavaScript: top-level await, untyped handler
    floating("import { readFile } from 'node:fs/promises';\n«readFile('a')»;", { canAwait: true, js: true, filename: 'file.mjs' }),
    // with `ignoreVoid: false`, `void` handles nothing: `await` replaces it, `.catch` goes inside it
    {
      code: 'async function save() {}\nasync function run() { void save(); }',
      options: [{ ignoreVoid: false }],
      errors: [{
        messageId: 'floating',
        suggestions: [
          { messageId: 'addAwait', output: 'async function save() {}\nasync function run() { await save(); }' },
          { messageId: 'addCatch', output: `async function save() {}\nasync function run() { void save().catch(${TS_HANDLER}); }` },
        ],
      }],
    },
    // several arms of one statement
    {
      code: 'async function save() {}\nasync function load() {}\nsave(), load();',
      errors: [
        floatingError('async function save() {}\nasync function load() {}\n«save()», «load()»;', { canAwait: true }, 0),
        floatingError('async function save() {}\nasync function load() {}\n«save()», «load()»;', { canAwait: true }, 1),
      ],
    },
    // an array of promises
    {
      code: 'async function save(n: number) {}\nasync function run(items: number[]) {\n  items.map(async (n) => save(n));\n}',
      errors: [{
        messageId: 'floatingArray',
        suggestions: [
          { messageId: 'awaitAll', output: 'async function save(n: number) {}\nasync function run(items: number[]) {\n  await Promise.all(items.map(async (n) => save(n)));\n}' },
          { messageId: 'catchAll', output: `async function save(n: number) {}\nasync function run(items: number[]) {\n  void Promise.all(items.map(async (n) => save(n))).catch(${TS_HANDLER});\n}` },
        ],
      }],
    },
    // callbacks whose promises are dropped
    {
      code: 'async function save(n: number) {}\nexport function saveAll(items: number[]) {\n  items.forEach(async (n) => {\n    await save(n);\n  });\n}',
      errors: [{ messageId: 'forEachCallback', line: 3, column: 17 }],
    },
    {
      code: 'async function save(n: number) {}\ndeclare const items: { forEach(f: (n: number) => void): void };\nitems.forEach(save);',
      errors: [{ messageId: 'forEachCallback', line: 3, column: 15 }],
    },
    {
      code: "import { EventEmitter } from 'node:events';\nasync function save() {}\nconst emitter = new EventEmitter();\nemitter.on('message', async () => {\n  await save();\n});",
      errors: [{ messageId: 'listenerCallback', data: { method: 'on' }, line: 4 }],
    },
    {
      code: "declare const button: EventTarget;\nbutton.addEventListener('click', async () => { await fetch('/'); });",
      errors: [{ messageId: 'listenerCallback', data: { method: 'addEventListener' } }],
    },
  ],
});

typed.run('no-floating-promises (with type information)', rule, {
  valid: [
    "import { count } from './tasks.js';\ncount();",
    "import { saveLater } from './tasks.js';\nasync function run() { await saveLater('x'); }",
    "import { saveLater } from './tasks.js';\nfunction run() { return saveLater('x'); }",
    "import { saveLater } from './tasks.js';\nconst pending = saveLater('x');",
    "import { saveLater } from './tasks.js';\nasync function run() { await Promise.all([saveLater('a'), saveLater('b')]); }",
    "import { saveLater } from './tasks.js';\nvoid saveLater('x');",
    "import { saveLater } from './tasks.js';\nsaveLater('x').catch((error: unknown) => console.error(error));",
    "import { query } from './tasks.js';\nquery().then(() => 1, () => 2);",
    "import type { AwaitingEmitter } from './tasks.js';\ndeclare const emitter: AwaitingEmitter;\nemitter.on('x', async () => {});",
    // the checker knows this `save` returns nothing, whatever its name
    'declare function save(): void;\nsave();',
    'declare const items: { forEach(f: (n: number) => Promise<void>): Promise<void> };\nasync function run() { await items.forEach(async () => {}); }',
    // node:test tracks the promises of its tests and suites, as typescript-eslint's allowForKnownSafeCalls example says
    "import { test, describe as group } from 'node:test';\ngroup('suite', () => {\n  test('a', async () => {});\n  test.skip('b', async () => {});\n});",
  ],
  invalid: [
    // only type information sees that an imported function returns a promise
    floating("import { saveLater } from './tasks.js';\n«saveLater('x')»;", { canAwait: true }),
    // a function of the same name from elsewhere is no runner's
    floating("import { saveLater as test } from './tasks.js';\n«test('x')»;", { canAwait: true }),
    // a thenable that is not a Promise
    floating("import { query } from './tasks.js';\nasync function run() { «query()»; }", { canAwait: true }),
    floating("import { saveLater } from './tasks.js';\n«saveLater('x').then(() => {})»;", { canAwait: true }),
    floating("import { saveLater } from './tasks.js';\n«saveLater('x').finally(() => {})»;", { canAwait: true }),
    // a rejection handler that is not a function handles nothing
    floating("import { saveLater } from './tasks.js';\n«saveLater('x').catch('ignored')»;", { canAwait: true }),
    floating("import { saveLater } from './tasks.js';\n«Promise.all([saveLater('a'), saveLater('b')])»;", { canAwait: true }),
    floating("import fs from 'node:fs';\nasync function log(line: string) {\n  «fs.promises.writeFile('log.txt', line)»;\n}", { canAwait: true }),
    floating("import { appendFile as append } from 'node:fs/promises';\nexport function logEvent(line: string): void {\n  «append('events.log', line)»;\n}", { canAwait: false }),
    // the compiler options make a .cts file CommonJS: no top-level await, though ESLint parses it as a module
    floating("import { writeFile } from 'node:fs/promises';\n«writeFile('a', 'b')»;", { canAwait: false, filename: 'file.cts' }),
    {
      code: "import { saveLater } from './tasks.js';\nasync function run() { void saveLater('x'); }",
      options: [{ ignoreVoid: false }],
      errors: [{
        messageId: 'floating',
        suggestions: [
          { messageId: 'addAwait', output: "import { saveLater } from './tasks.js';\nasync function run() { await saveLater('x'); }" },
          { messageId: 'addCatch', output: `import { saveLater } from './tasks.js';\nasync function run() { void saveLater('x').catch(${TS_HANDLER}); }` },
        ],
      }],
    },
    {
      code: "import { saveLater } from './tasks.js';\nexport function saveAll(items: string[]) {\n  items.forEach(async (item) => { await saveLater(item); });\n}",
      errors: [{ messageId: 'forEachCallback' }],
    },
    // a callback that returns a promise without being `async`
    {
      code: "import { saveLater } from './tasks.js';\nnew Set(['a']).forEach((item) => saveLater(item));",
      errors: [{ messageId: 'forEachCallback' }],
    },
    {
      code: "import { EventEmitter } from 'node:events';\nimport { saveLater } from './tasks.js';\nconst emitter = new EventEmitter();\nemitter.once('done', async () => { await saveLater('x'); });",
      errors: [{ messageId: 'listenerCallback', data: { method: 'once' } }],
    },
    // lib.dom's event targets (AbortSignal, Window): the overload the checker picks types the listener `=> any`
    {
      code: `import { saveLater } from './tasks.js';
interface SignalEvents { abort: Event }
declare const signal: {
  addEventListener<K extends keyof SignalEvents>(type: K, listener: (ev: SignalEvents[K]) => any): void;
  addEventListener(type: string, listener: (ev: Event) => void): void;
};
signal.addEventListener('abort', async () => { await saveLater('x'); });`,
      errors: [{ messageId: 'listenerCallback', data: { method: 'addEventListener' }, line: 7, column: 34 }],
    },
  ],
});

describe('findFloatingPromises (the detection the codemod shares)', () => {
  function sourceCodeOf(text: string): TSESLint.SourceCode {
    const { ast, scopeManager, visitorKeys, services } = tsParser.parseForESLint(text, { sourceType: 'module', range: true, loc: true, tokens: true, comment: true });
    return new SourceCode({ text, ast, scopeManager, visitorKeys, parserServices: services } as never) as unknown as TSESLint.SourceCode;
  }

  it('finds floating expressions and dropped callbacks in source order, and nothing handled', () => {
    const code = [
      "import { writeFile } from 'node:fs/promises';",
      'async function save() {}',
      'save();',
      "await writeFile('a', 'b');",
      "[1].forEach(async () => { await writeFile('c', 'd'); });",
      "void writeFile('e', 'f');",
    ].join('\n');
    const found = findFloatingPromises(sourceCodeOf(code));
    expect(found.map((f) => [f.kind, f.node.loc.start.line])).toEqual([['expression', 3], ['callback', 5]]);
  });

  it('applies the options', () => {
    const found = findFloatingPromises(sourceCodeOf("import { rm } from 'node:fs/promises';\nvoid rm('x');"), { ignoreVoid: false });
    expect(found).toHaveLength(1);
    expect(found[0]?.kind === 'expression' && found[0].voidOperator?.operator).toBe('void');
  });
});
