#!/usr/bin/env node
// The CLI lives in the compiled package (dist/); this file only starts it.

// `unblock lint | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Node.js 22.1+ keeps compiled code between runs: TypeScript alone is 9 MB of it, loaded twice (ts-morph
// bundles its own). Older versions go on without.
const { enableCompileCache } = await import('node:module');
enableCompileCache?.();

let main;
try {
  ({ main } = await import('../dist/src/cli/main.js'));
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && /^Cannot find module '[^']*dist\/src\/cli\/main\.js'/.test(String(error.message))) {
    process.stderr.write('error: unblock is not built (dist/ is missing): run `npm run build` in its folder\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = await main(process.argv);
