/** How a benchmark child process tells its parent its peak memory (and anything else) when it exits. */
import { writeSync } from 'node:fs';

const PREFIX = 'BENCH ';

export function reportOnExit(extra = () => ({})) {
  process.on('exit', (exitCode) => {
    const usage = process.resourceUsage();
    const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
    const report = { maxRssKb: usage.maxRSS, cpuSeconds, exitCode, ...extra() };
    // Synchronous on purpose: nothing asynchronous runs in an 'exit' handler.
    writeSync(2, `\n${PREFIX}${JSON.stringify(report)}\n`);
  });
}

/** The report in a child's stderr, or undefined if it died before writing one. */
export function parseReport(stderr) {
  const line = stderr.split('\n').reverse().find((l) => l.startsWith(PREFIX));
  return line === undefined ? undefined : JSON.parse(line.slice(PREFIX.length));
}
