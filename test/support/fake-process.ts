import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface FakeProcess {
  /** Base URL on 127.0.0.1, without a trailing slash. */
  url: string;
  pid: number;
  close(): Promise<void>;
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const mainScript = fileURLToPath(new URL('./fake-main.ts', import.meta.url));

/**
 * Forks test/support/fake-main.ts and sends it the options over IPC (pages can be too big for argv);
 * it serves the fake on 127.0.0.1:0 and answers with the port.
 */
export function startFakeProcess(kind: 'llm' | 'pages', options: object): Promise<FakeProcess> {
  const child = fork(mainScript, [kind], {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`fake ${kind} did not start within 20 s`));
    }, 20_000);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fake ${kind} exited with ${code} before listening`)));
    child.send({ options });
    child.once('message', (message: { port: number }) => {
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${message.port}`,
        pid: child.pid ?? -1,
        async close() {
          if (child.exitCode === null && child.signalCode === null) child.kill();
          await exited;
        },
      });
    });
  });
}
