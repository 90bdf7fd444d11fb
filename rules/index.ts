import type { TSESLint } from '@typescript-eslint/utils';

/** Every rule of the plugin, by name. Each rule is one file of this folder. */
export const rules: Record<string, TSESLint.RuleModule<string, readonly unknown[]>> = {
};
