import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakePages } from '../support/fake-pages.js';
import type { FakeProcess } from '../support/fake-process.js';
import { call, listen, type RunningServer } from '../support/http.js';
import type { AppFactory } from './load-service.js';

/** The createApp options the suite relies on (see fixtures/services/knowledge/app.ts). */
export interface KnowledgeTestConfig {
  dbFile: string;
  crawlTimeoutMs?: number;
  maxPageBytes?: number;
}

const ARTICLE = `<!DOCTYPE html>
<html><head><title>Async I/O &amp; the Event Loop</title>
<style>body { color: red }</style>
<script>var tracking = "should-not-be-indexed";</script></head>
<body><nav>Home</nav>
<h1>Async I/O</h1>
<p>Node.js runs JavaScript on a single thread; a synchronous call such as readFileSync
stops every other request until it returns. Use <code>fs/promises</code> &mdash; or &#x201C;await&#x201D;.</p>
<!-- hidden comment text -->
</body></html>`;

const PAGES = {
  '/article': ARTICLE,
  '/json': { contentType: 'application/json', body: '{"not":"html"}' },
  '/broken': { status: 500, body: '<html><title>Oops</title></html>' },
  '/empty': '<html><head><title>Empty</title></head><body>  </body></html>',
  '/huge': `<html><title>Huge</title><body>${'word '.repeat(100_000)}</body></html>`,
};

/**
 * Behaviour of the knowledge service, whatever its implementation: documents in a real SQLite
 * file, FTS5 ranked search, crawling of pages from a fake site, 4xx JSON errors for bad input.
 */
