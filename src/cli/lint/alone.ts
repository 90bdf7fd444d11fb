import type { ESLint, Linter } from 'eslint';

/**
 * When unblock lints a project that has no ESLint config of its own, its rules are the only ones on, and
 * the project's comments for its other linting are not unblock's to judge: ESLint 10 calls every
 * `/* eslint-env node *\/` of an older code base an error, an inline `/* eslint no-var: "error" *\/`
 * turns on a rule the project does not run with unblock, and its `eslint-disable` comments for
 * other rules all look unused. Kept: unblock's findings, and everything ESLint reports about a file
 * without a rule (a file it cannot parse, a malformed directive), but for the known `eslint-env` one.
 */
export const ALONE_LINTER_OPTIONS: Linter.Config = {
  name: 'unblock lint, without a project config',
  linterOptions: { reportUnusedDisableDirectives: 'off' },
};

/** ESLint's words for an `eslint-env` comment (source-code.js); were they to change, the message stays. */
const ESLINT_ENV = '/* eslint-env */ comments are no longer supported.';

export function onlyUnblocksMessages(results: readonly ESLint.LintResult[]): ESLint.LintResult[] {
  return results.map((result) => {
    const messages = result.messages.filter((m) => (m.ruleId === null ? m.message !== ESLINT_ENV : m.ruleId.startsWith('unblock/')));
    if (messages.length === result.messages.length) return result;
    const errors = messages.filter((m) => m.severity === 2);
    const warnings = messages.filter((m) => m.severity === 1);
    return {
      ...result,
      messages,
      errorCount: errors.length,
      fatalErrorCount: errors.filter((m) => m.fatal === true).length,
      warningCount: warnings.length,
      fixableErrorCount: errors.filter((m) => m.fix !== undefined).length,
      fixableWarningCount: warnings.filter((m) => m.fix !== undefined).length,
    };
  });
}
