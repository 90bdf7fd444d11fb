import { Command, Option } from 'commander';

export function reportCommand(): Command {
  return new Command('report')
    .description('the migration\'s state on one page: blocking sites by category and file, what the codemods migrate, what needs a person')
    .argument('[paths...]', 'files or folders to report on (default: the current folder)')
    .addOption(new Option('--json', 'print the report as JSON').conflicts('markdown'))
    .addOption(new Option('--markdown', 'print the report as Markdown (for a pull-request comment)').conflicts('json'))
    .option('--no-verify', 'skip the type-check of the dry-run migration (faster; may count as automatic a site that would be rolled back)')
    .option('--type-checked', 'lint with type information (the project\'s tsconfig.json)')
    .option('--no-ignore', 'also lint files that the ESLint config (or, without one, .gitignore) ignores')
    .addHelpText('after', `
The report runs \`unblock migrate\` as a dry run (nothing is written) and \`unblock lint\`
twice: on the code as it is, and on the code as the migration would leave it, so the
"now / after" lint counts are measured rather than predicted.

Examples:
  $ unblock report
  $ unblock report --markdown > report.md      e.g. for gh pr comment --body-file report.md
  $ unblock report src --json

Exit codes: 0 report printed, 2 usage or configuration error.`);
}
