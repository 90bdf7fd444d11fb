import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ts } from 'ts-morph';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CACHED_FILES } from '../../src/cli/compile-cache.js';
import { REPO, runCommand } from './support.js';

/**
 * The compile cache of the built CLI (dist/src/cli/compile-cache.js), in its V8 code-cache form (Node.js
 * 20's; forced where Node has its own): a module in the place of ts-morph's bundle, loaded by child
 * processes, run after run.
 */

const MODULE = join(REPO, 'dist', 'src', 'cli', 'compile-cache.js');

const BIG_MODULE = (value: string): string => `'use strict';
exports.value = '${value}';
exports.file = __filename;
exports.dir = __dirname;
exports.child = require('./small.cjs').name;
exports.isChild = module.children.some((m) => m.filename.endsWith('small.cjs'));
exports.resolved = require.resolve('./small.cjs');
exports.notCached = require('./plain.js').name;
exports.where = () => new Error('here').stack.split('\\n')[1];
/* ${'padding '.repeat(10_000)} */
`;

const RUNNER = `import { createRequire } from 'node:module';
const { enableCompileCache, compileCacheStatus } = await import(${JSON.stringify(pathToFileURL(MODULE).href)});
const mode = enableCompileCache({ directory: process.argv[2], profile: 'test', forceCodeCache: true });
const { where, ...values } = createRequire(import.meta.url)('./node_modules/ts-morph/dist/ts-morph.js');
console.log(JSON.stringify({ mode, status: compileCacheStatus(), ...values, where: where() }));
// a longer run, when asked
for (const end = performance.now() + Number(process.argv[3] ?? 0); performance.now() < end;);
`;

interface RunOutput {
  mode: string;
  status: { hits: number; misses: number; rejected: number };
  value: string;
  file: string;
  dir: string;
  child: string;
  isChild: boolean;
  resolved: string;
  notCached: string;
  where: string;
}

let dir: string;
let cache: string;
let big: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unblock-compile-cache-'));
  cache = join(dir, 'cache');
  big = join(dir, 'node_modules', 'ts-morph', 'dist', 'ts-morph.js');
  await mkdir(dirname(big), { recursive: true });
  await writeFile(big, BIG_MODULE('first'));
  await writeFile(join(dirname(big), 'small.cjs'), "exports.name = 'small';\n");
  await writeFile(join(dirname(big), 'plain.js'), `exports.name = 'plain'; /* ${'padding '.repeat(10_000)} */\n`);
  await writeFile(join(dir, 'run.mjs'), RUNNER);
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(env: Record<string, string | undefined> = {}, lastingMs = 0): Promise<RunOutput> {
  const result = await runCommand(process.execPath, [join(dir, 'run.mjs'), cache, String(lastingMs)], { cwd: dir, env: { NODE_DISABLE_COMPILE_CACHE: undefined, ...env } });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as RunOutput;
}

async function cacheFiles(): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(cache, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (entry.isFile()) found.push(join(entry.parentPath, entry.name));
  }
  return found;
}

function expectModuleWorks(output: RunOutput, value: string): void {
  const folder = dirname(big);
  expect(output).toMatchObject({
    mode: 'code-cache', value, file: big, dir: folder, child: 'small', isChild: true, resolved: join(folder, 'small.cjs'), notCached: 'plain',
  });
  // the stack names the module's own file and line
  expect(output.where).toContain(`${big}:9:`);
}

describe('compile cache (V8 code cache)', () => {
  it('compiles a listed module afresh, writes its cache at exit, and reads it on the next run (only that one)', async () => {
    const first = await run();
    expectModuleWorks(first, 'first');
    expect(first.status).toEqual({ mode: 'code-cache', hits: 0, misses: 1, rejected: 0 });
    const files = await cacheFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toContain(join(`${process.version}-${process.arch}`, 'test'));
    expect(files[0]).not.toMatch(/\.tmp$/);

    const second = await run();
    expectModuleWorks(second, 'first');
    expect(second.status).toEqual({ mode: 'code-cache', hits: 1, misses: 0, rejected: 0 });
  });

  it('does not use the cache of a file whose content changed, even at the same length', async () => {
    await run();
    // V8 checks a cache against the source's length only: the content's hash must tell them apart
    await writeFile(big, BIG_MODULE('other'));
    const changed = await run();
    expectModuleWorks(changed, 'other');
    expect(changed.status).toMatchObject({ hits: 0, misses: 1 });
    expect(await cacheFiles()).toHaveLength(2);
  });

  it('compiles afresh past a damaged cache, and replaces it', async () => {
    await run();
    const [file] = await cacheFiles();
    await writeFile(file!, 'not a code cache');
    const damaged = await run();
    expectModuleWorks(damaged, 'first');
    expect(damaged.status).toMatchObject({ hits: 0, rejected: 1 });
    expect(await readFile(file!, 'utf8')).not.toBe('not a code cache');
    expect((await run()).status).toMatchObject({ hits: 1, rejected: 0 });
  });

  it('is written again by a run much longer than the one that wrote it, not by one as long', async () => {
    await run();
    const [file] = await cacheFiles();
    const first = await readFile(file!);
    // as long: the same cache
    await run();
    expect((await readFile(file!)).equals(first)).toBe(true);
    // much longer (it would have compiled more of a real module): written again, and read
    await run({}, 2000);
    const longer = await readFile(file!);
    expect(longer.equals(first)).toBe(false);
    expect(longer.readUInt32LE(0)).toBeGreaterThanOrEqual(2000);
    expect((await run()).status).toMatchObject({ hits: 1, rejected: 0 });
    expect((await readFile(file!)).equals(longer)).toBe(true);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE, as Node.js’s own cache is', async () => {
    const output = await run({ NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(output.mode).toBe('disabled');
    expect(output.value).toBe('first');
    expect(await cacheFiles()).toEqual([]);
  });
});

describe('the files cached', () => {
  const require = createRequire(import.meta.url);
  const morph = require.resolve('ts-morph');
  const common = createRequire(morph).resolve('@ts-morph/common');
  const installed = [morph, common, join(dirname(common), 'typescript.js')];

  it('are the installed ts-morph bundle, its helpers and its TypeScript', () => {
    for (const file of installed) expect(CACHED_FILES.some((pattern) => pattern.test(file)), file).toBe(true);
  });

  it('make no import() call (on Node 20, a script read from a code cache cannot)', async () => {
    for (const file of installed) {
      const source = ts.createSourceFile(file, await readFile(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
      const calls: number[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) calls.push(node.getStart(source));
        ts.forEachChild(node, visit);
      };
      visit(source);
      expect(calls, file).toEqual([]);
    }
  });
});
