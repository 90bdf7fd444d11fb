import { Node, Project, SyntaxKind, type CallExpression } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { syncHttp } from '../../codemods/sync-http.js';
import { entryById } from '../../src/catalog/index.js';
import { SiteCollector } from '../../src/codemod/collect.js';
import { FileImports } from '../../src/codemod/imports.js';
import type { RewriteContext, Site, TextEdit } from '../../src/codemod/types.js';

/**
 * The sync-http transform's rewrite on its own, over an in-memory project: sites are made by hand
 * (finding them is the engine's job), edits applied the way the engine applies them.
 */

const SYNC_FETCH_TYPES = `
declare module 'sync-fetch' {
  namespace syncFetch {
    interface SyncResponse { readonly ok: boolean; readonly status: number; readonly url: string;
      readonly headers: { get(name: string): string | null }; json(): unknown; text(): string; buffer(): Buffer }
    interface SyncRequestInit { method?: string; headers?: Record<string, string>; body?: string; timeout?: number; signal?: AbortSignal }
    class FetchError extends Error {}
  }
  function syncFetch(resource: string, init?: syncFetch.SyncRequestInit): syncFetch.SyncResponse;
  export = syncFetch;
}
declare module 'sync-request' {
  interface Response { statusCode: number; headers: Record<string, string | string[] | undefined>; body: Buffer | string; url: string;
    getBody(encoding: string): string; getBody(): Buffer | string; isError(): boolean }
  export default function request(method: string, url: string, options?: object): Response;
}
declare const Buffer: { from(x: ArrayBuffer): { toString(enc?: string): string } };
type Buffer = ReturnType<typeof Buffer.from>;
`;

interface Outcome {
  output: string;
  refusals: string[];
}

function migrate(code: string, options: Record<string, unknown> = {}, fileName = 'main.ts'): Outcome {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, allowJs: true, target: 10, lib: ['lib.es2022.d.ts'] } });
  project.createSourceFile('types.d.ts', SYNC_FETCH_TYPES);
  const file = project.createSourceFile(fileName, code);
  const sites: Site[] = [];
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const client = clientOf(call);
    if (client !== undefined) sites.push({ file, node: call, entry: entryById(client)! });
  }
  // the file's bindings of the client, as the engine finds them (the rules' resolver over ESLint's view)
  const collector = new SiteCollector(project.getProgram().compilerObject);
  const fileImports = new FileImports(file, () => collector.estree(file));
  const context: RewriteContext = {
    importName: (module, name) => `${module}.${name}`,
    options,
    checker: project.getTypeChecker(),
    needsParentheses: () => false,
    moduleBindings: (modules) => fileImports.bindingsOf(modules),
    removeBindings: (bindings) => fileImports.removalEdits(bindings),
  };
  const edits: TextEdit[] = [];
  const refusals: string[] = [];
  for (const site of sites) {
    const result = syncHttp.rewrite(site, context);
    if ('refuse' in result) refusals.push(result.refuse);
    else {
      expect(result.awaits).toBe(true);
      edits.push(...result.edits);
    }
  }
  // the engine's all-or-nothing: one refusal in the group leaves the file as it is
  if (refusals.length > 0) return { output: code, refusals };
  edits.push(...(syncHttp.finishFile?.(file, sites, context) ?? []));
  return { output: apply(code, edits), refusals };
}

/** Calls whose callee is a binding of sync-fetch / sync-request, by declaration (the engine resolves properly). */
function clientOf(call: CallExpression): string | undefined {
  let callee: Node = call.getExpression();
  while (Node.isParenthesizedExpression(callee) || (Node.isBinaryExpression(callee))) {
    callee = Node.isParenthesizedExpression(callee) ? callee.getExpression() : callee.getRight();
  }
  if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'default') callee = callee.getExpression();
  if (!Node.isIdentifier(callee)) return undefined;
  const text = callee.getSourceFile().getFullText();
  const declaration = callee.getSymbol()?.getDeclarations()[0];
  if (declaration === undefined || declaration.getSourceFile().getFilePath() !== callee.getSourceFile().getFilePath()) return undefined;
  const line = text.slice(text.lastIndexOf('\n', declaration.getStart()) + 1, text.indexOf('\n', declaration.getStart()));
  if (line.includes("'sync-fetch'") || line.includes('"sync-fetch"')) return 'sync-fetch';
  if (line.includes("'sync-request'") || line.includes('"sync-request"')) return 'sync-request';
  return undefined;
}

function apply(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < sorted.length; i++) {
    const later = sorted[i - 1]!;
    const earlier = sorted[i]!;
    if (earlier.end > later.start && !(earlier.start === earlier.end && later.start === later.end)) {
      throw new Error(`overlapping edits ${JSON.stringify(earlier)} / ${JSON.stringify(later)}`);
    }
  }
  let out = text;
  for (const e of sorted) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

