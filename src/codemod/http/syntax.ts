import { Node, SyntaxKind, ts } from '#ts-morph';
import { INTEROP_HELPER } from '../../analysis/resolve.js';
import type { SourceFile, Statement } from 'ts-morph';
import type { TextEdit } from '../types.js';

/**
 * Syntax helpers shared by the sync-http and sqlite transforms. Every edit is against the original text,
 * and edits stay small and around the code they keep, so that other transforms' edits inside it survive.
 */

export const insert = (at: number, text: string): TextEdit => ({ start: at, end: at, text });
export const replace = (node: Node, text: string): TextEdit => ({ start: node.getStart(), end: node.getEnd(), text });

/** Whether `await x` (a unary expression) needs parentheses where `node` stands. */
export function awaitNeedsParens(node: Node): boolean {
  const parent = node.getParent();
  if (parent === undefined) return false;
  if (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)
    || Node.isCallExpression(parent) || Node.isNewExpression(parent)) return parent.getExpression() === node;
  if (Node.isTaggedTemplateExpression(parent)) return parent.getTag() === node;
  if (Node.isNonNullExpression(parent)) return true;
  if (Node.isBinaryExpression(parent)) {
    return parent.getOperatorToken().getKind() === SyntaxKind.AsteriskAsteriskToken && parent.getLeft() === node;
  }
  return false;
}

/** Edits that turn `node` into `await node`, parenthesised when its position needs it. */
export function awaitEdits(node: Node): TextEdit[] {
  return awaitNeedsParens(node)
    ? [insert(node.getStart(), '(await '), insert(node.getEnd(), ')')]
    : [insert(node.getStart(), 'await ')];
}

/** `text` as an operand where `node` stands: parenthesised unless the position takes any expression. */
export function asOperand(node: Node, text: string): string {
  const parent = node.getParent();
  const free = parent === undefined
    || Node.isParenthesizedExpression(parent) || Node.isExpressionStatement(parent) || Node.isReturnStatement(parent)
    || Node.isTemplateSpan(parent) || Node.isArrayLiteralExpression(parent) || Node.isSpreadElement(parent)
    || Node.isIfStatement(parent) || Node.isWhileStatement(parent) || Node.isDoStatement(parent)
    || Node.isSwitchStatement(parent) || Node.isThrowStatement(parent) || Node.isCaseClause(parent)
    || (Node.isVariableDeclaration(parent) && parent.getInitializer() === node)
    || (Node.isPropertyAssignment(parent) && parent.getInitializer() === node)
    || (Node.isCallExpression(parent) && parent.getArguments().includes(node))
    || (Node.isArrowFunction(parent) && parent.getBody() === node && !text.trimStart().startsWith('{'));
  return free ? text : `(${text})`;
}

/** Applies edits (same coordinates as `text`, which starts at `base`) to a slice of the file. */
export function applyEdits(text: string, base: number, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const edit of sorted) {
    out += text.slice(at, edit.start - base) + edit.text;
    at = edit.end - base;
  }
  return out + text.slice(at);
}

/**
 * Sorts edits and merges an insertion with a replacement that starts or ends at the same offset, so that
 * what a transform returns never relies on the engine's order for same-offset edits.
 */
export function normalizeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || (a.end - a.start) - (b.end - b.start));
  const out: TextEdit[] = [];
  for (const edit of sorted) {
    const previous = out[out.length - 1];
    if (previous !== undefined && previous.start === previous.end && previous.start === edit.start) {
      out[out.length - 1] = { start: edit.start, end: edit.end, text: previous.text + edit.text };
    } else if (previous !== undefined && edit.start === edit.end && edit.start === previous.end && previous.end > previous.start) {
      out[out.length - 1] = { ...previous, text: previous.text + edit.text };
    } else {
      out.push(edit);
    }
  }
  return out;
}

/** The static text of a string literal or a template literal without substitutions. */
export function staticText(node: Node | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  return undefined;
}

/** A property name as written, when it is static (`a`, `'a'`, `"a"`); computed names give undefined. */
export function propertyNameOf(property: Node): string | undefined {
  if (!Node.isPropertyAssignment(property) && !Node.isShorthandPropertyAssignment(property)
    && !Node.isMethodDeclaration(property)) return undefined;
  const name = property.getNameNode();
  if (Node.isIdentifier(name) || Node.isPrivateIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name) || Node.isNumericLiteral(name)) {
    return name.getLiteralText();
  }
  return undefined;
}

export function isTypeScriptFile(file: SourceFile): boolean {
  return /\.[cm]?tsx?$/.test(file.getFilePath());
}

/** The statement holding `node` directly in a statement list (block, file, case clause), if any. */
export function statementInList(node: Node): Statement | undefined {
  let current: Node | undefined = node;
  while (current !== undefined) {
    const parent: Node | undefined = current.getParent();
    if (parent === undefined) return undefined;
    if (Node.isStatement(current)
      && (Node.isBlock(parent) || Node.isSourceFile(parent) || Node.isCaseClause(parent)
        || Node.isDefaultClause(parent) || Node.isModuleBlock(parent))) return current;
    if (Node.isFunctionLikeDeclaration(current) || Node.isClassLikeDeclarationBase(current)) return undefined;
    current = parent;
  }
  return undefined;
}

