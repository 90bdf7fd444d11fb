import type { ESLint } from 'eslint';
import { createRequire } from 'node:module';
import { packageJson } from '../../package-info.js';

type SarifFormatter = (results: readonly ESLint.LintResult[], data: ESLint.LintResultData) => string;

const require = createRequire(import.meta.url);

interface SarifLog {
  runs: Array<{ tool: { driver: Record<string, unknown> } }>;
}

/**
 * SARIF 2.1.0 through Microsoft's ESLint formatter, with the tool named unblock rather than ESLint, so
 * code-scanning services (GitHub's among them) file the findings under unblock.
 */
export function formatSarif(results: readonly ESLint.LintResult[], data: ESLint.LintResultData): string {
  const format = require('@microsoft/eslint-formatter-sarif') as SarifFormatter;
  const log = JSON.parse(format(results, data)) as SarifLog;
  for (const run of log.runs) {
    run.tool.driver.name = 'unblock';
    run.tool.driver.version = packageJson.version;
    run.tool.driver.informationUri = 'https://github.com/unblock-dev/unblock';
  }
  return `${JSON.stringify(log, null, 2)}\n`;
}
