import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TransformName } from '../../catalog/index.js';
import { OUTPUT_FOLDERS } from '../../codemod/output-folders.js';
import { isUnder } from '../../codemod/path-scope.js';
import type { MigrateResult } from '../../codemod/types.js';
import { transformLines, type TransformInfo } from '../commands/migrate.js';
import { CliError } from '../errors.js';
import { EXIT_FINDINGS, EXIT_OK, type ExitCode } from '../exit-codes.js';
import { count, displayPath, err, out, printError } from '../output.js';
import { migrationScope, projectRootFor, resolvePaths } from '../paths.js';
import { ensureCleanTree } from './clean-tree.js';
import { colorDiff, unifiedDiff } from './diff.js';
import { progressBar } from './progress.js';

interface MigrateFlags {
  write?: boolean;
  force?: boolean;
  transforms?: string[];
  verify: boolean;
  timeoutMs?: number;
  json?: boolean;
}

/** Checks `--transforms` against the engine's registry: an unknown name lists the valid ones. */
export function checkTransforms(names: readonly string[] | undefined, known: readonly TransformInfo[]): TransformName[] | undefined {
  if (names === undefined) return undefined;
  const unknown = names.filter((name) => !known.some((t) => t.name === name));
  if (unknown.length > 0) {
    throw new CliError(`unknown transform${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`, {
      details: ['Valid transforms:', ...transformLines(known)],
    });
  }
  return names as TransformName[];
}

/**
 * The result with paths relative to the current folder, forward slashes (as the diff's, and as the engine
 * words the paths inside reasons and rolled-back groups, given `cwd`), and diffs instead of whole texts.
 */
function jsonResult(result: MigrateResult, root: string, cwd: string, dryRun: boolean): unknown {
  const rel = (file: string): string => displayPath(resolve(root, file), cwd);
  return {
    dryRun,
    summary: summaryCounts(result),
    changes: result.changes.map((c) => ({ file: rel(c.file), diff: unifiedDiff(rel(c.file), c.before, c.after) })),
    sites: result.sites.map((s) => ({ ...s, file: rel(s.file) })),
    refusals: result.refusals.map((r) => ({ ...r, file: rel(r.file) })),
    rolledBack: result.rolledBack,
    errors: result.errors.map((e) => ({ ...e, file: rel(e.file) })),
    exportsMadeAsync: result.exportsMadeAsync.map((e) => ({ ...e, file: rel(e.file) })),
    uncalledMadeAsync: result.uncalledMadeAsync.map((e) => ({ ...e, file: rel(e.file) })),
  };
}

const UNCALLED_SHOWN = 20;

export interface SummaryCounts {
  filesChanged: number;
  unchanged: number;
  sitesMigrated: number;
  propagated: number;
  leftForReview: number;
  errors: number;
}

export function summaryCounts(result: MigrateResult): SummaryCounts {
  return {
    filesChanged: result.changes.length,
    unchanged: result.unchanged,
    sitesMigrated: result.sitesMigrated,
    propagated: result.propagated,
    leftForReview: result.refusals.length,
    errors: result.errors.length,
  };
}

