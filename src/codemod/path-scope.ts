import { relative, resolve, sep } from 'node:path';

/**
 * Whether a path is one of `scopes`, or inside one. Apart from the engine, so that the CLI can ask
 * without loading it.
 */
export function isUnder(file: string, scopes: readonly string[]): boolean {
  const normalized = resolve(file);
  return scopes.some((scope) => {
    const rel = relative(scope, normalized);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
  });
}