describe('sync-fetch', () => {
  it('awaits a GET and its JSON body, with the default timeout, and drops the import', () => {
    const { output, refusals } = migrate(`import fetch from 'sync-fetch';

export function user(id: number) {
  const res = fetch(\`https://api.test/users/\${id}\`);
  if (!res.ok) throw new Error(\`status \${res.status}\`);
  return res.json();
}
`);
    expect(refusals).toEqual([]);
    expect(output).toBe(`
export function user(id: number) {
  const res = await fetch(\`https://api.test/users/\${id}\`, { signal: AbortSignal.timeout(30000) });
  if (!res.ok) throw new Error(\`status \${res.status}\`);
  return await res.json();
}
`);
  });

  it('maps a POST with headers, body and a node-fetch timeout; the response type becomes Response', () => {
    const { output } = migrate(`import fetch from 'sync-fetch';

export function send(url: string, timeoutMs: number): string {
  let res: fetch.SyncResponse;
  try {
    res = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
      timeout: timeoutMs,
    });
  } catch (error) {
    throw new Error('unreachable', { cause: error });
  }
  return res.headers.get('etag') ?? res.text();
}
`);
    expect(output).toBe(`
export function send(url: string, timeoutMs: number): string {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ a: 1 }),
      signal: AbortSignal.timeout(timeoutMs || 30000),
    });
  } catch (error) {
    throw new Error('unreachable', { cause: error });
  }
  return res.headers.get('etag') ?? await res.text();
}
`);
  });

  it('uses the timeoutMs option, a literal timeout as is, and drops timeout: 0 (no timeout)', () => {
    expect(migrate(`import fetch from 'sync-fetch';\nfetch('https://a.test');\n`, { timeoutMs: 5000 }).output)
      .toBe(`await fetch('https://a.test', { signal: AbortSignal.timeout(5000) });\n`);
    expect(migrate(`import fetch from 'sync-fetch';\nfetch('https://a.test', { timeout: 2500 });\n`).output)
      .toBe(`await fetch('https://a.test', { signal: AbortSignal.timeout(2500) });\n`);
    expect(migrate(`import fetch from 'sync-fetch';\nfetch('https://a.test', { method: 'HEAD', timeout: 0 });\n`).output)
      .toBe(`await fetch('https://a.test', { method: 'HEAD' });\n`);
  });

  it('combines an existing signal with the timeout', () => {
    const { output } = migrate(`import fetch from 'sync-fetch';
declare const controller: AbortController;
fetch('https://a.test', { signal: controller.signal, timeout: 1000 });
`);
    expect(output).toContain(`await fetch('https://a.test', { signal: AbortSignal.any([controller.signal, AbortSignal.timeout(1000)]) });`);
  });

  it('chains: body reads straight off the call, buffer() through arrayBuffer()', () => {
    const { output } = migrate(`const fetch = require('sync-fetch');
const data = fetch('https://a.test/x.json').json();
const bytes = fetch('https://a.test/x.bin').buffer();
const status = fetch('https://a.test/').status;
`, {}, 'main.js');
    expect(output).toBe(`const data = await (await fetch('https://a.test/x.json', { signal: AbortSignal.timeout(30000) })).json();
const bytes = Buffer.from(await (await fetch('https://a.test/x.bin', { signal: AbortSignal.timeout(30000) })).arrayBuffer());
const status = (await fetch('https://a.test/', { signal: AbortSignal.timeout(30000) })).status;
`);
  });

  it('spreads typed options that hold nothing node-fetch-specific', () => {
    const { output, refusals } = migrate(`import fetch from 'sync-fetch';
const init: { method: string; headers: Record<string, string> } = { method: 'GET', headers: {} };
fetch('https://a.test', init).text();
`);
    expect(refusals).toEqual([]);
    expect(output).toContain(`await (await fetch('https://a.test', { ...init, signal: AbortSignal.timeout(30000) })).text();`);
  });

  it('keeps a name clash away: the global fetch through globalThis when a local fetch stays', () => {
    const { output } = migrate(`import syncFetch from 'sync-fetch';
function fetch(x: string) { return x; }
export const body = syncFetch('https://a.test').text();
`);
    expect(output).toContain(`export const body = await (await globalThis.fetch('https://a.test', { signal: AbortSignal.timeout(30000) })).text();`);
    expect(output).not.toContain('sync-fetch');
  });

  it.each([
    ['a returned response', `export function get() { return fetch('https://a.test'); }`, 'the response is returned'],
    ['a response passed on', `declare function use(x: unknown): void;\nuse(fetch('https://a.test'));`, 'is passed to `use`'],
    ['a response stored in an object', `export const box = { res: fetch('https://a.test') };`, 'stored in an object'],
    ['a response variable passed on', `declare function use(x: unknown): void;\nconst res = fetch('https://a.test');\nuse(res);`, 'is passed to `use`'],
    ['node-fetch follow', `fetch('https://a.test', { follow: 3 });`, "node-fetch's `follow` option"],
    ['untyped options', `declare const init: any;\nfetch('https://a.test', init);`, 'cannot be checked'],
    ['options that may hold a timeout', `declare const init: fetch.SyncRequestInit;\nfetch('https://a.test', init);`, 'may hold a timeout'],
    ['the body as a stream', `const res = fetch('https://a.test');\nres.body;`, 'web ReadableStream'],
    ['FetchError tests', `try { fetch('https://a.test'); } catch (e) { if (e instanceof fetch.FetchError) throw e; }`, "sync-fetch's FetchError"],
  ])('refuses %s', (_name, body, reason) => {
    const { output, refusals } = migrate(`import fetch from 'sync-fetch';\n${body}\n`);
    expect(refusals.join('\n')).toContain(reason);
    expect(output).toContain('sync-fetch');
  });
});

