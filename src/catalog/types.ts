/**
 * The catalog's vocabulary. One table of blocking APIs (see ./index.ts) is read by every rule and every
 * codemod, so what the linter reports the codemods either fix or explain.
 */

export type Category =
  | 'fs'
  | 'child-process'
  | 'zlib'
  | 'crypto'
  | 'sleep'
  | 'http'
  | 'database'
  | 'glob'
  | 'shell';

/** The codemods (files in codemods/) that can rewrite an entry. */
export type TransformName = 'sync-io' | 'file-handles' | 'sleep' | 'sync-http' | 'sqlite' | 'floating-promises';

/**
 * How a blocking call's arguments and result map onto its async replacement.
 * - `same`: `f(...args)` → `await g(...args)`, same arguments, same result.
 * - `promisify`: `f(...args)` → `await promisify(g)(...args)`, g being the callback form.
 * - `exists`: `existsSync(p)` → `await access(p).then(() => true, () => false)`.
 * - `exec-stdout`: `execSync(cmd, opts)` → `(await promisify(exec)(cmd, opts)).stdout`; a Buffer unless an
 *   encoding is given, a non-zero exit status becomes a rejection (as execSync throws).
 * - `mkdir-recursive`: `mkdirp.sync(dir, mode)` → `await mkdir(dir, { recursive: true, mode })`: Node's own
 *   recursive mkdir, which every mkdirp version's sync form amounts to (the result, the first directory
 *   made, differs only in mkdirp 0.5's `null` for none).
 * - `sleep`: a blocking sleep of `args[argIndex] * toMs` milliseconds → `await setTimeout(ms)`.
 * - `fetch`: a sync HTTP client call → `fetch(url, { …, signal: AbortSignal.timeout(ms) })`.
 * - `sqlite`: a better-sqlite3 / node:sqlite call → the `sqlite` driver over `sqlite3`.
 * - `file-handle`: an fs call on a file descriptor → a method of the FileHandle that `open` from
 *   node:fs/promises resolves (`method`; none for `openSync` itself, which becomes `await open(…)`), the
 *   number it returned read from the result's `result` field (`bytesRead`, `bytesWritten`).
 */
export type CallMapping =
  | { kind: 'same' }
  | { kind: 'promisify' }
  | { kind: 'exists' }
  | { kind: 'exec-stdout' }
  | { kind: 'mkdir-recursive' }
  | { kind: 'sleep'; argIndex: number; toMs: number }
  | { kind: 'fetch'; client: 'sync-fetch' | 'sync-request' }
  | { kind: 'sqlite' }
  | { kind: 'file-handle'; method?: string; result?: 'bytesRead' | 'bytesWritten' };

export interface AsyncReplacement {
  /** Module to import the replacement from, e.g. `node:fs/promises`. */
  module: string;
  /** Export of that module; `default` for a default import. */
  export: string;
  mapping: CallMapping;
  /** How the call reads after migration, for messages and docs, e.g. `await readFile(path, options)`. */
  example: string;
  /** A package version the replacement needs, e.g. `glob@>=9`: a codemod checks it before rewriting. */
  requires?: string;
}

/** The call blocks only in some forms: `xhr.open(m, url, false)`, `shell.exec(cmd)` without a callback. */
export type BlockingCondition =
  | { kind: 'arg-equals'; index: number; value: boolean }
  | { kind: 'no-callback' };

/** Whether a codemod rewrites the entry, or a person must, and why. */
export type Fix =
  | { automatic: true; transform: TransformName }
  | { automatic: false; reason: string };

interface EntryBase {
  /** Stable id, e.g. `fs.readFileSync` or `better-sqlite3.Statement#get`. */
  id: string;
  /** The API as a person writes it, for messages: `readFileSync`, `Statement#get`. */
  name: string;
  category: Category;
  replacement: AsyncReplacement | null;
  fix: Fix;
  /**
   * `false` for an API tracked only because it yields an instance whose methods block (`db.prepare()`,
   * `new XMLHttpRequest()`): it is never reported itself.
   */
  blocking: boolean;
  condition?: BlockingCondition;
}

/**
 * An export of a module: `modules` lists every specifier it is reached by (without `node:`, which is
 * normalised away); `path` is the property path from the module's namespace, `[]` for the module
 * itself (a default export of a CommonJS module, e.g. `sync-fetch`).
 */
export interface ExportEntry extends EntryBase {
  type: 'export';
  modules: readonly string[];
  path: readonly string[];
  /** Calling (or `new`-ing) it yields an instance of this class, e.g. `better-sqlite3.Database`. */
  returns?: string;
  /** A global name that reaches it when not shadowed, e.g. `XMLHttpRequest`. */
  global?: string;
}

/** A type name that marks a value as an instance the analysis tracks: `db: Database.Database`. */
export interface InstanceType {
  modules: readonly string[];
  path: readonly string[];
  instanceOf: string;
}

/** A method of an instance the analysis tracks (a better-sqlite3 Database, a Statement, …). */
export interface MethodEntry extends EntryBase {
  type: 'method';
  /** The instance's class id, e.g. `better-sqlite3.Database`. */
  instanceOf: string;
  method: string;
  returns?: string;
}

export type CatalogEntry = ExportEntry | MethodEntry;
