import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RuleTester, type InvalidTestCase, type TestLanguageOptions, type ValidTestCase } from '@typescript-eslint/rule-tester';
import { describe, expect, it } from 'vitest';
import rule, { type NoBlockingSleepOptions } from '../../rules/no-blocking-sleep.js';
import { DOCS_BASE, packageRoot } from '../../src/package-info.js';

type Options = [NoBlockingSleepOptions];
type MessageIds = 'atomicsWait' | 'busyWait' | 'sleepCommand' | 'sleepPackage' | 'sleepPackageManual' | 'suggestSleep';
type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageIds, Options>;
type Error = Invalid['errors'][number];

const ruleTester = new RuleTester();
const commonjs = { sourceType: 'commonjs', parserOptions: { sourceType: 'script' } } as TestLanguageOptions;

const REPLACEMENT = '`await setTimeout(ms)` (node:timers/promises)';

function suggestions(sleep: string, ms: string, output: string | undefined): Error['suggestions'] {
  return output === undefined ? [] : [{ messageId: 'suggestSleep', data: { sleep, ms }, output }];
}

const atomics = (output?: string, sleep = 'setTimeout', ms = ''): Error =>
  ({ messageId: 'atomicsWait', data: { replacement: REPLACEMENT }, suggestions: suggestions(sleep, ms, output) });
const busy = (clock: string, output?: string, ms = '', sleep = 'setTimeout'): Error =>
  ({ messageId: 'busyWait', data: { clock, replacement: REPLACEMENT }, suggestions: suggestions(sleep, ms, output) });
const command = (name: string, seconds: string, output?: string, ms = '', sleep = 'setTimeout'): Error =>
  ({ messageId: 'sleepCommand', data: { name, seconds, replacement: REPLACEMENT }, suggestions: suggestions(sleep, ms, output) });
const pkg = (name: string, output?: string, ms = '', sleep = 'setTimeout'): Error =>
  ({ messageId: 'sleepPackage', data: { name, replacement: REPLACEMENT }, suggestions: suggestions(sleep, ms, output) });

describe('no-blocking-sleep', () => {
  it('has a docs.url that points to an existing docs file', () => {
    const url = rule.meta.docs?.url ?? '';
    expect(url).toBe(`${DOCS_BASE}/rules/no-blocking-sleep.md`);
    expect(existsSync(join(packageRoot, 'docs', url.slice(DOCS_BASE.length + 1)))).toBe(true);
  });

  it('describes every option of its schema', () => {
    const [schema] = rule.meta.schema as unknown as Array<{ properties: Record<string, { description?: string }> }>;
    for (const [name, property] of Object.entries(schema!.properties)) expect(property.description, name).toBeTruthy();
    expect(rule.meta.defaultOptions).toEqual([{ context: 'async' }]);
  });
});

const valid: Valid[] = [];
const invalid: Invalid[] = [];

// ------------------------------------------------------------------------------------------------
// Atomics.wait
const SLEEP_IN_HANDLER = `export async function handler() {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}`;

invalid.push(
  {
    name: 'Atomics.wait as a sleep in an async function',
    code: SLEEP_IN_HANDLER,
    errors: [atomics(`import { setTimeout } from 'node:timers/promises';
export async function handler() {
  await setTimeout(100);
}`, 'setTimeout', '100')],
  },
  {
    name: 'Atomics.wait in a file that uses the global setTimeout: imported as sleep',
    code: `import http from 'node:http';
setTimeout(() => {}, 10);
const lock = new Int32Array(new SharedArrayBuffer(4));
export async function pause(ms: number) {
  Atomics.wait(lock, 0, 0, ms);
}`,
    errors: [atomics(`import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
setTimeout(() => {}, 10);
const lock = new Int32Array(new SharedArrayBuffer(4));
export async function pause(ms: number) {
  await sleep(ms);
}`, 'sleep', 'ms')],
  },
  {
    name: 'Atomics.wait on a buffer shared with other threads: no suggestion (a timer cannot replace a notification)',
    code: `export function waitFor(shared: Int32Array) {
  return Atomics.wait(shared, 0, 0, 1000);
}
process.on('message', (m) => waitFor(m.buffer));`,
    errors: [atomics()],
  },
  {
    name: 'Atomics.wait without a timeout: no suggestion',
    code: `process.on('message', () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); });`,
    errors: [atomics()],
  },
  {
    name: 'Atomics.wait in a file that loads worker_threads only to start workers',
    code: `import { Worker } from 'node:worker_threads';
new Worker('./w.js');
export async function pause() { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); }`,
    errors: [atomics(`import { Worker } from 'node:worker_threads';
import { setTimeout } from 'node:timers/promises';
new Worker('./w.js');
export async function pause() { await setTimeout(5); }`, 'setTimeout', '5')],
  },
  {
    name: '"all": Atomics.wait at module top level (no suggestion: not in an async function)',
    code: `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);`,
    options: [{ context: 'all' }],
    errors: [atomics()],
  },
);