/**
 * Whether `node` is evaluated every time its statement runs, before the statement can finish: nothing on
 * the way up is a branch (`?:`, `&&`, `||`, `??`, `?.`), a loop body or a nested function. A check placed
 * before the statement then runs exactly when the node would have.
 */
export function evaluatedUnconditionally(node: Node, statement: Statement): boolean {
  let current: Node = node;
  while (current !== statement) {
    const parent = current.getParent();
    if (parent === undefined) return false;
    if (Node.isConditionalExpression(parent) && parent.getCondition() !== current) return false;
    if (Node.isBinaryExpression(parent) && parent.getRight() === current) {
      const op = parent.getOperatorToken().getKind();
      if (op === SyntaxKind.AmpersandAmpersandToken || op === SyntaxKind.BarBarToken
        || op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.AmpersandAmpersandEqualsToken
        || op === SyntaxKind.BarBarEqualsToken || op === SyntaxKind.QuestionQuestionEqualsToken) return false;
    }
    if ((Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent) || Node.isCallExpression(parent))
      && parent.hasQuestionDotToken() && parent.getExpression() !== current) return false;
    if (Node.isFunctionLikeDeclaration(parent) || Node.isClassLikeDeclarationBase(parent)) return false;
    if (parent === statement && !isEvaluatedFirstPart(statement, current)) return false;
    current = parent;
  }
  return true;
}

/** The part of a statement that runs first, once: an if's condition, a declaration, a return's value. */
function isEvaluatedFirstPart(statement: Statement, part: Node): boolean {
  if (Node.isIfStatement(statement) || Node.isSwitchStatement(statement)) return statement.getExpression() === part;
  return Node.isExpressionStatement(statement) || Node.isVariableStatement(statement)
    || Node.isReturnStatement(statement) || Node.isThrowStatement(statement);
}

