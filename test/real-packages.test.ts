import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TSESLint } from '@typescript-eslint/utils';
import { glob } from 'tinyglobby';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { compare, compareValues, NO_SYNC_IO_CATEGORIES } from '../scripts/oracle/compare.js';
import { pointInteropHelpersAtStandIns } from '../scripts/oracle/interop.js';
import { lintSites } from '../scripts/oracle/lint-sites.js';
import { REAL_PACKAGES, locatePackage, EXCLUDED } from '../scripts/oracle/packages.js';
import { findCatalogCalls, type OracleResult } from '../scripts/oracle/typescript-oracle.js';

/**
 * The measurement of scripts/real-packages.ts, offline: the oracle on files shaped like compiler output,
 * and the whole comparison on a pinned package when node_modules holds it.
 */

const FILES: Record<string, string> = {
  'package.json': '{ "type": "commonjs" }',
  'compiled.js': `"use strict";
var __importStar = (this && this.__importStar) || function (mod) { return mod; };
var __importDefault = (this && this.__importDefault) || function (mod) { return { default: mod }; };
const fs_1 = __importStar(require("fs"));
const cp_1 = __importDefault(require("child_process"));
(0, fs_1.readFileSync)("a");
cp_1.default.execSync("sleep 2");
cp_1.default.execSync("ls");
fs_1.readFile("a", () => {});
`,
  'babel.js': `"use strict";
function _fs() { const data = require("fs"); _fs = function () { return data; }; return data; }
var _zlib = _interopRequireDefault(require("zlib"));
function _interopRequireDefault(e) { return e && e.__esModule ? e : { default: e }; }
_fs().existsSync("a");
_zlib.default.gzipSync(buf);
`,
  'esm.mjs': `import fs, { statSync as stat } from 'node:fs';
import { copySync } from 'fs-extra';
import gfs from 'graceful-fs';
const { lstatSync } = fs;
stat('a');
lstatSync('b');
copySync('a', 'b');
gfs.readFileSync('c');
fs.opendirSync('d').readSync();
const key = Math.random() > 0.5 ? 'statSync' : 'lstatSync';
fs[key]('e');
fs[process.argv[2]]('f');
const readFileSync = (p) => p;
readFileSync('g');
`,
  'reexport.js': 'module.exports = require("fs");\n',
  'cross.js': 'const fs = require("./reexport.js");\nfs.readFileSync("a");\n',
  'reexports.mjs': `import { statSync } from 'node:fs';
export { readFileSync as read } from 'node:fs';
export { statSync };
export { readFileSync } from './reexport.js';
`,
  'values.js': `const fs = require('fs');
const local = require('./reexport.js');
const saved = fs.statSync;
module.exports = {
  exists: (paths) => paths.filter(fs.existsSync),
  stat: process.env.FOLLOW ? fs.statSync : fs.lstatSync,
  restore() { fs.statSync = saved; },
  far: [local.readFileSync],
  name: fs.readFileSync.name,
  same: fs.statSync === saved,
};
`,
};

let dir: string;
let files: string[];
let oracle: OracleResult;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'unblock-oracle-'));
  for (const [name, text] of Object.entries(FILES)) await writeFile(path.join(dir, name), text);
  files = Object.keys(FILES).filter((f) => f !== 'package.json').map((f) => path.join(dir, f));
  oracle = findCatalogCalls(files, { candidateNames: new Set(['readFileSync']) });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sitesOf = (file: string): Array<[string, string]> =>
  oracle.sites.filter((s) => s.file === path.join(dir, file)).map((s) => [s.text, s.entry.id]);

