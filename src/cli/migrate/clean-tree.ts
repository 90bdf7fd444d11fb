import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError } from '../errors.js';
import { gitRoot, uncommittedChanges } from '../git.js';
import { warn } from '../output.js';

const SHOWN = 10;

/**
 * `--write` rewrites files in place, so, as jscodeshift-based codemods do, it refuses to mix its edits
 * with uncommitted work: the migration's diff must stand alone, reviewable and revertible with git.
 * Outside a git repository nothing could undo it, so that needs `--force` too. What counts is the
 * repository of each path to migrate, not the one of the folder unblock runs from.
 */
export async function ensureCleanTree(paths: readonly string[], force: boolean): Promise<void> {
  const repositories = new Map<string, string[]>();
  for (const path of paths) {
    const folder = (await stat(path)).isDirectory() ? path : dirname(path);
    const repository = await gitRoot(folder);
    if (repository === undefined) {
      if (force) {
        warn('not a git repository: writing anyway (--force); nothing will be able to undo these changes');
        return;
      }
      throw new CliError('--write refuses to run outside a git repository, where its changes could not be reviewed or undone', {
        details: ['Put the project under git and commit it first, or add --force to write anyway.'],
      });
    }
    repositories.set(repository, [...(repositories.get(repository) ?? []), path]);
  }
  const changes: string[] = [];
  for (const [repository, inside] of repositories) changes.push(...await uncommittedChanges(repository, inside));
  if (changes.length === 0) return;
  if (force) {
    warn(`the git working tree has uncommitted changes (${changes.length}): writing anyway (--force)`);
    return;
  }
  const shown = changes.slice(0, SHOWN).map((line) => `  ${line}`);
  if (changes.length > SHOWN) shown.push(`  … and ${changes.length - SHOWN} more`);
  throw new CliError('--write refuses to run on a git working tree with uncommitted changes', {
    details: [...shown, 'Commit or stash them first, so the migration is a diff of its own, or add --force.'],
  });
}
