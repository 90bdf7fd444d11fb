/**
 * Times ESLint (the ESLint class, as `npx eslint` runs it, single-threaded) over a folder with several
 * configs. Each variant is warmed up once on a slice of the corpus, then the variants take turns, `reps`
 * rounds, and each keeps its best round: interleaving spreads drift (GC, CPU frequency, other load)
 * over all of them instead of charging it to whichever ran last. CPU time (user + system of this process)
 * is measured beside wall time: on a shared machine it is the steadier of the two.
 */
import { ESLint } from 'eslint';

export async function measureVariants({ cwd, files, variants, reps, warmupFiles = 150 }) {
  const results = variants.map((v) => ({ name: v.name, rounds: [], findings: 0, fatal: 0 }));
  for (const variant of variants) await lintOnce(cwd, variant.config, files.slice(0, warmupFiles));
  for (let round = 0; round < reps; round++) {
    for (const [i, variant] of variants.entries()) {
      const lintResults = await timed(results[i].rounds, () => lintOnce(cwd, variant.config, files));
      const counts = countMessages(lintResults);
      results[i].findings = counts.findings;
      results[i].fatal = counts.fatal;
    }
  }
  return results.map((r) => ({ ...r, ...bestOf(r.rounds), files: files.length }));
}

/** Runs `work`, pushing its wall and CPU milliseconds onto `rounds`. */
export async function timed(rounds, work) {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const value = await work();
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  rounds.push({ wall, cpu: (cpu.user + cpu.system) / 1000 });
  return value;
}

/** The best round by each clock. */
export function bestOf(rounds) {
  return { wall: Math.min(...rounds.map((r) => r.wall)), cpu: Math.min(...rounds.map((r) => r.cpu)) };
}

export async function lintOnce(cwd, config, files) {
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config, cache: false, warnIgnored: false });
  return eslint.lintFiles(files);
}

export function countMessages(lintResults) {
  let findings = 0;
  let fatal = 0;
  for (const result of lintResults) {
    for (const m of result.messages) {
      if (m.fatal) fatal++;
      else if (m.ruleId) findings++;
    }
  }
  return { findings, fatal };
}
