import type { TSESLint } from '@typescript-eslint/utils';
import tsParser from '@typescript-eslint/parser';
import { rules } from '../rules/index.js';
import { packageJson } from './package-info.js';

type FlatConfig = TSESLint.FlatConfig.Config;

const FILES = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];

const plugin = {
  meta: { name: packageJson.name, version: packageJson.version, namespace: 'unblock' },
  rules,
  configs: {} as Record<'recommended' | 'strict' | 'recommended-type-checked', FlatConfig>,
};

const recommendedRules: FlatConfig['rules'] = {
  'unblock/no-sync-io': 'error',
  'unblock/no-blocking-sleep': 'error',
  'unblock/no-floating-promises': 'error',
};

// The configs name the plugin object itself, so they are filled in after it exists.
plugin.configs.recommended = {
  name: 'unblock/recommended',
  files: FILES,
  plugins: { unblock: plugin as unknown as TSESLint.FlatConfig.Plugin },
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
  languageOptions: {
    parser: tsParser,
    parserOptions: { projectService: true },
  },
};

export default plugin;
export { rules };
