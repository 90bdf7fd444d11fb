import type { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';

/**
 * The flat config that lints a copied package's JavaScript with type information from the tsconfig
 * written beside it (copy.ts), inline configuration off: the oracles judge the code, not its comments.
 */
export function typedLintConfig(
  options: { root: string; tsconfig: string; sourceType: 'module' | 'commonjs'; plugins: Linter.Config['plugins']; rules: Linter.RulesRecord },
): Linter.Config[] {
  return [{
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    languageOptions: {
      parser: tsParser as unknown as Linter.Parser,
      ecmaVersion: 'latest',
      sourceType: options.sourceType,
      parserOptions: { project: options.tsconfig, tsconfigRootDir: options.root },
    },
    plugins: options.plugins,
    rules: options.rules,
  }];
}
