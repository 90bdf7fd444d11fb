import { access, chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CliError, firstLine } from '../errors.js';
import { gitRoot, hooksDirectory } from '../git.js';

/**
 * The pre-commit hook: through lint-staged (and husky) when the project uses them, else a plain git
 * hook that lints the staged files. Each step is idempotent: it changes nothing when unblock is there.
 */

export const LINT_STAGED_GLOB = '*.{js,mjs,cjs,ts,mts,cts,tsx,jsx}';
export const LINT_STAGED_COMMAND = 'unblock lint';
export const STAGED_HOOK_COMMAND = 'npx unblock lint --staged';
export const LINT_STAGED_HOOK_COMMAND = 'npx lint-staged';

export type Step =
  | { kind: 'write'; file: string; text: string; mode?: number; summary: string }
  | { kind: 'chmod'; file: string; mode: number; summary: string }
  | { kind: 'present'; summary: string }
  | { kind: 'manual'; file: string; why: string; lines: string[] }
  | { kind: 'skipped'; summary: string };

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

async function readIfExists(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

/** The indentation a JSON file uses, so it is written back the way it was. */
function jsonIndent(text: string): string | number {
  const match = /^[{[]\r?\n([ \t]+)\S/.exec(text);
  return match?.[1] ?? 2;
}

function stringifyLike(original: string, value: unknown): string {
  const eol = original.includes('\r\n') ? '\r\n' : '\n';
  const json = JSON.stringify(value, null, jsonIndent(original));
  return `${eol === '\n' ? json : json.replace(/\n/g, eol)}${original.endsWith('\n') ? eol : ''}`;
}

type LintStagedConfig = Record<string, string | string[] | unknown>;

function runsUnblock(config: LintStagedConfig): boolean {
  return Object.values(config).some((commands) =>
    (Array.isArray(commands) ? commands : [commands]).some((c) => typeof c === 'string' && c.includes('unblock lint')));
}

function withUnblock(config: LintStagedConfig): LintStagedConfig {
  const existing = config[LINT_STAGED_GLOB];
  if (existing === undefined) return { ...config, [LINT_STAGED_GLOB]: LINT_STAGED_COMMAND };
  return { ...config, [LINT_STAGED_GLOB]: [...(Array.isArray(existing) ? existing : [existing]), LINT_STAGED_COMMAND] };
}

const LINT_STAGED_JSON_FILES = ['.lintstagedrc', '.lintstagedrc.json'];
const LINT_STAGED_OTHER_FILES = [
  '.lintstagedrc.yaml', '.lintstagedrc.yml', '.lintstagedrc.js', '.lintstagedrc.mjs', '.lintstagedrc.cjs',
  'lint-staged.config.js', 'lint-staged.config.mjs', 'lint-staged.config.cjs', 'lint-staged.config.ts',
];

/** The lint-staged step, or undefined when the project does not use lint-staged. */
async function lintStagedStep(cwd: string): Promise<Step | undefined> {
  const packagePath = join(cwd, 'package.json');
  const packageText = await readIfExists(packagePath);
  if (packageText !== undefined) {
    let manifest: Record<string, unknown>;
    try {
      manifest = JSON.parse(packageText) as Record<string, unknown>;
    } catch (error) {
      throw new CliError(`package.json: ${firstLine(error)}`);
    }
    const config = manifest['lint-staged'];
    if (config !== undefined && config !== null && typeof config === 'object' && !Array.isArray(config)) {
      if (runsUnblock(config as LintStagedConfig)) return { kind: 'present', summary: 'lint-staged already runs unblock lint (package.json)' };
      return {
        kind: 'write',
        file: packagePath,
        text: stringifyLike(packageText, { ...manifest, 'lint-staged': withUnblock(config as LintStagedConfig) }),
        summary: `lint-staged runs \`${LINT_STAGED_COMMAND}\` on ${LINT_STAGED_GLOB} (package.json)`,
      };
    }
  }
  for (const name of LINT_STAGED_JSON_FILES) {
    const path = join(cwd, name);
    const text = await readIfExists(path);
    if (text === undefined) continue;
    let config: unknown;
    try {
      config = JSON.parse(text);
    } catch {
      return manualLintStaged(path, 'it is not JSON');
    }
    if (config === null || typeof config !== 'object' || Array.isArray(config)) return manualLintStaged(path, 'it is not an object of globs');
    if (runsUnblock(config as LintStagedConfig)) return { kind: 'present', summary: `lint-staged already runs unblock lint (${name})` };
    return {
      kind: 'write',
      file: path,
      text: stringifyLike(text, withUnblock(config as LintStagedConfig)),
      summary: `lint-staged runs \`${LINT_STAGED_COMMAND}\` on ${LINT_STAGED_GLOB} (${name})`,
    };
  }
  for (const name of LINT_STAGED_OTHER_FILES) {
    const path = join(cwd, name);
    const text = await readIfExists(path);
    if (text === undefined) continue;
    if (text.includes('unblock lint')) return { kind: 'present', summary: `lint-staged already runs unblock lint (${name})` };
    return manualLintStaged(path, 'only JSON lint-staged configs are edited automatically');
  }
  return undefined;
}

function manualLintStaged(file: string, why: string): Step {
  return { kind: 'manual', file, why, lines: [`"${LINT_STAGED_GLOB}": "${LINT_STAGED_COMMAND}"`] };
}

/** Husky's hook folder (`.husky/`), in the package or at the repository's top. */
async function huskyDirectory(cwd: string, root: string): Promise<string | undefined> {
  for (const dir of new Set([cwd, root])) {
    const candidate = join(dir, '.husky');
    if (await stat(candidate).then((s) => s.isDirectory(), () => false)) return candidate;
  }
  return undefined;
}

const SHELL = /^#!.*\b(?:sh|bash|zsh|dash|ksh|ash)\b/;
const EXECUTABLE = 0o755;

/**
 * Adds `command` to a shell hook, keeping what is there: before a closing `exit` (which would skip it),
 * else at the end. A hook in another language is left to a person.
 */
async function hookStep(file: string, command: string, alreadyThere: (text: string) => boolean, display: string, husky: boolean): Promise<Step> {
  const text = await readIfExists(file);
  const comment = '# unblock: refuse commits that add code blocking the event loop (added by `unblock init`)';
  if (text === undefined) {
    const body = husky ? `${command}\n` : `#!/bin/sh\n${comment}\n${command}\n`;
    return { kind: 'write', file, text: body, mode: EXECUTABLE, summary: `${display}: runs \`${command}\` (new hook)` };
  }
  const mode = (await stat(file)).mode;
  if (alreadyThere(text)) {
    if (!husky && (mode & 0o111) === 0) {
      return { kind: 'chmod', file, mode: mode | 0o111, summary: `${display}: made executable (git skipped it)` };
    }
    return { kind: 'present', summary: `${display} already runs ${command.replace(/^npx /, '')}` };
  }
  const firstLine = text.split('\n', 1)[0] ?? '';
  if (firstLine.startsWith('#!') && !SHELL.test(firstLine)) {
    return { kind: 'manual', file, why: `the hook is not a shell script (${firstLine})`, lines: [command] };
  }
  const lines = text.replace(/\n+$/, '').split('\n');
  const lastCommand = lines.findLastIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  // A closing `exit` or `exec` would end the hook before a line added after it.
  const closesWithExit = lastCommand >= 0 && /^\s*(?:exit|exec)\b/.test(lines[lastCommand]!);
  const added = husky ? [command] : [comment, command];
  if (closesWithExit) lines.splice(lastCommand, 0, ...added);
  else lines.push(...added);
  return {
    kind: 'write',
    file,
    text: `${lines.join('\n')}\n`,
    mode: husky ? undefined : mode | 0o111,
    summary: `${display}: runs \`${command}\` (added to the existing hook)`,
  };
}

/** The steps that install unblock in the pre-commit hook of the project at `cwd`. */
export async function hookSteps(cwd: string, display: (file: string) => string): Promise<Step[]> {
  const root = await gitRoot(cwd);
  if (root === undefined) return [{ kind: 'skipped', summary: 'not a git repository: no pre-commit hook installed' }];
  const steps: Step[] = [];
  const lintStaged = await lintStagedStep(cwd);
  if (lintStaged !== undefined) steps.push(lintStaged);

  const command = lintStaged === undefined ? STAGED_HOOK_COMMAND : LINT_STAGED_HOOK_COMMAND;
  const alreadyThere = (text: string): boolean =>
    text.includes('unblock lint') || (lintStaged !== undefined && text.includes('lint-staged'));
  const husky = await huskyDirectory(cwd, root);
  const hookFile = husky === undefined ? join(await hooksDirectory(cwd), 'pre-commit') : join(husky, 'pre-commit');
  steps.push(await hookStep(hookFile, command, alreadyThere, display(hookFile), husky !== undefined));
  return steps;
}

export async function applyStep(step: Step): Promise<void> {
  if (step.kind === 'write') {
    await mkdir(dirname(step.file), { recursive: true });
    await writeFile(step.file, step.text);
    if (step.mode !== undefined) await chmod(step.file, step.mode);
  } else if (step.kind === 'chmod') {
    await chmod(step.file, step.mode);
  }
}

export { exists, readIfExists };
