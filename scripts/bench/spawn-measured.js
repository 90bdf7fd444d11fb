/** Runs a benchmark child (node + script), timing it from spawn to exit and collecting its report. */
import { spawn } from 'node:child_process';
import { parseReport } from './child-report.js';

export function spawnMeasured(script, args, { cwd, env } = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script, ...args], { cwd, env: env === undefined ? process.env : { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => {
      resolvePromise({ seconds: (performance.now() - started) / 1000, code, stdout, stderr, report: parseReport(stderr) });
    });
  });
}
