import { FS_MODULES } from './node-builtins.js';
import { auto, exportEntry, manual, methodEntry } from './builders.js';
import type { AsyncReplacement, CatalogEntry, Category, ExportEntry, InstanceType } from './types.js';

/** Blocking APIs of npm packages (and of the XMLHttpRequest global). */

const same = (module: string, exp: string, example: string, requires?: string): AsyncReplacement => {
  const r: AsyncReplacement = { module, export: exp, mapping: { kind: 'same' }, example };
  if (requires !== undefined) r.requires = requires;
  return r;
};

const FS_EXTRA_SYNC: ReadonlyArray<[string, string]> = [
  ['copySync', 'copy'], ['emptyDirSync', 'emptyDir'], ['emptydirSync', 'emptydir'],
  ['ensureFileSync', 'ensureFile'], ['createFileSync', 'createFile'], ['ensureDirSync', 'ensureDir'],
  ['mkdirsSync', 'mkdirs'], ['mkdirpSync', 'mkdirp'], ['ensureLinkSync', 'ensureLink'],
  ['createLinkSync', 'createLink'], ['ensureSymlinkSync', 'ensureSymlink'],
  ['createSymlinkSync', 'createSymlink'], ['moveSync', 'move'], ['outputFileSync', 'outputFile'],
  ['outputJsonSync', 'outputJson'], ['outputJSONSync', 'outputJSON'], ['pathExistsSync', 'pathExists'],
  ['readJsonSync', 'readJson'], ['readJSONSync', 'readJSON'], ['removeSync', 'remove'],
  ['writeJsonSync', 'writeJson'], ['writeJSONSync', 'writeJSON'],
];

/** fs-extra's own sync methods; its copies of fs's are the fs entries (FS_MODULES). */
export const fsExtraEntries: ExportEntry[] = FS_EXTRA_SYNC.map(([sync, async]) =>
  exportEntry('fs-extra', ['fs-extra'], [sync], 'fs', same('fs-extra', async, `await ${async}(…)`), auto('sync-io')),
);

/**
 * Packages that write and read files (and JSON) with a sync twin of a promise API: write-file-atomic
 * (npm's own; its default export returns a promise without a callback since 3.0), jsonfile (fs-extra's
 * JSON functions; promises without a callback since 5.0, `throws: false` honoured by both).
 */
export const fileWriterEntries: ExportEntry[] = [
  exportEntry('write-file-atomic', ['write-file-atomic'], ['sync'], 'fs',
    same('write-file-atomic', 'default', 'await writeFileAtomic(filename, data, options)', 'write-file-atomic@>=3'), auto('sync-io')),
  ...(['readFileSync', 'writeFileSync'] as const).map((sync) => {
    const async = sync.replace(/Sync$/, '');
    return exportEntry('jsonfile', ['jsonfile'], [sync], 'fs', same('jsonfile', async, `await jsonfile.${async}(…)`, 'jsonfile@>=5'), auto('sync-io'));
  }),
];

/**
 * Password hashing, whose sync forms hold the event loop for the whole hash (tens of milliseconds at
 * the usual cost of 10: a login handler's `compareSync` stalls every other request meanwhile). bcrypt
 * (native) hashes on libuv's thread pool in its async forms, which return promises without a callback
 * since 1.0; bcryptjs (JavaScript) hashes in slices between other callbacks, with promises since 2.4.
 */
const PASSWORD_HASH_SYNC: ReadonlyArray<readonly [string, string]> = [['hashSync', 'hash'], ['compareSync', 'compare'], ['genSaltSync', 'genSalt']];

export const passwordHashEntries: ExportEntry[] = (['bcrypt@>=1', 'bcryptjs@>=2.4'] as const).flatMap((requires) => {
  const pkg = requires.slice(0, requires.indexOf('@'));
  return PASSWORD_HASH_SYNC.map(([sync, async]) =>
    exportEntry(pkg, [pkg], [sync], 'crypto', same(pkg, async, `await ${pkg}.${async}(…)`, requires), auto('sync-io')));
});

