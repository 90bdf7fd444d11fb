import { Command, CommanderError } from 'commander';
import { packageJson } from '../package-info.js';
import { initCommand } from './commands/init.js';
import { lintCommand } from './commands/lint.js';
import { migrateCommand, type TransformInfo } from './commands/migrate.js';
import { reportCommand } from './commands/report.js';
import { CliError, firstLine } from './errors.js';
import { EXIT_OK, EXIT_USAGE, type ExitCode } from './exit-codes.js';
import { err, printError } from './output.js';

function buildProgram(setExit: (code: ExitCode) => void, transforms?: readonly TransformInfo[]): Command {
  const program = new Command('unblock')
    .description('Find code that blocks the Node.js event loop, and migrate it to async.')
    .version(packageJson.version, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(err.red(text)) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', `
Examples:
  $ npx unblock lint                    report blocking calls (ESLint, unblock's rules)
  $ npx unblock report --markdown       the migration's state, for a pull request
  $ npx unblock migrate                 show the codemods' diff (dry run)
  $ npx unblock migrate --write         apply it
  $ npx unblock init                    add unblock to eslint.config and a pre-commit hook

Exit codes: 0 success, 1 findings, 2 usage or configuration error. Documentation:
https://github.com/unblock-dev/unblock/blob/main/docs/cli.md`);

  // Each command's implementation (ESLint, ts-morph, …) is loaded only when that command runs, so
  // `--help`, `--version` and a usage error answer at once.
  type Action = (...args: never[]) => Promise<ExitCode>;
  const commands: Array<[Command, () => Promise<Action>]> = [
    [lintCommand(), async () => (await import('./lint/action.js')).lintAction],
    [migrateCommand(transforms), async () => (await import('./migrate/action.js')).migrateAction],
    [reportCommand(), async () => (await import('./report/action.js')).reportAction],
    [initCommand(), async () => (await import('./init/action.js')).initAction],
  ];
  for (const [command, load] of commands) {
    command.copyInheritedSettings(program);
    command.action(async (...args: unknown[]) => {
      const action = (await load()) as (...a: unknown[]) => Promise<ExitCode>;
      setExit(await action(...args));
    });
    program.addCommand(command);
  }
  return program;
}

function exitCodeOfCommanderError(error: CommanderError): ExitCode {
  return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT_OK : EXIT_USAGE;
}

/** Runs the CLI on `argv` (as `process.argv`) and resolves to the process's exit code. */
export async function main(argv: readonly string[]): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT_OK;
  const args = argv.slice(2);
  const migrateHelp = args.includes('migrate') && args.some((a) => a === '--help' || a === '-h' || a === 'help');
  const transforms = migrateHelp ? (await import('./migrate/engine.js')).availableTransforms() : undefined;
  const program = buildProgram((code) => {
    exitCode = code;
  }, transforms);
  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeOfCommanderError(error);
    if (error instanceof CliError) {
      printError(`${err.red('error:')} ${error.message}`);
      for (const line of error.details) printError(line);
      return error.exitCode;
    }
    printError(`${err.red('error:')} ${firstLine(error)}`);
    if (process.env.UNBLOCK_DEBUG !== undefined && error instanceof Error && error.stack !== undefined) printError(error.stack);
    else printError('(unexpected; set UNBLOCK_DEBUG=1 for the stack trace)');
    return EXIT_USAGE;
  }
}
