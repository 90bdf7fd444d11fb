import { childProcessEntries, cryptoEntries, fsEntries, zlibEntries } from './node-builtins.js';
import {
  fileWriterEntries, fsExtraEntries, globEntries, httpEntries, instanceTypes, lockfileEntries, mkdirpEntries, passwordHashEntries, processEntries, shellEntries, sleepEntries, spreadsheetEntries, sqliteEntries,
  syncTwinEntries, SLEEP_REPLACEMENT,
} from './packages.js';
import type { CatalogEntry, ExportEntry, InstanceType, MethodEntry } from './types.js';
import { promiseApis, promiseInstanceTypes, promiseMethods, type PromiseApi } from './promise-apis.js';

export type * from './types.js';
export type { PromiseApi } from './promise-apis.js';
export { SLEEP_REPLACEMENT, promiseApis };

/** The catalog: every blocking API unblock knows, read by the rules and the codemods alike. */
export const catalog: readonly CatalogEntry[] = [
  ...fsEntries,
  ...childProcessEntries,
  ...zlibEntries,
  ...cryptoEntries,
  ...fsExtraEntries,
  ...fileWriterEntries,
  ...passwordHashEntries,
  ...syncTwinEntries,
  ...lockfileEntries,
  ...mkdirpEntries,
  ...spreadsheetEntries,
  ...httpEntries,
  ...sqliteEntries,
  ...globEntries,
  ...processEntries,
  ...shellEntries,
  ...sleepEntries,
];

/** Builtins reachable only with the `node:` prefix: there `sqlite` is an npm package, not node:sqlite. */
const PREFIX_ONLY = new Set(['sqlite', 'test', 'sea', 'test/reporters']);

/** `node:fs` → `fs`, `node:sqlite` stays; `fs/promises` stays (it is another module). */
export function normalizeModule(specifier: string): string {
  if (specifier.startsWith('node:')) {
    const bare = specifier.slice(5);
    return PREFIX_ONLY.has(bare) ? specifier : bare;
  }
  return specifier;
}

const exportIndex = new Map<string, ExportEntry>();
const methodIndex = new Map<string, MethodEntry>();
const globalIndex = new Map<string, ExportEntry>();
const typeIndex = new Map<string, InstanceType>();
const catalogModules = new Set<string>();
for (const t of instanceTypes) for (const m of t.modules) typeIndex.set(`${m}\0${t.path.join('.')}`, t);
for (const entry of catalog) {
  if (entry.type === 'export') {
    if (entry.global !== undefined) globalIndex.set(entry.global, entry);
    for (const module of entry.modules) {
      exportIndex.set(`${module}\0${entry.path.join('.')}`, entry);
      catalogModules.add(module);
    }
  } else {
    methodIndex.set(`${entry.instanceOf}#${entry.method}`, entry);
  }
}

/** Whether an import or require of this specifier can bring a catalog API into scope. */
export function isCatalogModule(specifier: string): boolean {
  return catalogModules.has(normalizeModule(specifier));
}

/** The modules the catalog knows, normalised (for fast pre-filters on source text). */
export function catalogModuleNames(): ReadonlySet<string> {
  return catalogModules;
}

/**
 * The entry for `module` + property `path`. A leading `default` is dropped: the catalog's modules are
 * CommonJS, so `import fs from 'fs'; fs.readFileSync` and `require('fs').readFileSync` are the same.
 */
export function lookupExport(specifier: string, path: readonly string[]): ExportEntry | undefined {
  const p = path[0] === 'default' ? path.slice(1) : path;
  return exportIndex.get(`${normalizeModule(specifier)}\0${p.join('.')}`);
}

/** The entry a global name reaches when nothing in scope shadows it (`XMLHttpRequest`). */
export function lookupGlobal(name: string): ExportEntry | undefined {
  return globalIndex.get(name);
}

/** The tracked class a type reference names (`Database.Database` from better-sqlite3), if any. */
export function lookupInstanceType(specifier: string, path: readonly string[]): string | undefined {
  const p = path[0] === 'default' ? path.slice(1) : path;
  return typeIndex.get(`${normalizeModule(specifier)}\0${p.join('.')}`)?.instanceOf;
}

export function lookupMethod(instanceOf: string, method: string): MethodEntry | undefined {
  return methodIndex.get(`${instanceOf}#${method}`);
}

export function entryById(id: string): CatalogEntry | undefined {
  return catalog.find((e) => e.id === id);
}

/** The message fragment naming an entry's replacement, e.g. "`await readFile(…)` from node:fs/promises". */
export function describeReplacement(entry: CatalogEntry): string {
  const r = entry.replacement;
  if (r === null) return 'an async alternative';
  const from = r.module === 'fetch' ? 'the global fetch' : r.module;
  return `\`${r.example}\` (${from})`;
}

const promiseApiIndex = new Map<string, PromiseApi>();
const promiseGlobalIndex = new Map<string, PromiseApi>();
for (const entry of promiseApis) {
  if (entry.global !== undefined) promiseGlobalIndex.set(entry.global, entry);
  for (const module of entry.modules) promiseApiIndex.set(`${module}\0${entry.path.join('.')}`, entry);
}

/** The promise-returning export `module` + `path` reaches (a leading `default` dropped, as in lookupExport). */
export function lookupPromiseApi(specifier: string, path: readonly string[]): PromiseApi | undefined {
  const p = path[0] === 'default' ? path.slice(1) : path;
  return promiseApiIndex.get(`${normalizeModule(specifier)}\0${p.join('.')}`);
}

/** The promise-returning API a global name reaches when nothing in scope shadows it (`fetch`). */
export function lookupPromiseGlobal(name: string): PromiseApi | undefined {
  return promiseGlobalIndex.get(name);
}

/**
 * A promise-returning method of an object a promise API resolves to (`db.run` of the sqlite driver):
 * `null` when its promise resolves to nothing tracked, the tracked class otherwise, undefined if unknown.
 */
export function lookupPromiseMethod(instanceOf: string, method: string): string | null | undefined {
  return promiseMethods.get(instanceOf)?.get(method);
}

const promiseMethodNames = new Set([...promiseMethods.values()].flatMap((methods) => [...methods.keys()]));

/** Whether some tracked promise-API class has a method of this name (a cheap filter before resolving). */
export function isPromiseMethodName(method: string): boolean {
  return promiseMethodNames.has(method);
}

/** The tracked promise-API class a type reference names (`Database` from sqlite), if any. */
export function lookupPromiseInstanceType(specifier: string, path: readonly string[]): string | undefined {
  const p = path[0] === 'default' ? path.slice(1) : path;
  const module = normalizeModule(specifier);
  return promiseInstanceTypes.find((t) => t.modules.includes(module) && t.path.join('.') === p.join('.'))?.instanceOf;
}
