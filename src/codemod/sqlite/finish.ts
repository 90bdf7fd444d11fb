import { Node } from '#ts-morph';
import type { SourceFile } from 'ts-morph';
import type { ModuleBinding, RewriteContext, Site, TextEdit } from '../types.js';
import { isWithin } from '../http/syntax.js';

/**
 * Once a file's better-sqlite3 calls are migrated: its type names (`Database.Database`, `Statement`,
 * `RunResult`) become the sqlite driver's, and the better-sqlite3 import goes when nothing uses it.
 */

/** better-sqlite3 type → [sqlite export to import, what to write after the imported name]. */
const TYPE_MAP: Record<string, readonly [string, string]> = {
  Database: ['Database', ''],
  Statement: ['Statement', ''],
  RunResult: ['ISqlite', '.RunResult'],
};

export function finishEdits(_file: SourceFile, sites: readonly Site[], context: RewriteContext): TextEdit[] {
  if (sites.length === 0) return [];
  const edits: TextEdit[] = [];
  const unused: ModuleBinding[] = [];
  for (const binding of context.moduleBindings(['better-sqlite3'])) {
    let kept = false;
    for (const ref of binding.references) {
      if (sites.some((s) => isWithin(ref, s.node) && isCreation(s.node))) continue;
      const type = typeReference(ref, binding);
      const mapped = type === undefined ? undefined : TYPE_MAP[type.name];
      if (type !== undefined && mapped !== undefined) {
        const name = context.importName('sqlite', mapped[0]);
        edits.push({ start: type.node.getStart(), end: type.node.getEnd(), text: `${name}${mapped[1]}` });
        continue;
      }
      kept = true;
    }
    if (!kept) unused.push(binding);
  }
  return [...edits, ...context.removeBindings(unused)];
}

/** `new Database(…)` (not `db.prepare(…)`): its callee goes with the rewrite. */
function isCreation(node: Node): boolean {
  return Node.isNewExpression(node) || (Node.isCallExpression(node) && !Node.isPropertyAccessExpression(node.getExpression()));
}

/** `Database.Database`, `Database.Statement<…>` (default import), or `Statement` (named import), in a type. */
function typeReference(ref: Node, binding: ModuleBinding): { node: Node; name: string } | undefined {
  let node = ref;
  const path = binding.path.filter((p) => p !== 'default');
  while (Node.isQualifiedName(node.getParent()) && (node.getParent() as Node & { getLeft(): Node }).getLeft() === node) {
    node = node.getParentOrThrow();
    path.push((node as Node & { getRight(): Node }).getRight().getText());
  }
  const parent = node.getParent();
  if (!Node.isTypeReference(parent) || path.length !== 1) return undefined;
  return { node: parent, name: path[0]! };
}
