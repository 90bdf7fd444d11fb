import { FS_MODULES } from './node-builtins.js';
import { fsExtraEntries, lockfileEntries, passwordHashEntries, syncTwinEntries } from './packages.js';
import type { ExportEntry } from './types.js';

/**
 * Module exports known to return promises, for no-floating-promises without type information (and for
 * the floating-promises codemod). The blocking catalog says what to migrate to; this table says which of
 * those targets, and their neighbours, yield a promise someone has to await.
 */
export interface PromiseApi {
  /** Stable id, e.g. `fs/promises.readFile`. */
  id: string;
  /** Specifiers that reach it, without `node:` (normalised as in the catalog). */
  modules: readonly string[];
  /** Property path from the module's namespace; `[]` for a CommonJS module that is itself the function. */
  path: readonly string[];
  /**
   * `promise`: a call returns a promise. `promise-function`: a call returns a function whose calls return
   * promises (`util.promisify(exec)`).
   */
  returns: 'promise' | 'promise-function';
  /** The promise comes only when no callback is passed (fs-extra's functions take either form). */
  condition?: 'no-callback';
  /** A global name that reaches it when nothing in scope shadows it (`fetch`). */
  global?: string;
  /** What the promise resolves to, when it is an object whose methods return promises too (see promiseMethods). */
  resolvesTo?: string;
}

/** node:fs/promises functions returning a promise (`glob` and `watch` return async iterators: not here). */
const FS_PROMISE_FNS = [
  'access', 'appendFile', 'chmod', 'chown', 'copyFile', 'cp', 'lchmod', 'lchown', 'link', 'lstat', 'lutimes',
  'mkdir', 'mkdtemp', 'mkdtempDisposable', 'open', 'opendir', 'readFile', 'readdir', 'readlink', 'realpath',
  'rename', 'rm', 'rmdir', 'stat', 'statfs', 'symlink', 'truncate', 'unlink', 'utimes', 'writeFile',
];

/** fs functions fs-extra wraps with universalify: a promise when called without a callback. */
const FS_EXTRA_UNIVERSAL = [
  ...FS_PROMISE_FNS.filter((fn) => fn !== 'mkdtempDisposable'),
  'close', 'fchmod', 'fchown', 'fdatasync', 'fstat', 'fsync', 'ftruncate', 'futimes', 'read', 'write',
];

const DNS_PROMISE_FNS = [
  'lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname',
  'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTlsa', 'resolveTxt',
  'reverse',
];

const api = (
  id: string,
  modules: readonly string[],
  path: readonly string[],
  extras: Partial<Pick<PromiseApi, 'returns' | 'condition' | 'global' | 'resolvesTo'>> = {},
): PromiseApi => ({ id, modules, path, returns: 'promise', ...extras });

/**
 * The promise forms the catalog's sync entries migrate to (their replacements: a default export, or a
 * named one), each once.
 */
function twinsOf(entries: readonly ExportEntry[], extras: Parameters<typeof api>[3] = {}): PromiseApi[] {
  const twins = new Map<string, PromiseApi>();
  for (const { replacement } of entries) {
    if (replacement === null) continue;
    const { module, export: name } = replacement;
    const twin = name === 'default' ? api(module, [module], [], extras) : api(`${module}.${name}`, [module], [name], extras);
    twins.set(twin.id, twin);
  }
  return [...twins.values()];
}

/** A promises namespace reached both as its own module (`fs/promises`) and as a property (`fs.promises`). */
function promisesNamespace(own: string, parents: readonly string[], fns: readonly string[]): PromiseApi[] {
  return fns.flatMap((fn) => [
    api(`${own}.${fn}`, [own], [fn]),
    api(`${parents[0]}.promises.${fn}`, parents, ['promises', fn]),
  ]);
}

