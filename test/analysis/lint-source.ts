import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';

export interface SourceOptions {
  /** ESLint's languageOptions.sourceType; `commonjs` is read as a script by typescript-eslint's parser, as under a real config. */
  sourceType?: 'module' | 'commonjs';
  filename?: string;
}

/**
 * Lints `code` as ESLint does (typescript-eslint's parser, ESLint's scope manager) and hands the
 * file's SourceCode to `inspect` once the traversal is over, so the analyses see what the rules see.
 */
export function withSource<T>(code: string, inspect: (sourceCode: Readonly<TSESLint.SourceCode>) => T, options: SourceOptions = {}): T {
  let result: { value: T } | undefined;
  const rule = {
    create(context: { sourceCode: Readonly<TSESLint.SourceCode> }) {
      return { 'Program:exit': () => { result = { value: inspect(context.sourceCode) }; } };
    },
  };
  const messages = new Linter().verify(code, {
    // a pattern that names no extension does not make ESLint lint a .ts file
    files: ['**/*.{js,cjs,mjs,ts,cts,mts,tsx}'],
    languageOptions: {
      parser: tsParser,
      sourceType: options.sourceType ?? 'module',
      ...(options.sourceType === 'commonjs' ? { parserOptions: { sourceType: 'script' } } : {}),
    },
    plugins: { probe: { rules: { inspect: rule } } },
    rules: { 'probe/inspect': 'error' },
  } as unknown as Linter.Config, options.filename ?? 'file.ts');
  const fatal = messages.find((m) => m.fatal === true);
  if (fatal !== undefined) throw new Error(`cannot parse: ${fatal.message}`);
  if (result === undefined) throw new Error('the probe rule did not run');
  return result.value;
}

/** Every node of the tree in source order (depth first), for finding the nodes a test is about. */
export function allNodes(root: TSESTree.Node, keys: Readonly<Record<string, readonly string[] | undefined>>): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    found.push(node);
    for (const key of keys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child !== null && typeof child === 'object' && 'type' in child) visit(child as TSESTree.Node);
      }
    }
  };
  visit(root);
  return found;
}
