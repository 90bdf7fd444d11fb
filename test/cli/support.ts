import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * End-to-end helpers: the tests spawn the BUILT CLI (`node bin/unblock.js`, as `npx unblock` would)
 * on throwaway git projects in the system's temporary folder.
 */

const execFileAsync = promisify(execFile);

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(REPO, 'bin', 'unblock.js');
const BUILT = join(REPO, 'dist', 'src', 'cli', 'main.js');

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A plain environment: no colour unless a test asks for it, and npm never reaching the network. */
export function baseEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    npm_config_offline: 'true',
    npm_config_update_notifier: 'false',
    // The developer's own git configuration (a global core.hooksPath, signing) must not leak in.
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  delete env.FORCE_COLOR;
  delete env.GIT_DIR;
  delete env.GIT_INDEX_FILE;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runCli(args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<RunResult> {
  return runCommand(process.execPath, [CLI, ...args], options);
}

export function runCommand(command: string, args: readonly string[], options: { cwd: string; env?: Record<string, string | undefined> }): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: baseEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, { cwd, env: baseEnv() });
  return stdout;
}

export interface ProjectOptions {
  /** `git init` and commit every file (default true). */
  git?: boolean;
  /** Make `unblock` resolvable from the project, as `npm install -D unblock` would (default false). */
  linkUnblock?: boolean;
}

const projects: string[] = [];

/** A temporary project with these files, a git repository with one commit by default. */
export async function makeProject(files: Record<string, string>, options: ProjectOptions = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'unblock-cli-'));
  projects.push(dir);
  for (const [path, text] of Object.entries(files)) await writeProjectFile(dir, path, text);
  if (options.linkUnblock === true) {
    await mkdir(join(dir, 'node_modules', '.bin'), { recursive: true });
    await symlink(REPO, join(dir, 'node_modules', 'unblock'), 'dir');
    await symlink(join('..', 'unblock', 'bin', 'unblock.js'), join(dir, 'node_modules', '.bin', 'unblock'));
  }
  if (options.git !== false) {
    await git(dir, 'init', '-q', '-b', 'main');
    await git(dir, 'config', 'user.name', 'unblock tests');
    await git(dir, 'config', 'user.email', 'tests@unblock.invalid');
    await git(dir, 'config', 'commit.gpgsign', 'false');
    if (files['.gitignore'] === undefined) await writeProjectFile(dir, '.gitignore', 'node_modules/\n');
    await git(dir, 'add', '-A');
    await git(dir, 'commit', '-q', '--no-verify', '-m', 'initial');
  }
  return dir;
}

export async function writeProjectFile(dir: string, path: string, text: string): Promise<void> {
  await mkdir(dirname(join(dir, path)), { recursive: true });
  await writeFile(join(dir, path), text);
}

export async function removeProjects(): Promise<void> {
  await Promise.all(projects.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

async function isBuildCurrent(): Promise<boolean> {
  const built = await stat(BUILT).then((s) => s.mtimeMs, () => 0);
  if (built === 0) return false;
  const sources = await Promise.all(['src', 'rules', 'codemods'].map((d) => newestSource(join(REPO, d)).catch(() => 0)));
  return sources.every((mtime) => mtime <= built);
}

/**
 * Builds dist/ when it is missing or older than the sources (CI has built it through `prepare`). Test
 * files run in parallel, so one builds while the others wait on a lock file.
 */
export async function ensureBuilt(): Promise<void> {
  if (await isBuildCurrent()) return;
  const lock = join(tmpdir(), `unblock-cli-build-${Buffer.from(REPO).toString('hex').slice(-24)}.lock`);
  const handle = await open(lock, 'wx').catch(() => undefined);
  if (handle === undefined) {
    // Another test file is building: wait for it to finish (or give up on a lock left by a killed run).
    while (await stat(lock).then((s) => Date.now() - s.mtimeMs < 120_000, () => false)) {
      await new Promise((r) => setTimeout(r, 200));
    }
    return;
  }
  try {
    // tsc writes its output even when another engineer's unfinished file has a type error.
    await execFileAsync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO }).catch(() => undefined);
  } finally {
    await handle.close();
    await rm(lock, { force: true });
  }
}

const COMPILER_OPTIONS = { strict: true, module: 'nodenext', target: 'es2022', noEmit: true, types: ['node'] };

/** A blocking function, and a caller that imports it through the package's tsconfig `paths` alias. */
export const API_FILES = {
  'packages/api/src/x.ts': "import { readFileSync } from 'node:fs';\n\nexport function load(path: string): string {\n  return readFileSync(path, 'utf8');\n}\n",
  'packages/api/src/main.ts': "import { load } from '#api/x.js';\n\nexport function size(): number {\n  return load('a').length;\n}\n",
};

/**
 * A git repository whose root tsconfig.json excludes packages/api, a TypeScript project of its own
 * (its tsconfig.json maps `#api/*` to its src/). @types/node is linked in, as `npm install` would.
 */
export async function makeMonorepo(): Promise<string> {
  const dir = await makeProject({
    'package.json': '{ "name": "repo", "private": true, "type": "module" }\n',
    'tsconfig.json': `${JSON.stringify({ compilerOptions: COMPILER_OPTIONS, exclude: ['packages/api'] })}\n`,
    'src/index.ts': 'export const ok = 1;\n',
    'packages/api/package.json': '{ "name": "api", "type": "module" }\n',
    'packages/api/tsconfig.json': `${JSON.stringify({ compilerOptions: { ...COMPILER_OPTIONS, paths: { '#api/*': ['./src/*'] } }, include: ['src'] })}\n`,
    ...API_FILES,
  });
  await mkdir(join(dir, 'node_modules', '@types'), { recursive: true });
  await symlink(join(REPO, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
  return dir;
}
