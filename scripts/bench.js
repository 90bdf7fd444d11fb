#!/usr/bin/env node
/**
 * Performance benchmark (not a test): numbers to compare against the targets, measured in one run.
 *   1. syntax-only linting of a generated corpus: the parser alone (the floor), unblock's recommended
 *      config and each of its rules, and eslint-plugin-n's n/no-sync;
 *   2. typed linting of a smaller TypeScript project: typescript-eslint's no-floating-promises beside
 *      unblock's, on the same typed floor;
 *   3. a dry, verified `migrate()` of a generated ten-level project beside `tsc --noEmit` on it.
 *
 *   npm run bench [-- --only lint,typed,codemods] [--files 2000] [--typed-files 300] [--reps 3]
 *                 [--per-level 100] [--codemod-reps 2]
 *
 * Targets: unblock's syntax-only rules add at most 10% over the floor; its typed rule costs no more than
 * typescript-eslint's; migrate takes at most twice as long as tsc. Corpora are written under .bench/.
 */
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchCodemods } from './bench/codemod-section.js';
import { benchSyntax, benchTyped } from './bench/lint-section.js';
import { projectRoot } from './bench/plugin.js';

const { values } = parseArgs({
  options: {
    only: { type: 'string', default: 'lint,typed,codemods' },
    files: { type: 'string', default: '2000' },
    'typed-files': { type: 'string', default: '300' },
    reps: { type: 'string', default: '3' },
    'per-level': { type: 'string', default: '100' },
    'codemod-reps': { type: 'string', default: '2' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`Usage: npm run bench [-- --only lint,typed,codemods] [--files 2000] [--typed-files 300] [--reps 3]
                     [--per-level 100] [--codemod-reps 2]
Measures (not tests): syntax-only linting against the parser-only floor, the typed rule against
typescript-eslint's, and a dry verified migrate() of a generated 1,000-file project against tsc --noEmit.
Needs dist/ (npm run build). Corpora are written under .bench/; exits 1 if a section fails to run.`);
  process.exit(0);
}
const only = new Set(values.only.split(','));
const benchDir = join(projectRoot, '.bench');
const require = createRequire(import.meta.url);
const version = (pkg) => require(`${pkg}/package.json`).version;

console.log('unblock benchmark');
console.log(`Node ${process.version}, ESLint ${version('eslint')}, typescript-eslint ${version('typescript-eslint')}, `
  + `TypeScript ${version('typescript')}, eslint-plugin-n ${version('eslint-plugin-n')}`);
console.log(`${availableParallelism()} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

let failed = false;
if (only.has('lint')) {
  failed = !(await benchSyntax({ dir: join(benchDir, 'lint'), files: Number(values.files), reps: Number(values.reps) })) || failed;
}
if (only.has('typed')) {
  failed = !(await benchTyped({ dir: join(benchDir, 'typed'), files: Number(values['typed-files']), reps: Number(values.reps) })) || failed;
}
if (only.has('codemods')) {
  failed = !(await benchCodemods({
    dir: join(benchDir, 'codemod'), perLevel: Number(values['per-level']), reps: Number(values['codemod-reps']),
  })) || failed;
}
console.log(`\nload average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
// A missed target is information, not a failure; a broken run (crash, dry run that wrote) is.
process.exitCode = failed ? 1 : 0;
