// Load benchmark of the reference services, blocking originals (fixtures/services) against the
// codemods' output (fixtures/migrated), under 100 concurrent connections on 127.0.0.1 only.
//
//   npm run bench:services [-- --connections 100 --duration 5 --timeout 3 --only chat,files --after DIR]
//
// Each service runs in its own child process (as in production) with its slow dependency faked
// in another child process: an Ollama-shaped LLM answering in 50 ms, a web site serving pages in
// 50 ms, and a large file to download. Not a test: it prints figures and asserts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { access, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startFakeLlm } from '../test/support/fake-llm.js';
import { startFakePages } from '../test/support/fake-pages.js';
import type { FakeProcess } from '../test/support/fake-process.js';

// ---- autocannon (no type definitions installed: the part used here) ----
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonResult {
  requests: { average: number; total: number; sent: number };
  latency: { p50: number; p99: number; average: number; totalCount: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  requests: AutocannonRequest[];
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

// ---- options ----
const { values: args } = parseArgs({
  options: {
    connections: { type: 'string' },
    duration: { type: 'string' },
    timeout: { type: 'string' },
    only: { type: 'string' },
    /** Tree of the "after" services, relative to the repository or absolute. */
    after: { type: 'string' },
  },
});
function numberOption(flag: string | undefined, envName: string, fallback: number, max: number): number {
  const raw = flag ?? process.env[envName];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > max) throw new Error(`${envName}/--option must be in (0, ${max}], got ${raw}`);
  return value;
}
const CONNECTIONS = Math.round(numberOption(args.connections, 'BENCH_CONNECTIONS', 100, 1_000));
const DURATION_S = numberOption(args.duration, 'BENCH_DURATION', 5, 60);
/** A request slower than this counts as a timeout (the reference's clients gave up too). */
const TIMEOUT_S = numberOption(args.timeout, 'BENCH_TIMEOUT', 3, 60);
const ONLY = args.only?.split(',') ?? process.env.BENCH_ONLY?.split(',');
// 100 connections x 4 MB already saturate loopback on 2 cores; bigger files measure bandwidth, not blocking.
const DOWNLOAD_MB = numberOption(undefined, 'BENCH_DOWNLOAD_MB', 4, 512);
const FAKE_DELAY_MS = 50;

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const TREES = {
  before: path.join(repoRoot, 'fixtures', 'services'),
  after: path.resolve(repoRoot, args.after ?? process.env.BENCH_AFTER ?? path.join('fixtures', 'migrated')),
};

// ---- scenarios: one slow endpoint per service ----
interface Fakes {
  llm: FakeProcess;
  pages: FakeProcess;
}
interface Scenario {
  service: 'chat' | 'knowledge' | 'files';
  endpoint: string;
  /** Environment for main.ts; `dir` is a fresh directory for this run. */
  env(fakes: Fakes, dir: string): Record<string, string>;
  prepare?(dir: string): void;
  request(fakes: Fakes): AutocannonRequest;
}

let counter = 0;
/** A fresh object each time: autocannon writes content-length into the headers it is given. */
const json = (): Record<string, string> => ({ 'content-type': 'application/json' });

const scenarios: Scenario[] = [
  {
    service: 'chat',
    endpoint: 'POST /api/send_message',
    env: (fakes, dir) => ({ DATA_DIR: dir, LLM_URL: fakes.llm.url, LLM_MODEL: 'bench', LLM_RETRIES: '2', LLM_RETRY_DELAY_MS: '100' }),
    // A session per request: the benchmark measures waiting, not contention on one session file.
    request: () => ({ method: 'POST', path: '/api/send_message', headers: json(), body: JSON.stringify({ session: `bench-${++counter}`, message: 'Why is my API slow?' }) }),
  },
  {
    service: 'knowledge',
    endpoint: 'POST /api/knowledge/crawl',
    env: (_fakes, dir) => ({ DB_FILE: path.join(dir, 'knowledge.db') }),
    request: (fakes) => ({ method: 'POST', path: '/api/knowledge/crawl', headers: json(), body: JSON.stringify({ url: `${fakes.pages.url}/generated/page-${++counter}` }) }),
  },
  {
    service: 'files',
    endpoint: `GET /api/files/download (${DOWNLOAD_MB} MB)`,
    env: (_fakes, dir) => ({ STORAGE_ROOT: dir }),
    // Repeated text rather than random bytes: autocannon's own parsing slows down several-fold on bodies
    // full of CR/LF bytes, which would measure the load generator instead of the service.
    prepare: (dir) => writeFileSync(path.join(dir, 'large.bin'), Buffer.alloc(DOWNLOAD_MB * 1024 * 1024, 'unblock ')),
    request: () => ({ method: 'GET', path: '/api/files/download?path=large.bin' }),
  },
];

// ---- running one service ----
interface Running {
  url: string;
  child: ChildProcess;
}

function startService(tree: string, service: string, env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(tree, service, 'main.ts')], {
    cwd: repoRoot,
    env: { ...process.env, ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${tree}/${service} did not start in 30 s\n${stderr}`));
    }, 30_000);
    child.once('exit', (code) => reject(new Error(`${tree}/${service} exited with ${code}\n${stderr}`)));
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume(); // keep draining its output
        resolve({ url: match[1], child });
      }
    });
  });
}

async function stopService(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Median time of three sequential requests on an idle service: the latency floor. */
async function singleRequestMs(url: string, scenario: Scenario, fakes: Fakes): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const { method, path: target, headers, body } = scenario.request(fakes);
    const started = performance.now();
    const res = await fetch(`${url}${target}`, { method, headers, body, signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${scenario.service}: single request answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[1] ?? Number.NaN;
}

interface Row {
  service: string;
  variant: string;
  endpoint: string;
  result?: AutocannonResult;
  singleMs?: number;
  note?: string;
}

async function runOne(variant: keyof typeof TREES, scenario: Scenario, fakes: Fakes): Promise<Row> {
  const tree = TREES[variant];
  const row: Row = { service: scenario.service, variant, endpoint: scenario.endpoint };
  if (!(await access(path.join(tree, scenario.service, 'main.ts')).then(() => true, () => false))) {
    return { ...row, note: 'not migrated yet' };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), `unblock-bench-${scenario.service}-${variant}-`));
  let running: Running | undefined;
  try {
    scenario.prepare?.(dir);
    running = await startService(tree, scenario.service, scenario.env(fakes, dir));
    row.singleMs = await singleRequestMs(running.url, scenario, fakes);
    process.stdout.write(`  ${scenario.service} ${variant}: ${CONNECTIONS} connections for ${DURATION_S} s... `);
    row.result = await autocannon({
      url: running.url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      timeout: TIMEOUT_S,
      requests: [{ setupRequest: (request) => ({ ...request, ...scenario.request(fakes) }) }],
    });
    console.log(`${row.result.requests.total} responses`);
  } catch (error) {
    row.note = `failed: ${String(error).split('\n')[0]}`;
    console.log(row.note);
  } finally {
    if (running) await stopService(running.child);
    await rm(dir, { recursive: true, force: true });
  }
  return row;
}

// ---- report ----
const fmt = (value: number | undefined, digits = 0): string => (value === undefined || Number.isNaN(value) ? '-' : value.toFixed(digits));

function printTable(rows: Row[]): void {
  const header = ['service', 'variant', 'endpoint', 'req/s', 'p50 ms', 'p99 ms', 'avg ms', '2xx', 'non-2xx', 'errors', 'timeouts', 'timeout %', 'single req ms'];
  const cells = rows.map((row): string[] => {
    const r = row.result;
    if (!r) return [row.service, row.variant, row.endpoint];
    const attempted = r.requests.total + r.timeouts;
    return [
      row.service,
      row.variant,
      row.endpoint,
      fmt(r.requests.average, 1),
      fmt(r.latency.p50),
      fmt(r.latency.p99),
      fmt(r.latency.average),
      String(r['2xx']),
      String(r.non2xx),
      String(r.errors - r.timeouts), // autocannon counts timeouts among errors
      String(r.timeouts),
      fmt(attempted ? (100 * r.timeouts) / attempted : 0, 1),
      fmt(row.singleMs),
    ];
  });
  const widths = header.map((title, i) => Math.max(title.length, ...cells.map((line) => (line[i] ?? '').length)));
  // Text columns left-aligned, figures right-aligned; a row without figures shows its note instead.
  const render = (line: string[]): string =>
    line.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  console.log(`\n${render(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  rows.forEach((row, i) => console.log(row.result ? render(cells[i] ?? []) : `${render(cells[i] ?? [])}  ${row.note ?? ''}`));
}

async function main(): Promise<void> {
  const selected = scenarios.filter((s) => !ONLY || ONLY.includes(s.service));
  console.log(
    `Services under load: ${CONNECTIONS} connections, ${DURATION_S} s per run, requests slower than ${TIMEOUT_S} s count as timeouts;` +
      ` fake LLM and pages answer in ${FAKE_DELAY_MS} ms; ${os.cpus().length} CPUs, Node ${process.version}.`,
  );
  const llm = await startFakeLlm({ delayMs: FAKE_DELAY_MS });
  const pages = await startFakePages({ delayMs: FAKE_DELAY_MS });
  const rows: Row[] = [];
  try {
    for (const scenario of selected) {
      for (const variant of ['before', 'after'] as const) rows.push(await runOne(variant, scenario, { llm, pages }));
    }
  } finally {
    await Promise.all([llm.close(), pages.close()]);
  }
  printTable(rows);
  console.log(
    '\nThe reference document (python-async-migration.md, "Chat API Performance Test") claims:' +
      '\n  before: 5.2 s average response time, 30% timeouts' +
      '\n  after:  0.1 s average response time, 0% timeouts' +
      '\nCompare with the chat rows above (avg ms, timeout %). p50/p99/avg cover answered requests only;' +
      '\n"errors" are connection errors other than timeouts; "single req ms" is one request on an idle service.',
  );
}

await main();
