import { isAbsolute, relative, sep } from 'node:path';

/** The extensions unblock lints: everything its configs' `files` cover. */
export const LINTED_EXTENSIONS: ReadonlySet<string> = new Set(['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']);

/** Whether `file` is `target` or inside it. */
export function isWithin(file: string, target: string): boolean {
  const rel = relative(target, file);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
