import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { builtPackage, repoRoot } from './package.js';

/** The ESLint majors the plugin supports, by the package that provides each here (9 is installed under an alias). */
export const ESLINT_PACKAGES = { 10: 'eslint', 9: 'eslint-v9' } as const;
export type EslintMajor = keyof typeof ESLINT_PACKAGES;

export interface Project {
  dir: string;
  /** Writes (or replaces) a file of the project. */
  write(path: string, text: string): void;
  remove(): void;
}

function link(projectDir: string, name: string, target: string): void {
  const path = join(projectDir, 'node_modules', name);
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path, 'dir');
}

/**
 * A copy of `fixtures/plugin/<fixture>` in a temporary directory, outside the checkout, set up the way a
 * user's project is: `node_modules/unblock` is the built package, and `eslint` the given major (so that
 * `eslint/config` in a config file is that major's), next to typescript-eslint and @types/node.
 */
export function createProject(fixture: string, eslint: EslintMajor): Project {
  const dir = mkdtempSync(join(tmpdir(), `unblock-plugin-${fixture}-`));
  cpSync(join(repoRoot, 'fixtures', 'plugin', fixture), dir, { recursive: true });
  link(dir, 'unblock', builtPackage());
  link(dir, 'eslint', join(repoRoot, 'node_modules', ESLINT_PACKAGES[eslint]));
  for (const name of ['typescript-eslint', '@types/node']) link(dir, name, join(repoRoot, 'node_modules', name));
  return {
    dir,
    write: (path, text) => {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
