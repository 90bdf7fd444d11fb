import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { matchBlockingCall, sleepCommandSeconds, sourceTextPattern, type CallLike } from '../../src/analysis/blocking-calls.js';
import { Resolver, resolverFor } from '../../src/analysis/resolve.js';
import { catalogModuleNames } from '../../src/catalog/index.js';
import { allNodes, withSource, type SourceOptions } from './lint-source.js';

function isCall(node: TSESTree.Node): node is CallLike {
  return node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression
    || node.type === AST_NODE_TYPES.TaggedTemplateExpression;
}

/** The catalog ids of the blocking calls of `code`, in tree order (an outer call before the calls inside it). */
function blockingIds(code: string, options?: SourceOptions): string[] {
  return withSource(code, (sourceCode) => {
    const resolver = new Resolver(sourceCode);
    return allNodes(sourceCode.ast, sourceCode.visitorKeys).filter(isCall)
      .flatMap((call) => matchBlockingCall(call, resolver)?.id ?? []);
  }, options);
}

const cjs: SourceOptions = { sourceType: 'commonjs', filename: 'file.js' };

describe('Resolver and matchBlockingCall: import forms', () => {
  it.each([
    ['ESM named import', `import { readFileSync } from 'fs'; readFileSync('a');`],
    ['ESM aliased named import', `import { readFileSync as rf } from 'fs'; rf('a');`],
    ['ESM default import', `import fs from 'fs'; fs.readFileSync('a');`],
    ['ESM namespace import', `import * as fs from 'fs'; fs.readFileSync('a');`],
    ['node: prefix', `import { readFileSync } from 'node:fs'; readFileSync('a');`],
    ['computed static property', `import fs from 'fs'; fs['readFileSync']('a');`],
    ['fs.default on a namespace', `import * as fs from 'fs'; fs.default.readFileSync('a');`],
    ['import x = require()', `import fs = require('fs'); fs.readFileSync('a');`],
    ['await import()', `const fs = await import('node:fs'); fs.readFileSync('a');`],
    ['createRequire', `import { createRequire } from 'module'; const require = createRequire(import.meta.url); require('fs').readFileSync('a');`],
    ['createRequire of node:module, another name', `import { createRequire } from 'node:module'; const load = createRequire(import.meta.url); load('fs').readFileSync('a');`],
    ['TS non-null and cast', `import fs from 'fs'; (fs as typeof fs).readFileSync!('a');`],
    ['optional call', `import fs from 'fs'; fs.readFileSync?.('a');`],
  ])('%s', (_, code) => {
    expect(blockingIds(code)).toEqual(['fs.readFileSync']);
  });

  it.each([
    ['require', `const fs = require('fs'); fs.readFileSync('a');`],
    ['require member', `const readFileSync = require('fs').readFileSync; readFileSync('a');`],
    ['require destructuring with alias', `const { readFileSync: rf } = require('node:fs'); rf('a');`],
    ['require destructuring with a default', `const { readFileSync = null } = require('fs'); readFileSync('a');`],
    ['var require', `var fs = require('fs'); fs.readFileSync('a');`],
    ['module.require', `const fs = module.require('fs'); fs.readFileSync('a');`],
    ['tsc (0, fs_1.readFileSync)', `const fs_1 = require("fs"); (0, fs_1.readFileSync)("a");`],
    ['tsc __importStar', `const fs = __importStar(require("fs")); fs.readFileSync("a");`],
    ['tslib __importStar', `const tslib_1 = require("tslib"); const fs = tslib_1.__importStar(require("fs")); fs.readFileSync("a");`],
    ['tsc __importDefault', `const fs_1 = __importDefault(require("fs")); fs_1.default.readFileSync("a");`],
    ['inline __importDefault', `__importDefault(require("fs")).default.readFileSync("a");`],
    ['Babel _interopRequireDefault', `var _fs = _interopRequireDefault(require("fs")); _fs.default.readFileSync("a");`],
    ['Babel _interopRequireWildcard', `var fs = _interopRequireWildcard(require("fs")); (0, fs.readFileSync)("a");`],
    ['esbuild __toESM', `var import_fs = __toESM(require("fs")); (0, import_fs.readFileSync)("a");`],
    ['rolldown __toESM, reassigned to itself', `let node_fs = require("node:fs");\nnode_fs = __toESM(node_fs, 1);\nnode_fs.default.readFileSync("a");`],
    ['fs-extra as fs', `const fse = require('fs-extra'); fse.readFileSync('a');`],
    ['graceful-fs as fs', `const gfs = require('graceful-fs'); gfs.readFileSync('a');`],
  ])('CommonJS: %s', (_, code) => {
    expect(blockingIds(code, cjs)).toEqual(['fs.readFileSync']);
  });

  it.each([
    ['a condition or nothing', `var fs = !isDeno ? require('node:fs') : undefined; fs.readFileSync('a');`],
    ['nothing or a condition', `var fs = isDeno ? void 0 : require('fs'); fs.readFileSync('a');`],
    ['the same module in both branches', `const fs = c ? require('fs') : require('node:fs'); fs.readFileSync('a');`],
    ['a condition, assigned later', `let fs; fs = c ? require('fs') : null; fs.readFileSync('a');`],
    ['a condition in parentheses, as a callee', `(c ? require('fs') : undefined).readFileSync('a');`],
    ['&&', `const fs = isNode && require('fs'); fs.readFileSync('a');`],
    ['||', `const fs = require('fs') || false; fs.readFileSync('a');`],
    ['??', `const fs = require('fs') ?? null; fs.readFileSync('a');`],
  ])('CommonJS, a choice: %s', (_, code) => {
    expect(blockingIds(code, cjs)).toEqual(['fs.readFileSync']);
  });

  it.each([
    ['await import(), a condition or nothing', `const fs = !isDeno ? (await import('node:fs')).default : undefined; fs.readFileSync('a');`],
    ['await import() alone', `const fs = (await import('node:fs')).default; fs.readFileSync('a');`],
    ['TS casts around the branches', `const fs = (c ? require('fs') as typeof import('fs') : undefined!)!; fs.readFileSync('a');`],
  ])('ESM, a choice: %s', (_, code) => {
    expect(blockingIds(code)).toEqual(['fs.readFileSync']);
  });

  it.each([
    ['fs or a local module', `const fs = c ? require('node:fs') : require('./my-fs'); fs.readFileSync('a');`],
    ['fs or an unknown value', `const fs = c ? require('fs') : somethingElse; fs.readFileSync('a');`],
    ['an injected fs or fs', `const fs = options.fs || require('fs'); fs.readFileSync('a');`],
    ['fs or graceful-fs (two modules, however alike)', `const fs = c ? require('fs') : require('graceful-fs'); fs.readFileSync('a');`],
    ['nothing in either branch', `const fs = c ? undefined : null; fs.readFileSync('a');`],
    ['the test of a condition', `const fs = require('fs') ? x : undefined; fs.readFileSync('a');`],
    ['the left of &&', `const fs = require('fs') && x; fs.readFileSync('a');`],
  ])('CommonJS, not a module: %s', (_, code) => {
    expect(blockingIds(code, cjs)).toEqual([]);
  });

  it.each([
    ['fs.promises', `import fs from 'fs'; fs.promises.readFile('a');`],
    ['fs/promises', `import { readFile } from 'fs/promises'; readFile('a');`],
    ['a destructured promises namespace', `const { promises: { readFile } } = require('fs'); readFile('a');`],
    ["the project's own readFileSync", `import 'fs'; function readFileSync(p: string) {} readFileSync('a');`],
    ['a parameter shadowing fs', `import fs from 'fs'; function f(fs: any) { fs.readFileSync('a'); }`],
    ['a reassigned require', `let fs = require('fs'); fs = other; fs.readFileSync('a');`],
    ['an unknown module', `import fs from './fs'; fs.readFileSync('a');`],
    ['a dynamic property', `import fs from 'fs'; fs[name]('a');`],
    ['a non-blocking export', `import { createReadStream } from 'fs'; createReadStream('a');`],
  ])('not blocking: %s', (_, code) => {
    expect(blockingIds(code)).toEqual([]);
  });

  it('follows this.field assigned a catalog function in the constructor', () => {
    expect(blockingIds(`import fs from 'fs';
class Reader {
  private read: typeof fs.readFileSync;
  constructor() { this.read = fs.readFileSync; }
  load() { return this.read('a'); }
}`)).toEqual(['fs.readFileSync']);
  });
});

