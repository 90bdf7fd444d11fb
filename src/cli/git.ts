import { execFile } from 'node:child_process';
import { isAbsolute, resolve } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Runs git in `cwd` and returns its stdout; rejects with git's own first stderr line on failure. */
async function git(cwd: string, args: readonly string[], options: { encoding?: 'utf8' } = {}): Promise<string> {
  try {
    const { stdout } = await execFileAsync('git', [...args], {
      cwd,
      encoding: options.encoding ?? 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      // Read-only commands must not take the index lock: a hook runs while `git commit` holds it.
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
    return stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(stderr !== undefined && stderr !== '' ? stderr.split('\n')[0] : `git ${args[0]} failed`);
  }
}

/** The work tree's top folder, or undefined outside a git repository (or without git installed). */
export async function gitRoot(cwd: string): Promise<string | undefined> {
  try {
    return (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    return undefined;
  }
}

/** Files staged for the next commit (added, copied, modified, renamed), absolute paths. */
export async function stagedFiles(root: string): Promise<string[]> {
  const output = await git(root, ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z']);
  return output.split('\0').filter((p) => p !== '').map((p) => resolve(root, p));
}

/** The staged content of a file (`git show :path`), which may differ from the working tree. */
export async function stagedContent(root: string, pathFromRoot: string): Promise<string> {
  // `:./path` would be relative to cwd; a bare `:path` is relative to the top level, which `root` is.
  return git(root, ['show', `:${pathFromRoot}`]);
}

/** `git status --porcelain` lines for the given paths (all of the work tree when empty). */
export async function uncommittedChanges(root: string, paths: readonly string[]): Promise<string[]> {
  const output = await git(root, ['status', '--porcelain', '--untracked-files=all', '--', ...paths]);
  return output.split('\n').filter((l) => l.trim() !== '');
}

/** Git-ignored files and folders under `cwd` (folders end with `/`), relative to `cwd`. */
export async function ignoredPaths(cwd: string): Promise<string[]> {
  const output = await git(cwd, ['ls-files', '--others', '--ignored', '--exclude-standard', '--directory', '-z']);
  return output.split('\0').filter((p) => p !== '');
}

/** The folder git runs hooks from: `core.hooksPath` when set, else `.git/hooks` (worktrees included). */
export async function hooksDirectory(cwd: string): Promise<string> {
  const path = (await git(cwd, ['rev-parse', '--git-path', 'hooks'])).trim();
  return isAbsolute(path) ? path : resolve(cwd, path);
}