export const promiseApis: readonly PromiseApi[] = [
  ...promisesNamespace('fs/promises', FS_MODULES, FS_PROMISE_FNS),
  ...promisesNamespace('dns/promises', ['dns'], DNS_PROMISE_FNS),
  ...promisesNamespace('stream/promises', ['stream'], ['pipeline', 'finished']),
  ...promisesNamespace('timers/promises', ['timers'], ['setTimeout', 'setImmediate']),
  api('timers/promises.scheduler.wait', ['timers/promises'], ['scheduler', 'wait']),
  api('timers/promises.scheduler.yield', ['timers/promises'], ['scheduler', 'yield']),
  api('events.once', ['events'], ['once']),
  api('util.promisify', ['util'], ['promisify'], { returns: 'promise-function' }),
  ...FS_EXTRA_UNIVERSAL.map((fn) => api(`fs-extra.${fn}`, ['fs-extra'], [fn], { condition: 'no-callback' })),
  ...twinsOf(fsExtraEntries, { condition: 'no-callback' }),
  api('write-file-atomic', ['write-file-atomic'], [], { condition: 'no-callback' }),
  api('jsonfile.readFile', ['jsonfile'], ['readFile'], { condition: 'no-callback' }),
  api('jsonfile.writeFile', ['jsonfile'], ['writeFile'], { condition: 'no-callback' }),
  ...twinsOf(passwordHashEntries, { condition: 'no-callback' }),
  ...twinsOf(syncTwinEntries),
  ...twinsOf(lockfileEntries),
  api('proper-lockfile', ['proper-lockfile'], []),
  api('fetch', [], [], { global: 'fetch' }),
  api('undici.fetch', ['undici'], ['fetch']),
  api('undici.request', ['undici'], ['request']),
  api('node-fetch', ['node-fetch'], []),
  api('sqlite.open', ['sqlite'], ['open'], { resolvesTo: 'sqlite.Database' }),
  api('execa.execa', ['execa'], ['execa']),
  api('execa.execaCommand', ['execa'], ['execaCommand']),
  api('execa.execaNode', ['execa'], ['execaNode']),
  api('globby.globby', ['globby'], ['globby']),
  api('tinyglobby.glob', ['tinyglobby'], ['glob']),
  api('fast-glob', ['fast-glob'], []),
  api('fast-glob.glob', ['fast-glob'], ['glob']),
  api('fast-glob.async', ['fast-glob'], ['async']),
  // Compiled async code: tsc's `__awaiter(…)` is a promise; Babel's `asyncToGenerator(function* …)` makes
  // a promise-returning function.
  api('tslib.__awaiter', ['tslib'], ['__awaiter']),
  api('@babel/runtime.asyncToGenerator', ['@babel/runtime/helpers/asyncToGenerator', '@babel/runtime/helpers/esm/asyncToGenerator'], [],
    { returns: 'promise-function' }),
];

/**
 * Methods returning promises on the objects some promise APIs resolve to: the `sqlite` driver's Database
 * (from `await open(…)`) and its Statements (from `await db.prepare(…)`).
 */
export const promiseMethods: ReadonlyMap<string, ReadonlyMap<string, string | null>> = new Map([
  ['sqlite.Database', new Map<string, string | null>([
    ...['run', 'get', 'all', 'each', 'exec', 'close', 'migrate', 'loadExtension'].map(
      (m): [string, null] => [m, null]),
    ['prepare', 'sqlite.Statement'],
  ])],
  ['sqlite.Statement', new Map<string, string | null>(
    ['run', 'get', 'all', 'each', 'finalize', 'bind', 'reset'].map((m): [string, null] => [m, null]))],
]);

/** Type names that mark a parameter or field as such an object: `db: Database` from `sqlite`. */
export const promiseInstanceTypes: ReadonlyArray<{ modules: readonly string[]; path: readonly string[]; instanceOf: string }> = [
  { modules: ['sqlite'], path: ['Database'], instanceOf: 'sqlite.Database' },
  { modules: ['sqlite'], path: ['Statement'], instanceOf: 'sqlite.Statement' },
];
