import { Command, Option } from 'commander';
import { parseNonNegativeInteger } from '../parse.js';

export const LINT_FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export function lintCommand(): Command {
  return new Command('lint')
    .description('find code that blocks the event loop, with ESLint and unblock\'s recommended rules')
    .argument('[paths...]', 'files or folders to lint', ['.'])
    .addOption(new Option('-f, --format <format>', 'output format').choices(LINT_FORMATS).default('stylish'))
    .option('--staged', 'lint only the files staged in git, as staged (for pre-commit hooks)')
    .option('--max-warnings <number>', 'exit 1 when there are more warnings than this', parseNonNegativeInteger)
    .option('--no-ignore', 'also lint files that the ESLint config (or, without one, .gitignore) ignores')
    .option('--type-checked', 'also run the rules that need type information, with the project\'s tsconfig.json')
    .addHelpText('after', `
unblock's recommended config is added to the project's own eslint.config when it has one (its
plugins, parser and other rules apply too); without one, unblock's config is used alone and
git-ignored files are skipped.

Examples:
  $ unblock lint                      lint the current folder
  $ unblock lint src test             lint two folders
  $ unblock lint --staged             lint what is about to be committed (pre-commit hook)
  $ unblock lint --format sarif > unblock.sarif
  $ unblock lint --format github      annotations in a GitHub Actions job
  $ unblock lint --type-checked       also find floating promises, using tsconfig.json

Exit codes: 0 no problems, 1 problems found (or more warnings than --max-warnings),
2 usage or configuration error.`);
}
