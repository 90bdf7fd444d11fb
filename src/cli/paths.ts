import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { CliError } from './errors.js';

/** The command's path arguments, absolute; a path that does not exist is a usage error (exit 2). */
export async function resolvePaths(cwd: string, paths: readonly string[]): Promise<string[]> {
  const absolute = (paths.length === 0 ? ['.'] : paths).map((p) => resolve(cwd, p));
  const missing: string[] = [];
  for (const [index, path] of absolute.entries()) {
    if (!(await access(path).then(() => true, () => false))) missing.push(paths[index] ?? path);
  }
  if (missing.length > 0) {
    throw new CliError(`no such file or directory: ${missing.join(', ')}`);
  }
  return absolute;
}
