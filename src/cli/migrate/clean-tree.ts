import { CliError } from '../errors.js';
import { gitRoot, uncommittedChanges } from '../git.js';
import { warn } from '../output.js';

const SHOWN = 10;

/**
 * `--write` rewrites files in place, so, as jscodeshift-based codemods do, it refuses to mix its edits
 * with uncommitted work: the migration's diff must stand alone, reviewable and revertible with git.
 * Outside a git repository nothing could undo it, so that needs `--force` too.
 */
export async function ensureCleanTree(root: string, paths: readonly string[], force: boolean): Promise<void> {
  const repository = await gitRoot(root);
  if (repository === undefined) {
    if (force) {
      warn('not a git repository: writing anyway (--force); nothing will be able to undo these changes');
      return;
    }
    throw new CliError('--write refuses to run outside a git repository, where its changes could not be reviewed or undone', {
      details: ['Put the project under git and commit it first, or add --force to write anyway.'],
    });
  }
  const changes = await uncommittedChanges(root, paths.length === 0 ? [root] : paths);
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
