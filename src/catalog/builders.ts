import type { AsyncReplacement, BlockingCondition, Category, ExportEntry, Fix, MethodEntry, TransformName } from './types.js';

/** Optional parts of an entry. */
export interface EntryExtras {
  returns?: string;
  blocking?: boolean;
  condition?: BlockingCondition;
  global?: string;
}

/** Small constructors that keep the catalog tables one line an entry. */

export const auto = (transform: TransformName): Fix => ({ automatic: true, transform });
export const manual = (reason: string): Fix => ({ automatic: false, reason });

export function exportEntry(
  idPrefix: string,
  modules: readonly string[],
  path: readonly string[],
  category: Category,
  replacement: AsyncReplacement | null,
  fix: Fix,
  extras: EntryExtras = {},
): ExportEntry {
  const name = path.length > 0 ? path.join('.') : idPrefix;
  const entry: ExportEntry = {
    type: 'export',
    id: path.length > 0 ? `${idPrefix}.${path.join('.')}` : idPrefix,
    name,
    modules,
    path,
    category,
    replacement,
    fix,
    blocking: extras.blocking ?? true,
  };
  if (extras.returns !== undefined) entry.returns = extras.returns;
  if (extras.condition !== undefined) entry.condition = extras.condition;
  if (extras.global !== undefined) entry.global = extras.global;
  return entry;
}

export function methodEntry(
  instanceOf: string,
  method: string,
  category: Category,
  replacement: AsyncReplacement | null,
  fix: Fix,
  extras: EntryExtras = {},
): MethodEntry {
  const className = instanceOf.slice(instanceOf.lastIndexOf('.') + 1);
  const entry: MethodEntry = {
    type: 'method',
    id: `${instanceOf}#${method}`,
    name: `${className}#${method}`,
    instanceOf,
    method,
    category,
    replacement,
    fix,
    blocking: extras.blocking ?? true,
  };
  if (extras.returns !== undefined) entry.returns = extras.returns;
  if (extras.condition !== undefined) entry.condition = extras.condition;
  return entry;
}
