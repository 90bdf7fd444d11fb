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
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore dist is built JavaScript
import { migrate } from '../../dist/codemods/index.js';
import type { MigrateResult } from '../../src/codemod/types.js';
import { copyPackage, listFiles, packageName } from '../js-packages/copy.js';
import { added, findings, type Finding } from './findings.js';

const WORK = process.env.MIGRATION_ORACLE_DIR ?? '/tmp/migration-oracle/work';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'string' }, quiet: { type: 'boolean', default: false } },
});

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
