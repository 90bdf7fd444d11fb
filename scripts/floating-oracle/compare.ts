/**
 * Measures unblock's `no-floating-promises` against typescript-eslint's `@typescript-eslint/no-floating-promises`
 * (typed, default options) on real published JavaScript packages.
 *
 *   npm run check:floating -- [--json out.json] [--quiet] [--all] <package dir>...   (FLOATING_ORACLE_LIB=es2022: no DOM lib)
 *
 * Each package directory is copied to $FLOATING_ORACLE_DIR (default /tmp/floating-oracle/work/<name>), a
 * tsconfig.json (allowJs, module nodenext, @types/node) listing its .js/.mjs/.cjs files is written into the
 * copy, and every file is linted twice with ESLint's Linter:
 *   typed:   @typescript-eslint/parser + parserOptions.project, with
 *            @typescript-eslint/no-floating-promises (oracle), unblock/no-floating-promises (typed mode), and
 *            @typescript-eslint/no-misused-promises (checksVoidReturn.arguments only) as a second oracle for
 *            unblock's forEach/listener callback reports;
 *   untyped: espree, unblock/no-floating-promises only (the `recommended` config's mode).
 * Reports are matched by position: typescript-eslint reports the expression statement, unblock the dropped
 * expression (or an arm of `,` `?:` `&&` `||` `??`), so an unblock report inside a typescript-eslint report's
 * span counts as agreement. The rule is loaded from dist/ (run `npm run build` first).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Linter } from 'eslint';
import { clearCaches } from '@typescript-eslint/parser';
import tsPlugin from '@typescript-eslint/eslint-plugin';
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore dist is built JavaScript
import unblock from '../../dist/src/index.js';
import { copyPackage, listFiles, packageName, parsedSourceType, writeTsconfig } from '../js-packages/copy.js';
import { typedLintConfig } from '../js-packages/typed-config.js';

const WORK = process.env.FLOATING_ORACLE_DIR ?? '/tmp/floating-oracle/work';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'string' }, quiet: { type: 'boolean', default: false }, all: { type: 'boolean', default: false } },
});

interface Report {
  file: string;
  rule: string;
  messageId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  text: string;
}

interface Disagreement {
  kind: 'tseslint-only' | 'unblock-only' | 'untyped-only' | 'untyped-callback-no-misused' | 'callback-no-misused' | 'misused-only-forEach/listener';
  report: Report;
  source: string;
}

interface PackageResult {
  name: string;
  dir: string;
  files: number;
  skipped: string[];
  parseErrors: string[];
  seconds: number;
  tseslint: number;
  unblockTyped: number;
  unblockTypedExpr: number;
  unblockTypedCallbacks: number;
  unblockUntyped: number;
  misused: number;
  agreements: number;
  untypedAgreements: number;
  disagreements: Disagreement[];
}

const misusedOptions = {
  checksConditionals: false,
  checksSpreads: false,
  checksVoidReturn: { arguments: true, attributes: false, inheritedMethods: false, properties: false, returns: false, variables: false },
};

function toReport(file: string, root: string, lines: string[], m: Linter.LintMessage): Report {
  return {
    file: path.relative(root, file),
    rule: m.ruleId ?? '(parser)',
    messageId: m.messageId ?? '',
    line: m.line,
    column: m.column,
    endLine: m.endLine ?? m.line,
    endColumn: m.endColumn ?? m.column,
    text: m.message,
  };
}

const before = (l1: number, c1: number, l2: number, c2: number): boolean => l1 < l2 || (l1 === l2 && c1 <= c2);
const inside = (inner: Report, outer: Report): boolean =>
  inner.file === outer.file && before(outer.line, outer.column, inner.line, inner.column) && before(inner.endLine, inner.endColumn, outer.endLine, outer.endColumn);
const CALLBACK_IDS = new Set(['forEachCallback', 'listenerCallback']);

function snippet(lines: string[], r: Report): string {
  const line = lines[r.line - 1] ?? '';
  if (line.length <= 160) return line.trim();
  const start = Math.max(0, r.column - 1 - 40);
  return `…${line.slice(start, start + 200)}…`; // minified code: around the column
}

function measure(dir: string): PackageResult {
  const started = Date.now();
  const root = copyPackage(dir, path.join(WORK, packageName(dir)));
  const { files, skipped } = listFiles(root);
  // Default: TypeScript's default lib for es2022, DOM included. FLOATING_ORACLE_LIB=es2022 leaves DOM out.
  const tsconfig = writeTsconfig(root, files, 'tsconfig.floating-oracle.json', process.env.FLOATING_ORACLE_LIB);

  const linter = new Linter({ cwd: root });
  const typed: Report[] = [];
  const untyped: Report[] = [];
  const parseErrors: string[] = [];
  const lineCache = new Map<string, string[]>();

  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    const lines = code.split(/\r?\n/);
    lineCache.set(path.relative(root, file), lines);
    const sourceType = parsedSourceType(file, root, code);
    const typedConfig = typedLintConfig({
      root, tsconfig, sourceType, plugins: { '@typescript-eslint': tsPlugin as never, unblock: unblock as never },
      rules: {
        '@typescript-eslint/no-floating-promises': 'error',
        'unblock/no-floating-promises': 'error',
        '@typescript-eslint/no-misused-promises': ['error', misusedOptions],
      },
    });
    const untypedConfig: Linter.Config[] = [{
      files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      languageOptions: { ecmaVersion: 'latest', sourceType },
      plugins: { unblock: unblock as never },
      rules: { 'unblock/no-floating-promises': 'error' },
    }];
    for (const [config, into, label] of [[typedConfig, typed, 'typed'], [untypedConfig, untyped, 'untyped']] as const) {
      let messages: Linter.LintMessage[];
      try {
        messages = linter.verify(code, config, file);
      } catch (error) {
        parseErrors.push(`${label} ${path.relative(root, file)}: ${(error as Error).message.split('\n')[0]}`);
        continue;
      }
      for (const m of messages) {
        if (m.ruleId === null && m.fatal !== true) continue; // noInlineConfig notices
        if (m.ruleId === null) parseErrors.push(`${label} ${path.relative(root, file)}:${m.line}: ${m.message}`);
        else into.push(toReport(file, root, lines, m));
      }
    }
  }

  if (values.all) {
    for (const r of [...typed, ...untyped.map((u) => ({ ...u, rule: `${u.rule} (untyped)` }))]) {
      console.log(`  ALL ${r.rule} ${r.file}:${r.line}:${r.column}-${r.endLine}:${r.endColumn} [${r.messageId}]`);
    }
  }
  const oracle = typed.filter((r) => r.rule === '@typescript-eslint/no-floating-promises');
  const misused = typed.filter((r) => r.rule === '@typescript-eslint/no-misused-promises');
  const ours = typed.filter((r) => r.rule === 'unblock/no-floating-promises');
  const oursExpr = ours.filter((r) => !CALLBACK_IDS.has(r.messageId));
  const oursCallbacks = ours.filter((r) => CALLBACK_IDS.has(r.messageId));
  const oursUntyped = untyped.filter((r) => !CALLBACK_IDS.has(r.messageId));
  const disagreements: Disagreement[] = [];
  const src = (r: Report): string => snippet(lineCache.get(r.file) ?? [], r);

  let agreements = 0;
  for (const t of oracle) {
    if (oursExpr.some((u) => inside(u, t))) agreements++;
    else disagreements.push({ kind: 'tseslint-only', report: t, source: src(t) });
  }
  for (const u of oursExpr) {
    if (!oracle.some((t) => inside(u, t))) disagreements.push({ kind: 'unblock-only', report: u, source: src(u) });
  }
  for (const u of oursCallbacks) {
    if (!misused.some((m) => m.file === u.file && m.line === u.line && m.column === u.column)) {
      disagreements.push({ kind: 'callback-no-misused', report: u, source: src(u) });
    }
  }
  // no-misused-promises reports far more than forEach/listeners; list only those on a forEach or listener call.
  for (const m of misused) {
    if (oursCallbacks.some((u) => u.file === m.file && u.line === m.line && u.column === m.column)) continue;
    if (/\.(forEach|on|once|addListener|addEventListener|prependListener|prependOnceListener)\s*\(/.test(src(m))) {
      disagreements.push({ kind: 'misused-only-forEach/listener', report: m, source: src(m) });
    }
  }
  let untypedAgreements = 0;
  for (const u of oursUntyped) {
    if (oracle.some((t) => inside(u, t))) untypedAgreements++;
    else disagreements.push({ kind: 'untyped-only', report: u, source: src(u) });
  }

  for (const u of untyped.filter((r) => CALLBACK_IDS.has(r.messageId))) {
    if (!misused.some((m) => m.file === u.file && m.line === u.line && m.column === u.column)) {
      disagreements.push({ kind: 'untyped-callback-no-misused', report: u, source: src(u) });
    }
  }
  return {
    name: path.basename(root),
    dir,
    files: files.length,
    skipped,
    parseErrors,
    seconds: (Date.now() - started) / 1000,
    tseslint: oracle.length,
    unblockTyped: ours.length,
    unblockTypedExpr: oursExpr.length,
    unblockTypedCallbacks: oursCallbacks.length,
    unblockUntyped: untyped.length,
    misused: misused.length,
    agreements,
    untypedAgreements,
    disagreements,
  };
}

const results: PackageResult[] = [];
for (const dir of positionals) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.log(`${dir}: skipped, not a directory`);
    continue;
  }
  try {
    const r = measure(dir);
    clearCaches(); // typescript-eslint keeps every package's program otherwise: out of memory after ~40 packages
    results.push(r);
    const count = (k: Disagreement['kind']): number => r.disagreements.filter((d) => d.kind === k).length;
    console.log(
      `${r.name}: files ${r.files}, tseslint ${r.tseslint}, unblock typed ${r.unblockTyped} (expr ${r.unblockTypedExpr}, callbacks ${r.unblockTypedCallbacks}), `
      + `untyped ${r.unblockUntyped}, agree ${r.agreements}, tseslint-only ${count('tseslint-only')}, unblock-only ${count('unblock-only')}, `
      + `callback-no-misused ${count('callback-no-misused')}, misused-only ${count('misused-only-forEach/listener')}, untyped-only ${count('untyped-only')}, untyped-callback-no-misused ${count('untyped-callback-no-misused')}, `
      + `parse errors ${r.parseErrors.length}, ${r.seconds.toFixed(1)}s`,
    );
    if (!values.quiet) {
      for (const e of r.parseErrors) console.log(`  PARSE ${e}`);
      for (const d of r.disagreements) {
        console.log(`  ${d.kind.padEnd(30)} ${d.report.file}:${d.report.line}:${d.report.column} [${d.report.messageId}] ${d.source}`);
      }
    }
  } catch (error) {
    console.log(`${dir}: FAILED ${(error as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  }
}
if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(results, null, 2));
