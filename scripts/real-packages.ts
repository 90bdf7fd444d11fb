/**
 * Measures `no-sync-io` (`context: "all"`) on real published npm packages against an independent oracle
 * (the TypeScript checker, see scripts/oracle/): per package, the calls of a catalog API each finds, and
 * every disagreement. Results and their analysis: docs/precision.md.
 *
 *   npx tsx scripts/real-packages.ts [--fetch] [--only <label>] [--verbose] [--json <file>] [--probe]
 *
 * `--probe` measures the shared analysis (matchBlockingCall) alone instead of the rule, to tell a
 * resolver or catalog miss from one of the rule's own. `--dir <path>` (repeatable) measures the
 * JavaScript files of any unpacked package instead of the pinned list, to look for new disagreements.
 *
 * Packages are pinned (scripts/oracle/packages.ts) and read from the project's node_modules when it holds
 * the pinned version, else from a cache outside the repository ($UNBLOCK_REAL_PACKAGES_DIR, default
 * <tmp>/real-packages). `--fetch` fills the cache with `npm pack`; without it, a package not available
 * offline is skipped with a message, so the script also runs without network.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { TSESLint } from '@typescript-eslint/utils';
import { glob } from 'tinyglobby';
import { catalog } from '../src/catalog/index.js';
import { compare, compareValues, NO_SYNC_IO_CATEGORIES, type Comparison } from './oracle/compare.js';
import { lintSites, type LintResult } from './oracle/lint-sites.js';
import { CACHE_DIR, EXCLUDED, REAL_PACKAGES, fetchPackage, locatePackage, type RealPackage } from './oracle/packages.js';
import { resolverProbe } from './oracle/resolver-probe.js';
import { findCatalogCalls, type OracleResult, type OracleValue } from './oracle/typescript-oracle.js';

type Rule = TSESLint.RuleModule<string, readonly unknown[]>;

interface Measuring {
  rule: Rule;
  options: readonly unknown[];
}

async function loadRule(probe: boolean): Promise<Measuring> {
  if (probe) return { rule: resolverProbe(NO_SYNC_IO_CATEGORIES) as unknown as Rule, options: [] };
  const { rules } = await import('../rules/index.js');
  const rule = rules['no-sync-io'];
  if (rule === undefined) throw new Error('rules/index.ts does not register no-sync-io yet');
  return { rule, options: [{ context: 'all' }] };
}

/** Names of the catalog's APIs worth listing when a call so named is not resolved (`options.statSync(…)`). */
function lookalikeNames(): Set<string> {
  const names = new Set<string>();
  for (const entry of catalog) {
    if (entry.type !== 'export' || !entry.blocking || !NO_SYNC_IO_CATEGORIES.has(entry.category)) continue;
    const last = entry.path[entry.path.length - 1];
    if (last !== undefined && /sync$/i.test(last)) names.add(last);
  }
  return names;
}

interface Measured {
  pkg: RealPackage;
  root: string;
  files: number;
  oracle: OracleResult;
  lint: LintResult;
  comparison: Comparison;
  /** The same for APIs handed on as values (`blockingValue` reports), which are not calls. */
  values: Comparison<OracleValue>;
}

async function measure(pkg: RealPackage, root: string, { rule, options }: Measuring): Promise<Measured> {
  const files = await glob([...pkg.include], { cwd: root, absolute: true, ignore: EXCLUDED });
  files.sort();
  const oracle = findCatalogCalls(files, { candidateNames: lookalikeNames() });
  const lint = await lintSites(rule, options, files, root);
  const unparsed = new Set(lint.fatal.map((f) => f.file));
  const comparison = compare(oracle.sites.filter((s) => !unparsed.has(s.file)), lint.sites, NO_SYNC_IO_CATEGORIES);
  const values = compareValues(oracle.values.filter((s) => !unparsed.has(s.file)), lint.values, NO_SYNC_IO_CATEGORIES);
  return { pkg, root, files: files.length - unparsed.size, oracle, lint, comparison, values };
}

