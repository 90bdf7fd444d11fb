/**
 * Checks unblock's migration of real published JavaScript packages with oracles that are not unblock's:
 * typescript-eslint's typed promise rules and TypeScript's checkJs errors, before and after.
 *
 *   npm run check:migrated -- [--json out.json] [--quiet] <package dir>...
 *
 * Each package is copied twice under $MIGRATION_ORACLE_DIR (default /tmp/migration-oracle/work/<name>):
 * `before` as published, `after` migrated with `migrate({ write: true })` (verified mode, every
 * transform). Both copies get the same tsconfig (allowJs, module nodenext, @types/node) and are linted
 * with @typescript-eslint/no-floating-promises, no-misused-promises (all checks) and await-thenable, and
 * type-checked with checkJs. A report or error the migrated copy has and the published one had not is
 * what a half-done migration leaves: a call to a function now async whose promise is dropped, tested in
 * a condition or handed where a value was expected, or an `await` of something that is no promise.
 * Reports are compared per file, rule and message as multisets, since positions move; the new ones are
 * listed with their lines. The engine is loaded from dist/ (run `npm run build` first).
 */
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { access, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Linter } from 'eslint';
import tsParser, { clearCaches } from '@typescript-eslint/parser';
import tsPlugin from '@typescript-eslint/eslint-plugin';
import ts from 'typescript';
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore dist is built JavaScript
import { migrate } from '../../dist/codemods/index.js';
import type { MigrateResult } from '../../src/codemod/types.js';
import { copyPackage, listFiles, packageName, parsedSourceType, writeTsconfig } from '../js-packages/copy.js';

const WORK = process.env.MIGRATION_ORACLE_DIR ?? '/tmp/migration-oracle/work';
const TSCONFIG = 'tsconfig.migration-oracle.json';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'string' }, quiet: { type: 'boolean', default: false } },
});

/** A lint report or a type error, where it stands and what identifies it across the two copies. */
interface Finding {
  file: string;
  line: number;
  /** File, rule (or TS code) and message: what stays the same when lines move. */
  key: string;
  source: string;
}

interface PackageResult {
  name: string;
  files: number;
  changedFiles: number;
  sites: number;
  sitesMigrated: number;
  propagated: number;
  refusals: number;
  rolledBack: number;
  errors: string[];
  before: number;
  after: number;
  added: Finding[];
  seconds: number;
}

const RULES: Linter.RulesRecord = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
};

async function lintFindings(root: string, files: readonly string[], tsconfig: string): Promise<Finding[]> {
  const linter = new Linter({ cwd: root });
  const found: Finding[] = [];
  for (const file of files) {
    const code = await readFile(file, 'utf8');
    const lines = code.split(/\r?\n/);
    const config: Linter.Config[] = [{
      files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      languageOptions: {
        parser: tsParser as unknown as Linter.Parser,
        ecmaVersion: 'latest',
        sourceType: parsedSourceType(file, root, code),
        parserOptions: { project: tsconfig, tsconfigRootDir: root },
      },
      plugins: { '@typescript-eslint': tsPlugin as never },
      rules: RULES,
    }];
    const relative = path.relative(root, file);
    for (const m of linter.verify(code, config, file)) {
      if (m.ruleId === null && m.fatal !== true) continue; // noInlineConfig notices
      found.push({ file: relative, line: m.line, key: `${relative} ${m.ruleId ?? 'parse'} ${m.message.replaceAll(root, '<package>')}`, source: lines[m.line - 1]?.trim() ?? '' });
    }
  }
  return found;
}

/** TypeScript's errors with checkJs on: what the migrated code's types say that lint rules do not. */
function typeFindings(root: string, tsconfig: string): Finding[] {
  const config = ts.getParsedCommandLineOfConfigFile(tsconfig, { checkJs: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (config === undefined) return [];
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const found: Finding[] = [];
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(root) || sf.fileName.includes('/node_modules/')) continue;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const { line } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      const relative = path.relative(root, sf.fileName);
      // the copies' own paths, which some messages quote, differ: left out of the key
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ').replaceAll(root, '<package>');
      found.push({ file: relative, line: line + 1, key: `${relative} TS${d.code} ${message}`, source: sf.text.split(/\r?\n/)[line]?.trim() ?? '' });
    }
  }
  return found;
}

