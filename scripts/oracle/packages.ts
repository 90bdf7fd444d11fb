import { execFile } from 'node:child_process';
import { access, mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * The real published packages unblock is measured on, pinned so every run reads the same code. Each
 * mixes its own way of reaching a blocking API: hand-written CommonJS, hand-written ESM, TypeScript
 * compiled to CommonJS (`__importStar`, `(0, fs_1.x)`) or to ESM, Babel output (`_interopRequireDefault`,
 * lazy `function _fs() {…}` requires), bundles (esbuild's renamed `fs2`, `__toESM(require("fs"))`).
 */
export interface RealPackage {
  /** Row label in the report; a package measured twice (CJS and ESM builds) gets two labels. */
  label: string;
  name: string;
  version: string;
  style: 'CJS' | 'ESM' | 'TS' | 'TS→CJS' | 'TS→ESM' | 'Babel→CJS' | 'bundle→CJS' | 'unpinned';
  /** Globs, relative to the package root, of the files measured. */
  include: readonly string[];
}

/** Never measured: declarations have no calls, and minified bundles duplicate the files they bundle. */
export const EXCLUDED = ['**/*.min.js', '**/*.d.ts', '**/*.d.cts', '**/*.d.mts', '**/node_modules/**'];

export const REAL_PACKAGES: readonly RealPackage[] = [
  { label: 'graceful-fs', name: 'graceful-fs', version: '4.2.12', style: 'CJS', include: ['*.js'] },
  { label: 'rimraf@3', name: 'rimraf', version: '3.0.2', style: 'CJS', include: ['*.js'] },
  { label: 'cross-spawn', name: 'cross-spawn', version: '7.0.6', style: 'CJS', include: ['index.js', 'lib/**/*.js'] },
  { label: 'fs-extra', name: 'fs-extra', version: '11.4.1', style: 'CJS', include: ['lib/**/*.js', 'lib/**/*.mjs'] },
  { label: 'shelljs', name: 'shelljs', version: '0.8.5', style: 'CJS', include: ['*.js', 'src/**/*.js'] },
  { label: 'execa@9', name: 'execa', version: '9.6.0', style: 'ESM', include: ['index.js', 'lib/**/*.js'] },
  { label: '@eslint/eslintrc', name: '@eslint/eslintrc', version: '2.1.4', style: 'ESM', include: ['lib/**/*.js'] },
  { label: 'cosmiconfig', name: 'cosmiconfig', version: '9.0.2', style: 'TS→CJS', include: ['dist/**/*.js'] },
  {
    label: '@typescript-eslint/typescript-estree', name: '@typescript-eslint/typescript-estree', version: '8.74.0',
    style: 'TS→CJS', include: ['dist/**/*.js'],
  },
  { label: 'tsconfig-paths (src)', name: 'tsconfig-paths', version: '4.2.0', style: 'TS', include: ['src/*.ts'] },
  { label: 'tsconfig-paths (lib)', name: 'tsconfig-paths', version: '4.2.0', style: 'TS→CJS', include: ['lib/*.js'] },
  { label: 'tar (commonjs)', name: 'tar', version: '7.5.23', style: 'TS→CJS', include: ['dist/commonjs/**/*.js'] },
  { label: 'tar (esm)', name: 'tar', version: '7.5.23', style: 'TS→ESM', include: ['dist/esm/**/*.js'] },
  { label: '@babel/core', name: '@babel/core', version: '7.29.13', style: 'Babel→CJS', include: ['lib/**/*.js'] },
  { label: 'uuid@8', name: 'uuid', version: '8.3.2', style: 'Babel→CJS', include: ['dist/*.js'] },
  { label: 'esbuild (JS API)', name: 'esbuild', version: '0.28.2', style: 'bundle→CJS', include: ['lib/main.js'] },
  {
    label: 'typescript (tools)', name: 'typescript', version: '6.0.3', style: 'bundle→CJS',
    include: ['lib/_typingsInstaller.js', 'lib/watchGuard.js', 'lib/typingsInstaller.js'],
  },
];

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where `--fetch` unpacks tarballs: outside the repository, so nothing is installed into the project. */
export const CACHE_DIR = process.env.UNBLOCK_REAL_PACKAGES_DIR ?? path.join(tmpdir(), 'real-packages');

const cacheRoot = (p: RealPackage): string =>
  path.join(CACHE_DIR, `${p.name.replace('/', '+')}@${p.version}`, 'package');

async function versionAt(root: string): Promise<string | null> {
  try {
    const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? null;
  } catch {
    return null;
  }
}

/** The pinned version's root: the project's node_modules when it holds that version, else the cache. */
export async function locatePackage(p: RealPackage): Promise<string | null> {
  for (const root of [path.join(repoRoot, 'node_modules', p.name), cacheRoot(p)]) {
    if ((await versionAt(root)) === p.version) return root;
  }
  return null;
}

const run = promisify(execFile);

/** Downloads the pinned tarball with `npm pack` and unpacks it into the cache; never installs it. */
export async function fetchPackage(p: RealPackage): Promise<string> {
  const dir = path.dirname(cacheRoot(p));
  await mkdir(dir, { recursive: true });
  const { stdout } = await run('npm', ['pack', `${p.name}@${p.version}`, '--json', '--pack-destination', dir], { cwd: dir });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (packed === undefined) throw new Error(`npm pack ${p.name}@${p.version} produced no tarball`);
  await run('tar', ['xzf', path.join(dir, packed.filename), '-C', dir]);
  const root = cacheRoot(p);
  await access(path.join(root, 'package.json'));
  return root;
}