/**
 * File helpers with a promise twin for each sync function, taking the same arguments and giving the same
 * result: CommonJS versions hang it on the default export (`findUp.sync(…)` → `findUp(…)`, globby ≤ 11,
 * del ≤ 6, make-dir ≤ 3), ES module versions export both by name (`findUpSync` → `findUp`).
 */
const SYNC_TWINS: ReadonlyArray<{ pkg: string; category: Category; main: string; named: ReadonlyArray<readonly [string, string]> }> = [
  { pkg: 'find-up', category: 'fs', main: 'findUp', named: [['findUpSync', 'findUp'], ['findUpMultipleSync', 'findUpMultiple'], ['pathExistsSync', 'pathExists']] },
  { pkg: 'make-dir', category: 'fs', main: 'makeDir', named: [['makeDirectorySync', 'makeDirectory']] },
  { pkg: 'del', category: 'fs', main: 'del', named: [['deleteSync', 'deleteAsync']] },
  { pkg: 'load-json-file', category: 'fs', main: 'loadJsonFile', named: [['loadJsonFileSync', 'loadJsonFile']] },
  { pkg: 'write-json-file', category: 'fs', main: 'writeJsonFile', named: [['writeJsonFileSync', 'writeJsonFile']] },
  { pkg: 'globby', category: 'glob', main: 'globby', named: [] },
];

/**
 * rimraf has promises since 4, where the module is no function: `rimraf.sync(…)` (a default import, the
 * named `rimraf`, or the module required) becomes the named `rimraf(…)`; rimraf 3 takes callbacks only.
 */
const RIMRAF = (path: readonly string[]): ExportEntry =>
  exportEntry('rimraf', ['rimraf'], path, 'fs', same('rimraf', 'rimraf', 'await rimraf(…)', 'rimraf@>=4'), auto('sync-io'));

export const syncTwinEntries: ExportEntry[] = [
  ...SYNC_TWINS.flatMap(({ pkg, category, main, named }) => [
    exportEntry(pkg, [pkg], ['sync'], category, same(pkg, 'default', `await ${main}(…)`), auto('sync-io')),
    ...named.map(([sync, async]) => exportEntry(pkg, [pkg], [sync], category, same(pkg, async, `await ${async}(…)`), auto('sync-io'))),
  ]),
  RIMRAF(['sync']), RIMRAF(['rimrafSync']), RIMRAF(['rimraf', 'sync']),
];

/**
 * mkdirp: every version's sync forms (`mkdirp.sync` of 0.5 and 1, the named `mkdirpSync`, `sync`,
 * `manualSync`, `nativeSync` of 2 and later) make a directory and its parents, as Node's own
 * `mkdir(dir, { recursive: true })` does. Its promise form moved between versions (callbacks only in
 * 0.5, the module itself in 1, the named `mkdirp` from 2): the replacement is Node's, whatever is installed.
 */
const MKDIRP_SYNC: ReadonlyArray<readonly string[]> = [
  ['sync'], ['mkdirp', 'sync'], ['mkdirP', 'sync'], ['mkdirpSync'], ['manualSync'], ['nativeSync'], ['mkdirpManualSync'], ['mkdirpNativeSync'],
];

export const mkdirpEntries: ExportEntry[] = MKDIRP_SYNC.map((path) => exportEntry('mkdirp', ['mkdirp'], path, 'fs', {
  module: 'node:fs/promises',
  export: 'mkdir',
  mapping: { kind: 'mkdir-recursive' },
  example: 'await mkdir(dir, { recursive: true })',
}, auto('sync-io')));

/**
 * proper-lockfile (promises since 3.0): `unlockSync` and `checkSync` have twins with the same arguments
 * and results. `lockSync` returns a release function that is sync too, where `lock` resolves to one that
 * returns a promise: every call of it must change as well.
 */
export const lockfileEntries: ExportEntry[] = [
  ...(['unlock', 'check'] as const).map((fn) =>
    exportEntry('proper-lockfile', ['proper-lockfile'], [`${fn}Sync`], 'fs', same('proper-lockfile', fn, `await lockfile.${fn}(file, options)`, 'proper-lockfile@>=3'), auto('sync-io'))),
  exportEntry('proper-lockfile', ['proper-lockfile'], ['lockSync'], 'fs', same('proper-lockfile', 'lock', 'await lockfile.lock(file, options)', 'proper-lockfile@>=3'),
    manual("lockSync's release function is synchronous, lock's returns a promise: await lock(…) and each call of its release function, by hand")),
];

