import type { ESLint } from 'eslint';
import { resolve } from 'node:path';
import type { MigrateResult } from '../../codemod/types.js';
import { displayPath } from '../output.js';

/**
 * The migration's state, measured from the code: the sites a dry-run migration finds (and what it would
 * do with each), and unblock's lint findings before and after that migration — the linter being an
 * independent count of what the codemods claim to fix.
 */
export interface ReportData {
  root: string;
  totals: { sites: number; automatic: number; review: number; files: number; propagated: number; errors: number };
  lint: Array<{ rule: string; before: number; after: number }>;
  byCategory: Array<Tally & { category: string }>;
  byFile: Array<Tally & { file: string }>;
  review: Array<{ file: string; line: number; column: number; api: string; reason: string }>;
  rolledBack: Array<{ group: string; errors: string[] }>;
  errors: Array<{ file: string; line?: number; message: string }>;
}

interface Tally {
  sites: number;
  automatic: number;
  review: number;
}

function tally<K extends string>(keys: Iterable<[K, boolean]>): Map<K, Tally> {
  const map = new Map<K, Tally>();
  for (const [key, automatic] of keys) {
    const t = map.get(key) ?? { sites: 0, automatic: 0, review: 0 };
    t.sites += 1;
    if (automatic) t.automatic += 1;
    else t.review += 1;
    map.set(key, t);
  }
  return map;
}

function byMostSites<T extends Tally>(a: T & Record<string, unknown>, b: T & Record<string, unknown>, key: string): number {
  return b.sites - a.sites || String(a[key]).localeCompare(String(b[key]));
}

/** unblock's own findings per rule (other plugins' rules in the project's config are not counted). */
function countByRule(results: readonly ESLint.LintResult[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const result of results) {
    for (const message of result.messages) {
      if (message.ruleId?.startsWith('unblock/') !== true) continue;
      counts.set(message.ruleId, (counts.get(message.ruleId) ?? 0) + 1);
    }
  }
  return counts;
}

export function collectReport(root: string, migration: MigrateResult, lintBefore: readonly ESLint.LintResult[], lintAfter: readonly ESLint.LintResult[]): ReportData {
  const rel = (file: string): string => displayPath(resolve(root, file), root);
  const sites = migration.sites.map((s) => ({ ...s, file: rel(s.file) }));
  const automatic = sites.filter((s) => s.status === 'migrated').length;

  const before = countByRule(lintBefore);
  const after = countByRule(lintAfter);
  const rules = [...new Set([...before.keys(), ...after.keys()])].sort();

  return {
    root,
    totals: {
      sites: sites.length,
      automatic,
      review: sites.length - automatic,
      files: new Set(sites.map((s) => s.file)).size,
      propagated: migration.propagated,
      errors: migration.errors.length,
    },
    lint: rules.map((rule) => ({ rule, before: before.get(rule) ?? 0, after: after.get(rule) ?? 0 })),
    byCategory: [...tally(sites.map((s): [string, boolean] => [s.category, s.status === 'migrated']))]
      .map(([category, t]) => ({ category, ...t }))
      .sort((a, b) => byMostSites(a, b, 'category')),
    byFile: [...tally(sites.map((s): [string, boolean] => [s.file, s.status === 'migrated']))]
      .map(([file, t]) => ({ file, ...t }))
      .sort((a, b) => byMostSites(a, b, 'file')),
    review: sites
      .filter((s) => s.status === 'refused')
      .map((s) => ({ file: s.file, line: s.line, column: s.column, api: s.api, reason: s.reason ?? '' }))
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column),
    rolledBack: migration.rolledBack,
    errors: migration.errors.map((e) => ({ ...e, file: rel(e.file) })),
  };
}