valid.push(
  { name: 'Atomics.wait at module top level', code: `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);` },
  { name: 'a worker file by its name', code: SLEEP_IN_HANDLER, filename: '/app/src/hash.worker.ts' },
  { name: 'a file in a workers folder', code: SLEEP_IN_HANDLER, filename: '/app/src/workers/resize.ts' },
  { name: 'a file named worker.js', code: SLEEP_IN_HANDLER.replace(': number', ''), filename: '/app/worker.js' },
  {
    name: 'worker code: parentPort from worker_threads',
    code: `import { parentPort } from 'node:worker_threads';
parentPort!.on('message', () => { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10); });`,
  },
  {
    name: 'thread-aware code: isMainThread through a namespace require',
    code: `const threads = require('worker_threads');
if (!threads.isMainThread) {
  threads.parentPort.on('message', (m) => Atomics.wait(m.lock, 0, 0));
}`,
    languageOptions: commonjs,
  },
  {
    name: 'Atomics.waitAsync does not block',
    code: `export async function f(lock: Int32Array) { await Atomics.waitAsync(lock, 0, 0, 10).value; }`,
  },
  {
    name: 'a local Atomics is not the global',
    code: `import { Atomics } from './fake-atomics';
export async function f(lock: Int32Array) { Atomics.wait(lock, 0, 0, 10); }`,
  },
);

// ------------------------------------------------------------------------------------------------
// Busy-wait loops
invalid.push(
  {
    name: 'while loop on Date.now() in an async function',
    code: `export async function pause(ms: number) {
  const start = Date.now();
  while (Date.now() - start < ms) {}
  return true;
}`,
    errors: [busy('Date.now()', `import { setTimeout } from 'node:timers/promises';
export async function pause(ms: number) {
  const start = Date.now();
  await setTimeout(ms - (Date.now() - start));
  return true;
}`, 'ms - (Date.now() - start)')],
  },
  {
    name: 'empty-statement body in an express handler (not async: no suggestion)',
    code: `const app = require('express')();
app.get('/slow', (req, res) => {
  const end = Date.now() + 500;
  while (Date.now() < end);
  res.end();
});`,
    languageOptions: commonjs,
    errors: [busy('Date.now()')],
  },
  {
    name: 'do-while on new Date().getTime(), deadline on the left',
    code: `export async function pause(deadline: number) {
  do {} while (deadline > new Date().getTime());
}`,
    errors: [busy('new Date().getTime()', `import { setTimeout } from 'node:timers/promises';
export async function pause(deadline: number) {
  await setTimeout(deadline - new Date().getTime());
}`, 'deadline - new Date().getTime()')],
  },
  {
    name: 'for loop on performance.now(), reusing a timers/promises import',
    code: `import { setTimeout as delay } from 'timers/promises';
export async function tick(t0: number) {
  for (; performance.now() - t0 < 16;) {}
  await delay(1);
}`,
    errors: [busy('performance.now()', `import { setTimeout as delay } from 'timers/promises';
export async function tick(t0: number) {
  await delay(16 - (performance.now() - t0));
  await delay(1);
}`, '16 - (performance.now() - t0)', 'delay')],
  },
  {
    name: 'for loop whose initialiser declares the deadline: kept in a block',
    code: `export async function pause() {
  for (const end = Date.now() + 100; Date.now() < end;);
}`,
    errors: [busy('Date.now()', `import { setTimeout } from 'node:timers/promises';
export async function pause() {
  { const end = Date.now() + 100; await setTimeout(end - Date.now()); }
}`, 'end - Date.now()')],
  },
  {
    name: 'performance imported from perf_hooks, CommonJS: the require is added',
    code: `const { performance } = require('perf_hooks');
exports.pause = async (ms) => {
  const t = performance.now();
  while (performance.now() < t + ms) {}
};`,
    languageOptions: commonjs,
    errors: [busy('performance.now()', `const { performance } = require('perf_hooks');
const { setTimeout } = require('node:timers/promises');
exports.pause = async (ms) => {
  const t = performance.now();
  await setTimeout(t + ms - performance.now());
};`, 't + ms - performance.now()')],
  },
  {
    name: 'process.hrtime.bigint(): nanoseconds converted',
    code: `export async function pause(end: bigint) {
  while (process.hrtime.bigint() < end) {}
}`,
    errors: [busy('process.hrtime.bigint()', `import { setTimeout } from 'node:timers/promises';
export async function pause(end: bigint) {
  await setTimeout(Number(end - process.hrtime.bigint()) / 1e6);
}`, 'Number(end - process.hrtime.bigint()) / 1e6')],
  },
  {
    name: 'process.hrtime() tuples, new Date() comparisons: reported without a suggestion',
    code: `export async function pause(start: [number, number], end: Date) {
  while (process.hrtime(start)[0] < 2) {}
  while (new Date() < end) {}
}`,
    errors: [busy('process.hrtime()'), busy('new Date()')],
  },
  {
    name: 'a loop that re-reads the clock into a variable',
    code: `export async function pause(ms: number) {
  const start = Date.now();
  let now = start;
  while (now - start < ms) { now = Date.now(); }
}`,
    errors: [busy('Date.now()')],
  },
  {
    name: 'a loop that counts its spins: reported, no suggestion (the counter is read after it)',
    code: `export async function pause(end: number) {
  let spins = 0;
  while (Date.now() < end) { spins++; }
  return spins;
}`,
    errors: [busy('Date.now()')],
  },
  {
    name: '"functions": a busy-wait in a plain function',
    code: `export function pause(ms: number) { const end = Date.now() + ms; while (Date.now() < end) {} }`,
    options: [{ context: 'functions' }],
    errors: [busy('Date.now()')],
  },
);

