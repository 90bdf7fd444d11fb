import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { call, listen, type RunningServer } from '../support/http.js';
import type { AppFactory } from './load-service.js';

/** The createApp options the suite relies on (see fixtures/services/files/app.ts). */
export interface FilesTestConfig {
  storageRoot: string;
  maxUploadBytes?: number;
  maxReadBytes?: number;
  maxJsonBytes?: number;
}

const MAX_UPLOAD = 8 * 1024 * 1024;
const MAX_READ = 4096;
const MAX_JSON = 64 * 1024;

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');
const q = (value: string): string => encodeURIComponent(value);

/** A request body that is sent chunked (no Content-Length), as a browser or curl streaming a pipe would. */
function chunkedBody(totalBytes: number, chunkBytes = 64 * 1024): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const size = Math.min(chunkBytes, totalBytes - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(97));
    },
  });
}

/**
 * Behaviour of the files service, whatever its implementation: file operations confined to the
 * storage root (lexically and through symlinks), streamed upload and download, 4xx JSON errors.
 */
export function describeFilesService(label: string, loadCreateApp: () => Promise<AppFactory<FilesTestConfig>>): void {
  let tmp: string;
  let root: string;
  let outside: string;
  let server: RunningServer;
  let base: string;

  beforeAll(async () => {
    const createApp = await loadCreateApp();
    tmp = mkdtempSync(path.join(os.tmpdir(), `unblock-files-${label}-`));
    root = path.join(tmp, 'root');
    outside = path.join(tmp, 'outside');
    mkdirSync(path.join(root, 'docs'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(path.join(outside, 'secret.txt'), 'TOP SECRET');
    writeFileSync(path.join(root, 'docs', 'inside.txt'), 'inside');
    // Links that lead out of the root, and one that stays inside.
    symlinkSync(outside, path.join(root, 'escape-dir'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'escape-file'));
    symlinkSync(path.join(outside, 'not-yet.txt'), path.join(root, 'dangling'));
    symlinkSync(path.join(root, 'docs'), path.join(root, 'docs-link'));

    server = await listen(
      await createApp({ storageRoot: root, maxUploadBytes: MAX_UPLOAD, maxReadBytes: MAX_READ, maxJsonBytes: MAX_JSON }),
    );
    base = `${server.url}/api/files`;
  });

  afterAll(async () => {
    await server?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('writes a text file, creating parent directories, and reads it back', async () => {
    const write = await call(base, 'POST', '/write', { json: { path: 'notes/2024/today.md', content: '# Today\nünïcode ✓' } });
    expect(write.status).toBe(201);
    expect(write.body).toEqual({ path: 'notes/2024/today.md', size: Buffer.byteLength('# Today\nünïcode ✓') });
    const read = await call(base, 'GET', `/read?path=${q('notes/2024/today.md')}`);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ content: '# Today\nünïcode ✓' });
    expect(existsSync(path.join(root, 'notes', '2024', 'today.md'))).toBe(true);
  });

  it('creates directories and lists entries with their types', async () => {
    expect(await call(base, 'POST', '/mkdir', { json: { path: 'projects/alpha' } })).toMatchObject({
      status: 201,
      body: { path: 'projects/alpha' },
    });
    await call(base, 'POST', '/write', { json: { path: 'projects/readme.txt', content: 'hello' } });
    const list = await call(base, 'GET', `/list?path=projects`);
    expect(list.status).toBe(200);
    expect(list.body.entries.map((e: { name: string; type: string }) => [e.name, e.type])).toEqual([
      ['alpha', 'directory'],
      ['readme.txt', 'file'],
    ]);
    expect(list.body.entries[1]).toMatchObject({ size: 5, modified: expect.any(String) });

    const top = await call(base, 'GET', '/list');
    const types = Object.fromEntries(top.body.entries.map((e: { name: string; type: string }) => [e.name, e.type]));
    expect(types).toMatchObject({ docs: 'directory', projects: 'directory', 'escape-dir': 'symlink' });
  });

  it('deletes files and empty directories, not the root nor non-empty directories', async () => {
    await call(base, 'POST', '/write', { json: { path: 'trash/a.txt', content: 'a' } });
    expect((await call(base, 'DELETE', `?path=${q('trash')}`)).status).toBe(409);
    expect(await call(base, 'DELETE', `?path=${q('trash/a.txt')}`)).toMatchObject({ status: 200, body: { deleted: 'trash/a.txt' } });
    expect((await call(base, 'GET', `/read?path=${q('trash/a.txt')}`)).status).toBe(404);
    expect((await call(base, 'DELETE', `?path=${q('trash')}`)).status).toBe(200);
    expect(existsSync(path.join(root, 'trash'))).toBe(false);
    expect((await call(base, 'DELETE', `?path=${q('trash')}`)).status).toBe(404);
    expect((await call(base, 'DELETE', `?path=.`)).status).toBe(400);
    expect(existsSync(root)).toBe(true);
  });

  it('streams a multi-megabyte upload to disk and streams it back', async () => {
    const data = randomBytes(6 * 1024 * 1024);
    const put = await fetch(`${base}/content?path=${q('big/blob.bin')}`, { method: 'PUT', body: data });
    expect(put.status).toBe(201);
    expect(await put.json()).toEqual({ path: 'big/blob.bin', size: data.length });

    const res = await fetch(`${base}/download?path=${q('big/blob.bin')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(data.length));
    expect(res.headers.get('content-disposition')).toContain('blob.bin');
    const hash = createHash('sha256');
    let chunks = 0;
    for await (const chunk of res.body!) {
      hash.update(chunk);
      chunks++;
    }
    expect(hash.digest('hex')).toBe(sha256(data));
    expect(chunks).toBeGreaterThan(1);
  });

  it('accepts a chunked upload without Content-Length', async () => {
    const res = await fetch(`${base}/content?path=${q('chunked.txt')}`, {
      method: 'PUT',
      body: chunkedBody(300_000),
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ path: 'chunked.txt', size: 300_000 });
  });

  it('refuses uploads over the limit (413) and keeps no partial file', async () => {
    const declared = await fetch(`${base}/content?path=${q('too-big.bin')}`, {
      method: 'PUT',
      body: new Uint8Array(MAX_UPLOAD + 1),
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: string }).error).toEqual(expect.any(String));

    // Chunked: the server only finds out while receiving.
    const streamed = await fetch(`${base}/content?path=${q('too-big-chunked.bin')}`, {
      method: 'PUT',
      body: chunkedBody(MAX_UPLOAD + 512 * 1024),
      duplex: 'half',
    } as RequestInit).then(
      (res) => res.status,
      () => 'connection closed',
    );
    expect([413, 'connection closed']).toContain(streamed);

    // The partial file is removed in the background: wait for it rather than for a fixed time.
    await vi.waitFor(async () => {
      const list = await call(base, 'GET', '/list');
      expect(list.status).toBe(200); // and the service is still up
      expect(list.body.entries.map((e: { name: string }) => e.name).filter((name: string) => name.startsWith('too-big'))).toEqual([]);
    }, { timeout: 10_000 });
  });

  it('refuses to read files over the size cap (413) and directories (400)', async () => {
    await call(base, 'POST', '/write', { json: { path: 'large.txt', content: 'x'.repeat(MAX_READ + 1) } });
    expect((await call(base, 'GET', `/read?path=large.txt`)).status).toBe(413);
    expect((await call(base, 'GET', `/read?path=docs`)).status).toBe(400);
    expect((await call(base, 'GET', `/download?path=docs`)).status).toBe(400);
    // ...but a large file can still be downloaded.
    const res = await fetch(`${base}/download?path=large.txt`);
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBe(MAX_READ + 1);
  });

  it('follows symlinks that stay inside the root', async () => {
    const res = await call(base, 'GET', `/read?path=${q('docs-link/inside.txt')}`);
    expect(res).toMatchObject({ status: 200, body: { content: 'inside' } });
  });

  const escapes = [
    ['GET', (p: string) => `/read?path=${q(p)}`],
    ['GET', (p: string) => `/download?path=${q(p)}`],
    ['GET', (p: string) => `/list?path=${q(p)}`],
    ['DELETE', (p: string) => `?path=${q(p)}`],
  ] as const;

  it.each([
    ['a ".." path', '../outside/secret.txt', 400],
    ['a ".." in the middle', 'docs/../../outside/secret.txt', 400],
    ['an absolute path', path.join('/', 'etc', 'passwd'), 400],
    ['a backslash-rooted path', '\\etc\\passwd', 400],
    ['a symlinked file leading out', 'escape-file', 403],
    ['a path through a symlinked directory leading out', 'escape-dir/secret.txt', 403],
    ['a symlinked directory leading out', 'escape-dir', 403],
  ])('refuses %s on every read endpoint', async (_name, target, status) => {
    for (const [method, url] of escapes) {
      const res = await call(base, method, url(target));
      expect([res.status, method, url(target)]).toEqual([status, method, url(target)]);
      expect(res.body.error).toEqual(expect.any(String));
      expect(String(res.body)).not.toContain('TOP SECRET');
    }
    expect(existsSync(path.join(outside, 'secret.txt'))).toBe(true);
  });

  it.each([
    ['a ".." path', '../outside/new.txt', 400],
    ['an absolute path', '<outside>/new.txt', 400],
    ['a path through a symlinked directory leading out', 'escape-dir/new.txt', 403],
    ['a new subdirectory of a symlinked directory leading out', 'escape-dir/sub/new.txt', 403],
    ['a symlinked file leading out', 'escape-file', 403],
    ['a dangling symlink leading out', 'dangling', 403],
  ])('refuses to write to %s', async (_name, pattern, status) => {
    const target = pattern.replace('<outside>', outside); // known only once beforeAll ran
    const write = await call(base, 'POST', '/write', { json: { path: target, content: 'pwned' } });
    expect(write.status).toBe(status);
    const mkdir = await call(base, 'POST', '/mkdir', { json: { path: target } });
    expect(mkdir.status).toBe(status);
    const put = await fetch(`${base}/content?path=${q(target)}`, { method: 'PUT', body: 'pwned' });
    expect(put.status).toBe(status);
    expect(existsSync(path.join(outside, 'new.txt'))).toBe(false);
    expect(existsSync(path.join(outside, 'sub'))).toBe(false);
    expect(existsSync(path.join(outside, 'not-yet.txt'))).toBe(false);
  });

  it.each([
    ['GET', '/read', undefined, 400],
    ['GET', '/read?path=', undefined, 400],
    ['GET', '/read?path=a&path=b', undefined, 400],
    ['GET', '/read?path=nothing-here.txt', undefined, 404],
    ['GET', '/download?path=nothing-here.txt', undefined, 404],
    ['GET', '/list?path=nothing-here', undefined, 404],
    ['GET', '/list?path=docs%2Finside.txt', undefined, 400],
    ['DELETE', '', undefined, 400],
    ['DELETE', '?path=nothing-here.txt', undefined, 404],
    ['POST', '/write', undefined, 400],
    ['POST', '/write', { path: 'a.txt' }, 400],
    ['POST', '/write', { path: 'a.txt', content: 1 }, 400],
    ['POST', '/write', { path: 42, content: 'x' }, 400],
    ['POST', '/write', { path: '.', content: 'x' }, 400],
    ['POST', '/write', { path: 'docs', content: 'x' }, 400],
    ['POST', '/mkdir', {}, 400],
    ['POST', '/mkdir', { path: 'docs/inside.txt' }, 409],
    ['PUT', '/content', undefined, 400],
    ['GET', '/nothing', undefined, 404],
  ])('%s %s %j answers %i with a JSON error', async (method, url, json, status) => {
    const res = await call(base, method, url, { json });
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(expect.any(String));
  });

  it('rejects invalid JSON (400) and oversized JSON bodies (413)', async () => {
    const broken = await call(base, 'POST', '/write', { raw: '{"path": "x", "content": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toEqual(expect.any(String));
    const huge = await call(base, 'POST', '/write', { json: { path: 'huge.txt', content: 'x'.repeat(MAX_JSON * 2) } });
    expect(huge.status).toBe(413);
    expect(huge.body.error).toEqual(expect.any(String));
    expect(existsSync(path.join(root, 'huge.txt'))).toBe(false);
  });
}
