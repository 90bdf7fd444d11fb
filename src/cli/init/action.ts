import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { gitRoot } from '../git.js';
import { EXIT_OK, EXIT_USAGE, type ExitCode } from '../exit-codes.js';
import { addUnblockToConfig, newConfigText } from './eslint-config.js';
import { applyStep, exists, hookSteps, readIfExists, type Step } from './hooks.js';
import { displayPath, err, out, print, printError, warn } from '../output.js';

const CONFIG_NAMES = ['eslint.config.js', 'eslint.config.mjs', 'eslint.config.cjs', 'eslint.config.ts', 'eslint.config.mts', 'eslint.config.cts'];
const LEGACY_CONFIGS = ['.eslintrc', '.eslintrc.js', '.eslintrc.cjs', '.eslintrc.json', '.eslintrc.yaml', '.eslintrc.yml'];

interface InitFlags {
  hook: boolean;
  dryRun?: boolean;
}

async function readManifest(cwd: string): Promise<Record<string, unknown> | undefined> {
  const text = await readIfExists(join(cwd, 'package.json'));
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * The eslint.config ESLint would use for the project: in its folder or, in a monorepo package, above
 * it up to the repository's top. A new config in the package would hide that one from ESLint.
 */
async function findConfig(cwd: string): Promise<string | undefined> {
  const top = (await gitRoot(cwd)) ?? cwd;
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      if (await exists(join(dir, name))) return join(dir, name);
    }
    if (dir === top || dirname(dir) === dir || relative(top, dir).startsWith('..')) return undefined;
  }
}

/** The eslint.config step: create one, add unblock to the project's, or find it already there. */
async function eslintConfigStep(cwd: string): Promise<Step> {
  const file = await findConfig(cwd);
  if (file !== undefined) {
    const name = displayPath(file, cwd);
    const edit = addUnblockToConfig(file, await readFile(file, 'utf8'));
    if (edit.kind === 'present') return { kind: 'present', summary: `${name} already has unblock's config` };
    if (edit.kind === 'unrecognised') return { kind: 'manual', file, why: edit.why, lines: edit.lines };
    return { kind: 'write', file, text: edit.text, summary: `${name}: ${editSummary(edit)}` };
  }
  const manifest = await readManifest(cwd);
  const name = manifest?.type === 'module' ? 'eslint.config.js' : 'eslint.config.mjs';
  return { kind: 'write', file: join(cwd, name), text: newConfigText(), summary: `${name}: created, with unblock.configs.recommended` };
}

function editSummary(edit: { added: readonly string[]; replaced: ReadonlyArray<{ from: string; to: string }> }): string {
  const quoted = (code: string): string => `\`${code}\``;
  const parts = edit.replaced.map((r) => `replaced ${quoted(r.from)} (undefined: require('unblock') is the plugin itself) with ${quoted(r.to)}`);
  if (edit.added.length > 0) parts.push(`added ${edit.added.map(quoted).join(' and ')}`);
  return parts.join('; ');
}

/** unblock must be resolvable from the project, as its eslint.config imports it. */
function dependencyHint(manifest: Record<string, unknown> | undefined): string | undefined {
  const lists = ['dependencies', 'devDependencies', 'optionalDependencies'].map((k) => manifest?.[k]);
  const listed = lists.some((deps) => deps !== null && typeof deps === 'object' && 'unblock' in deps);
  return listed ? undefined : 'unblock is not in package.json: install it so the config and the hook find it (npm install --save-dev unblock)';
}

function printStep(step: Step, cwd: string, dryRun: boolean): void {
  switch (step.kind) {
    case 'write':
    case 'chmod':
      print(`${out.green(dryRun ? 'would change' : 'changed')} ${step.summary}`);
      break;
    case 'present':
      print(`${out.dim('unchanged')} ${step.summary}`);
      break;
    case 'skipped':
      warn(step.summary);
      break;
    case 'manual':
      printError(`${err.yellow('by hand')} ${displayPath(step.file, cwd)}: ${step.why}; add:`);
      for (const line of step.lines) printError(`    ${line}`);
      break;
  }
}

export async function initAction(flags: InitFlags): Promise<ExitCode> {
  const cwd = process.cwd();
  const display = (file: string): string => displayPath(file, cwd);
  const steps: Step[] = [await eslintConfigStep(cwd)];
  if (flags.hook) steps.push(...(await hookSteps(cwd, display)));

  for (const step of steps) {
    if (flags.dryRun !== true) await applyStep(step);
    printStep(step, cwd, flags.dryRun === true);
  }

  const changed = steps.some((s) => s.kind === 'write' || s.kind === 'chmod');
  const manual = steps.some((s) => s.kind === 'manual');
  if (!changed && !manual) print('nothing to change: unblock is already set up');
  if (changed && (await Promise.all(LEGACY_CONFIGS.map((n) => exists(join(cwd, n))))).some(Boolean)) {
    warn('an .eslintrc file is here too: ESLint 9 and later read only eslint.config.* (npx @eslint/migrate-config converts it)');
  }
  const hint = dependencyHint(await readManifest(cwd));
  if (changed && hint !== undefined) warn(hint);
  return manual ? EXIT_USAGE : EXIT_OK;
}

