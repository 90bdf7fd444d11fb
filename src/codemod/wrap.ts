import type { Node, SourceFile } from 'ts-morph';
import { ts } from '#ts-morph';

/**
 * The ts-morph node of a compiler node. ts-morph keeps one wrapper per compiler node; this is its
 * (stable, untyped) way to reach it. Walking compiler nodes and wrapping only the one wanted spares a
 * wrapper for every node on the way, which is most of the cost of walking ts-morph nodes.
 */
export function wrap(file: SourceFile, node: ts.Node): Node {
  return (file as unknown as { _getNodeFromCompilerNode(n: ts.Node): Node })._getNodeFromCompilerNode(node);
}

/** The innermost node of the syntax tree (tokens that are not nodes aside) whose span, trivia included, holds `pos`. */
export function nodeAt(file: ts.SourceFile, pos: number): ts.Node | undefined {
  let node: ts.Node = file;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(node, (c) => (c.pos <= pos && pos < c.end ? c : undefined));
    if (child === undefined) return node === file ? undefined : node;
    node = child;
  }
}