valid.push(
  {
    name: 'a loop that does work while it waits',
    code: `export async function drain(end: number, queue: string[]) {
  while (Date.now() < end) { process(queue.pop()); }
}`,
  },
  { name: 'a counting loop without a clock', code: `export async function spin() { for (let i = 0; i < 1e6; i++) {} }` },
  {
    name: 'a busy-wait at module top level',
    code: `const end = Date.now() + 100;
while (Date.now() < end) {}`,
  },
  {
    name: 'a busy-wait in a function never called from an async context',
    code: `export function pause(ms: number) { const end = Date.now() + ms; while (Date.now() < end) {} }`,
  },
  {
    name: 'a Date parameter is not the global',
    code: `export async function f(Date: { now(): number }, end: number) { while (Date.now() < end) {} }`,
  },
  {
    name: 'a loop with a break is not a plain spin',
    code: `export async function f(end: number) { while (Date.now() < end) { if (ready()) break; } }`,
  },
);

// ------------------------------------------------------------------------------------------------
// Child processes that run sleep
invalid.push(
  {
    name: "execSync('sleep 2')",
    code: `import { execSync } from 'node:child_process';
export async function retry() {
  execSync('sleep 2');
}`,
    errors: [command('execSync', '2', `import { execSync } from 'node:child_process';
import { setTimeout } from 'node:timers/promises';
export async function retry() {
  await setTimeout(2000);
}`, '2000')],
  },
  {
    name: "execFileSync('sleep', ['0.5']) and spawnSync('sleep', ['1']), CommonJS",
    code: `const cp = require('child_process');
module.exports = async function backoff() {
  cp.execFileSync('sleep', ['0.5']);
  cp.spawnSync('sleep', ['1']);
};`,
    languageOptions: commonjs,
    errors: [
      command('execFileSync', '0.5', `const cp = require('child_process');
const { setTimeout } = require('node:timers/promises');
module.exports = async function backoff() {
  await setTimeout(500);
  cp.spawnSync('sleep', ['1']);
};`, '500'),
      command('spawnSync', '1', `const cp = require('child_process');
const { setTimeout } = require('node:timers/promises');
module.exports = async function backoff() {
  cp.execFileSync('sleep', ['0.5']);
  await setTimeout(1000);
};`, '1000'),
    ],
  },
  {
    name: "shelljs exec('sleep 1m'), with the global setTimeout in use",
    code: `const shell = require('shelljs');
setTimeout(() => {}, 0);
exports.wait = async () => {
  shell.exec('sleep 1m');
};`,
    languageOptions: commonjs,
    errors: [command('exec', '60', `const shell = require('shelljs');
const { setTimeout: sleep } = require('node:timers/promises');
setTimeout(() => {}, 0);
exports.wait = async () => {
  await sleep(60000);
};`, '60000', 'sleep')],
  },
  {
    name: 'execa command form, result used: no suggestion',
    code: `import { execaCommandSync } from 'execa';
export async function f() { const r = execaCommandSync('sleep 3'); return r; }`,
    errors: [command('execaCommandSync', '3')],
  },
);

