import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Compiled code kept between runs of the CLI. A migration loads 13 MB of CommonJS (ts-morph, its
 * helpers, and the TypeScript it bundles), and V8 compiles each function of it the first time it runs.
 * Node.js 22.1+ keeps that work on disk (`module.enableCompileCache()`, which TypeScript's own `tsc`
 * turns on too). Node.js 20 has no such cache: there, those three files are compiled through
 * `vm.Script` with V8's code cache, written when the process exits, so that it holds the functions the
 * run compiled as well as the top level, and written again by a run much longer than the one that
 * wrote it (which compiled more of the code). A file's cache is found by the hash of its path and content:
 * an upgraded package is compiled afresh. `NODE_DISABLE_COMPILE_CACHE=1` (Node's own switch) turns
 * either off; `NODE_COMPILE_CACHE` names the folder, as it does for Node.
 *
 * Only files known not to call `import()` are cached so: on Node 20, a script read from a code cache
 * loses its dynamic-import callback (the test checks the installed files for such calls).
 */

export type CompileCacheMode = 'native' | 'code-cache' | 'disabled';

export interface CompileCacheStatus {
  mode: CompileCacheMode;
  /** The files compiled from the cache, compiled afresh, and whose cache V8 refused (code-cache mode). */
  hits: number;
  misses: number;
  rejected: number;
}

export interface CompileCacheOptions {
  /** Which runs share a cache: the functions compiled depend on the command (`migrate`, `lint`). */
  profile?: string;
  /** The cache's folder (default: `NODE_COMPILE_CACHE`, else the system's temporary folder). */
  directory?: string;
  /** Use V8's code cache even where Node's own cache exists (for tests). */
  forceCodeCache?: boolean;
}

/** ts-morph's bundle, its helpers' and its TypeScript's: most of the code a migration compiles. */
export const CACHED_FILES = [
  /[\\/]node_modules[\\/]@ts-morph[\\/]common[\\/]dist[\\/](?:typescript|ts-morph-common)\.js$/,
  /[\\/]node_modules[\\/]ts-morph[\\/]dist[\\/]ts-morph\.js$/,
];

const status: CompileCacheStatus = { mode: 'disabled', hits: 0, misses: 0, rejected: 0 };
let enabled = false;

export function compileCacheStatus(): CompileCacheStatus {
  return { ...status };
}

/** Turns the cache on for the CommonJS modules this process loads from now on (once per process). */
export function enableCompileCache(options: CompileCacheOptions = {}): CompileCacheMode {
  if (enabled) return status.mode;
  enabled = true;
  if (process.env.NODE_DISABLE_COMPILE_CACHE !== undefined && process.env.NODE_DISABLE_COMPILE_CACHE !== '') return status.mode;
  const native = (nodeModule as { enableCompileCache?: (directory?: string) => unknown }).enableCompileCache;
  if (native !== undefined && options.forceCodeCache !== true) {
    native(options.directory);
    return status.mode = 'native';
  }
  const profile = /^[a-z][a-z-]*$/.test(options.profile ?? '') ? options.profile! : 'default';
  const folder = join(options.directory ?? (process.env.NODE_COMPILE_CACHE || join(tmpdir(), 'unblock-compile-cache')),
    `${process.version}-${process.arch}`, profile);
  installCodeCache(folder);
  return status.mode = 'code-cache';
}

interface CompilingModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

function installCodeCache(folder: string): void {
  const prototype = (nodeModule.Module as unknown as { prototype: CompilingModule }).prototype;
  const compile = prototype._compile;
  const toWrite: Array<{ script: Script; file: string; writtenAfter: number | undefined }> = [];
  prototype._compile = function compileWithCache(this: CompilingModule, content: string, filename: string): unknown {
    if (!CACHED_FILES.some((pattern) => pattern.test(filename))) return compile.call(this, content, filename);
    const file = join(folder, `${createHash('sha256').update(filename).update('\0').update(content).digest('hex').slice(0, 32)}.bin`);
    const cached = readIfPresent(file);
    const cachedData = cached?.subarray(HEADER_BYTES);
    const script = new Script(nodeModule.Module.wrap(content), {
      filename,
      cachedData,
    });
    if (cachedData === undefined) status.misses++;
    else if (script.cachedDataRejected === true) status.rejected++;
    else status.hits++;
    const writtenAfter = cached !== undefined && script.cachedDataRejected !== true ? runLengthOf(cached) : undefined;
    toWrite.push({ script, file, writtenAfter });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    // the module's own `require` (its children are its own), with the rest of what Node gives it
    const resolving = nodeModule.createRequire(filename);
    const require = Object.assign((id: string) => this.require(id), {
      resolve: resolving.resolve, cache: resolving.cache, main: resolving.main, extensions: resolving.extensions,
    });
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };
  // at exit, the cache holds every function compiled so far, not only the top level. A cache is
  // written again by a run much longer than the one that wrote it, which compiled more of the code
  // (a first run that stopped early would otherwise leave its few functions to every later run)
  process.once('exit', () => {
    const ran = Math.round(performance.now());
    for (const { script, file, writtenAfter } of toWrite) {
      if (writtenAfter === undefined || ranLonger(ran, writtenAfter)) writeCache(file, script, ran);
    }
  });
}

/**
 * A cache file: how long the run that wrote it lasted (ms, a 32-bit little-endian integer), then V8's
 * data. A file of another layout is refused by V8, and written again.
 */
const HEADER_BYTES = 4;

/**
 * A run writes a cache again when it lasts half as long again as the run that wrote it, and a second
 * longer at least (runs of about the same length compile about the same code: left as it is).
 */
const LONGER = 1.5;
const LONGER_MS = 1000;

function ranLonger(ran: number, writtenAfter: number): boolean {
  return ran > writtenAfter * LONGER && ran - writtenAfter > LONGER_MS;
}

function runLengthOf(cached: Buffer): number {
  return cached.length >= HEADER_BYTES ? cached.readUInt32LE(0) : 0;
}

function readIfPresent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Whole or not at all: a process reading it meanwhile sees the old file or the new one. */
function writeCache(file: string, script: Script, ran: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32LE(Math.min(ran, 0xffffffff));
    writeFileSync(temporary, Buffer.concat([header, script.createCachedData()]));
    renameSync(temporary, file);
  } catch {
    // a cache that cannot be written costs the next run its compile time, nothing else
    rmSync(temporary, { force: true });
  }
}
