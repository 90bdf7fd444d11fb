#!/usr/bin/env node
/**
 * Robustness smoke run: every unblock rule over every JavaScript and TypeScript file of the project's own
 * node_modules (thousands of real published files: CommonJS, ESM, compiled TypeScript and Babel output,
 * declaration files). A rule that throws fails the run with the file and the stack; a file the parser
 * cannot read is counted, not fatal, because parsing is not what is being tested.
 *
 *   npm run smoke [-- --root <dir>] [--workers <n>] [--limit <n>] [--max-bytes <n>]
 *
 * Uses ESLint's Linter directly (no config lookup, no file enumeration by ESLint) in worker threads.
 * Every finding is written to .smoke/findings.json for review.
 */
import { mkdir, opendir, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { printTable } from './smoke/report.js';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);
const BATCH = 8;
/** A rule that runs this long on one file is stuck, not slow: report it rather than wait forever. */
const STUCK_AFTER_MS = 120_000;

await main();

async function main() {
  const { values } = parseArgs({
    options: {
      root: { type: 'string', default: join(projectRoot, 'node_modules') },
      workers: { type: 'string', default: String(Math.min(2, availableParallelism())) },
      limit: { type: 'string' },
      'max-bytes': { type: 'string', default: String(1024 * 1024) },
    },
  });
  const root = resolve(values.root);
  const maxBytes = Number(values['max-bytes']);
  const started = performance.now();

  const { files, skipped } = await collectFiles(root, maxBytes);
  const limited = values.limit === undefined ? files : files.slice(0, Number(values.limit));
  // Largest first, so that no worker is left with one huge file at the end.
  limited.sort((a, b) => b.size - a.size);

  const outcome = await lintInWorkers(limited, Number(values.workers));
  const seconds = (performance.now() - started) / 1000;

  const require = createRequire(import.meta.url);
  await mkdir(join(projectRoot, '.smoke'), { recursive: true });
  const findingsPath = join(projectRoot, '.smoke', 'findings.json');
  await writeFile(findingsPath, JSON.stringify({
    root, findings: outcome.findings, parseFailures: outcome.parseFailures, crashes: outcome.crashes,
  }, null, 1));

  printTable({
    root: relative(projectRoot, root) || '.',
    versions: {
      node: process.version,
      eslint: require('eslint/package.json').version,
      parser: require('@typescript-eslint/parser/package.json').version,
    },
    workers: Number(values.workers),
    found: files.length + skipped,
    skipped,
    maxBytes,
    outcome,
    seconds,
    findingsPath: relative(projectRoot, findingsPath),
  });
  process.exitCode = outcome.crashes.length > 0 || outcome.stuck !== undefined ? 1 : 0;
}

/** Every file with a JS/TS extension under root (declaration files included), symlinks not followed. */
async function collectFiles(root, maxBytes) {
  const files = [];
  let skipped = 0;
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop();
    for await (const entry of await opendir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git') pending.push(path);
      } else if (entry.isFile() && EXTENSIONS.has(extname(entry.name))) {
        const { size } = await stat(path);
        if (size > maxBytes) skipped++;
        else files.push({ path, size });
      }
    }
  }
  return { files, skipped };
}

/** Hands out batches of files to the workers as they ask, and gathers the results. */
function lintInWorkers(files, workerCount) {
  const outcome = {
    linted: 0, parsedFirstTry: 0, parsedOnRetry: 0, parseFailures: [], crashes: [], findings: [],
    ruleIds: [], ruleMs: {}, parseMs: 0, slowest: [], stuck: undefined,
  };
  let next = 0;
  return new Promise((resolvePromise, reject) => {
    let running = workerCount;
    const workers = [];
    const lastProgress = new Map();
    const watchdog = setInterval(() => {
      for (const state of lastProgress.values()) {
        if (state.current !== undefined && performance.now() - state.at > STUCK_AFTER_MS) {
          outcome.stuck = state.current;
          clearInterval(watchdog);
          for (const w of workers) void w.terminate();
          return;
        }
      }
    }, 5_000);

    for (let i = 0; i < workerCount; i++) {
      const worker = new Worker(new URL('./smoke/worker.js', import.meta.url));
      workers.push(worker);
      lastProgress.set(worker, { at: performance.now(), current: undefined });
      const sendBatch = () => {
        const batch = files.slice(next, next + BATCH).map((f) => f.path);
        next += batch.length;
        worker.postMessage(batch.length > 0 ? { type: 'lint', files: batch } : { type: 'done' });
      };
      worker.on('message', (message) => {
        const state = lastProgress.get(worker);
        if (message.type === 'ready') {
          outcome.ruleIds = message.ruleIds;
          sendBatch();
        } else if (message.type === 'start') {
          state.at = performance.now();
          state.current = message.file;
        } else if (message.type === 'result') {
          state.current = undefined;
          record(outcome, message.result);
        } else if (message.type === 'batch-done') {
          sendBatch();
        } else if (message.type === 'fatal') {
          clearInterval(watchdog);
          for (const w of workers) void w.terminate();
          reject(new Error(`a smoke worker failed: ${message.stack}`));
        }
      });
      worker.on('error', (error) => {
        clearInterval(watchdog);
        reject(error);
      });
      worker.on('exit', () => {
        if (--running === 0) {
          clearInterval(watchdog);
          resolvePromise(outcome);
        }
      });
    }
  });
}

function record(outcome, result) {
  outcome.linted++;
  if (result.status === 'crash') {
    outcome.crashes.push({ file: result.file, ruleId: result.ruleId, stack: result.stack });
    return;
  }
  if (result.status === 'parse-failure') {
    outcome.parseFailures.push({ file: result.file, message: result.message });
  } else if (result.status === 'retry') {
    outcome.parsedOnRetry++;
  } else {
    outcome.parsedFirstTry++;
  }
  outcome.findings.push(...result.findings);
  outcome.parseMs += result.parseMs;
  for (const [ruleId, ms] of Object.entries(result.ruleMs)) outcome.ruleMs[ruleId] = (outcome.ruleMs[ruleId] ?? 0) + ms;
  outcome.slowest.push({ file: result.file, ms: result.ms });
  if (outcome.slowest.length > 50) outcome.slowest = outcome.slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
}