describe('Resolver and matchBlockingCall: instances and conditions', () => {
  it('tracks better-sqlite3 instances from new Database() through statements', () => {
    expect(blockingIds(`import Database from 'better-sqlite3';
const db = new Database('app.db');
const stmt = db.prepare('SELECT 1').pluck();
stmt.get();
db.prepare('x').all();
db.exec('x');`)).toEqual(['better-sqlite3', 'better-sqlite3.Statement#get', 'better-sqlite3.Statement#all', 'better-sqlite3.Database#exec']);
  });

  it('tracks typed parameters, parameter properties and fields', () => {
    expect(blockingIds(`import type { Database, Statement } from 'better-sqlite3';
import type DB from 'better-sqlite3';
function a(db: DB.Database) { db.prepare('x').run(); }
function b(stmt: Statement) { stmt.iterate(); }
class Repo {
  constructor(private db: Database) {}
  f() { this.db.pragma('x'); }
}`)).toEqual(['better-sqlite3.Statement#run', 'better-sqlite3.Statement#iterate', 'better-sqlite3.Database#pragma']);
  });

  it('tracks node:sqlite', () => {
    expect(blockingIds(`import { DatabaseSync } from 'node:sqlite';
new DatabaseSync(':memory:').prepare('x').all();`)).toEqual(['node:sqlite.StatementSync#all', 'node:sqlite.DatabaseSync']);
  });

  it('the npm sqlite package is not node:sqlite', () => {
    expect(blockingIds(`import { DatabaseSync } from 'sqlite'; new DatabaseSync(':memory:');`)).toEqual([]);
  });

  it('XMLHttpRequest: only open(…, false), and only the global', () => {
    expect(blockingIds(`const a = new XMLHttpRequest(); a.open('GET', u, false); a.open('GET', u, true); a.open('GET', u);`))
      .toEqual(['XMLHttpRequest#open']);
    expect(blockingIds(`import 'fs'; class XMLHttpRequest { open() {} } const a = new XMLHttpRequest(); a.open('GET', u, false);`))
      .toEqual([]);
  });

  it('shelljs exec blocks only without a callback or async: true', () => {
    expect(blockingIds(`const shell = require('shelljs');
shell.exec('a'); shell.exec('b', () => {}); shell.exec('c', { async: true }); shell.exec('d', { silent: true });`, cjs))
      .toEqual(['shelljs.exec', 'shelljs.exec']);
  });

  it('sync-fetch, execa (tagged template included), glob', () => {
    expect(blockingIds(`const fetch = require('sync-fetch');
const { $, execaSync } = require('execa');
const glob = require('glob');
fetch('u'); execaSync('ls'); $.sync\`ls\`; glob.sync('*');`, cjs)).toEqual(['sync-fetch', 'execa.execaSync', 'execa.$.sync', 'glob.sync']);
  });

  it('shares one resolver per file', () => {
    withSource(`import 'fs';`, (sourceCode) => {
      expect(resolverFor(sourceCode)).toBe(resolverFor(sourceCode));
    });
  });
});

