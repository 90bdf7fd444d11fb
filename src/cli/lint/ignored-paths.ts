import type { ESLint } from 'eslint';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { glob } from 'tinyglobby';
import { displayPath, warn } from '../output.js';
import { isWithin, LINTED_EXTENSIONS } from './files.js';

async function hasLintableFile(path: string): Promise<boolean> {
  const info = await stat(path);
  if (info.isFile()) return LINTED_EXTENSIONS.has(extname(path));
  const pattern = `**/*.{${[...LINTED_EXTENSIONS].map((e) => e.slice(1)).join(',')}}`;
  const found = await glob(pattern, { cwd: path, ignore: ['**/node_modules/**'], onlyFiles: true });
  return found.length > 0;
}

/**
 * Paths named on the command line that hold JavaScript or TypeScript files of which none was linted:
 * the project's ignores cover them. ESLint skips them silently, which reads as "no problem".
 */
export async function ignoredTargets(paths: readonly string[], results: readonly ESLint.LintResult[]): Promise<string[]> {
  const ignored: string[] = [];
  for (const path of paths) {
    if (results.some((r) => isWithin(r.filePath, path))) continue;
    if (await hasLintableFile(path)) ignored.push(path);
  }
  return ignored;
}

/** Warns about each path named on the command line that nothing was linted in. */
export async function warnIgnoredTargets(paths: readonly string[], results: readonly ESLint.LintResult[], configFile: string | undefined, cwd: string): Promise<void> {
  const config = configFile === undefined ? '.gitignore' : displayPath(configFile, cwd);
  for (const path of await ignoredTargets(paths, results)) {
    warn(`${displayPath(path, cwd)}: nothing linted, its files are ignored (${config}); add --no-ignore to lint them`);
  }
}
