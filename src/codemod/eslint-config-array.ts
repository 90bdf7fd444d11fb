import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Linter } from 'eslint';

/**
 * ESLint's `Linter#verify()` turns a plain configuration array into a `FlatConfigArray` and normalises
 * it on every call, that is for every file the engine collects sites in; an array that has a
 * `getConfig()` method is taken as a `FlatConfigArray` already, and used as it is. ESLint exports no
 * such class: it is loaded from ESLint's own files (the module `Linter#verify()` uses), and given the
 * arguments that `verify()` would give it, once. Where ESLint has no such file, the plain array is used
 * as before.
 */
export function configArrayOnce(configs: Linter.Config[], basePath: string): Linter.Config[] {
  const ConfigArray = flatConfigArrayClass();
  if (ConfigArray === undefined) return configs;
  try {
    const array = new ConfigArray(configs, { basePath });
    array.normalizeSync();
    return typeof array.getConfig === 'function' ? array : configs;
  } catch {
    return configs;
  }
}

interface FlatConfigArrayLike extends Array<Linter.Config> {
  normalizeSync(): unknown;
  getConfig?: unknown;
}

type FlatConfigArrayClass = new (configs: Linter.Config[], options: { basePath: string }) => FlatConfigArrayLike;

let loaded: FlatConfigArrayClass | null | undefined;

function flatConfigArrayClass(): FlatConfigArrayClass | undefined {
  if (loaded === undefined) {
    try {
      const require = createRequire(import.meta.url);
      const root = dirname(require.resolve('eslint/package.json'));
      const exported = (require(join(root, 'lib', 'config', 'flat-config-array.js')) as { FlatConfigArray?: unknown }).FlatConfigArray;
      loaded = typeof exported === 'function' ? exported as FlatConfigArrayClass : null;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}
