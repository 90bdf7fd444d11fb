import type { ESLint } from 'eslint';
import { extname, relative, sep } from 'node:path';
import { CliError, firstLine } from '../errors.js';
import { gitRoot, stagedContent, stagedFiles } from '../git.js';
import { onlyUnblocksMessages } from './alone.js';
import { isWithin, LINTED_EXTENSIONS } from './files.js';
import { configError, createLinter, isPluginRedefinition } from './linter.js';

export interface LintRun {
  eslint: ESLint;
  results: ESLint.LintResult[];
  configFile: string | undefined;
}

export interface LintRequest {
  cwd: string;
  /** Absolute paths that exist (checked by the caller). */
  paths: string[];
  staged?: boolean;
  typeChecked?: boolean;
  /** false: lint files the project's config ignores, too (ESLint's --no-ignore). */
  ignore?: boolean;
  /** unblock's `strict` rules rather than `recommended`'s. */
  strict?: boolean;
}

async function lintStaged(eslint: ESLint, cwd: string, paths: string[]): Promise<ESLint.LintResult[]> {
  const root = await gitRoot(cwd);
  if (root === undefined) throw new CliError('--staged needs a git repository, and this folder is not in one');
  const files = (await stagedFiles(root))
    .filter((file) => LINTED_EXTENSIONS.has(extname(file)))
    .filter((file) => paths.some((target) => isWithin(file, target)));
  const results: ESLint.LintResult[] = [];
  for (const file of files) {
    if (await eslint.isPathIgnored(file)) continue;
    // The staged blob, not the working tree: that is what the commit will contain.
    const text = await stagedContent(root, relative(root, file).split(sep).join('/'));
    results.push(...(await eslint.lintText(text, { filePath: file, warnIgnored: false })));
  }
  return results;
}

/** Lints the paths (or the staged files under them) with unblock's config merged into the project's. */
export async function runLint(request: LintRequest, registerPlugin?: boolean): Promise<LintRun> {
  const { eslint, configFile } = await createLinter({ ...request, registerPlugin });
  try {
    const results = request.staged === true
      ? await lintStaged(eslint, request.cwd, request.paths)
      : await eslint.lintFiles(request.paths);
    return { eslint, results: configFile === undefined ? onlyUnblocksMessages(results) : results, configFile };
  } catch (error) {
    if (error instanceof CliError) throw error;
    // A config deeper in the project registers its own copy of unblock: use that one.
    if (registerPlugin !== false && isPluginRedefinition(error)) return runLint(request, false);
    // The project's config is only fully evaluated per file: a bad rule option shows up here.
    if (configFile !== undefined && /config|plugin/i.test(firstLine(error))) throw configError(configFile, error);
    throw new CliError(`ESLint failed: ${firstLine(error)}`);
  }
}