const percent = (n: number, d: number): string => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

function row(m: Measured): string[] {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn, outOfScope } = m.comparison;
  const inScope = tp.length + fn.length;
  return [
    m.pkg.label, m.pkg.style, String(m.files), String(inScope), String(m.lint.sites.length),
    String(tp.length), String(fp.length), String(fn.length),
    percent(tp.length, tp.length + fp.length), percent(tp.length, inScope), String(outOfScope.length),
    `${m.values.truePositives.length}/${m.values.falsePositives.length}/${m.values.falseNegatives.length}`,
  ];
}

const HEADER = ['package', 'style', 'files', 'oracle', 'rule', 'TP', 'FP', 'FN', 'precision', 'recall', 'out of scope', 'values TP/FP/FN'];

function table(rows: string[][]): string {
  const lines = [HEADER, HEADER.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`);
  return lines.join('\n');
}

function details(m: Measured, verbose: boolean): string[] {
  const rel = (file: string): string => path.relative(m.root, file);
  const at = (s: { file: string; line: number; column: number }): string => `${rel(s.file)}:${s.line}:${s.column}`;
  const lines: string[] = [];
  const { falsePositives, falseNegatives, outOfScope, duplicates } = m.comparison;
  for (const s of falsePositives) lines.push(`  FP ${at(s)}  ${s.text}`);
  for (const s of duplicates) lines.push(`  DUPLICATE ${at(s)}  ${s.text}`);
  for (const s of m.comparison.unjudged) lines.push(`  UNJUDGED ${at(s)}  ${s.api ?? ''} (an instance method: not the oracle's)  ${s.text}`);
  for (const s of falseNegatives) {
    const how = s.indirect ? ' (through call/apply)' : s.computedKey ? ' (computed key)' : '';
    lines.push(`  FN ${at(s)}  ${s.entry.id}${how}  ${s.text}`);
  }
  for (const s of m.values.falsePositives) lines.push(`  VALUE FP ${at(s)}  ${s.text}`);
  for (const s of m.values.duplicates) lines.push(`  VALUE DUPLICATE ${at(s)}  ${s.text}`);
  for (const s of m.values.falseNegatives) lines.push(`  VALUE FN ${at(s)}  ${s.entry.id}  ${s.text}`);
  for (const f of m.lint.fatal) lines.push(`  UNPARSED ${rel(f.file)}: ${f.message}`);
  const reasons = new Map<string, number>();
  for (const { reason } of outOfScope) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  if (reasons.size > 0) lines.push(`  out of scope: ${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}`);
  for (const g of m.oracle.gaps) lines.push(`  CATALOG GAP ${at(g)}  ${g.api}  ${g.text}`);
  for (const d of m.oracle.dynamic) lines.push(`  DYNAMIC ${at(d)}  a member of ${d.module} chosen at run time  ${d.text}`);
  const untyped = m.oracle.lookalikes.filter((l) => !l.typed);
  if (m.oracle.lookalikes.length > 0) {
    lines.push(`  lookalikes neither counts: ${m.oracle.lookalikes.length} (${untyped.length} untyped to the checker)`);
  }
  if (verbose) {
    for (const { site, reason } of outOfScope) lines.push(`    out of scope (${reason}) ${at(site)}  ${site.entry.id}  ${site.text}`);
    for (const { site, reason } of m.values.outOfScope) lines.push(`    value out of scope (${reason}) ${at(site)}  ${site.entry.id}  ${site.text}`);
    for (const l of m.oracle.lookalikes) lines.push(`    lookalike${l.typed ? '' : ' (untyped)'} ${at(l)}  ${l.text}`);
  }
  return lines;
}

/** A directory given with `--dir`: every JavaScript file in it, whatever its version. */
function adHocPackage(dir: string): RealPackage {
  return { label: dir, name: dir, version: '', style: 'unpinned', include: ['**/*.{js,cjs,mjs}'] };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fetch: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      verbose: { type: 'boolean', default: false },
      json: { type: 'string' },
      probe: { type: 'boolean', default: false },
      dir: { type: 'string', multiple: true },
    },
  });
  const rule = await loadRule(values.probe);
  const selected = values.dir !== undefined
    ? values.dir.map(adHocPackage)
    : REAL_PACKAGES.filter((p) => values.only === undefined || values.only.includes(p.label));
  const measured: Measured[] = [];
  for (const pkg of selected) {
    let root = pkg.version === '' ? path.resolve(pkg.name) : await locatePackage(pkg);
    if (root === null && values.fetch) root = await fetchPackage(pkg);
    if (root === null) {
      console.log(`skip ${pkg.label}: ${pkg.name}@${pkg.version} is not available offline (run with --fetch to download it into ${CACHE_DIR})`);
      continue;
    }
    let m: Measured;
    try {
      m = await measure(pkg, root, rule);
    } catch (error) {
      console.log(`skip ${pkg.label}: the measurement failed (${(error as Error).message.split('\n')[0]})`);
      if (process.env.UNBLOCK_DEBUG) console.log((error as Error).stack);
      continue;
    }
    measured.push(m);
    console.log(`${pkg.label} (${pkg.name}@${pkg.version}, ${m.files} files)`);
    for (const line of details(m, values.verbose)) console.log(line);
  }
  console.log(`\n${table(measured.map(row))}`);
  const sum = (of: (m: Measured) => Comparison<OracleValue> | Comparison): { tp: number; fp: number; fn: number } => measured.reduce((t, m) => ({
    tp: t.tp + of(m).truePositives.length,
    fp: t.fp + of(m).falsePositives.length,
    fn: t.fn + of(m).falseNegatives.length,
  }), { tp: 0, fp: 0, fn: 0 });
  const total = sum((m) => m.comparison);
  const handedOn = sum((m) => m.values);
  console.log(`\nall: TP ${total.tp}, FP ${total.fp}, FN ${total.fn}, precision ${percent(total.tp, total.tp + total.fp)}, recall ${percent(total.tp, total.tp + total.fn)}`);
  console.log(`values handed on: TP ${handedOn.tp}, FP ${handedOn.fp}, FN ${handedOn.fn}, precision ${percent(handedOn.tp, handedOn.tp + handedOn.fp)}, recall ${percent(handedOn.tp, handedOn.tp + handedOn.fn)}`);
  // false positives, double reports and crashes are never expected; misses have known causes (docs/precision.md)
  const broken = measured.filter((m) => m.comparison.falsePositives.length > 0 || m.comparison.duplicates.length > 0
    || m.values.falsePositives.length > 0 || m.values.duplicates.length > 0
    || m.lint.fatal.some((f) => f.message.startsWith('the rule crashed')));
  if (broken.length > 0) {
    console.log(`\nfailed: false positives, duplicate reports or crashes in ${broken.map((m) => m.pkg.label).join(', ')}`);
    process.exitCode = 1;
  }
  if (values.json !== undefined) {
    const dump = measured.map((m) => ({
      label: m.pkg.label, name: m.pkg.name, version: m.pkg.version, files: m.files,
      oracle: m.oracle.sites.map((s) => ({ ...s, file: path.relative(m.root, s.file), entry: s.entry.id })),
      rule: m.lint.sites.map((s) => ({ ...s, file: path.relative(m.root, s.file) })),
      oracleValues: m.oracle.values.map((s) => ({ ...s, file: path.relative(m.root, s.file), entry: s.entry.id })),
      ruleValues: m.lint.values.map((s) => ({ ...s, file: path.relative(m.root, s.file) })),
      gaps: m.oracle.gaps.map((s) => ({ ...s, file: path.relative(m.root, s.file) })),
      lookalikes: m.oracle.lookalikes.map((s) => ({ ...s, file: path.relative(m.root, s.file) })),
    }));
    await writeFile(values.json, `${JSON.stringify(dump, null, 2)}\n`);
  }
}

await main();
