/**
 * What unblock's configs report on fixtures/plugin/app, as `located()` states it. The fixture mixes an
 * ESM JavaScript file, a CommonJS one and TypeScript files, with clean files and module top-level I/O.
 */

/** recommended, without type information. */
export const RECOMMENDED = [
  'src/handlers.ts:5:16 unblock/no-sync-io', // readFileSync in an async handler
  'src/legacy.cjs:5:19 unblock/no-sync-io', // fs.readdirSync of require('fs') in an async CommonJS export
  'src/legacy.cjs:6:3 unblock/no-blocking-sleep', // execSync('sleep 1')
  'src/server.js:9:3 unblock/no-floating-promises', // a call of an async function of the same file, dropped
  'src/server.js:10:3 unblock/no-blocking-sleep', // Atomics.wait
];

/** strict only: readFileSync in a plain function that no async code calls. */
export const SYNC_IN_PLAIN_FUNCTION = 'src/handlers.ts:11:10 unblock/no-sync-io';

/** recommended-type-checked only: a promise returned by a function of another file, which only its type shows. */
export const FLOATING_WITH_TYPES = 'src/handlers.ts:6:3 unblock/no-floating-promises';

/** The order lintProject gives: file, then line, then column. */
export function inLintOrder(located: readonly string[]): string[] {
  const key = (s: string): [string, number, number] => {
    const [file = '', line, column] = s.split(' ', 1)[0]!.split(':');
    return [file, Number(line), Number(column)];
  };
  return [...located].sort((a, b) => {
    const [fa, la, ca] = key(a);
    const [fb, lb, cb] = key(b);
    return fa.localeCompare(fb) || la - lb || ca - cb;
  });
}
