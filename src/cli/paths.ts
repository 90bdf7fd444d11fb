import { access, realpath, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { CliError } from './errors.js';
import { gitRoot } from './git.js';
import { isWithin } from './lint/files.js';

/** The command's path arguments, absolute; a path that does not exist is a usage error (exit 2). */
export async function resolvePaths(cwd: string, paths: readonly string[]): Promise<string[]> {
  const absolute = (paths.length === 0 ? ['.'] : paths).map((p) => resolve(cwd, p));
  const missing: string[] = [];
  for (const [index, path] of absolute.entries()) {
    if (!(await exists(path))) missing.push(paths[index] ?? path);
  }
  if (missing.length > 0) {
    throw new CliError(`no such file or directory: ${missing.join(', ')}`);
  }
  return absolute;
}

/**
 * The TypeScript project the targets belong to: the nearest folder at or above their common ancestor
 * that holds a tsconfig.json (as tsc finds its project), so `unblock migrate packages/api` loads
 * packages/api/tsconfig.json rather than the repository's root one, which may exclude it. The search
 * stops at the top of the targets' git repository, as `lint --type-checked` does: a tsconfig.json above
 * it belongs to something else. Without one, a JavaScript project: `cwd`, or the targets' common folder
 * when they are not under `cwd`.
 */
export async function projectRootFor(cwd: string, targets: readonly string[]): Promise<string> {
  if (targets.length === 0) return cwd;
  const common = await commonDirectory(targets);
  // git prints the repository's real path: compare real paths (a temporary folder may be a symlink).
  const top = await gitRoot(common);
  for (let dir = common; ; dir = dirname(dir)) {
    if (await exists(join(dir, 'tsconfig.json'))) return dir;
    const atTop = top !== undefined && (await realpath(dir)) === top;
    if (atTop || dirname(dir) === dir) break;
  }
  return isWithin(common, cwd) ? cwd : common;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

async function commonDirectory(paths: readonly string[]): Promise<string> {
  const dirs = await Promise.all(paths.map(async (p) => ((await stat(p)).isDirectory() ? p : dirname(p))));
  const split = dirs.map((d) => d.split(sep));
  const first = split[0] ?? [];
  let length = first.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && parts[i] === first[i]) i++;
    length = i;
  }
  return first.slice(0, length).join(sep) || sep;
}

/**
 * The paths the engine may rewrite: all of the project when run without paths at its root; the current
 * folder when run without paths inside a project whose tsconfig.json is above it.
 */
export function migrationScope(paths: readonly string[], targets: string[], root: string, cwd: string): string[] | undefined {
  return paths.length === 0 && root === cwd ? undefined : targets;
}
