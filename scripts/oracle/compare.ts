import { catalog, type Category } from '../../src/catalog/index.js';
import type { RuleSite } from './lint-sites.js';
import type { OracleSite, OracleValue } from './typescript-oracle.js';

/**
 * Per call site (file, line, column of the call's first character), what the oracle and the rule agree
 * on. Oracle sites the rule is not meant to report are set apart as out of scope, each with its reason,
 * so recall is measured on what the rule promises: calls it can see within one file.
 */

/** The catalog categories no-sync-io reports: all but sleeps, which are no-blocking-sleep's. */
export const NO_SYNC_IO_CATEGORIES: ReadonlySet<Category> = new Set<Category>([
  'fs', 'child-process', 'zlib', 'crypto', 'glob', 'http', 'database', 'shell',
]);

export type OutOfScope =
  | 'category' // an API of a category the rule leaves to another rule (shelljs, sleep packages, …)
  | 'sleep-command' // execSync('sleep 2'): no-blocking-sleep's
  | 'cross-file' // reached through another file of the package (`require('../fs')`): the rule lints one file
  | 'conditional'; // a value of an API that blocks only with some arguments (`xhr.open(…, false)`): its value says nothing

export interface Comparison<S extends OracleSite | OracleValue = OracleSite> {
  truePositives: Array<{ oracle: S; rule: RuleSite }>;
  falsePositives: RuleSite[];
  falseNegatives: S[];
  outOfScope: Array<{ site: S; reason: OutOfScope }>;
  /** Sites the rule reported more than once. */
  duplicates: RuleSite[];
  /** Rule sites of instance methods (`Statement#get`, `XMLHttpRequest#open`), which the oracle does not cover. */
  unjudged: RuleSite[];
}

/** Names of the catalog's instance methods, as the rule's messages give them (`XMLHttpRequest#open`). */
const METHOD_NAMES = new Set(catalog.flatMap((e) => (e.type === 'method' ? [e.name] : [])));

const key = (s: { file: string; line: number; column: number }): string => `${s.file}:${s.line}:${s.column}`;

function outOfScope(site: OracleSite, categories: ReadonlySet<Category>): OutOfScope | null {
  if (!categories.has(site.entry.category) || !site.entry.blocking) return 'category';
  if (site.sleep) return 'sleep-command';
  if (site.crossFile) return 'cross-file';
  return null;
}

function valueOutOfScope(value: OracleValue, categories: ReadonlySet<Category>): OutOfScope | null {
  if (!categories.has(value.entry.category) || !value.entry.blocking) return 'category';
  if (value.entry.condition !== undefined) return 'conditional';
  if (value.crossFile) return 'cross-file';
  return null;
}

/** Per call site, what the oracle and the rule's call reports agree on. */
export function compare(oracle: readonly OracleSite[], rule: readonly RuleSite[], categories: ReadonlySet<Category>): Comparison {
  return compareAt(oracle, rule, (site) => outOfScope(site, categories));
}

/** Per value handed on, what the oracle and the rule's value reports (`blockingValue`) agree on. */
export function compareValues(oracle: readonly OracleValue[], rule: readonly RuleSite[], categories: ReadonlySet<Category>): Comparison<OracleValue> {
  return compareAt(oracle, rule, (value) => valueOutOfScope(value, categories));
}

function compareAt<S extends OracleSite | OracleValue>(oracle: readonly S[], rule: readonly RuleSite[], reasonOf: (site: S) => OutOfScope | null): Comparison<S> {
  const result: Comparison<S> = {
    truePositives: [], falsePositives: [], falseNegatives: [], outOfScope: [], duplicates: [], unjudged: [],
  };
  const ruleByKey = new Map<string, RuleSite>();
  for (const site of rule) {
    if (ruleByKey.has(key(site))) result.duplicates.push(site);
    else ruleByKey.set(key(site), site);
  }
  const matched = new Set<string>();
  for (const site of oracle) {
    const reported = ruleByKey.get(key(site));
    const reason = reasonOf(site);
    // a cross-file call the rule still sees is a catalog call rightly reported; a sleep command or
    // another category's API is one the rule promises to leave alone, so reporting it is a false positive
    if (reported !== undefined && (reason === null || reason === 'cross-file')) {
      result.truePositives.push({ oracle: site, rule: reported });
      matched.add(key(site));
    } else if (reason !== null) {
      result.outOfScope.push({ site, reason });
    } else {
      result.falseNegatives.push(site);
    }
  }
  for (const [k, site] of ruleByKey) {
    if (matched.has(k)) continue;
    if (site.api !== undefined && METHOD_NAMES.has(site.api)) result.unjudged.push(site);
    else result.falsePositives.push(site);
  }
  return result;
}
