import type { TSESLint } from '@typescript-eslint/utils';
import noFloatingPromises from './no-floating-promises.js';
import noBlockingSleep from './no-blocking-sleep.js';
import noSyncIo from './no-sync-io.js';

/** Every rule of the plugin, by name. Each rule is one file of this folder. */
export const rules: Record<string, TSESLint.RuleModule<string, readonly unknown[]>> = {
  'no-floating-promises': noFloatingPromises as unknown as TSESLint.RuleModule<string, readonly unknown[]>,
  'no-sync-io': noSyncIo as unknown as TSESLint.RuleModule<string, readonly unknown[]>,
  'no-blocking-sleep': noBlockingSleep as unknown as TSESLint.RuleModule<string, readonly unknown[]>,
};
