// The project lints itself: typescript-eslint's recommended rules for its TypeScript, and its own
// recommended config, taken from the build (dist/) exactly as a user's project would load it.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import unblock from './dist/src/index.js';

export default defineConfig(
  {
    // fixtures/ is blocking on purpose: it is what unblock is tested on.
    ignores: ['dist/', 'node_modules/', 'fixtures/', 'coverage/', '.bench/', '.smoke/'],
  },
  tseslint.configs.recommended,
  unblock.configs.recommended,
  {
    // Tests set up and read their fixtures synchronously inside test callbacks: blocking there holds up
    // only the test runner, which serves nothing else meanwhile.
    files: ['test/**'],
    rules: { 'unblock/no-sync-io': 'off' },
  },
);
