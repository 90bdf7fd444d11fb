import type { ESLint } from 'eslint';
import { resolve } from 'node:path';
import type { FileChange } from '../../codemod/types.js';
import { EXIT_OK, type ExitCode } from '../exit-codes.js';
// before the linter: the migration engine must be the first to load typescript-estree (codemod/shared-typescript.ts)
import { runMigration } from '../migrate/engine.js';
import { warnIgnoredTargets } from '../lint/ignored-paths.js';
import { runLint } from '../lint/run-lint.js';
import { progressBar } from '../migrate/progress.js';
import { out } from '../output.js';
import { migrationScope, projectRootFor, resolvePaths } from '../paths.js';
import { collectReport } from './collect.js';
import { renderMarkdown, renderText } from './render.js';

interface ReportFlags {
  json?: boolean;
  markdown?: boolean;
  verify: boolean;
  typeChecked?: boolean;
  ignore: boolean;
}

/** The lint results as they would be after the migration: changed files re-linted with their new text. */
async function lintAfter(eslint: ESLint, before: ESLint.LintResult[], changes: readonly FileChange[], root: string): Promise<ESLint.LintResult[]> {
  const changed = new Map(changes.map((c) => [resolve(root, c.file), c.after]));
  const results: ESLint.LintResult[] = [];
  for (const result of before) {
    const text = changed.get(result.filePath);
    results.push(...(text === undefined ? [result] : await eslint.lintText(text, { filePath: result.filePath, warnIgnored: false })));
  }
  return results;
}

export async function reportAction(paths: string[], flags: ReportFlags): Promise<ExitCode> {
  const cwd = process.cwd();
  const targets = await resolvePaths(cwd, paths);
  // `strict`: every blocking call in a function counts, not only those already in async code, so the
  // migration's own new async functions do not make "after" look worse than "now".
  const lint = await runLint({ cwd, paths: targets, typeChecked: flags.typeChecked, ignore: flags.ignore, strict: true });
  if (flags.ignore) await warnIgnoredTargets(targets, lint.results, lint.configFile, cwd);
  const progress = progressBar(flags.json !== true && flags.markdown !== true);
  // The TypeScript project of the paths (display paths stay relative to the current folder).
  const root = await projectRootFor(cwd, targets);
  const migration = await runMigration({
    root,
    cwd,
    paths: migrationScope(paths, targets, root, cwd),
    verify: flags.verify,
    write: false,
    onProgress: progress.onProgress,
  }).finally(() => progress.stop());
  const after = await lintAfter(lint.eslint, lint.results, migration.changes, root);
  const data = collectReport(cwd, migration, lint.results, after);

  if (flags.json === true) process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
  else if (flags.markdown === true) process.stdout.write(renderMarkdown(data));
  else process.stdout.write(renderText(data, out));
  return EXIT_OK;
}

