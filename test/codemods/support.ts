import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Temporary projects for the codemod tests, resolving the repository's node_modules (types, express 5, …). */

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(REPO, 'fixtures', 'codemods');

export const DEFAULT_TSCONFIG = {
  compilerOptions: {
    target: 'ES2023',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023'],
    types: ['node'],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
  },
};

const made: string[] = [];

/**
 * A temporary folder with `files` (relative path → text), a package.json unless given, and a link to the
 * repository's node_modules unless `nodeModules: false` (a project with nothing installed).
 */
export async function tempProject(files: Record<string, string>, options: { packageJson?: object | null; nodeModules?: boolean } = {}): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'unblock-codemod-'));
  made.push(root);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), text);
  }
  if (!('package.json' in files) && options.packageJson !== null) {
    await writeFile(join(root, 'package.json'), JSON.stringify(options.packageJson ?? { type: 'module' }));
  }
  if (options.nodeModules !== false) await symlink(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

/** Copies a fixture folder into a temporary project. */
export async function tempCopy(folder: string, extra: Record<string, string> = {}): Promise<string> {
  const root = await tempProject(extra, { packageJson: null });
  await cp(folder, root, { recursive: true });
  const names = await readdir(root);
  if (!names.includes('package.json')) await writeFile(join(root, 'package.json'), JSON.stringify({ type: 'module' }));
  return root;
}

export async function removeTempProjects(): Promise<void> {
  await Promise.all(made.splice(0).map((root) => rm(root, { recursive: true, force: true })));
}

/** Every file under a folder (node_modules aside), relative path → text. */
export async function readTree(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      if (name === 'node_modules') continue;
      const path = join(dir, name);
      if ((await stat(path)).isDirectory()) await walk(path);
      else out[relative(root, path).split('\\').join('/')] = await readFile(path, 'utf8');
    }
  };
  await walk(root);
  return out;
}
