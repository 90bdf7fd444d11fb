import { Node, SyntaxKind } from '#ts-morph';
import type { Type } from 'ts-morph';

/**
 * The abort signal of a migrated request. node-fetch (under sync-fetch) and then-request (under
 * sync-request) treat a falsy `timeout` as none, while `AbortSignal.timeout(0)` aborts at once: a timeout
 * that is not a positive literal falls back to the default, so a configured 0 never aborts every request.
 */
export function timeoutSignal(timeout: Node | undefined, defaultMs: number): string {
  if (timeout === undefined) return `AbortSignal.timeout(${defaultMs})`;
  const text = timeout.getText();
  if (Node.isNumericLiteral(timeout) && Number(timeout.getLiteralValue()) > 0) return `AbortSignal.timeout(${text})`;
  return `AbortSignal.timeout(${needsParensBeforeOr(timeout) ? `(${text})` : text} || ${defaultMs})`;
}

/** `timeout: 0` (a literal): the client had no timeout, and the migration keeps it so. */
export function isNoTimeout(timeout: Node): boolean {
  return Node.isNumericLiteral(timeout) && Number(timeout.getLiteralValue()) === 0;
}

function needsParensBeforeOr(node: Node): boolean {
  if (Node.isConditionalExpression(node) || Node.isArrowFunction(node) || Node.isYieldExpression(node)) return true;
  if (!Node.isBinaryExpression(node)) return false;
  const op = node.getOperatorToken().getKind();
  return op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.CommaToken
    || (op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment);
}

/** The default timeout of a run: the `timeoutMs` transform option, else 30 s. */
export function defaultTimeoutMs(options: Readonly<Record<string, unknown>>): number {
  const value = options['timeoutMs'];
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 30_000;
}

/** Property names of a type as far as the checker knows them; undefined for any/unknown (nothing known). */
export function knownPropertyNames(type: Type): Set<string> | undefined {
  if (type.isAny() || type.isUnknown()) return undefined;
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  const names = new Set<string>();
  for (const part of parts) {
    if (part.isUndefined() || part.isNull()) continue;
    if (part.isAny() || part.isUnknown()) return undefined;
    for (const property of part.getProperties()) names.add(property.getName());
    // an index signature may hold anything
    if (part.getStringIndexType() !== undefined) return undefined;
  }
  return names;
}