describe('sync-request', () => {
  it('maps getBody with its status check, statusCode and headers', () => {
    const { output, refusals } = migrate(`import request from 'sync-request';

export function page(url: string): { status: number; type: string | undefined; html: string } {
  const res = request('GET', url, { headers: { accept: 'text/html' } });
  const html = res.getBody('utf8');
  return { status: res.statusCode, type: res.headers['content-type'], html };
}
`);
    expect(refusals).toEqual([]);
    expect(output).toBe(`
export function page(url: string): { status: number; type: string | undefined; html: string } {
  const res = await fetch(url, { headers: { accept: 'text/html' }, signal: AbortSignal.timeout(30000) });
  if (!res.ok) throw Object.assign(new Error(\`Server responded to \${res.url} with status code \${res.status}:\\n\${await res.text()}\`), { statusCode: res.status });
  const html = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? undefined, html };
}
`);
  });

  it('maps JSON.parse(getBody()) straight off the call through a response variable', () => {
    const { output } = migrate(`const request = require('sync-request');
function users() {
  const list = JSON.parse(request('GET', 'https://api.test/users', { qs: { page: 2, q: 'a b' } }).getBody('utf8'));
  return list;
}
`, {}, 'main.js');
    expect(output).toBe(`function users() {
  const response = await fetch(\`https://api.test/users?\${new URLSearchParams({ page: String(2), q: 'a b' })}\`, { signal: AbortSignal.timeout(30000) });
  if (!response.ok) throw Object.assign(new Error(\`Server responded to \${response.url} with status code \${response.status}:\\n\${await response.text()}\`), { statusCode: response.status });
  const list = await response.json();
  return list;
}
`);
  });

  it('maps json, method and timeout options; a discarded response is just awaited', () => {
    const { output } = migrate(`import request from 'sync-request';
request('post', 'https://api.test/items', { json: { name: 'x' }, timeout: 5000, followRedirects: false });
`);
    expect(output).toBe(`await fetch('https://api.test/items', { method: 'POST', body: JSON.stringify({ name: 'x' }), signal: AbortSignal.timeout(5000), redirect: 'manual', headers: { 'content-type': 'application/json' } });
`);
  });

  it('keeps a content type the headers already set, case-insensitively', () => {
    const { output } = migrate(`import request from 'sync-request';
request('PUT', 'https://api.test/items/1', { headers: { 'Content-Type': 'application/merge-patch+json' }, json: { a: 1 } });
`);
    expect(output).toContain(`{ method: 'PUT', headers: { 'Content-Type': 'application/merge-patch+json' }, body: JSON.stringify({ a: 1 }), signal: AbortSignal.timeout(30000) }`);
  });

  it('maps isError() and a Buffer body', () => {
    const { output } = migrate(`import request from 'sync-request';
export function bytes(url: string) {
  const res = request('GET', url);
  if (res.isError()) return undefined;
  return res.body;
}
`);
    expect(output).toContain('if (res.status >= 400) return undefined;');
    expect(output).toContain('return Buffer.from(await res.arrayBuffer());');
  });

  it.each([
    ['retries', `request('GET', 'https://a.test', { retry: true });`, 'fetch does not retry'],
    ['a body read twice', `const res = request('GET', 'https://a.test');\nconst a = res.getBody('utf8');\nconst b = res.body;`, 'read 2 times'],
    ['getBody in a callback', `const urls = ['https://a.test'];\nurls.map((u) => request('GET', u).getBody('utf8'));`, 'no statement can go before it'],
    ['getBody in a branch', `declare const ok: boolean;\nconst res = request('GET', 'https://a.test');\nconst t = ok ? res.getBody('utf8') : '';`, 'no check can go right before it'],
    ['qs with a URL variable', `declare const url: string;\nrequest('GET', url, { qs: { a: 'b' } });`, 'may already hold a query'],
    ['json with headers from elsewhere', `declare const h: Record<string, string>;\nrequest('POST', 'https://a.test', { headers: h, json: {} });`, 'must be an object literal'],
    ['headers as a whole', `const res = request('GET', 'https://a.test');\nconsole.log(res.headers);`, 'used as a whole object'],
    ['set-cookie', `const res = request('GET', 'https://a.test');\nconst c = res.headers['set-cookie'];`, 'getSetCookie'],
  ])('refuses %s', (_name, body, reason) => {
    const { refusals } = migrate(`import request from 'sync-request';\n${body}\n`);
    expect(refusals.join('\n')).toContain(reason);
  });
});
