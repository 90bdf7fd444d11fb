/**
 * What the smoke run turns on: the recommended config's rules as they are, and once more with
 * `context: "all"` (every call, even at module top level) each rule that has a `context` option,
 * registered under a second plugin name so that one parse serves both.
 */
import tsParser from '@typescript-eslint/parser';
import { loadBuiltPlugin } from '../bench/plugin.js';

export const ALL_CONTEXT_PREFIX = 'unblock-all';

export async function smokeConfigs() {
  const unblock = await loadBuiltPlugin();
  const rules = { ...unblock.configs.recommended.rules };
  const missing = Object.keys(rules).filter((id) => unblock.rules[id.slice('unblock/'.length)] === undefined);
  if (missing.length > 0) {
    throw new Error(`the recommended config names rules the built plugin lacks: ${missing.join(', ')} (registered in rules/index.ts? built?)`);
  }
  const allContext = {};
  for (const id of Object.keys(unblock.configs.recommended.rules)) {
    const name = id.slice('unblock/'.length);
    const rule = unblock.rules[name];
    if (!hasContextOption(rule)) continue;
    allContext[name] = rule;
    rules[`${ALL_CONTEXT_PREFIX}/${name}`] = ['error', { context: 'all' }];
  }
  const plugins = { unblock, [ALL_CONTEXT_PREFIX]: { rules: allContext } };
  const configFor = (sourceType) => [
    // The Linter ignores node_modules by default; here node_modules is the subject.
    { ignores: ['!**/node_modules/'] },
    {
      files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
      plugins,
      languageOptions: { parser: tsParser, sourceType, ecmaVersion: 'latest' },
      // Third-party files carry directives for their own plugins' rules: ignore them all.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      rules,
    },
  ];
  return { module: configFor('module'), commonjs: configFor('commonjs') };
}

export function smokeRuleIds(configs) {
  return Object.keys(configs.module[1].rules);
}

function hasContextOption(rule) {
  const schema = Array.isArray(rule.meta?.schema) ? rule.meta.schema[0] : undefined;
  return schema?.properties?.context?.enum?.includes('all') === true;
}
