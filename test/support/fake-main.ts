// Child-process entry of the fakes, forked by fake-process.ts: `node --import tsx test/support/fake-main.ts llm|pages`,
// then the options arrive as the first IPC message and the port goes back as the answer.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeLlmServer } from './fake-llm.js';
import { createFakePagesServer } from './fake-pages.js';

const kind = process.argv[2];

// Exit with the parent, even if it dies without closing us.
process.on('disconnect', () => process.exit(0));
process.once('message', ({ options }: { options: object }) => {
  const server: Server = kind === 'llm' ? createFakeLlmServer(options) : createFakePagesServer(options);
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
});
