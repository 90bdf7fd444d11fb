#!/usr/bin/env node
// The CLI lives in the compiled package (dist/); this file only starts it.

// `unblock lint | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

let main;
try {
  // compiled code is kept between runs (TypeScript alone is 9 MB of it): turned on before anything loads
  const { enableCompileCache } = await import('../dist/src/cli/compile-cache.js');
  enableCompileCache({ profile: process.argv[2] });
  ({ main } = await import('../dist/src/cli/main.js'));
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && /^Cannot find module '[^']*dist\/src\/cli\/[\w-]+\.js'/.test(String(error.message))) {
    process.stderr.write('error: unblock is not built (dist/ is missing): run `npm run build` in its folder\n');
    process.exit(2);
  }
  throw error;
}
process.exitCode = await main(process.argv);
