import type { Node, SourceFile, ts } from 'ts-morph';

/**
 * The ts-morph node of a compiler node. ts-morph keeps one wrapper per compiler node; this is its
 * (stable, untyped) way to reach it. Walking compiler nodes and wrapping only the one wanted spares a
 * wrapper for every node on the way, which is most of the cost of walking ts-morph nodes.
 */
export function wrap(file: SourceFile, node: ts.Node): Node {
  return (file as unknown as { _getNodeFromCompilerNode(n: ts.Node): Node })._getNodeFromCompilerNode(node);
}