export function describeKnowledgeService(
  label: string,
  loadCreateApp: () => Promise<AppFactory<KnowledgeTestConfig>>,
): void {
  let pages: FakeProcess;
  let createApp: AppFactory<KnowledgeTestConfig>;
  let tmp: string;
  let dbFile: string;
  let base: string;
  const servers: RunningServer[] = [];

  async function startKnowledge(): Promise<string> {
    const server = await listen(await createApp({ dbFile, crawlTimeoutMs: 5_000, maxPageBytes: 200_000 }));
    servers.push(server);
    return server.url;
  }

  const addDocument = async (title: string, content: string, source?: string): Promise<number> => {
    const res = await call(base, 'POST', '/api/knowledge/documents', { json: { title, content, source } });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const search = (q: string) => call(base, 'GET', `/api/knowledge/search?q=${encodeURIComponent(q)}`);

  beforeAll(async () => {
    pages = await startFakePages({ pages: PAGES });
    createApp = await loadCreateApp();
    tmp = mkdtempSync(path.join(os.tmpdir(), `unblock-knowledge-${label}-`));
    dbFile = path.join(tmp, 'db', 'knowledge.db');
    base = await startKnowledge();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await pages?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('stores a document and returns it', async () => {
    const res = await call(base, 'POST', '/api/knowledge/documents', {
      json: { title: 'Stored', content: 'Some stored content', source: 'manual' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), title: 'Stored', content: 'Some stored content', source: 'manual' });
    const read = await call(base, 'GET', `/api/knowledge/documents/${res.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ title: 'Stored', content: 'Some stored content', source: 'manual' });
  });

  it('ranks search results by relevance (title hits first) with a snippet', async () => {
    const inBody = await addDocument('Blocking calls', 'A synchronous call blocks the zebraloop, and a blocked zebraloop serves nobody.');
    const inTitle = await addDocument('The zebraloop explained', 'Callbacks run on the zebraloop when the stack is empty.');
    const once = await addDocument('Timers', 'Timers fire from the zebraloop.');
    await addDocument('Cooking', 'Boil the pasta for nine minutes.');

    const res = await search('zebraloop');
    expect(res.status).toBe(200);
    expect(res.body.results.map((hit: { id: number }) => hit.id)).toEqual([inTitle, inBody, once]);
    const scores = res.body.results.map((hit: { score: number }) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(res.body.results[1].snippet).toContain('[zebraloop]');
    expect(res.body.results[0]).toMatchObject({ title: 'The zebraloop explained', source: null });
  });

  it('requires every word of the query and stems them', async () => {
    await addDocument('Walrus running', 'The walrus keeps running along the quay.');
    await addDocument('Walrus resting', 'The walrus sleeps.');
    const both = await search('walrus runs');
    expect(both.body.results.map((hit: { title: string }) => hit.title)).toEqual(['Walrus running']);
    expect((await search('walrus')).body.results).toHaveLength(2);
    expect((await search('walrus unicorn')).body.results).toEqual([]);
  });

  it('treats FTS syntax in the query as plain words', async () => {
    await addDocument('Quotes', 'Operators like NEAR and quotes are just words to users.');
    for (const q of ['"quotes', 'quotes AND (', 'NEAR(quotes', 'quotes*', "quotes'; DROP TABLE documents; --"]) {
      const res = await search(q);
      expect(res.status, q).toBe(200);
    }
    expect((await search('quotes AND (')).body.results.map((hit: { title: string }) => hit.title)).toContain('Quotes');
  });

  it('deletes documents from the store and from the index', async () => {
    const id = await addDocument('Ephemeral narwhal', 'This narwhal will be deleted.');
    expect((await search('narwhal')).body.results).toHaveLength(1);
    expect(await call(base, 'DELETE', `/api/knowledge/documents/${id}`)).toMatchObject({ status: 200, body: { deleted: id } });
    expect((await search('narwhal')).body.results).toEqual([]);
    expect((await call(base, 'GET', `/api/knowledge/documents/${id}`)).status).toBe(404);
    const again = await call(base, 'DELETE', `/api/knowledge/documents/${id}`);
    expect(again.status).toBe(404);
    expect(again.body.error).toEqual(expect.any(String));
  });

  it('crawls a page into a searchable document with its title and visible text', async () => {
    const url = `${pages.url}/article`;
    const res = await call(base, 'POST', '/api/knowledge/crawl', { json: { url } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: expect.any(Number), title: 'Async I/O & the Event Loop', source: url });

    const doc = (await call(base, 'GET', `/api/knowledge/documents/${res.body.id}`)).body;
    expect(doc.content).toContain('a synchronous call such as readFileSync stops every other request');
    expect(doc.content).toContain('Use fs/promises — or “await”.');
    expect(doc.content).not.toMatch(/should-not-be-indexed|color: red|hidden comment|<p>/);

    const hits = (await search('readFileSync')).body.results;
    expect(hits.map((hit: { id: number }) => hit.id)).toContain(res.body.id);
  });

  it.each([
    ['a page that answers 404', '/missing', 502],
    ['a page that answers 500', '/broken', 502],
    ['a page that is not HTML', '/json', 422],
    ['a page without text', '/empty', 422],
    ['a page over the size limit', '/huge', 422],
  ])('refuses to crawl %s: %s answers %i', async (_name, pagePath, status) => {
    const res = await call(base, 'POST', '/api/knowledge/crawl', { json: { url: `${pages.url}${pagePath}` } });
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(expect.any(String));
  });

  it('answers 502 when the site cannot be reached', async () => {
    const res = await call(base, 'POST', '/api/knowledge/crawl', { json: { url: 'http://127.0.0.1:1/nothing' } });
    expect(res.status).toBe(502);
    expect(res.body.error).toEqual(expect.any(String));
  });

  it('keeps documents in the SQLite file across instances', async () => {
    const id = await addDocument('Persistent okapi', 'An okapi survives a restart.');
    const other = await startKnowledge();
    const res = await call(other, 'GET', '/api/knowledge/search?q=okapi');
    expect(res.body.results.map((hit: { id: number }) => hit.id)).toEqual([id]);
  });

  it.each([
    { method: 'POST', url: '/api/knowledge/crawl', name: 'no url', json: {}, status: 400 },
    { method: 'POST', url: '/api/knowledge/crawl', name: 'url not a string', json: { url: 42 }, status: 400 },
    { method: 'POST', url: '/api/knowledge/crawl', name: 'not a URL', json: { url: 'not a url' }, status: 400 },
    { method: 'POST', url: '/api/knowledge/crawl', name: 'file: URL', json: { url: 'file:///etc/passwd' }, status: 400 },
    { method: 'POST', url: '/api/knowledge/crawl', name: 'ftp: URL', json: { url: 'ftp://127.0.0.1/f' }, status: 400 },
    { method: 'POST', url: '/api/knowledge/documents', name: 'no title', json: { content: 'c' }, status: 400 },
    { method: 'POST', url: '/api/knowledge/documents', name: 'no content', json: { title: 'T' }, status: 400 },
    { method: 'POST', url: '/api/knowledge/documents', name: 'content a number', json: { title: 'T', content: 12 }, status: 400 },
    { method: 'POST', url: '/api/knowledge/documents', name: 'source a number', json: { title: 'T', content: 'c', source: 5 }, status: 400 },
    { method: 'POST', url: '/api/knowledge/documents', name: 'title too long', json: { title: 'x'.repeat(501), content: 'c' }, status: 400 },
    { method: 'POST', url: '/api/knowledge/documents', name: 'no body', json: undefined, status: 400 },
    { method: 'GET', url: '/api/knowledge/search', name: 'no q', json: undefined, status: 400 },
    { method: 'GET', url: '/api/knowledge/search?q=', name: 'empty q', json: undefined, status: 400 },
    { method: 'GET', url: '/api/knowledge/search?q=%22%28%2A', name: 'q without words', json: undefined, status: 400 },
    { method: 'GET', url: '/api/knowledge/search?q=a&limit=0', name: 'limit 0', json: undefined, status: 400 },
    { method: 'GET', url: '/api/knowledge/search?q=a&limit=many', name: 'limit not a number', json: undefined, status: 400 },
    { method: 'GET', url: '/api/knowledge/documents/abc', name: 'id not a number', json: undefined, status: 400 },
    { method: 'GET', url: '/api/knowledge/documents/999999', name: 'unknown id', json: undefined, status: 404 },
    { method: 'DELETE', url: '/api/knowledge/documents/-1', name: 'negative id', json: undefined, status: 400 },
    { method: 'DELETE', url: '/api/knowledge/documents/999999', name: 'unknown id', json: undefined, status: 404 },
    { method: 'GET', url: '/api/knowledge/nothing', name: 'unknown route', json: undefined, status: 404 },
  ])('$method $url with $name answers $status with a JSON error', async ({ method, url, json, status }) => {
    const res = await call(base, method, url, { json });
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(expect.any(String));
  });

  it('rejects invalid JSON (400) and oversized bodies (413)', async () => {
    const broken = await call(base, 'POST', '/api/knowledge/documents', { raw: '{"title": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toEqual(expect.any(String));
    const huge = await call(base, 'POST', '/api/knowledge/documents', { json: { title: 't', content: 'x'.repeat(3_000_000) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toEqual(expect.any(String));
  });
}
