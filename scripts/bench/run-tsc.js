/**
 * `tsc --noEmit -p <project>`, run in this process so that its peak memory can be read when it exits:
 *   node run-tsc.js <project>
 * Prints `BENCH {"maxRssKb":…,"exitCode":…}` on stderr as tsc exits.
 */
import { createRequire } from 'node:module';
import { reportOnExit } from './child-report.js';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/lib/tsc.js');
reportOnExit();
process.argv = [process.argv[0], tsc, '--noEmit', '-p', process.argv[2]];
require(tsc);
