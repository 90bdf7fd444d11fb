/**
 * The CLI's exit codes, the same for every command (documented in docs/cli.md):
 * 0 nothing to report, 1 findings (lint problems, files that failed to migrate), 2 usage or configuration
 * errors (bad flags, missing paths, a broken eslint.config, a refused --write).
 */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_OK | typeof EXIT_FINDINGS | typeof EXIT_USAGE;
