import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { startFakeLlm, type FakeLlm } from '../support/fake-llm.js';
import { call, listen, type RunningServer } from '../support/http.js';
import type { AppFactory } from './load-service.js';

/** The createApp options the suite relies on (see fixtures/services/chat/app.ts). */
export interface ChatTestConfig {
  dataDir: string;
  llmUrl: string;
  llmModel?: string;
  llmRetries?: number;
  llmRetryDelayMs?: number;
  llmTimeoutMs?: number;
  systemPrompt?: string;
}

/**
 * Behaviour of the chat service, whatever its implementation (blocking original or migrated):
 * sessions on disk, the Ollama request shape, retries, and 4xx JSON errors for bad input.
 */
export function describeChatService(label: string, loadCreateApp: () => Promise<AppFactory<ChatTestConfig>>): void {
  let llm: FakeLlm;
  let createApp: AppFactory<ChatTestConfig>;
  let tmp: string;
  let dataDir: string;
  let base: string;
  const servers: RunningServer[] = [];

  /** Another instance of the service, e.g. with other LLM settings or over the same data. */
  async function startChat(overrides: Partial<ChatTestConfig> = {}): Promise<string> {
    const server = await listen(
      await createApp({ dataDir, llmUrl: llm.url, llmModel: 'test-model', llmRetries: 2, llmRetryDelayMs: 5, llmTimeoutMs: 10_000, ...overrides }),
    );
    servers.push(server);
    return server.url;
  }

  const send = (base: string, session: string, message: string) =>
    call(base, 'POST', '/api/send_message', { json: { session, message } });

  beforeAll(async () => {
    llm = await startFakeLlm();
    createApp = await loadCreateApp();
    tmp = mkdtempSync(path.join(os.tmpdir(), `unblock-chat-${label}-`));
    dataDir = path.join(tmp, 'data');
    base = await startChat();
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await llm?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  beforeEach(async () => {
    await llm.configure({});
  });

  it('answers a message with the model reply, sending Ollama /api/generate requests', async () => {
    const res = await send(base, 'first', 'What blocks the event loop?');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ session: 'first', messageCount: 2 });
    expect(res.body.reply).toContain('What blocks the event loop?');

    const { requests, bodies } = await llm.stats();
    expect(requests).toBe(1);
    expect(bodies[0]).toMatchObject({ model: 'test-model', stream: false });
    expect((bodies[0] as { prompt: string }).prompt).toContain('User: What blocks the event loop?');
  });

  it('keeps the history of a session and sends it to the model', async () => {
    await send(base, 'history-1', 'first question');
    const second = await send(base, 'history-1', 'second question');
    expect(second.body.messageCount).toBe(4);
    const { bodies } = await llm.stats();
    expect((bodies.at(-1) as { prompt: string }).prompt).toContain('User: first question');

    const history = await call(base, 'GET', '/api/history?session=history-1');
    expect(history.status).toBe(200);
    expect(history.body.session).toBe('history-1');
    expect(history.body.messages.map((m: { role: string; content: string }) => [m.role, m.content])).toEqual([
      ['user', 'first question'],
      ['assistant', expect.stringContaining('first question')],
      ['user', 'second question'],
      ['assistant', expect.stringContaining('second question')],
    ]);
  });

  it('lists sessions, with message counts, and persists them on disk', async () => {
    await send(base, 'list-a', 'hello a');
    await send(base, 'list-b', 'hello b');
    await send(base, 'list-b', 'hello again b');

    const ids = await call(base, 'GET', '/api/list_sessions');
    expect(ids.status).toBe(200);
    expect(ids.body.sessions.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['list-a', 'list-b']));

    // A second instance over the same directory sees the same sessions.
    const other = await startChat();
    const summaries = await call(other, 'GET', '/api/chat_sessions');
    expect(summaries.status).toBe(200);
    const byId = new Map(summaries.body.sessions.map((s: { id: string }) => [s.id, s]));
    expect(byId.get('list-a')).toMatchObject({ messageCount: 2 });
    expect(byId.get('list-b')).toMatchObject({ messageCount: 4, lastMessage: expect.stringContaining('hello again b') });
    const updated = summaries.body.sessions.map((s: { updatedAt: string }) => s.updatedAt);
    expect(updated).toEqual([...updated].sort().reverse());
  });

  it('retries a failing model and succeeds once it answers', async () => {
    await llm.configure({ failFirst: 2 });
    const res = await send(base, 'retry-ok', 'are you there?');
    expect(res.status).toBe(200);
    expect(res.body.reply).toContain('are you there?');
    expect(await llm.stats()).toMatchObject({ requests: 3, failures: 2 });
  });

  it('answers 502 when the model keeps failing, and stores nothing', async () => {
    await llm.configure({ failFirst: 100 });
    const res = await send(base, 'retry-fail', 'hello?');
    expect(res.status).toBe(502);
    expect(res.body.error).toEqual(expect.any(String));
    expect(await llm.stats()).toMatchObject({ requests: 3 });
    expect((await call(base, 'GET', '/api/history?session=retry-fail')).status).toBe(404);
  });

  it('gives up on a model slower than the timeout', async () => {
    await llm.configure({ delayMs: 3_000 });
    const impatient = await startChat({ llmTimeoutMs: 200, llmRetries: 0 });
    const res = await send(impatient, 'too-slow', 'hello?');
    expect(res.status).toBe(502);
    expect(res.body.error).toEqual(expect.any(String));
  });

  it('deletes sessions given in the body or in the query', async () => {
    await send(base, 'del-body', 'x');
    await send(base, 'del-query', 'y');
    expect(await call(base, 'DELETE', '/api/delete_session', { json: { session: 'del-body' } })).toMatchObject({
      status: 200,
      body: { deleted: 'del-body' },
    });
    expect((await call(base, 'DELETE', '/api/delete_session?session=del-query')).status).toBe(200);
    expect((await call(base, 'GET', '/api/history?session=del-body')).status).toBe(404);
    const ids = (await call(base, 'GET', '/api/list_sessions')).body.sessions.map((s: { id: string }) => s.id);
    expect(ids).not.toContain('del-body');
    expect(ids).not.toContain('del-query');
    const again = await call(base, 'DELETE', '/api/delete_session', { json: { session: 'del-body' } });
    expect(again.status).toBe(404);
    expect(again.body.error).toEqual(expect.any(String));
  });

  it('writes an audit trail of messages and deletions', async () => {
    await send(base, 'audited', 'log me');
    await call(base, 'DELETE', '/api/delete_session?session=audited');
    // The original appends the log in the background; wait for it rather than for a fixed time.
    const audited = await vi.waitFor(() => {
      const events = readFileSync(path.join(dataDir, 'events.log'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; session: string });
      const types = events.filter((e) => e.session === 'audited').map((e) => e.type);
      expect([...types].sort()).toEqual(['delete', 'message']);
      return types;
    }, { timeout: 10_000 }); // generous: CI machines are busy
    // Only awaited appends keep their order: the original's un-awaited `appendFile` calls race on
    // libuv's thread pool (the forgotten await the migration fixes), and a busy machine reorders them.
    if (label === 'migrated') expect(audited).toEqual(['message', 'delete']);
  });

  it.each([
    ['no body', undefined],
    ['no session', { message: 'hi' }],
    ['no message', { session: 'abc' }],
    ['empty message', { session: 'abc', message: '  ' }],
    ['message not a string', { session: 'abc', message: 42 }],
    ['session not a string', { session: ['abc'], message: 'hi' }],
    ['session with a path', { session: '../../etc/passwd', message: 'hi' }],
    ['a JSON array', ['abc', 'hi']],
  ])('rejects send_message with %s (400)', async (_name, json) => {
    const res = await call(base, 'POST', '/api/send_message', { json });
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual(expect.any(String));
    expect((await llm.stats()).requests).toBe(0);
  });

  it('rejects invalid JSON (400) and oversized bodies (413)', async () => {
    const broken = await call(base, 'POST', '/api/send_message', { raw: '{"session": "x", ' });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toEqual(expect.any(String));
    const huge = await send(base, 'huge', 'x'.repeat(200_000));
    expect(huge.status).toBe(413);
    expect(huge.body.error).toEqual(expect.any(String));
    const long = await send(base, 'long', 'x'.repeat(9_000));
    expect(long.status).toBe(400);
  });

  it.each([
    ['GET', '/api/history', 400],
    ['GET', '/api/history?session=', 400],
    ['GET', '/api/history?session=a&session=b', 400],
    ['GET', '/api/history?session=..%2Fsecret', 400],
    ['GET', '/api/history?session=never-created', 404],
    ['DELETE', '/api/delete_session', 400],
    ['DELETE', '/api/delete_session?session=never-created', 404],
    ['GET', '/api/no_such_endpoint', 404],
  ])('%s %s answers %i with a JSON error', async (method, url, status) => {
    const res = await call(base, method, url);
    expect(res.status).toBe(status);
    expect(res.body.error).toEqual(expect.any(String));
  });
}
