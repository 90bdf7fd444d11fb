import http from 'node:http';
import { sendJson } from './fake-http.js';
import { startFakeProcess, type FakeProcess } from './fake-process.js';

export interface FakePage {
  status?: number;
  contentType?: string;
  body: string;
}

export interface FakePagesOptions {
  /** Delay before each page is served (a slow remote site). */
  delayMs?: number;
  /** Pages by path; a string is an HTML page served with 200. */
  pages?: Record<string, FakePage | string>;
}

/** A generated article for /generated/<slug>, so a benchmark can crawl many distinct URLs. */
function generatedPage(slug: string): string {
  const words = `${slug} event loop latency async migration throughput`;
  return `<!doctype html><html><head><title>Generated ${slug}</title></head>
<body><h1>Generated ${slug}</h1><p>${words}. ${'Lorem ipsum dolor sit amet. '.repeat(40)}</p></body></html>`;
}

/** In-process fake web site. GET /__fake/stats returns {requests}. */
export function createFakePagesServer(options: FakePagesOptions = {}): http.Server {
  const pages = options.pages ?? {};
  let requests = 0;
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname === '/__fake/stats') return sendJson(res, 200, { requests });
    requests++;
    setTimeout(() => {
      const configured = pages[url.pathname];
      const page: FakePage | undefined =
        typeof configured === 'string'
          ? { body: configured }
          : (configured ??
            (url.pathname.startsWith('/generated/') ? { body: generatedPage(url.pathname.slice(11)) } : undefined));
      if (!page) {
        res.writeHead(404, { 'content-type': 'text/html' }).end('<html><title>Not found</title></html>');
        return;
      }
      res
        .writeHead(page.status ?? 200, { 'content-type': page.contentType ?? 'text/html; charset=utf-8' })
        .end(page.body);
    }, options.delayMs ?? 0);
  });
}

/** The fake site in a child process (see startFakeLlm for why). */
export function startFakePages(options: FakePagesOptions = {}): Promise<FakeProcess> {
  return startFakeProcess('pages', options);
}
