import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../codemods/index.js';
import { added, findings } from '../scripts/migration-oracle/findings.js';

/**
 * The oracle of check:migrated (scripts/migration-oracle/) must see a half-done migration, and must not
 * see one in unblock's own migration of the same package.
 */

const PACKAGE: Record<string, string> = {
  'package.json': '{ "name": "probe", "type": "commonjs" }',
  'files.js': `const fs = require('fs');
function isFile(p) {
  return fs.statSync(p).isFile();
}
function load(p) {
  return fs.readFileSync(p, 'utf8');
}
module.exports = { isFile, load };
`,
  'main.js': `const { isFile, load } = require('./files');
async function main(p) {
  if (isFile(p)) {
    load(p);
    return 1;
  }
  return 0;
}
module.exports = { main };
`,
};

/** The same package made async by hand, half-way: the calls left as they were. */
const HALF_DONE: Record<string, string> = {
  'files.js': `const fs = require('fs/promises');
async function isFile(p) {
  return (await fs.stat(p)).isFile();
}
async function load(p) {
  return fs.readFile(p, 'utf8');
}
module.exports = { isFile, load };
`,
  'main.js': `const { isFile, load } = require('./files');
async function main(p) {
  if (isFile(p)) {
    load(p);
    return await 1;
  }
  return 0;
}
module.exports = { main };
`,
};

let dir: string;

async function writePackage(root: string, files: Record<string, string>): Promise<string> {
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text);
  return root;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'unblock-migration-oracle-'));
  await mkdir(path.join(dir, 'original'));
  await writePackage(path.join(dir, 'original'), PACKAGE);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('check:migrated oracle', () => {
  it('finds the promises a half-done migration drops, tests and awaits needlessly', async () => {
    const before = await findings(path.join(dir, 'original'));
    const half = path.join(dir, 'half');
    await cp(path.join(dir, 'original'), half, { recursive: true });
    await writePackage(half, HALF_DONE);
    const extra = added(before, await findings(half));
    const rules = extra.map((f) => `${f.file}:${f.line} ${f.key.slice(f.file.length + 1).split(' ')[0]}`).sort();
    expect(rules).toEqual([
      'main.js:3 @typescript-eslint/no-misused-promises',
      'main.js:4 @typescript-eslint/no-floating-promises',
      'main.js:5 @typescript-eslint/await-thenable',
    ]);
  }, 60_000);

  it("finds nothing new in unblock's migration of the same package", async () => {
    const before = await findings(path.join(dir, 'original'));
    const migrated = path.join(dir, 'migrated');
    await cp(path.join(dir, 'original'), migrated, { recursive: true });
    const result = await migrate({ root: migrated, cwd: migrated, write: true });
    expect(result.sitesMigrated).toBe(2);
    expect(await readFile(path.join(migrated, 'main.js'), 'utf8')).toContain('if (await isFile(p))');
    expect(added(before, await findings(migrated))).toEqual([]);
  }, 60_000);

  it('takes an error whose message names Promise<T> where it named T, on the same line, for the one the package had', () => {
    const at = (key: string, source: string) => ({ file: 'a.js', line: 1, key: `a.js ${key}`, source });
    const before = [at("TS2322 Type 'undefined' is not assignable to type '() => any'.", 'exports.f = void 0;')];
    const after = [at("TS2322 Type 'undefined' is not assignable to type '() => Promise<void>'.", 'exports.f = void 0;')];
    expect(added(before, after)).toEqual([]);
    const elsewhere = [at("TS2322 Type 'undefined' is not assignable to type '() => Promise<void>'.", 'exports.g = void 0;')];
    expect(added(before, elsewhere)).toHaveLength(1);
  });
});

describe('added (the oracle\'s comparison)', () => {
  const finding = (line: number, message: string, source: string, reasons?: string): Parameters<typeof added>[0][number] => ({
    file: 'a.js', line, key: `a.js TS2769 ${message}`, source, ...(reasons === undefined ? {} : { reasons: `a.js TS2769 ${reasons}` }),
  });
  const before = [finding(3, 'No overload matches: readFileSync(…)', 'fs.readFileSync(p, options)', "Type 'string' is not assignable to type 'BufferEncoding'.")];

  it('pairs an error gone with a new one of the same code and elaborated reasons', () => {
    expect(added(before, [finding(3, 'No overload matches: readFile(…)', 'await readFile(p, options)', "Type 'string' is not assignable to type 'BufferEncoding'.")])).toEqual([]);
  });

  it('keeps a new error whose reasons differ, or that has none to compare', () => {
    const promise = finding(3, 'No overload matches: readFile(…)', 'await readFile(p, options)', "Type 'Promise<string>' is not assignable to type 'string'.");
    expect(added(before, [promise])).toEqual([promise]);
    const plain = finding(3, 'No overload matches: readFile(…)', 'await readFile(p, options)');
    expect(added(before, [plain])).toEqual([plain]);
  });
});