describe('sleepCommandSeconds', () => {
  function seconds(code: string): Array<number | undefined> {
    return withSource(code, (sourceCode) => {
      const resolver = new Resolver(sourceCode);
      return allNodes(sourceCode.ast, sourceCode.visitorKeys).filter(isCall).flatMap((call) => {
        const entry = matchBlockingCall(call, resolver);
        return entry === undefined ? [] : [sleepCommandSeconds(call, entry)];
      });
    });
  }

  it('reads the duration of sleep commands, with units', () => {
    expect(seconds(`import { execSync, execFileSync, spawnSync } from 'child_process';
import shell from 'shelljs';
execSync('sleep 2'); execSync(' sleep 0.5 '); execFileSync('sleep', ['1m']); spawnSync('sleep', ['.25']);
shell.exec('sleep 1h'); execSync('sleep 2d');`)).toEqual([2, 0.5, 60, 0.25, 3600, 172_800]);
  });

  it('is undefined for anything but a plain sleep', () => {
    expect(seconds(`import { execSync, execFileSync } from 'child_process';
execSync('sleep 1 && ls'); execSync('sleep'); execSync('sleep x'); execFileSync('sleep', ['1', '2']); execSync(cmd); execSync('ls');`))
      .toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('sourceTextPattern', () => {
  const pattern = sourceTextPattern(catalogModuleNames(), ['XMLHttpRequest']);

  it.each([
    `import fs from 'fs'`, `require("node:fs")`, 'require(`child_process`)', `import('better-sqlite3')`,
    `import x = require('fs-extra')`, `from 'node:sqlite'`, `new XMLHttpRequest()`,
  ])('matches %s', (text) => {
    expect(pattern.test(text)).toBe(true);
  });

  it.each([`import fs from 'fsx'`, `require('./fs')`, `import 'fs-plus'`, `const fs = 1`, `XMLHttpRequestUpload`, `from 'sqlite'`])(
    'does not match %s', (text) => {
      expect(pattern.test(text)).toBe(false);
    });
});