/** The leading whitespace of the line a node starts on. */
export function indentationOf(node: Node): string {
  const text = node.getSourceFile().getFullText();
  const lineStart = text.lastIndexOf('\n', node.getStart() - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

/** The indentation unit of a file (two spaces unless the file shows otherwise). */
export function indentUnit(file: SourceFile): string {
  const m = /\n(\t+|[ ]{2,8})\S/.exec(file.getFullText());
  return m?.[1]?.startsWith('\t') ? '\t' : m?.[1]?.length === 4 ? '    ' : '  ';
}

/**
 * `name` if it reaches the global of that name at `node`, else `globalThis.name`: a file may declare
 * its own `fetch` or import express's `Response`. `ignore` is a declaration that goes away with the edit.
 */
export function globalReference(node: Node, name: string, meaning: 'value' | 'type', ignore?: Node): string {
  const checker = node.getProject().getTypeChecker();
  const flags = meaning === 'value' ? ts.SymbolFlags.Value : ts.SymbolFlags.Type;
  const symbol = checker.getSymbolsInScope(node, flags).find((s) => s.getName() === name);
  const declarations = symbol?.getDeclarations() ?? [];
  const local = declarations.some((d) => !d.getSourceFile().isInNodeModules() && !d.getSourceFile().isDeclarationFile()
    && (ignore === undefined || !isWithin(d, ignore)));
  return local ? `globalThis.${name}` : name;
}

export function isWithin(node: Node, ancestor: Node): boolean {
  return node.getStart() >= ancestor.getStart() && node.getEnd() <= ancestor.getEnd()
    && node.getSourceFile() === ancestor.getSourceFile();
}

/** Identifiers of the file that refer to the same symbol as `name` (its declaration excluded). */
export function referencesInFile(name: Node): Node[] {
  const symbol = name.getSymbol();
  if (symbol === undefined) return [];
  const text = name.getText();
  return name.getSourceFile().getDescendantsOfKind(SyntaxKind.Identifier)
    .filter((id) => id !== name && id.getText() === text && sameSymbol(id, symbol));
}

function sameSymbol(id: Node, symbol: NonNullable<ReturnType<Node['getSymbol']>>): boolean {
  const parent = id.getParent();
  // `{ res }` in an object literal: the identifier's own symbol is the property; the value is the variable
  const own = parent !== undefined && Node.isShorthandPropertyAssignment(parent)
    ? id.getProject().getTypeChecker().compilerObject.getShorthandAssignmentValueSymbol(parent.compilerNode)
    : id.getSymbol()?.compilerSymbol;
  return own === symbol.compilerSymbol;
}

/** Whether an identifier is written (assigned, incremented, a destructuring target). */
export function isWriteReference(id: Node): boolean {
  let node: Node = id;
  let parent = node.getParent();
  while (parent !== undefined && (Node.isParenthesizedExpression(parent) || Node.isNonNullExpression(parent)
    || Node.isAsExpression(parent) || Node.isSatisfiesExpression(parent))) {
    node = parent;
    parent = parent.getParent();
  }
  if (parent === undefined) return false;
  if (Node.isBinaryExpression(parent)) {
    const op = parent.getOperatorToken().getKind();
    return parent.getLeft() === node && op >= SyntaxKind.FirstAssignment && op <= SyntaxKind.LastAssignment;
  }
  if (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) {
    const op = parent.getOperatorToken();
    return op === SyntaxKind.PlusPlusToken || op === SyntaxKind.MinusMinusToken;
  }
  return Node.isShorthandPropertyAssignment(parent) || Node.isArrayLiteralExpression(parent)
    ? isDestructuringTarget(parent)
    : false;
}

function isDestructuringTarget(node: Node): boolean {
  let current = node;
  for (;;) {
    const parent = current.getParent();
    if (parent === undefined) return false;
    if (Node.isBinaryExpression(parent)) return parent.getLeft() === current && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken;
    if (Node.isForOfStatement(parent) || Node.isForInStatement(parent)) return parent.getInitializer() === current;
    if (!Node.isObjectLiteralExpression(parent) && !Node.isArrayLiteralExpression(parent)
      && !Node.isPropertyAssignment(parent) && !Node.isShorthandPropertyAssignment(parent)) return false;
    current = parent;
  }
}

/**
 * A short quote of a node for refusal reasons. Reasons quote code, never line numbers: a marker comment
 * moves the lines, and the reason must read the same when the migration runs again.
 */
export function snippet(node: Node, max = 50): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** `new URL(x)`, strings…: an expression we may evaluate twice or earlier without changing anything. */
export function isPure(node: Node): boolean {
  if (Node.isIdentifier(node) || Node.isThisExpression(node) || Node.isStringLiteral(node)
    || Node.isNumericLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return true;
  if (Node.isPropertyAccessExpression(node)) return isPure(node.getExpression());
  if (Node.isParenthesizedExpression(node)) return isPure(node.getExpression());
  return false;
}

/**
 * The module (and the export path below it) an identifier is bound to by an import or a require in its
 * own file: `import Database from 'better-sqlite3'` → ['better-sqlite3', ['default']]. Undefined otherwise.
 */
export function importedFrom(id: Node): { module: string; path: string[] } | undefined {
  const symbol = id.getSymbol();
  const declaration = symbol?.getDeclarations()[0];
  if (declaration === undefined || declaration.getSourceFile() !== id.getSourceFile()) return undefined;
  if (Node.isImportClause(declaration) || Node.isNamespaceImport(declaration)) {
    const importDeclaration = declaration.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
    if (importDeclaration === undefined) return undefined;
    return { module: importDeclaration.getModuleSpecifierValue(), path: Node.isImportClause(declaration) ? ['default'] : [] };
  }
  if (Node.isImportSpecifier(declaration)) {
    return { module: declaration.getImportDeclaration().getModuleSpecifierValue(), path: [declaration.getName()] };
  }
  if (Node.isImportEqualsDeclaration(declaration)) {
    const ref = declaration.getModuleReference();
    const spec = Node.isExternalModuleReference(ref) ? ref.getExpression() : undefined;
    return spec !== undefined && Node.isStringLiteral(spec) ? { module: spec.getLiteralValue(), path: [] } : undefined;
  }
  if (Node.isVariableDeclaration(declaration) && Node.isIdentifier(declaration.getNameNode())) {
    return requireOf(declaration.getInitializer());
  }
  if (Node.isBindingElement(declaration)) {
    const pattern = declaration.getParent();
    const holder = pattern?.getParent();
    if (!Node.isObjectBindingPattern(pattern) || !Node.isVariableDeclaration(holder)) return undefined;
    const base = requireOf(holder.getInitializer());
    const key = declaration.getPropertyNameNode()?.getText() ?? declaration.getName();
    return base === undefined ? undefined : { module: base.module, path: [...base.path, key] };
  }
  return undefined;
}

function requireOf(init: Node | undefined): { module: string; path: string[] } | undefined {
  let node = init;
  const path: string[] = [];
  while (node !== undefined && Node.isPropertyAccessExpression(node)) {
    path.unshift(node.getName());
    node = node.getExpression();
  }
  if (node === undefined || !Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  const [arg] = node.getArguments();
  if (arg === undefined || !Node.isIdentifier(callee)) return undefined;
  if (INTEROP_HELPER.test(callee.getText())) {
    const inner = requireOf(arg);
    return inner === undefined ? undefined : { module: inner.module, path: [...inner.path, ...path] };
  }
  if (callee.getText() !== 'require') return undefined;
  return Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg) ? { module: arg.getLiteralValue(), path } : undefined;
}

/** Removes a whole statement and its line break. */
export function statementRemoval(statement: Node): TextEdit {
  const text = statement.getSourceFile().getFullText();
  let end = statement.getEnd();
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start: statement.getStart(), end, text: '' };
}
