import { ts } from '#ts-morph';
import type { SourceFile } from 'ts-morph';

/**
 * A cheap, conservative pre-check for the floating-promises transform: whether a file can hold anything
 * findFloatingPromises (src/analysis/promises.ts) would report and the transform would rewrite. It walks
 * the TypeScript tree the program already has and asks the same checker, so that the ESTree parse (the
 * costly part, and most of the garbage) is spent only on files that may drop a promise. It may let a
 * file through needlessly; it never turns one away that has a floating promise: every expression an
 * expression statement drops, and every forEach callback, passes unless its type is known not to be a
 * thenable (nor an array of them, nor a function returning one).
 */
export function mayDropPromise(file: SourceFile, checker: ts.TypeChecker): boolean {
  const source = file.compilerNode;
  // a file typescript-estree may refuse goes the long way, so that its parse error is still reported
  if ((source as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics?.length !== 0) return true;
  const typeOf = (node: ts.Node): ts.Type | undefined => {
    try {
      return checker.getTypeAtLocation(node);
    } catch {
      return undefined;
    }
  };
  const visit = (node: ts.Node): boolean => {
    if (ts.isExpressionStatement(node) && armsMayBePromise(node.expression, checker, typeOf)) return true;
    if (ts.isCallExpression(node) && mayBeForEachOfPromises(node, checker, typeOf)) return true;
    return ts.forEachChild(node, visit) === true;
  };
  return visit(source);
}

type TypeOf = (node: ts.Node) => ts.Type | undefined;

/** What the statement drops: each arm of `,` `?:` `&&` `||` `??`, as FloatingPromiseFinder visits them. */
function armsMayBePromise(node: ts.Expression, checker: ts.TypeChecker, typeOf: TypeOf): boolean {
  if (ts.isParenthesizedExpression(node)) return armsMayBePromise(node.expression, checker, typeOf);
  if (ts.isBinaryExpression(node) && ARM_OPERATORS.has(node.operatorToken.kind)) {
    return armsMayBePromise(node.left, checker, typeOf) || armsMayBePromise(node.right, checker, typeOf);
  }
  if (ts.isConditionalExpression(node)) {
    return armsMayBePromise(node.whenTrue, checker, typeOf) || armsMayBePromise(node.whenFalse, checker, typeOf);
  }
  // `void p` is a deliberate fire-and-forget: the transform leaves it
  if (ts.isVoidExpression(node)) return false;
  // the finder asks about the arm as written (`p as Promise<T>`) and unwraps it to decide its kind: ask about both
  const inner = unwrap(node);
  if (!MAY_BE_PROMISE_KINDS.has(inner.kind)) return false;
  for (let n: ts.Node = node; ; n = (n as ts.Expression & { expression: ts.Expression }).expression) {
    if (mayBeThenableOrArray(typeOf(n), checker)) return true;
    if (n === inner) return false;
  }
}

/** Through parentheses and the TS wrappers unwrapTs looks through. */
function unwrap(node: ts.Expression): ts.Expression {
  let n = node;
  while (ASSERTION_KINDS.has(n.kind) || ts.isParenthesizedExpression(n)) n = (n as ts.Expression & { expression: ts.Expression }).expression;
  return n;
}

/** `xs.forEach(f)` (or `xs[k](f)`, which might be one) whose callback may return a thenable. */
function mayBeForEachOfPromises(call: ts.CallExpression, checker: ts.TypeChecker, typeOf: TypeOf): boolean {
  const callee = unwrap(call.expression);
  const named = ts.isPropertyAccessExpression(callee) ? callee.name.text === 'forEach' : ts.isElementAccessExpression(callee);
  const callback = call.arguments[0];
  if (!named || callback === undefined) return false;
  if (ts.isSpreadElement(callback)) return true;
  const type = typeOf(callback);
  if (type === undefined) return true;
  const parts = type.isUnion() ? type.types : [type];
  if (parts.some(isUnknown)) return true;
  const signatures = parts.flatMap((p) => p.getCallSignatures());
  // an async function literal is reported whatever its declared return type: its signature says Promise anyway
  return signatures.length === 0 || signatures.some((s) => mayBeThenable(s.getReturnType(), checker));
}

/** Unknown (any, unknown, unresolved) is a maybe: the finder falls back on the file's syntax then. */
function mayBeThenableOrArray(type: ts.Type | undefined, checker: ts.TypeChecker): boolean {
  if (type === undefined) return true;
  if (mayBeThenable(type, checker)) return true;
  return (type.isUnion() ? type.types : [type]).some((part) => {
    const apparent = checker.getApparentType(part);
    if (!checker.isArrayType(apparent) && !checker.isTupleType(apparent)) return false;
    return checker.getTypeArguments(apparent as ts.TypeReference).some((e) => mayBeThenable(e, checker));
  });
}

function mayBeThenable(type: ts.Type, checker: ts.TypeChecker): boolean {
  return (type.isUnion() ? type.types : [type]).some((part) => isUnknown(part) || checker.getApparentType(part).getProperty('then') !== undefined);
}

function isUnknown(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0;
}

const ARM_OPERATORS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.CommaToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.QuestionQuestionToken,
]);

/** What typescript-estree turns into the TS wrappers unwrapTs looks through. */
const ASSERTION_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.AsExpression, ts.SyntaxKind.SatisfiesExpression, ts.SyntaxKind.NonNullExpression,
  ts.SyntaxKind.TypeAssertionExpression, ts.SyntaxKind.ExpressionWithTypeArguments,
]);

/** The TypeScript kinds behind the ESTree kinds the finder takes for possible promises (MAY_BE_PROMISE, arrays). */
const MAY_BE_PROMISE_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.CallExpression, ts.SyntaxKind.NewExpression, ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PropertyAccessExpression, ts.SyntaxKind.ElementAccessExpression, ts.SyntaxKind.TaggedTemplateExpression,
  ts.SyntaxKind.ThisKeyword, ts.SyntaxKind.ArrayLiteralExpression,
]);