/**
 * SheetJS (xlsx): `readFile` and `writeFile` read and write the whole workbook file synchronously. The
 * file moves to node:fs/promises and the workbook is parsed or serialised in memory (still on the event
 * loop: a large workbook belongs in a worker).
 */
const XLSX_WRITE_REASON = 'writeFile picks the book type from the file name, write does not: pass `bookType` and `type: \'buffer\'` to write, by hand';

export const spreadsheetEntries: ExportEntry[] = [
  exportEntry('xlsx', ['xlsx'], ['readFile'], 'fs', same('node:fs/promises', 'readFile', 'XLSX.read(await readFile(filename), options)'),
    manual('read the file with readFile from node:fs/promises and parse the buffer with XLSX.read(buffer, options), by hand')),
  ...(['writeFile', 'writeFileXLSX'] as const).map((fn) =>
    exportEntry('xlsx', ['xlsx'], [fn], 'fs', same('node:fs/promises', 'writeFile', "await writeFile(filename, XLSX.write(workbook, { type: 'buffer', bookType }))"),
      manual(XLSX_WRITE_REASON))),
];

export const httpEntries: CatalogEntry[] = [
  exportEntry('sync-fetch', ['sync-fetch'], [], 'http', {
    module: 'fetch',
    export: 'fetch',
    mapping: { kind: 'fetch', client: 'sync-fetch' },
    example: 'await fetch(url, { signal: AbortSignal.timeout(ms) })',
  }, auto('sync-http')),
  exportEntry('sync-request', ['sync-request'], [], 'http', {
    module: 'fetch',
    export: 'fetch',
    mapping: { kind: 'fetch', client: 'sync-request' },
    example: 'await fetch(url, { method, signal: AbortSignal.timeout(ms) })',
  }, auto('sync-http')),
  // The XMLHttpRequest global (browsers, jsdom) and its Node polyfills: only `open(…, false)` blocks.
  exportEntry('XMLHttpRequest', ['xmlhttprequest', 'xhr2', 'xmlhttprequest-ssl'], ['XMLHttpRequest'], 'http', null,
    manual('not blocking by itself'), { blocking: false, returns: 'XMLHttpRequest', global: 'XMLHttpRequest' }),
  methodEntry('XMLHttpRequest', 'open', 'http', {
    module: 'fetch',
    export: 'fetch',
    mapping: { kind: 'same' },
    example: 'await fetch(url, { method, signal: AbortSignal.timeout(ms) })',
  }, manual('a synchronous XMLHttpRequest spreads over open, send, status and responseText: rewrite the request with fetch by hand'),
  { condition: { kind: 'arg-equals', index: 2, value: false } }),
];

const sqliteReplacement = (example: string): AsyncReplacement => ({
  module: 'sqlite',
  export: 'open',
  mapping: { kind: 'sqlite' },
  example,
});

const TRANSACTION_REASON =
  'a better-sqlite3 transaction runs its function synchronously; with an async driver other queries could interleave: rewrite it as BEGIN / COMMIT on one dedicated connection by hand';

