import { runMigration } from '../src/codemod/engine.js';
import type { MigrateOptions, MigrateResult, Transform } from '../src/codemod/types.js';
import { fileHandles } from './file-handles.js';
import { floatingPromises } from './floating-promises.js';
import { Propagation } from './propagate.js';
import { sleep } from './sleep.js';
import { sqlite } from './sqlite.js';
import { syncHttp } from './sync-http.js';
import { syncIo } from './sync-io.js';

export type * from '../src/codemod/types.js';

/**
 * Every transform, one file each. The engine asks them in this order whether they take a site, so a
 * more specific transform comes first (`sleep` takes `execSync('sleep 1')` before `sync-io` would,
 * `file-handles` takes `readFileSync(fd)` on a descriptor it follows).
 * To add one: import it and append it here.
 */
export const transforms: readonly Transform[] = [
  sleep,
  fileHandles,
  syncIo,
  syncHttp,
  sqlite,
  floatingPromises,
];

/** Rewrites the blocking calls of a project to async, carrying async/await up the call graph. */
export function migrate(options: MigrateOptions): Promise<MigrateResult> {
  return runMigration(options, transforms, (host) => new Propagation(host));
}
