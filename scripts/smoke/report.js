/** The smoke run's summary table, and the details a failing run needs (file and stack of every crash). */
import { ALL_CONTEXT_PREFIX } from './configs.js';

export function printTable({ root, versions, workers, found, skipped, maxBytes, outcome, seconds, findingsPath }) {
  const rows = [
    ['files found (.js .mjs .cjs .ts .mts .cts, .d.ts included)', found],
    [`skipped (over ${Math.round(maxBytes / 1024)} KiB)`, skipped],
    ['linted', outcome.linted],
    ['  parsed', outcome.parsedFirstTry],
    ['  parsed on retry with the other sourceType', outcome.parsedOnRetry],
    ['  parse failures (counted, not fatal)', outcome.parseFailures.length],
    ['rule crashes', outcome.crashes.length],
  ];
  const byRule = new Map(outcome.ruleIds.map((id) => [id, { findings: 0, files: new Set() }]));
  for (const f of outcome.findings) {
    const entry = byRule.get(f.ruleId) ?? { findings: 0, files: new Set() };
    entry.findings++;
    entry.files.add(f.file);
    byRule.set(f.ruleId, entry);
  }
  console.log(`\nunblock smoke run over ${root}`);
  console.log(`Node ${versions.node}, ESLint ${versions.eslint}, @typescript-eslint/parser ${versions.parser}, ${workers} worker(s)\n`);
  printRows(rows);
  console.log('\nfindings by rule                                   findings   files   rule time');
  for (const [ruleId, { findings, files }] of byRule) {
    const ms = outcome.ruleMs[ruleId] ?? 0;
    console.log(`  ${label(ruleId).padEnd(46)} ${String(findings).padStart(9)} ${String(files.size).padStart(7)} ${formatMs(ms).padStart(11)}`);
  }
  console.log(`  ${'parse (all files, all attempts)'.padEnd(46)} ${''.padStart(9)} ${''.padStart(7)} ${formatMs(outcome.parseMs).padStart(11)}`);
  const perFile = outcome.linted > 0 ? (seconds * 1000 * workers) / outcome.linted : 0;
  console.log(`\ntime ${seconds.toFixed(1)} s wall (${perFile.toFixed(1)} ms per file per worker)`);
  const slowest = outcome.slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
  if (slowest.length > 0) {
    console.log('slowest files:');
    for (const s of slowest) console.log(`  ${formatMs(s.ms).padStart(9)}  ${s.file}`);
  }
  if (outcome.parseFailures.length > 0) {
    console.log(`parse failures (first 10 of ${outcome.parseFailures.length}):`);
    for (const p of outcome.parseFailures.slice(0, 10)) console.log(`  ${p.file}: ${p.message}`);
  }
  console.log(`every finding: ${findingsPath}`);
  if (outcome.stuck !== undefined) console.error(`\nSTUCK: a worker spent over two minutes on ${outcome.stuck}`);
  for (const crash of outcome.crashes) {
    console.error(`\nCRASH in ${crash.ruleId ?? 'ESLint (no rule)'} on ${crash.file}\n${crash.stack}`);
  }
  console.log(outcome.crashes.length === 0 && outcome.stuck === undefined ? '\nresult: PASS (no rule crashed)' : '\nresult: FAIL');
}

function label(ruleId) {
  return ruleId.startsWith(`${ALL_CONTEXT_PREFIX}/`)
    ? `unblock/${ruleId.slice(ALL_CONTEXT_PREFIX.length + 1)} {context:"all"}`
    : ruleId;
}

function printRows(rows) {
  for (const [name, value] of rows) console.log(`${name.padEnd(58)} ${String(value).padStart(7)}`);
}

function formatMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}