export const sqliteEntries: CatalogEntry[] = [
  exportEntry('better-sqlite3', ['better-sqlite3'], [], 'database',
    sqliteReplacement('await open({ filename, driver: sqlite3.Database })'), auto('sqlite'),
    { returns: 'better-sqlite3.Database' }),
  methodEntry('better-sqlite3.Database', 'prepare', 'database', sqliteReplacement('await db.prepare(sql)'),
    auto('sqlite'), { returns: 'better-sqlite3.Statement', blocking: false }),
  methodEntry('better-sqlite3.Database', 'exec', 'database', sqliteReplacement('await db.exec(sql)'), auto('sqlite')),
  methodEntry('better-sqlite3.Database', 'pragma', 'database', sqliteReplacement("await db.all('PRAGMA …')"),
    auto('sqlite')),
  methodEntry('better-sqlite3.Database', 'close', 'database', sqliteReplacement('await db.close()'), auto('sqlite')),
  methodEntry('better-sqlite3.Database', 'transaction', 'database', null, manual(TRANSACTION_REASON)),
  methodEntry('better-sqlite3.Database', 'serialize', 'database', null,
    manual('the sqlite driver has no serialize(): back the database up with VACUUM INTO instead')),
  methodEntry('better-sqlite3.Database', 'loadExtension', 'database', sqliteReplacement('await db.loadExtension(path)'),
    manual('extension loading differs between drivers: check the extension loads under sqlite3')),
  ...['bind', 'pluck', 'expand', 'raw', 'safeIntegers'].map((m) =>
    methodEntry('better-sqlite3.Statement', m, 'database', null, auto('sqlite'),
      { returns: 'better-sqlite3.Statement', blocking: false })),
  methodEntry('better-sqlite3.Statement', 'run', 'database',
    sqliteReplacement('await stmt.run(…) → { lastID, changes }'), auto('sqlite')),
  methodEntry('better-sqlite3.Statement', 'get', 'database', sqliteReplacement('await stmt.get(…)'), auto('sqlite')),
  methodEntry('better-sqlite3.Statement', 'all', 'database', sqliteReplacement('await stmt.all(…)'), auto('sqlite')),
  methodEntry('better-sqlite3.Statement', 'iterate', 'database', sqliteReplacement('await stmt.each(…)'),
    manual('iterate() streams rows lazily; the async driver offers all() (every row in memory) or each() (a callback a row): choose by hand')),
  // node:sqlite (Node 22.5+) has only a synchronous API.
  exportEntry('node:sqlite', ['node:sqlite'], ['DatabaseSync'], 'database',
    sqliteReplacement('await open({ filename, driver: sqlite3.Database })'),
    manual('node:sqlite has no async API: switch to the `sqlite` driver over `sqlite3` (its statements return { lastID, changes } instead of { lastInsertRowid, changes })'),
    { returns: 'node:sqlite.DatabaseSync' }),
  methodEntry('node:sqlite.DatabaseSync', 'prepare', 'database', null, manual('see DatabaseSync'),
    { returns: 'node:sqlite.StatementSync', blocking: false }),
  ...['exec', 'close'].map((m) =>
    methodEntry('node:sqlite.DatabaseSync', m, 'database', sqliteReplacement(`await db.${m}(…)`), manual('see DatabaseSync'))),
  ...['run', 'get', 'all', 'iterate'].map((m) =>
    methodEntry('node:sqlite.StatementSync', m, 'database', sqliteReplacement(`await stmt.${m === 'iterate' ? 'each' : m}(…)`),
      manual('see DatabaseSync'))),
];

/** Type names of tracked instances, for parameters and fields declared with a type annotation. */
export const instanceTypes: InstanceType[] = [
  { modules: ['better-sqlite3'], path: [], instanceOf: 'better-sqlite3.Database' },
  { modules: ['better-sqlite3'], path: ['Database'], instanceOf: 'better-sqlite3.Database' },
  { modules: ['better-sqlite3'], path: ['Statement'], instanceOf: 'better-sqlite3.Statement' },
  { modules: ['node:sqlite'], path: ['DatabaseSync'], instanceOf: 'node:sqlite.DatabaseSync' },
  { modules: ['node:sqlite'], path: ['StatementSync'], instanceOf: 'node:sqlite.StatementSync' },
];

export const globEntries: ExportEntry[] = [
  ...(['sync', 'globSync'] as const).map((p) =>
    exportEntry('glob', ['glob'], [p], 'glob', same('glob', 'glob', 'await glob(pattern, options)', 'glob@>=9'), auto('sync-io'))),
  ...(['sync', 'globSync'] as const).map((p) =>
    exportEntry('fast-glob', ['fast-glob'], [p], 'glob', same('fast-glob', 'glob', 'await glob(pattern, options)'), auto('sync-io'))),
  exportEntry('globby', ['globby'], ['globbySync'], 'glob', same('globby', 'globby', 'await globby(patterns, options)'), auto('sync-io')),
  exportEntry('tinyglobby', ['tinyglobby'], ['globSync'], 'glob', same('tinyglobby', 'glob', 'await glob(patterns, options)'), auto('sync-io')),
];

