import tsParser from '@typescript-eslint/parser';
import { rules } from '../rules/index.js';
import { packageJson } from './package-info.js';
import type { UnblockConfig, UnblockPlugin, UnblockRule } from './plugin-types.js';

export type { ConfigName, Severity, UnblockConfig, UnblockParser, UnblockPlugin, UnblockRule } from './plugin-types.js';

const FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];
const TYPESCRIPT_FILES = ['**/*.{ts,mts,cts,tsx}'];

const plugin: UnblockPlugin = {
  meta: { name: packageJson.name, version: packageJson.version, namespace: 'unblock' },
  // The same objects under ESLint's view of a rule, which typescript-eslint's type does not fit (their
  // visitors' node parameters differ).
  rules: rules as Record<string, UnblockRule>,
  configs: {} as UnblockPlugin['configs'],
};

const recommendedRules: UnblockConfig['rules'] = {
  'unblock/no-sync-io': 'error',
  'unblock/no-blocking-sleep': 'error',
  'unblock/no-floating-promises': 'error',
};

// The configs name the plugin object itself, so they are filled in after it exists.
plugin.configs.recommended = {
  name: 'unblock/recommended',
  files: FILES,
  plugins: { unblock: plugin },
  languageOptions: { parser: tsParser },
  rules: recommendedRules,
};

plugin.configs.strict = {
  ...plugin.configs.recommended,
  name: 'unblock/strict',
  rules: { ...recommendedRules, 'unblock/no-sync-io': ['error', { context: 'functions' }] },
};

plugin.configs['recommended-type-checked'] = {
  ...plugin.configs.recommended,
  name: 'unblock/recommended-type-checked',
  // The project service fails to parse any file no tsconfig.json includes, which in most projects means the
  // JavaScript ones, eslint.config.js first: type information is for TypeScript files. Put `recommended`
  // before this config to lint JavaScript files too, without it.
  files: TYPESCRIPT_FILES,
  languageOptions: {
    parser: tsParser,
    parserOptions: { projectService: true },
  },
};

export default plugin;
export { rules };
// What `require('unblock')` returns (Node's require(esm)): the plugin itself, not the module namespace,
// so CommonJS configs and tools that require() plugins (eslint-doc-generator) see `configs`.
export { plugin as 'module.exports' };
