import { Command } from 'commander';

export function initCommand(): Command {
  return new Command('init')
    .description('add unblock to the project\'s eslint.config and install a pre-commit hook')
    .option('--no-hook', 'do not install the pre-commit hook')
    .option('--dry-run', 'say what would change, and change nothing')
    .addHelpText('after', `
ESLint config: creates eslint.config.js (eslint.config.mjs when package.json is not
"type": "module") if the project has none; else adds \`import unblock from 'unblock'\` and
\`unblock.configs.recommended\` to the exported array (or defineConfig() call), keeping the
file's formatting. A config it cannot read is left alone, and the lines to add are printed.

Pre-commit hook: with lint-staged, adds "*.{js,mjs,cjs,ts,mts,cts,tsx,jsx}": "unblock lint"
to its config and makes sure the hook (husky's .husky/pre-commit, or git's) runs lint-staged;
without it, the git pre-commit hook (core.hooksPath respected) or husky's runs
\`npx unblock lint --staged\`. An existing hook is kept and appended to.

Running it again changes nothing, and says so.

Examples:
  $ unblock init
  $ unblock init --dry-run
  $ unblock init --no-hook

Exit codes: 0 done (or nothing to change), 2 something must be added by hand (printed).`);
}