describe('the TypeScript oracle', () => {
  it('keeps offsets when it points interop helpers at its typed stand-ins', () => {
    const text = 'const a = tslib_1.__importStar(require("fs"));\nfunction _interopRequireDefault(e) {}\nb = _interopRequireDefault(require("zlib"));';
    const rewritten = pointInteropHelpersAtStandIns(text);
    expect(rewritten).toHaveLength(text.length);
    expect(rewritten).toContain('const a = __oS                (require("fs"));');
    expect(rewritten).toContain('function _interopRequireDefault(e) {}');
    expect(rewritten).toContain('b = __oD                  (require("zlib"));');
  });

  it('finds the calls of TypeScript output, through __importStar and __importDefault', () => {
    expect(sitesOf('compiled.js')).toEqual([
      ['(0, fs_1.readFileSync)("a")', 'fs.readFileSync'],
      ['cp_1.default.execSync("sleep 2")', 'child_process.execSync'],
      ['cp_1.default.execSync("ls")', 'child_process.execSync'],
    ]);
    expect(oracle.sites.find((s) => s.text.includes('sleep 2'))?.sleep).toBe(true);
    expect(oracle.sites.find((s) => s.text.includes('"ls"'))?.sleep).toBe(false);
  });

  it('finds the calls of Babel output: lazy requires and _interopRequireDefault', () => {
    expect(sitesOf('babel.js')).toEqual([
      ['_fs().existsSync("a")', 'fs.existsSync'],
      ['_zlib.default.gzipSync(buf)', 'zlib.gzipSync'],
    ]);
  });

  it('follows ESM imports, destructuring, npm re-exports of fs and literal computed keys', () => {
    expect(sitesOf('esm.mjs')).toEqual([
      ["stat('a')", 'fs.statSync'],
      ["lstatSync('b')", 'fs.lstatSync'],
      ["copySync('a', 'b')", 'fs-extra.copySync'],
      ["gfs.readFileSync('c')", 'fs.readFileSync'],
      ["fs.opendirSync('d')", 'fs.opendirSync'],
      ["fs[key]('e')", expect.stringMatching(/^fs\.l?statSync$/)],
    ]);
    expect(oracle.sites.find((s) => s.text === "fs[key]('e')")?.computedKey).toBe(true);
  });

  it('sets apart what it cannot count: APIs missing from the catalog, run-time keys, lookalikes', () => {
    expect(oracle.gaps.map((g) => g.api)).toEqual(['fs.Dir#readSync']);
    expect(oracle.dynamic.map((d) => d.text)).toEqual(["fs[process.argv[2]]('f')"]);
    expect(oracle.lookalikes.map((l) => [l.text, l.typed])).toEqual([["readFileSync('g')", true]]);
  });

  it('finds APIs handed on as values, but not aliases, member reads, comparisons, nor an API put back in its place', () => {
    const values = oracle.values.filter((v) => v.file === path.join(dir, 'values.js'));
    expect(values.map((v) => [v.text, v.entry.id, v.crossFile])).toEqual([
      ['fs.existsSync', 'fs.existsSync', false],
      ['fs.statSync', 'fs.statSync', false],
      ['fs.lstatSync', 'fs.lstatSync', false],
      ['local.readFileSync', 'fs.readFileSync', true],
    ]);
    expect(oracle.values.filter((v) => v.file === path.join(dir, 'reexports.mjs')).map((v) => [v.text, v.entry.id, v.crossFile])).toEqual([
      ['readFileSync', 'fs.readFileSync', false],
      ['statSync', 'fs.statSync', false],
      ['readFileSync', 'fs.readFileSync', true],
    ]);
  });

  it('marks a call reached through another file of the package', () => {
    expect(oracle.sites.filter((s) => s.crossFile).map((s) => s.text)).toEqual(['fs.readFileSync("a")']);
  });
});

describe('no-sync-io against the oracle', () => {
  const rule = rules['no-sync-io'] as TSESLint.RuleModule<string, readonly unknown[]>;

  it('agrees on the shapes above, setting apart the sleep command and the cross-file call', async () => {
    const lint = await lintSites(rule, [{ context: 'all' }], files, dir);
    const result = compare(oracle.sites, lint.sites, NO_SYNC_IO_CATEGORIES);
    expect(lint.fatal).toEqual([]);
    expect(result.falsePositives).toEqual([]);
    expect(result.outOfScope.map((o) => o.reason).sort()).toEqual(['cross-file', 'sleep-command']);
    // the one call no per-file resolver can name: a key chosen among two string literals
    expect(result.falseNegatives.map((s) => s.text)).toEqual(["fs[key]('e')"]);
  });

  it('agrees on the values handed on, reported apart from the calls', async () => {
    const lint = await lintSites(rule, [{ context: 'all' }], files, dir);
    const values = compareValues(oracle.values, lint.values, NO_SYNC_IO_CATEGORIES);
    expect(values.truePositives.map((t) => t.rule.text)).toEqual(['readFileSync', 'statSync', 'fs.existsSync', 'fs.statSync', 'fs.lstatSync']);
    expect(values.falsePositives).toEqual([]);
    expect(values.falseNegatives).toEqual([]);
    expect(values.outOfScope.map((o) => [o.site.text, o.reason])).toEqual([['readFileSync', 'cross-file'], ['local.readFileSync', 'cross-file']]);
    expect(lint.sites.filter((s) => s.file.endsWith('values.js'))).toEqual([]);
  });

  const pinned = REAL_PACKAGES.find((p) => p.label === 'cross-spawn')!;
  it('agrees on cross-spawn, when node_modules holds the pinned version', async (context) => {
    const root = await locatePackage(pinned);
    if (root === null) return context.skip();
    const packageFiles = await glob([...pinned.include], { cwd: root, absolute: true, ignore: EXCLUDED });
    const found = findCatalogCalls(packageFiles, { candidateNames: new Set() });
    const lint = await lintSites(rule, [{ context: 'all' }], packageFiles, root);
    const result = compare(found.sites, lint.sites, NO_SYNC_IO_CATEGORIES);
    expect(result.truePositives.length).toBeGreaterThan(0);
    expect(result.falsePositives).toEqual([]);
    expect(result.falseNegatives).toEqual([]);
  });
});
