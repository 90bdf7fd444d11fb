import { auto, exportEntry, manual } from './builders.js';
import type { ExportEntry } from './types.js';

/**
 * Every *Sync export of node:fs, node:child_process, node:zlib and node:crypto (Node 20 to 24).
 * fs-extra and graceful-fs re-export fs, so fs entries are reached through them too.
 */

export const FS_MODULES = ['fs', 'fs-extra', 'graceful-fs'] as const;

/** fs *Sync functions whose fs/promises namesake takes the same arguments and returns the same value. */
const FS_SAME: readonly string[] = [
  'access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchmod', 'lchown', 'link', 'lstat',
  'lutimes', 'mkdir', 'mkdtemp', 'opendir', 'readFile', 'readdir', 'readlink', 'realpath', 'rename',
  'rm', 'rmdir', 'stat', 'statfs', 'symlink', 'truncate', 'unlink', 'utimes', 'writeFile',
];

/**
 * fs *Sync functions on file descriptors, and the method of a FileHandle (node:fs/promises) each becomes:
 * one descriptor's calls migrate together, from its `openSync` (see codemods/file-handles.ts).
 */
const FS_DESCRIPTOR: Readonly<Record<string, { method: string; result?: 'bytesRead' | 'bytesWritten' }>> = {
  close: { method: 'close' }, fchmod: { method: 'chmod' }, fchown: { method: 'chown' }, fdatasync: { method: 'datasync' },
  fstat: { method: 'stat' }, fsync: { method: 'sync' }, ftruncate: { method: 'truncate' }, futimes: { method: 'utimes' },
  read: { method: 'read', result: 'bytesRead' }, readv: { method: 'readv', result: 'bytesRead' },
  write: { method: 'write', result: 'bytesWritten' }, writev: { method: 'writev', result: 'bytesWritten' },
};

/** FileHandle methods that take nothing once the descriptor is their receiver. */
const NO_ARGUMENTS = new Set(['close', 'datasync', 'sync']);

export const fsEntries: ExportEntry[] = [
  ...FS_SAME.map((fn) =>
    exportEntry('fs', FS_MODULES, [`${fn}Sync`], 'fs', {
      module: 'node:fs/promises',
      export: fn,
      mapping: { kind: 'same' },
      example: `await ${fn}(…)`,
    }, auto('sync-io')),
  ),
  exportEntry('fs', FS_MODULES, ['existsSync'], 'fs', {
    module: 'node:fs/promises',
    export: 'access',
    mapping: { kind: 'exists' },
    example: 'await access(path).then(() => true, () => false)',
  }, auto('sync-io')),
  exportEntry('fs', FS_MODULES, ['openSync'], 'fs', {
    module: 'node:fs/promises',
    export: 'open',
    mapping: { kind: 'file-handle' },
    example: 'const handle = await open(path, flags)',
  }, auto('file-handles')),
  ...Object.entries(FS_DESCRIPTOR).map(([fn, { method, result }]) =>
    exportEntry('fs', FS_MODULES, [`${fn}Sync`], 'fs', {
      module: 'node:fs/promises',
      export: 'open',
      mapping: result === undefined ? { kind: 'file-handle', method } : { kind: 'file-handle', method, result },
      example: result === undefined ? `await handle.${method}(${NO_ARGUMENTS.has(method) ? '' : '…'})` : `(await handle.${method}(…)).${result}`,
    }, auto('file-handles')),
  ),
  exportEntry('fs', FS_MODULES, ['globSync'], 'glob', {
    module: 'node:fs/promises',
    export: 'glob',
    mapping: { kind: 'same' },
    example: 'for await (const p of glob(pattern))',
  }, manual('fs/promises `glob` returns an async iterator, not an array: collect it with `for await` (or Array.fromAsync on Node 22+)')),
  exportEntry('fs', FS_MODULES, ['mkdtempDisposableSync'], 'fs', {
    module: 'node:fs/promises',
    export: 'mkdtempDisposable',
    mapping: { kind: 'same' },
    example: 'await using dir = await mkdtempDisposable(prefix)',
  }, manual('the disposable must move from `using` to `await using`')),
  // libuv's realpath; fs/promises has no `.native`, the callback form has
  exportEntry('fs', FS_MODULES, ['realpathSync', 'native'], 'fs', {
    module: 'node:fs',
    export: 'realpath',
    mapping: { kind: 'promisify' },
    example: 'await promisify(realpath.native)(path)',
  }, manual('fs/promises has no realpath.native: promisify the callback form `realpath.native`, or use `await realpath(path)` from node:fs/promises if the JavaScript implementation suits')),
];

const promisified = (module: string, fn: string): ExportEntry['replacement'] => ({
  module,
  export: fn,
  mapping: { kind: 'promisify' },
  example: `await promisify(${fn})(…)`,
});

export const childProcessEntries: ExportEntry[] = [
  exportEntry('child_process', ['child_process'], ['execSync'], 'child-process', {
    module: 'node:child_process',
    export: 'exec',
    mapping: { kind: 'exec-stdout' },
    example: '(await promisify(exec)(command, options)).stdout',
  }, auto('sync-io')),
  exportEntry('child_process', ['child_process'], ['execFileSync'], 'child-process', {
    module: 'node:child_process',
    export: 'execFile',
    mapping: { kind: 'exec-stdout' },
    example: '(await promisify(execFile)(file, args, options)).stdout',
  }, auto('sync-io')),
  exportEntry('child_process', ['child_process'], ['spawnSync'], 'child-process', {
    module: 'node:child_process',
    export: 'spawn',
    mapping: { kind: 'same' },
    example: "spawn(command, args) with 'close' and 'error' listeners wrapped in a Promise",
  }, manual("spawnSync's result ({ status, signal, stdout, stderr, error }) has no single async counterpart: use execFile when only the output matters, or spawn with listeners")),
];

const ZLIB_FNS = [
  'brotliCompress', 'brotliDecompress', 'deflate', 'deflateRaw', 'gunzip', 'gzip', 'inflate',
  'inflateRaw', 'unzip', 'zstdCompress', 'zstdDecompress',
];

export const zlibEntries: ExportEntry[] = ZLIB_FNS.map((fn) =>
  exportEntry('zlib', ['zlib'], [`${fn}Sync`], 'zlib', promisified('node:zlib', fn), auto('sync-io')),
);

/** crypto's callback forms run on libuv's thread pool: Node's counterpart of a worker pool for CPU work. */
const CRYPTO_FNS = ['checkPrime', 'generateKey', 'generateKeyPair', 'generatePrime', 'hkdf', 'pbkdf2', 'randomFill', 'scrypt'];

// generateKeyPair's promisified form resolves { publicKey, privateKey }, the shape generateKeyPairSync returns.
export const cryptoEntries: ExportEntry[] = CRYPTO_FNS.map((fn) =>
  exportEntry('crypto', ['crypto'], [`${fn}Sync`], 'crypto', promisified('node:crypto', fn), auto('sync-io')),
);
