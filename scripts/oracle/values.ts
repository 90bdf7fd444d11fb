import ts from 'typescript';

/**
 * Where the oracle looks for a catalog API handed on as a value rather than called (`paths.filter(
 * fs.existsSync)`, `{ read: fs.readFileSync }`, `return fs_1.statSync`): the positions no-sync-io
 * promises to report (docs/rules/no-sync-io.md), stated again over TypeScript's syntax tree. What the
 * value is, is the checker's to say (./declarations.ts), not the rule's resolver.
 */

/** A reference that may be a value: a name, `a.b`, `a['b']` (not the name part of `a.b` itself). */
export function isValueCandidate(node: ts.Node): node is ts.Identifier | ts.PropertyAccessExpression | ts.ElementAccessExpression {
  if (ts.isPropertyAccessExpression(node)) return true;
  if (ts.isElementAccessExpression(node)) return ts.isStringLiteralLike(node.argumentExpression);
  return ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node);
}

/** The node the name of a value candidate is read through, for the checker's symbol. */
export function valueNameNode(node: ts.Identifier | ts.PropertyAccessExpression | ts.ElementAccessExpression): ts.Node {
  if (ts.isPropertyAccessExpression(node)) return node.name;
  if (ts.isElementAccessExpression(node)) return node.argumentExpression;
  return node;
}

const PASS_THROUGH_OPERATORS = new Set([
  ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.QuestionQuestionToken,
]);

const ASSIGNMENTS = new Set([
  ts.SyntaxKind.EqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken,
  ts.SyntaxKind.QuestionQuestionEqualsToken,
]);

/**
 * What holds the value and may call it later (the call it is an argument of, a variable, a property, a
 * default, a return, an array, an export or re-export), or null where it is only looked at: a comparison, a test,
 * `typeof`, a member read, the callee of a call.
 */
export function holderOf(node: ts.Node): ts.Node | null {
  let value = node;
  for (let parent = node.parent; parent !== undefined; value = parent, parent = parent.parent) {
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)
      || ts.isSatisfiesExpression(parent) || ts.isTypeAssertionExpression(parent)) continue;
    if (ts.isConditionalExpression(parent)) {
      if (parent.condition === value) return null;
      continue;
    }
    if (ts.isBinaryExpression(parent)) {
      const operator = parent.operatorToken.kind;
      if (PASS_THROUGH_OPERATORS.has(operator)) continue;
      if (operator === ts.SyntaxKind.CommaToken) {
        if (parent.right !== value) return null;
        continue;
      }
      return ASSIGNMENTS.has(operator) && parent.right === value ? parent : null;
    }
    if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
      return parent.arguments?.some((a) => a === value) === true ? parent : null;
    }
    if (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)
      || ts.isPropertyDeclaration(parent)) {
      return parent.initializer === value ? parent : null;
    }
    if (ts.isPropertyAssignment(parent)) {
      return parent.initializer === value && ts.isObjectLiteralExpression(parent.parent) && !isAssignmentTarget(parent.parent) ? parent : null;
    }
    if (ts.isShorthandPropertyAssignment(parent)) {
      return parent.name === value && !isAssignmentTarget(parent.parent) ? parent : null;
    }
    if (ts.isArrowFunction(parent)) return parent.body === value ? parent : null;
    // `export { statSync } from 'fs'`, `export { statSync as stat }`: the API leaves the file
    if (ts.isExportSpecifier(parent)) {
      return (parent.propertyName ?? parent.name) === value && !parent.isTypeOnly && !parent.parent.parent.isTypeOnly ? parent : null;
    }
    if (ts.isReturnStatement(parent) || ts.isArrayLiteralExpression(parent) || ts.isExportAssignment(parent)
      || ts.isSpreadElement(parent) || ts.isSpreadAssignment(parent)) {
      return ts.isArrayLiteralExpression(parent) && isAssignmentTarget(parent) ? null : parent;
    }
    return null;
  }
  return null;
}

/** `({ a } = x)`, `[a] = x`: a pattern written as a literal, which assigns rather than holds. */
function isAssignmentTarget(literal: ts.Node): boolean {
  let node = literal;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  return (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.left === node)
    || ((ts.isForOfStatement(parent) || ts.isForInStatement(parent)) && parent.initializer === node);
}

/**
 * `const read = fs.readFileSync`: an alias, whose calls the oracle (and the rule) count as calls of the
 * API, so the value itself is not counted.
 */
export function isAlias(node: ts.Node, holder: ts.Node): boolean {
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name) || holder.initializer === undefined) return false;
  let init = holder.initializer;
  while (ts.isParenthesizedExpression(init)) init = init.expression;
  return init === node;
}