valid.push(
  { name: 'a command that is not a sleep', code: `import { execSync } from 'child_process';\nexport async function f() { execSync('ls'); }` },
  { name: 'a computed sleep command', code: `import { execSync } from 'child_process';\nexport async function f(n: number) { execSync(\`sleep \${n}\`); }` },
  { name: 'a sleep followed by more work', code: `import { execSync } from 'child_process';\nexport async function f() { execSync('sleep 1 && ls'); }` },
);

// ------------------------------------------------------------------------------------------------
// Sleep packages
invalid.push(
  {
    name: 'sleep.sleep(seconds), sleep.msleep(ms), sleep.usleep(µs)',
    code: `import sleep from 'sleep';
export async function pause(ms: number, us: number) {
  sleep.sleep(2);
  sleep.msleep(ms);
  sleep.usleep(us + 10);
}`,
    errors: [
      pkg('sleep.sleep', `import sleep from 'sleep';
import { setTimeout } from 'node:timers/promises';
export async function pause(ms: number, us: number) {
  await setTimeout(2000);
  sleep.msleep(ms);
  sleep.usleep(us + 10);
}`, '2000'),
      pkg('sleep.msleep', `import sleep from 'sleep';
import { setTimeout } from 'node:timers/promises';
export async function pause(ms: number, us: number) {
  sleep.sleep(2);
  await setTimeout(ms);
  sleep.usleep(us + 10);
}`, 'ms'),
      pkg('sleep.usleep', `import sleep from 'sleep';
import { setTimeout } from 'node:timers/promises';
export async function pause(ms: number, us: number) {
  sleep.sleep(2);
  sleep.msleep(ms);
  await setTimeout((us + 10) / 1000);
}`, '(us + 10) / 1000'),
    ],
  },
  {
    name: 'system-sleep in a callback, reusing require("timers").promises',
    code: `const sleep = require('system-sleep');
const timers = require('timers').promises;
process.on('message', async (m) => {
  sleep(m.delay * 2);
});`,
    languageOptions: commonjs,
    errors: [pkg('system-sleep', `const sleep = require('system-sleep');
const timers = require('timers').promises;
process.on('message', async (m) => {
  await timers.setTimeout(m.delay * 2);
});`, 'm.delay * 2', 'timers.setTimeout')],
  },
  {
    name: 'deasync: sleep, and loopWhile (manual)',
    code: `const deasync = require('deasync');
exports.wait = async (done) => {
  deasync.sleep(100);
  deasync.loopWhile(() => !done());
};`,
    languageOptions: commonjs,
    errors: [
      pkg('deasync.sleep', `const deasync = require('deasync');
const { setTimeout } = require('node:timers/promises');
exports.wait = async (done) => {
  await setTimeout(100);
  deasync.loopWhile(() => !done());
};`, '100'),
      {
        messageId: 'sleepPackageManual',
        data: { name: 'deasync.loopWhile', reason: 'loopWhile spins the event loop until a condition holds: await a promise that resolves when it does' },
        suggestions: [],
      },
    ],
  },
  {
    name: 'atomic-sleep in a non-async setTimeout callback: no suggestion',
    code: `import sleep from 'atomic-sleep';
setTimeout(() => sleep(10), 0);`,
    errors: [pkg('atomic-sleep')],
  },
  {
    name: '"functions": a sleep package in a plain function',
    code: `import sleep from 'sleep';
export function pause() { sleep.sleep(1); }`,
    options: [{ context: 'functions' }],
    errors: [pkg('sleep.sleep')],
  },
);

valid.push(
  { name: 'a sleep package at module top level', code: `import sleep from 'sleep';\nsleep.sleep(1);` },
  { name: 'a local function named sleep', code: `import 'sleep';\nfunction sleep(s: number) { return s; }\nexport async function f() { sleep(1); }` },
  { name: 'node:timers/promises itself', code: `import { setTimeout } from 'node:timers/promises';\nexport async function f() { await setTimeout(10); }` },
);

ruleTester.run('no-blocking-sleep', rule, { valid, invalid });
