/** Sections 1 and 2 of the benchmark: syntax-only and typed linting, each against its own floor. */
import { fileURLToPath } from 'node:url';
import { generateLintCorpus } from './lint-corpus.js';
import { syntaxVariants, typedVariants } from './lint-variants.js';
import { measureVariants } from './measure-lint.js';
import { loadBuiltPlugin } from './plugin.js';
import { spawnMeasured } from './spawn-measured.js';
import { fixed, overFloor, printTable, ratio } from './table.js';

const SYNTAX_TARGET = 1.1;
const WARM_PASSES = 2;

export async function benchSyntax({ dir, files, reps }) {
  const written = await generateLintCorpus(dir, { files });
  const unblock = await loadBuiltPlugin();
  const variants = syntaxVariants(unblock);
  console.log(`\n1. Syntax-only linting: ${written.length} generated files (8 module styles, ~100 lines each), `
    + `ESLint class, 1 thread, warm-up then best of ${reps} interleaved rounds`);
  const results = await measureVariants({ cwd: dir, files: written, variants, reps });
  const floor = results[0];
  printTable(
    ['variant', 'findings', 'cpu ms/file', 'wall ms/file', 'vs floor (cpu)', 'over floor'],
    results.map((r) => [
      r.name, r.findings, fixed(r.cpu / r.files), fixed(r.wall / r.files), ratio(r.cpu, floor.cpu), overFloor(r.cpu, floor.cpu),
    ]),
  );
  const recommended = results.find((r) => r.name.startsWith('unblock: recommended'));
  const anyRule = results.find((r) => r.name.startsWith('any rule:'));
  if (recommended !== undefined) {
    const within = recommended.cpu <= floor.cpu * SYNTAX_TARGET;
    console.log(`target: unblock's recommended config adds at most 10% over the floor → ${overFloor(recommended.cpu, floor.cpu)}, ${within ? 'met' : 'MISSED'}`);
    console.log(`  of which ESLint's own cost of running any rule (the no-debugger row): ${overFloor(anyRule.cpu, floor.cpu)}; `
      + `unblock's rules over that row: ${overFloor(recommended.cpu, anyRule.cpu)} `
      + `(${fixed((recommended.cpu - anyRule.cpu) / recommended.files)} ms/file)`);
  } else {
    console.log('unblock\'s recommended config was not measured: a rule it names is missing from the build');
  }
  return reportFatal(results);
}

export async function benchTyped({ dir, files, reps }) {
  await generateLintCorpus(dir, { files, typed: true });
  const unblock = await loadBuiltPlugin();
  const variants = typedVariants(unblock, dir);
  console.log(`\n2. Typed linting: ${files} generated TypeScript files with a tsconfig (parserOptions.projectService), `
    + `each variant in a fresh process; cold = first pass (program built, types checked), best of ${reps} processes; `
    + `warm = best of ${WARM_PASSES} later passes in the same process`);
  const child = fileURLToPath(new URL('./typed-child.js', import.meta.url));
  const runs = variants.map(() => []);
  for (let round = 0; round < reps; round++) {
    for (let i = 0; i < variants.length; i++) {
      const run = await spawnMeasured(child, [dir, String(i), String(WARM_PASSES)]);
      if (run.code !== 0) {
        console.error(`typed variant ${variants[i].name} failed:\n${run.stderr}`);
        return false;
      }
      runs[i].push(JSON.parse(run.stdout.trim().split('\n').at(-1)));
    }
  }
  const results = runs.map((list) => ({
    name: list[0].name,
    findings: list[0].findings,
    fatal: list[0].fatal,
    files: list[0].files,
    cold: Math.min(...list.map((r) => r.cold.cpu)),
    coldWall: Math.min(...list.map((r) => r.cold.wall)),
    warm: Math.min(...list.map((r) => r.warm.cpu)),
  }));
  const floor = results[0];
  printTable(
    ['variant', 'findings', 'cold cpu ms/file', 'cold wall ms/file', 'vs floor', 'rule cost ms/file', 'warm cpu ms/file', 'vs floor'],
    results.map((r) => [
      r.name, r.findings, fixed(r.cold / r.files), fixed(r.coldWall / r.files), ratio(r.cold, floor.cold),
      fixed((r.cold - floor.cold) / r.files), fixed(r.warm / r.files), ratio(r.warm, floor.warm),
    ]),
  );
  const theirs = results.find((r) => r.name.startsWith('@typescript-eslint'));
  const ours = results.find((r) => r.name.startsWith('unblock'));
  const oursCost = ours.cold - floor.cold;
  const theirsCost = theirs.cold - floor.cold;
  console.log(`target: unblock's typed rule costs no more than typescript-eslint's → `
    + `${fixed(oursCost / ours.files)} vs ${fixed(theirsCost / theirs.files)} ms/file over the typed floor (cold), `
    + `${oursCost <= theirsCost ? 'met' : 'MISSED'}`);
  return reportFatal(results);
}

function reportFatal(results) {
  const fatal = results.filter((r) => r.fatal > 0);
  for (const r of fatal) console.error(`${r.name}: ${r.fatal} files failed to parse — the corpus is broken`);
  return fatal.length === 0;
}
