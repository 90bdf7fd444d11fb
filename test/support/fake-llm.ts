import http from 'node:http';
import { readJsonBody, sendJson } from './fake-http.js';
import { startFakeProcess, type FakeProcess } from './fake-process.js';

/** Behaviour of the fake Ollama server; every field can be changed at run time. */
export interface FakeLlmOptions {
  /** Delay before each answer (a model "thinking"). */
  delayMs?: number;
  /** The next N requests fail with a 500, then requests succeed again. */
  failFirst?: number;
  /** Probability (0..1) that a request fails with a 500 after failFirst is used up. */
  failureRate?: number;
}

export interface FakeLlmStats {
  requests: number;
  failures: number;
  /** The JSON bodies of the last requests, oldest first. */
  bodies: unknown[];
}

/** The prompt's last "User:" line, so answers can be traced back to the question. */
function lastUserLine(prompt: string): string {
  const lines = prompt.split('\n').filter((line) => line.startsWith('User: '));
  return (lines.at(-1) ?? '').slice('User: '.length);
}

/**
 * In-process fake of Ollama's POST /api/generate (stream: false).
 * Control: POST /__fake/config sets options and clears the counters, GET /__fake/stats reads them.
 */
export function createFakeLlmServer(initial: FakeLlmOptions = {}): http.Server {
  let options = { delayMs: 0, failFirst: 0, failureRate: 0, ...initial };
  let stats: FakeLlmStats = { requests: 0, failures: 0, bodies: [] };

  return http.createServer((req, res) => {
    void (async () => {
      const body = await readJsonBody(req);
      if (req.url === '/__fake/config' && req.method === 'POST') {
        options = { delayMs: 0, failFirst: 0, failureRate: 0, ...(body as FakeLlmOptions) };
        stats = { requests: 0, failures: 0, bodies: [] };
        return sendJson(res, 200, options);
      }
      if (req.url === '/__fake/stats') return sendJson(res, 200, stats);
      if (req.url !== '/api/generate' || req.method !== 'POST') return sendJson(res, 404, { error: 'not found' });

      stats.requests++;
      stats.bodies = [...stats.bodies.slice(-19), body];
      await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (options.failFirst > 0 || Math.random() < options.failureRate) {
        options.failFirst = Math.max(0, options.failFirst - 1);
        stats.failures++;
        return sendJson(res, 500, { error: 'model is overloaded' });
      }
      const { model, prompt } = (body ?? {}) as { model?: unknown; prompt?: unknown };
      if (typeof model !== 'string' || typeof prompt !== 'string') {
        return sendJson(res, 400, { error: 'model and prompt are required' });
      }
      sendJson(res, 200, {
        model,
        created_at: new Date().toISOString(),
        response: `Fake answer #${stats.requests} to: ${lastUserLine(prompt)}`,
        done: true,
        done_reason: 'stop',
        total_duration: options.delayMs * 1e6,
        eval_count: 8,
      });
    })().catch(() => res.destroy());
  });
}

export interface FakeLlm extends FakeProcess {
  /** Replaces the options (unset ones go back to their defaults) and clears the counters. */
  configure(options: FakeLlmOptions): Promise<void>;
  stats(): Promise<FakeLlmStats>;
}

/**
 * The fake in a child process: the blocking services freeze their whole process while
 * they wait for the model, so a fake living in that process could never answer.
 */
export async function startFakeLlm(options: FakeLlmOptions = {}): Promise<FakeLlm> {
  const child = await startFakeProcess('llm', options);
  return {
    ...child,
    async configure(next) {
      const res = await fetch(`${child.url}/__fake/config`, { method: 'POST', body: JSON.stringify(next) });
      if (!res.ok) throw new Error(`fake LLM config failed: ${res.status}`);
    },
    async stats() {
      return (await (await fetch(`${child.url}/__fake/stats`)).json()) as FakeLlmStats;
    },
  };
}
