/**
 * A dry, verified `migrate()` of a project with the built engine (dist/codemods/index.js):
 *   node run-migrate.js <project>
 * Prints `BENCH {…}` on stderr as it exits: peak memory and the summary of the result. Compiled code is
 * kept between runs as the CLI keeps it (bin/unblock.js), unless NODE_DISABLE_COMPILE_CACHE=1.
 */
import { reportOnExit } from './child-report.js';
import { importBuilt } from './plugin.js';

let summary = { error: 'migrate did not finish' };
reportOnExit(() => summary);
const { enableCompileCache, compileCacheStatus } = await importBuilt('dist/src/cli/compile-cache.js');
enableCompileCache({ profile: 'migrate' });
const { migrate } = await importBuilt('dist/codemods/index.js');
const result = await migrate({ root: process.argv[2], write: false });
summary = {
  sites: result.sites.length,
  sitesMigrated: result.sitesMigrated,
  propagated: result.propagated,
  changedFiles: result.changes.length,
  unchanged: result.unchanged,
  refusals: result.refusals.length,
  rolledBack: result.rolledBack.length,
  errors: result.errors.length,
  firstErrors: result.errors.slice(0, 3),
  firstRefusals: result.refusals.slice(0, 3).map((r) => `${r.file}:${r.line} ${r.api}: ${r.reason}`),
  compileCache: compileCacheStatus(),
  firstRollbacks: result.rolledBack.slice(0, 2).map((r) => ({ group: r.group, errors: r.errors.slice(0, 2) })),
};