const SPAWN_RESULT_REASON =
  "a sync spawn's result ({ status, stdout, stderr, error }) has no single async counterpart: use execa/execFile when only the output matters";

export const processEntries: ExportEntry[] = [
  exportEntry('execa', ['execa'], ['execaSync'], 'child-process', same('execa', 'execa', 'await execa(file, args, options)'), auto('sync-io')),
  exportEntry('execa', ['execa'], ['execaCommandSync'], 'child-process', same('execa', 'execaCommand', 'await execaCommand(command, options)'), auto('sync-io')),
  // execa ≤ 5 (CommonJS): `execa.sync` and `execa.commandSync` sit on the default export, beside `execa.command`
  exportEntry('execa', ['execa'], ['sync'], 'child-process', same('execa', 'default', 'await execa(file, args, options)'), auto('sync-io')),
  exportEntry('execa', ['execa'], ['commandSync'], 'child-process', same('execa', 'command', 'await execa.command(command, options)'), auto('sync-io')),
  ...(['sync', 's'] as const).map((p) =>
    exportEntry('execa', ['execa'], ['$', p], 'child-process', same('execa', '$', 'await $`command`'),
      manual('the template-tag form is not rewritten automatically: write await $`…`'))),
  exportEntry('cross-spawn', ['cross-spawn'], ['sync'], 'child-process', same('cross-spawn', 'default', 'spawn(…) with listeners'), manual(SPAWN_RESULT_REASON)),
];

const SHELLJS_COMMANDS = [
  'cat', 'chmod', 'cp', 'exec', 'find', 'grep', 'head', 'ln', 'ls', 'mkdir', 'mv', 'rm', 'sed', 'sort',
  'tail', 'test', 'touch', 'uniq', 'which',
];

export const shellEntries: ExportEntry[] = SHELLJS_COMMANDS.map((cmd) => {
  const extras = cmd === 'exec' ? { condition: { kind: 'no-callback' } as const } : {};
  return exportEntry('shelljs', ['shelljs'], [cmd], 'shell',
    cmd === 'exec'
      ? { module: 'node:child_process', export: 'exec', mapping: { kind: 'exec-stdout' }, example: '(await promisify(exec)(command)).stdout' }
      : null,
    manual('shelljs has no promise API and its results are ShellStrings: use node:fs/promises or node:child_process directly'),
    extras);
});

const sleepTo = (argIndex: number, toMs: number): AsyncReplacement => ({
  module: 'node:timers/promises',
  export: 'setTimeout',
  mapping: { kind: 'sleep', argIndex, toMs },
  example: 'await setTimeout(ms)',
});

export const SLEEP_REPLACEMENT = sleepTo(0, 1);

export const sleepEntries: ExportEntry[] = [
  exportEntry('sleep', ['sleep'], ['sleep'], 'sleep', sleepTo(0, 1000), auto('sleep')),
  exportEntry('sleep', ['sleep'], ['msleep'], 'sleep', sleepTo(0, 1), auto('sleep')),
  exportEntry('sleep', ['sleep'], ['usleep'], 'sleep', sleepTo(0, 0.001), auto('sleep')),
  exportEntry('system-sleep', ['system-sleep'], [], 'sleep', sleepTo(0, 1), auto('sleep')),
  exportEntry('sleep-sync', ['sleep-sync'], [], 'sleep', sleepTo(0, 1), auto('sleep')),
  exportEntry('atomic-sleep', ['atomic-sleep'], [], 'sleep', sleepTo(0, 1), auto('sleep')),
  exportEntry('deasync', ['deasync'], ['sleep'], 'sleep', sleepTo(0, 1), auto('sleep')),
  exportEntry('deasync', ['deasync'], ['loopWhile'], 'sleep', null,
    manual('loopWhile spins the event loop until a condition holds: await a promise that resolves when it does')),
  exportEntry('deasync', ['deasync'], [], 'sleep', null,
    manual('deasync(fn) turns a callback API into a blocking call: await util.promisify(fn)(…) instead')),
];

/** Re-exported so a reader sees every module the fs entries are reached through. */
export { FS_MODULES };