async function findings(root: string): Promise<Finding[]> {
  const { files } = listFiles(root);
  const tsconfig = writeTsconfig(root, files, TSCONFIG, 'es2022');
  const all = [...await lintFindings(root, files, tsconfig), ...typeFindings(root, tsconfig)];
  clearCaches(); // typescript-eslint keeps every program otherwise
  return all;
}

/** The findings of `after` beyond those of `before`, as multisets by key. */
function added(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  const counts = new Map<string, number>();
  for (const f of before) counts.set(f.key, (counts.get(f.key) ?? 0) + 1);
  const extra: Finding[] = [];
  for (const f of after) {
    const count = counts.get(f.key) ?? 0;
    if (count > 0) counts.set(f.key, count - 1);
    else extra.push(f);
  }
  return extra;
}

/**
 * The folder to migrate: the package, or its dist/ when all its code is there (migrate skips build
 * output it is not pointed at, rightly for a project, but a published package is often nothing else).
 */
async function migratedFolder(root: string): Promise<string> {
  const own = (await readdir(root, { withFileTypes: true }))
    .some((e) => (e.isFile() && /\.(c|m)?js$/.test(e.name)) || (e.isDirectory() && ['lib', 'src'].includes(e.name)));
  const dist = path.join(root, 'dist');
  return !own && await access(dist).then(() => true, () => false) ? dist : root;
}

async function measure(dir: string): Promise<PackageResult> {
  const started = Date.now();
  const name = packageName(dir);
  const before = copyPackage(dir, path.join(WORK, name, 'before'));
  const after = copyPackage(dir, path.join(WORK, name, 'after'));
  const result = await migrate({ root: await migratedFolder(after), cwd: after, write: true }) as MigrateResult;
  const foundBefore = await findings(before);
  const foundAfter = await findings(after);
  return {
    name,
    files: listFiles(before).files.length,
    changedFiles: result.changes.length,
    sites: result.sites.length,
    sitesMigrated: result.sitesMigrated,
    propagated: result.propagated,
    refusals: result.refusals.length,
    rolledBack: result.rolledBack.length,
    errors: result.errors.map((e) => JSON.stringify(e)),
    before: foundBefore.length,
    after: foundAfter.length,
    added: added(foundBefore, foundAfter),
    seconds: (Date.now() - started) / 1000,
  };
}

const results: PackageResult[] = [];
let failed = false;
for (const dir of positionals) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.log(`${dir}: skipped, not a directory`);
    continue;
  }
  try {
    const r = await measure(dir);
    results.push(r);
    console.log(`${r.name}: files ${r.files}, changed ${r.changedFiles}, sites ${r.sites} (migrated ${r.sitesMigrated}), `
      + `propagated ${r.propagated}, refusals ${r.refusals}, rolled back ${r.rolledBack}, engine errors ${r.errors.length}; `
      + `oracle findings ${r.before} → ${r.after}, new ${r.added.length}; ${r.seconds.toFixed(1)}s`);
    if (!values.quiet) {
      for (const e of r.errors) console.log(`  ENGINE ${e}`);
      for (const f of r.added) console.log(`  NEW ${f.file}:${f.line} ${f.key.slice(f.file.length + 1)}\n      ${f.source.slice(0, 160)}`);
    }
  } catch (error) {
    failed = true;
    console.log(`${dir}: FAILED ${(error as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
  }
}
const total = results.reduce((n, r) => n + r.added.length, 0);
console.log(`\n${results.length} packages, ${results.reduce((n, r) => n + r.changedFiles, 0)} files changed, ${total} new oracle findings`);
if (values.json !== undefined) writeFileSync(values.json, JSON.stringify(results, null, 2));
process.exitCode = failed ? 1 : 0;
