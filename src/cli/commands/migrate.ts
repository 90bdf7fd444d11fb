import { Command } from 'commander';
import { parseList, parsePositiveInteger } from '../parse.js';

export interface TransformInfo {
  name: string;
  description: string;
}

/** One line per transform: its name and its one-line description. */
export function transformLines(transforms: readonly TransformInfo[]): string[] {
  return transforms.map((t) => `  ${t.name.padEnd(18)} ${t.description}`);
}

/** `transforms`: the engine's registry, loaded only when the help is asked for (it loads ts-morph). */
export function migrateCommand(transforms?: readonly TransformInfo[]): Command {
  const transformList = transforms === undefined ? '' : `\nTransforms (--transforms):\n${transformLines(transforms).join('\n')}\n`;
  return new Command('migrate')
    .description('rewrite blocking calls to async with the codemods (a dry run that prints the diff, unless --write)')
    .argument('[paths...]', 'files or folders to migrate (default: the current folder)')
    .option('--write', 'apply the changes to the files (default: print a unified diff only)')
    .option('--force', 'with --write: run even on a git tree with uncommitted changes, or outside git')
    .option('--transforms <names>', 'comma-separated transforms to run (default: all)', parseList)
    .option('--no-verify', 'skip the type-check that rolls back migrations adding type errors (faster)')
    .option('--timeout-ms <ms>', 'timeout given to the fetch() calls that replace sync HTTP requests', parsePositiveInteger)
    .option('--json', 'print the result as JSON (diffs, sites, what was left for review)')
    .addHelpText('after', `
The migration loads the TypeScript project of the paths: the nearest tsconfig.json at or above
them, up to the repository's top (else the JavaScript files under the current folder; dist/,
build/ and coverage/ only when a path names them). A dry run prints a unified diff on stdout
(apply it with git apply, or run again with --write) and the summary on stderr: files changed,
sites migrated, and each site left for review with file:line and the reason. Functions that
start awaiting become async, and so do their callers, across files.

--write refuses a git working tree with uncommitted changes in the paths to migrate, and a
folder outside git, unless --force.
${transformList}
Examples:
  $ unblock migrate                          preview every migration as a diff
  $ unblock migrate src/db --transforms sqlite
  $ unblock migrate --write                  apply (on a clean git tree)
  $ unblock migrate --json > migration.json

Exit codes: 0 done (sites left for review are listed, and do not fail the run), 1 some files
could not be processed, 2 usage error, unknown transform, or --write refused.`);
}
