import type { ESLint } from 'eslint';
import type { LintFormat } from '../commands/lint.js';
import { EXIT_FINDINGS, EXIT_OK, type ExitCode } from '../exit-codes.js';
import { count, err, printError, stdoutHasColor } from '../output.js';
import { resolvePaths } from '../paths.js';
import { formatGithub } from './github-format.js';
import { warnIgnoredTargets } from './ignored-paths.js';
import { runLint } from './run-lint.js';
import { formatSarif } from './sarif-format.js';

interface LintFlags {
  format: LintFormat;
  staged?: boolean;
  maxWarnings?: number;
  typeChecked?: boolean;
  ignore: boolean;
}

async function format(eslint: ESLint, results: ESLint.LintResult[], name: LintFormat, cwd: string): Promise<string> {
  switch (name) {
    case 'github':
      return formatGithub(results, cwd);
    case 'sarif':
      return formatSarif(results, { cwd, rulesMeta: eslint.getRulesMetaForResults(results) });
    default: {
      const formatter = await eslint.loadFormatter(name);
      const text = await formatter.format(results, { color: stdoutHasColor() });
      return name === 'json' ? `${text}\n` : text;
    }
  }
}

export async function lintAction(paths: string[], flags: LintFlags): Promise<ExitCode> {
  const cwd = process.cwd();
  const targets = await resolvePaths(cwd, paths);
  const { eslint, results, configFile } = await runLint({
    cwd,
    paths: targets,
    staged: flags.staged,
    typeChecked: flags.typeChecked,
    ignore: flags.ignore,
  });
  process.stdout.write(await format(eslint, results, flags.format, cwd));
  if (flags.staged !== true && flags.ignore) await warnIgnoredTargets(targets, results, configFile, cwd);

  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  const tooManyWarnings = flags.maxWarnings !== undefined && warnings > flags.maxWarnings;
  if (tooManyWarnings) {
    printError(err.red(`unblock: ${count(warnings, 'warning')}, more than --max-warnings ${flags.maxWarnings} allows`));
  }
  return errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}