function printSummary(result: MigrateResult, root: string, cwd: string, dryRun: boolean): void {
  const rel = (file: string): string => displayPath(resolve(root, file), cwd);
  if (result.refusals.length > 0) {
    printError(err.bold('\nLeft for review:'));
    for (const r of result.refusals) {
      printError(`  ${err.cyan(`${rel(r.file)}:${r.line}:${r.column}`)}  ${err.yellow(r.api)}  ${r.reason}`);
    }
  }
  if (result.rolledBack.length > 0) {
    printError(err.bold('\nRolled back (the migration would have added type errors):'));
    for (const group of result.rolledBack) {
      printError(`  ${group.group}`);
      for (const e of group.errors) printError(`    ${err.dim(e)}`);
    }
  }
  if (result.exportsMadeAsync.length > 0) {
    printError(err.bold('\nExported, and now async (callers outside the project must await them):'));
    for (const e of result.exportsMadeAsync) printError(`  ${err.cyan(`${rel(e.file)}:${e.line}`)}  ${e.name}`);
  }
  if (result.uncalledMadeAsync.length > 0) {
    printError(err.bold('\nNow async, and called by nothing in the project (what calls them elsewhere must await them):'));
    // a long list is most often a library's API, or a generated project: the first ones show the kind
    for (const e of result.uncalledMadeAsync.slice(0, UNCALLED_SHOWN)) printError(`  ${err.cyan(`${rel(e.file)}:${e.line}`)}  ${e.name}`);
    const more = result.uncalledMadeAsync.length - UNCALLED_SHOWN;
    if (more > 0) printError(`  … and ${more} more (--json lists them all)`);
  }
  if (result.errors.length > 0) {
    printError(err.bold('\nErrors:'));
    for (const e of result.errors) {
      printError(`  ${err.cyan(e.line === undefined ? rel(e.file) : `${rel(e.file)}:${e.line}`)}  ${err.red(e.message)}`);
    }
  }
  const counts = summaryCounts(result);
  const line = [
    `${count(counts.filesChanged, 'file')} changed`,
    `${counts.unchanged} unchanged`,
    `${count(counts.sitesMigrated, 'site')} migrated`,
    `${counts.leftForReview} left for review`,
    count(counts.errors, 'error'),
  ].join(', ');
  const propagated = result.propagated === 0
    ? ''
    : ` (and ${result.propagated} ${result.propagated === 1 ? 'await or async function' : 'awaits and async functions'} added by propagation)`;
  printError(`\n${dryRun ? 'Dry run: ' : ''}${line}${propagated}`);
  if (dryRun && result.changes.length > 0) printError(err.dim('Nothing was written. Apply with: unblock migrate --write'));
}

/** Why a run found no file: none in the paths, or only build output, which is migrated when named. */
async function printNothingToMigrate(root: string, cwd: string, scope: readonly string[] | undefined): Promise<void> {
  printError(`No JavaScript or TypeScript file to migrate in ${scope === undefined ? 'the project' : scope.map((p) => displayPath(resolve(root, p), cwd)).join(', ')}.`);
  const skipped: string[] = [];
  for (const folder of OUTPUT_FOLDERS) {
    const path = join(root, folder);
    const named = scope?.some((p) => isUnder(resolve(root, p), [path])) === true;
    if (!named && (await stat(path).catch(() => undefined))?.isDirectory() === true) skipped.push(displayPath(path, cwd));
  }
  if (skipped.length === 0) return;
  printError(`${skipped.map((f) => `${f}/`).join(', ')} ${skipped.length === 1 ? 'is' : 'are'} skipped as build output: `
    + `to migrate compiled code, name it (unblock migrate ${skipped[0]})`);
}

export async function migrateAction(paths: string[], flags: MigrateFlags): Promise<ExitCode> {
  const cwd = process.cwd();
  const targets = await resolvePaths(cwd, paths);
  const root = await projectRootFor(cwd, targets);
  const scope = migrationScope(paths, targets, root, cwd);
  const write = flags.write === true;
  if (write) await ensureCleanTree(targets, flags.force === true);
  // The engine loads ts-morph and TypeScript: only once the cheap checks have passed.
  const { availableTransforms, runMigration } = await import('./engine.js');
  const transforms = checkTransforms(flags.transforms, availableTransforms());

  const progress = progressBar(flags.json !== true);
  let result: MigrateResult;
  try {
    result = await runMigration({
      root,
      cwd,
      paths: scope,
      transforms,
      verify: flags.verify,
      write,
      transformOptions: flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs },
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }

  if (flags.json === true) {
    process.stdout.write(`${JSON.stringify(jsonResult(result, root, cwd, !write), null, 2)}\n`);
  } else {
    for (const change of result.changes) {
      const file = displayPath(resolve(root, change.file), cwd);
      if (write) process.stdout.write(`${out.green('wrote')} ${file}\n`);
      else process.stdout.write(colorDiff(unifiedDiff(file, change.before, change.after), out));
    }
    printSummary(result, root, cwd, !write);
    if (result.changes.length + result.unchanged === 0) await printNothingToMigrate(root, cwd, scope);
  }
  return result.errors.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}

