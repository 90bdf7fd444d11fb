import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../codemods/index.js';
import type { MigrateResult } from '../../src/codemod/types.js';

/**
 * The sync-http fixtures, run for real: a driver calls them against a local HTTP server, once as
 * written (sync-fetch and sync-request, each request in a child process) and once migrated (fetch).
 * Both runs must print the same: bodies, statuses, headers, and the errors getBody() threw.
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURES = join(REPO, 'fixtures/codemods/sync-http');
const TSX = join(REPO, 'node_modules/tsx/dist/cli.mjs');

const CALLS: Array<[string, string]> = [
  ['page', 'fetchPage(`${base}/page`, { timeoutMs: 5000, userAgent: \'test-agent\' })'],
  ['page 404', 'fetchPage(`${base}/missing`, { timeoutMs: 5000, userAgent: \'test-agent\' })'],
  ['not html', 'fetchPage(`${base}/data.json`, { timeoutMs: 5000, userAgent: \'test-agent\' })'],
  ['complete', 'complete(base, \'hello\')'],
  ['getPage', 'getPage(`${base}/page`)'],
  ['getPage 404', 'getPage(`${base}/missing`)'],
  ['exists', '[exists(`${base}/page`), exists(`${base}/missing`)]'],
  ['issues', 'issues(base, \'bug fix\', 2)'],
  ['createIssue', 'createIssue(base, \'Crash on start\')'],
];

/** Calls every fixture function, one statement each (the migration awaits them at the top level). */
const DRIVER = `import { complete, fetchPage, UpstreamError } from './crawler.js';
import { exists, getPage } from './get-body.js';
import { createIssue, issues } from './issues.js';

const base = process.argv[2]!;
function report(label: string, error: unknown): void {
  const e = error as Error & { statusCode?: number; status?: number };
  console.log(label, 'threw', e instanceof UpstreamError ? \`upstream \${e.status}\` : '', e.message, e.statusCode ?? '');
}
${CALLS.map(([label, call]) => `try {\n  console.log('${label}', JSON.stringify(${call}));\n} catch (error) {\n  report('${label}', error);\n}`).join('\n')}
`;

function respond(res: import('node:http').ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'x-request': 'seen' });
  res.end(body);
}

/** A server with just what the fixtures ask for. */
function server(): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      const agent = req.headers['user-agent'] ?? '';
      if (url.pathname === '/page') return respond(res, 200, 'text/html; charset=utf-8', req.method === 'HEAD' ? '' : `<title>Page</title><p>for ${agent.includes('test-agent') ? 'the crawler' : 'a client'}</p>`);
      if (url.pathname === '/data.json') return respond(res, 200, 'application/json', '{"a":1}');
      if (url.pathname === '/api/generate' && req.method === 'POST') {
        const { prompt } = JSON.parse(body) as { prompt: string };
        return respond(res, 200, 'application/json', JSON.stringify({ response: `echo: ${prompt}`, done: true }));
      }
      if (url.pathname === '/issues' && req.method === 'GET') {
        return respond(res, 200, 'application/json', JSON.stringify([{ number: 1, title: `${url.searchParams.get('label')}/${url.searchParams.get('page')}/${url.searchParams.get('state')}` }, { number: 2, title: '' }]));
      }
      if (url.pathname === '/issues' && req.method === 'POST') {
        const { title } = JSON.parse(body) as { title: string };
        return respond(res, 201, 'application/json', JSON.stringify({ number: 3, title: `${title} (${req.headers['content-type']}, ${req.headers.authorization})` }));
      }
      respond(res, 404, 'text/plain', 'nothing here');
    });
  });
}

let scratch: string;
let before: string;
let after: string;
let base: string;
let http: Server;
let result: MigrateResult;

function project(root: string): string {
  mkdirSync(root, { recursive: true });
  cpSync(join(FIXTURES, 'sync-fetch-crawler/input'), root, { recursive: true });
  cpSync(join(FIXTURES, 'sync-request-get-body.input.ts'), join(root, 'src/get-body.ts'));
  cpSync(join(FIXTURES, 'sync-request-json.input.ts'), join(root, 'src/issues.ts'));
  writeFileSync(join(root, 'src/main.ts'), DRIVER);
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

/** Runs the driver (asynchronously: sync-fetch blocks its own process, and this one must keep serving). */
function run(root: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TSX, 'src/main.ts', base], { cwd: root });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString(); });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && err === '' ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

beforeAll(async () => {
  http = server();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  scratch = mkdtempSync(join(tmpdir(), 'unblock-sync-http-'));
  before = project(join(scratch, 'before'));
  after = project(join(scratch, 'after'));
  result = await migrate({ root: after, transforms: ['sync-http'], write: true });
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => http.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

describe('sync-http migration, run against a local server', () => {
  it('migrates every call', () => {
    expect(result.errors).toEqual([]);
    expect(result.refusals).toEqual([]);
    expect(result.sites.filter((s) => s.status === 'migrated')).toHaveLength(6);
  });

  it('type-checks after the migration', () => {
    const diagnostics = new Project({ tsConfigFilePath: join(after, 'tsconfig.json') }).getPreEmitDiagnostics();
    expect(diagnostics.map((d) => d.getMessageText())).toEqual([]);
  });

  it('prints the same before and after', async () => {
    const expected = await run(before);
    expect(expected).toContain('getPage 404 threw  Server responded to');
    expect(expected).toContain('issues [{"number":1,"title":"bug fix/2/open"}]');
    expect(await run(after)).toBe(expected);
  }, 120_000);
});
