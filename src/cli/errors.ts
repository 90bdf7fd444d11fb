import { EXIT_USAGE, type ExitCode } from './exit-codes.js';

/** An error the user can act on: printed as one line, without a stack trace, with its exit code. */
export class CliError extends Error {
  readonly exitCode: ExitCode;
  /** Lines printed after the message (valid values, what to add by hand, …). */
  readonly details: readonly string[];

  constructor(message: string, options: { exitCode?: ExitCode; details?: readonly string[] } = {}) {
    super(message);
    this.name = 'CliError';
    this.exitCode = options.exitCode ?? EXIT_USAGE;
    this.details = options.details ?? [];
  }
}

/** The first meaningful line of an error's message: ESLint and Node errors often carry a long tail. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n').find((l) => l.trim() !== '');
  return (line ?? message).trim();
}
