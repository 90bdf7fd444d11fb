import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

/**
 * Walking an ESTree outside a lint run (the codemods hand the analyses a parsed SourceCode): ESLint adds
 * parent links only while it traverses, and the analyses climb parents, so they are added first.
 */
export function walkWithParents(sourceCode: Readonly<TSESLint.SourceCode>, visit: (node: TSESTree.Node) => void): void {
  const keys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const children = (node: TSESTree.Node): TSESTree.Node[] => (keys[node.type] ?? []).flatMap((key) => {
    const child = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(child)) return (child as (TSESTree.Node | null)[]).filter((c): c is TSESTree.Node => c !== null);
    return child !== null && typeof child === 'object' ? [child as TSESTree.Node] : [];
  });
  const linkParents = (node: TSESTree.Node): void => {
    for (const child of children(node)) {
      (child as { parent?: TSESTree.Node }).parent ??= node;
      linkParents(child);
    }
  };
  if (sourceCode.ast.body[0] !== undefined && sourceCode.ast.body[0].parent === undefined) linkParents(sourceCode.ast);
  const walk = (node: TSESTree.Node): void => {
    visit(node);
    for (const child of children(node)) walk(child);
  };
  walk(sourceCode.ast);
}
