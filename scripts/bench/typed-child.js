/**
 * One typed variant in a fresh process, so that no variant inherits a program or a type checker warmed up
 * by another: the first pass is the cold one a CI run pays (project service start, program, checking);
 * the later passes reuse the program and the checker's caches.
 *   node typed-child.js <corpus dir> <variant index> <warm passes>
 * Prints one JSON line: { name, cold: { wall, cpu }, warm: { wall, cpu }, findings, fatal, files } (ms).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { bestOf, countMessages, lintOnce, timed } from './measure-lint.js';
import { typedVariants } from './lint-variants.js';
import { loadBuiltPlugin } from './plugin.js';

const [dir, index, warmPasses] = process.argv.slice(2);
const variant = typedVariants(await loadBuiltPlugin(), dir)[Number(index)];
const files = (await readdir(join(dir, 'src'))).map((f) => join('src', f));

const coldRounds = [];
const first = await timed(coldRounds, () => lintOnce(dir, variant.config, files));
const warmRounds = [];
for (let pass = 0; pass < Number(warmPasses); pass++) await timed(warmRounds, () => lintOnce(dir, variant.config, files));
const result = { name: variant.name, cold: coldRounds[0], warm: bestOf(warmRounds), ...countMessages(first), files: files.length };
process.stdout.write(`${JSON.stringify(result)}\n`);
