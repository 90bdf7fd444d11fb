import { Node, SyntaxKind, ts } from '#ts-morph';
import type { CallExpression, SourceFile } from 'ts-morph';
import { basename } from 'node:path';
import { isOwnFile } from './project.js';
import type { ReferenceFinder } from './references.js';
import { declaredParameterType } from './declared-parameters.js';
import { sourceBehind } from './shadow-declarations.js';
import { describeFunction, isFunctionLike, namesUsedIn, skipOuterExpressionsUp, type FunctionLike } from './syntax.js';
import { symbolAt } from './symbols.js';

/**
 * How a function value and its calls appear in code, for the propagation (codemods/propagate.ts): what
 * a reference is (a declaration, a type, a call, a value handed on), which collections an array
 * callback runs over, what a forEach callback's body does that a for…of loop would not.
 */

export type Collection = 'array' | 'map' | 'set';

/** Whether `node` is an Array (or tuple), a Map or a Set, by its type. */
export function collectionKind(checker: ts.TypeChecker, node: ts.Node): Collection | null {
  return collectionOfType(checker, checker.getTypeAtLocation(node));
}

/**
 * Whether `receiver` is an Array (or tuple), a Map or a Set, by its type or, for an untyped parameter of
 * compiled JavaScript, by the type the declaration file beside it gives the parameter.
 */
export function collectionOf(checker: ts.TypeChecker, receiver: Node): Collection | null {
  const kind = collectionKind(checker, receiver.compilerNode);
  if (kind !== null) return kind;
  const declared = declaredParameterType(checker, receiver.compilerNode, receiver.getSourceFile());
  return declared === undefined ? null : collectionOfType(checker, declared);
}

function collectionOfType(checker: ts.TypeChecker, found: ts.Type): Collection | null {
  const type = checker.getApparentType(found);
  if (checker.isArrayType(type) || checker.isTupleType(type)) return 'array';
  const name = type.getSymbol()?.getName();
  if (name === 'Map' || name === 'ReadonlyMap') return 'map';
  if (name === 'Set' || name === 'ReadonlySet') return 'set';
  return null;
}

export function isThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => {
    if ((part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return false;
    const then = checker.getApparentType(part).getProperty('then');
    return then !== undefined && checker.getNonNullableType(checker.getTypeOfSymbol(then)).getCallSignatures().length > 0;
  });
}

export function nameNodeOf(fn: FunctionLike): Node | undefined {
  if (Node.isFunctionDeclaration(fn)) {
    return fn.getNameNode() ?? fn.getFirstChildByKind(SyntaxKind.DefaultKeyword) ?? fn.getModifiers().find((m) => m.getKind() === SyntaxKind.DefaultKeyword);
  }
  if (Node.isMethodDeclaration(fn)) return fn.getNameNode();
  return undefined;
}

export function isDeclarationName(ref: Node, parent: Node): boolean {
  const named = parent as { getNameNode?: () => Node | undefined };
  if (typeof named.getNameNode !== 'function') return false;
  try {
    return named.getNameNode() === ref && !Node.isPropertyAccessExpression(parent) && !Node.isImportSpecifier(parent)
      && !Node.isExportSpecifier(parent) && !Node.isNamespaceImport(parent) && !Node.isJsxAttribute(parent);
  } catch {
    return false;
  }
}

/** References that change nothing at run time, or that are followed through the checker anyway. */
export function isTypeOrModuleReference(ref: Node): boolean {
  for (let n: Node | undefined = ref.getParent(); n !== undefined; n = n.getParent()) {
    if (Node.isTypeQuery(n) || Node.isTypeReference(n) || Node.isExpressionWithTypeArguments(n) && Node.isHeritageClause(n.getParent())) return true;
    if (Node.isImportSpecifier(n) || Node.isExportSpecifier(n) || Node.isImportClause(n) || Node.isNamespaceImport(n)
      || Node.isImportEqualsDeclaration(n) || Node.isNamespaceExport(n)) return true;
    if (Node.isJSDoc(n) || Node.isJSDocTag(n)) return true;
    if (Node.isExportAssignment(n)) return Node.isIdentifier(n.getExpression()) && n.getExpression() === ref;
    if (Node.isStatement(n) || Node.isExpression(n) && !Node.isIdentifier(n) && !Node.isQualifiedName(n)) return false;
  }
  return false;
}

/** Contexts where a function value is handed on, to be called later by code we cannot see. */
export function escapes(outer: Node, parent: Node): boolean {
  if (Node.isReturnStatement(parent) || Node.isArrayLiteralExpression(parent) || Node.isSpreadElement(parent)
    || Node.isYieldExpression(parent) || Node.isJsxExpression(parent) || Node.isParameterDeclaration(parent)
    || Node.isBindingElement(parent) || Node.isSpreadAssignment(parent)) return true;
  if (Node.isArrowFunction(parent) && parent.getBody() === outer) return true;
  if (Node.isConditionalExpression(parent)) return parent.getCondition() !== outer;
  if (Node.isBinaryExpression(parent)) {
    const op = parent.getOperatorToken().getKind();
    if (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken) return true;
    if (op === SyntaxKind.AmpersandAmpersandToken) return parent.getRight() === outer;
    // written to (`obj.load = other`), the property's old value goes nowhere
    return (op === SyntaxKind.EqualsToken || op === SyntaxKind.BarBarEqualsToken || op === SyntaxKind.QuestionQuestionEqualsToken) && parent.getRight() === outer;
  }
  return false;
}

export function isAwaitedCall(call: Node): boolean {
  const outer = skipOuterExpressionsUp(call);
  return Node.isAwaitExpression(outer.getParent());
}

/**
 * `a?.load().x`: the call is inside an optional chain that goes on without a `?.` of its own, so
 * `(await a?.load()).x` would throw where the chain short-circuited. (`load()?.x` and `a?.load()?.x` are fine.)
 */
export function continuesOptionalChain(call: Node): boolean {
  const parent = call.getParent();
  if (parent === undefined || (call.compilerNode.flags & ts.NodeFlags.OptionalChain) === 0) return false;
  const p = parent.compilerNode;
  const continues = (ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p) || ts.isCallExpression(p)) && p.expression === call.compilerNode;
  return continues && (p.flags & ts.NodeFlags.OptionalChain) !== 0 && (p as { questionDotToken?: ts.Node }).questionDotToken === undefined;
}

export function skipInnerExpressions(node: Node): Node {
  let n = node;
  while (Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isSatisfiesExpression(n) || Node.isTypeAssertion(n)) n = n.getExpression();
  return n;
}

/** The function a callee expression names: through parentheses and compiled code's `(0, util_1.load)` comma. */
export function calledExpression(callee: Node): Node {
  let n = callee;
  for (;;) {
    if (Node.isParenthesizedExpression(n)) n = n.getExpression();
    else if (Node.isBinaryExpression(n) && n.getOperatorToken().getKind() === SyntaxKind.CommaToken) n = n.getRight();
    else return n;
  }
}

export function isConst(declaration: Node): boolean {
  const list = declaration.getParent();
  return Node.isVariableDeclarationList(list) && (list.compilerNode.flags & ts.NodeFlags.Const) !== 0;
}

export function isReassigned(declaration: Node, references: ReferenceFinder): boolean {
  const name = (declaration as never as { getNameNode(): Node }).getNameNode();
  return references.find(name).some((ref) => {
    const parent = ref.getParent();
    return parent !== undefined && Node.isBinaryExpression(parent) && parent.getLeft() === ref
      && parent.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment && parent.getOperatorToken().getKind() <= SyntaxKind.LastAssignment;
  });
}

/** Why `fn` cannot turn async where `new` takes it: as the constructor itself (`isCallee`), or as an argument. */
export function newArgumentReason(expression: Node, fn: FunctionLike, isCallee = false): string {
  const callee = (expression as never as { getExpression(): Node }).getExpression().getText();
  if (isCallee) {
    return `${describeFunction(fn)} would become async, and \`new ${callee}\` constructs with it: a constructor cannot be async: `
      + 'move what awaits out of it, into an async factory or init() method, by hand';
  }
  if (callee === 'Promise') {
    return `a Promise executor cannot be async (its rejections would be lost): do the awaiting before \`new Promise\`, or replace the executor's callback API with its promise form`;
  }
  return `${describeFunction(fn)} becomes async and is passed to \`new ${callee}\`, which does not await it: migrate by hand`;
}

export function callbackReason(call: CallExpression, fn: FunctionLike, checker: ts.TypeChecker): string {
  const callee = call.getExpression();
  const named = calledExpression(callee);
  const declaration = symbolAt(checker, Node.isPropertyAccessExpression(named) ? named.getNameNode().compilerNode : named.compilerNode)?.declarations?.[0];
  const text = callee.getText().length > 40 ? `${callee.getText().slice(0, 40)}…` : callee.getText();
  if (declaration === undefined) {
    return `${describeFunction(fn)} becomes async and is passed to \`${text}\`, which the type checker cannot resolve (its value is untyped, or its package is not installed): nothing shows that it awaits its callback: give it a type and migrate again, or migrate by hand`;
  }
  // declared in a declaration file beside the project's own code (compiled output): the project's function all the same
  const declaring = call.getProject().getSourceFile(declaration.getSourceFile().fileName);
  const declaredFor = declaring === undefined ? undefined : sourceBehind(declaring);
  if (declaredFor !== undefined && isOwnFile(declaredFor)) {
    return `${describeFunction(fn)} becomes async and is passed to \`${text}\`, the project's own function (in ${declaredFor.getBaseName()}, declared in ${basename(declaration.getSourceFile().fileName)}), whose calls of it are not followed from there: make \`${text}\` await its callback, then migrate`;
  }
  if (!declaration.getSourceFile().isDeclarationFile && !/[\\/]node_modules[\\/]/.test(declaration.getSourceFile().fileName)) {
    return `${describeFunction(fn)} becomes async and is passed to \`${text}\`, which calls it without awaiting: make \`${text}\` await its callback, then migrate`;
  }
  return `${describeFunction(fn)} becomes async and is passed to \`${text}\`, which ignores the promise it would return: keep it synchronous here, or catch its errors in an async wrapper by hand`;
}

export function usesOwnThisOrArguments(body: Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (node.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(node) && node.text === 'arguments')) {
      found = true;
      return;
    }
    // a nested non-arrow function has its own `this` and `arguments`
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node) || ts.isClassLike(node)) return;
    ts.forEachChild(node, visit);
  };
  visit(body.compilerNode);
  return found;
}

export function hasFunctionScopedDeclarations(body: Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) === 0) found = true;
    if (ts.isFunctionDeclaration(node)) found = true;
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body.compilerNode, visit);
  return found;
}

/** The return statements of a function body, not of functions nested in it. */
export function ownReturns(body: Node): Array<Node & { getExpression(): Node | undefined }> {
  const found: Array<Node & { getExpression(): Node | undefined }> = [];
  body.forEachDescendant((node, traversal) => {
    if (isFunctionLike(node) || Node.isClassDeclaration(node) || Node.isClassExpression(node)
      || Node.isGetAccessorDeclaration(node) || Node.isSetAccessorDeclaration(node) || Node.isConstructorDeclaration(node)) {
      traversal.skip();
      return;
    }
    if (Node.isReturnStatement(node)) found.push(node);
  });
  return found;
}

export function isInsideInnerLoop(node: Node, body: Node): boolean {
  for (let n = node.getParent(); n !== undefined && n !== body; n = n.getParent()) {
    if (Node.isIterationStatement(n)) return true;
  }
  return false;
}

/**
 * `require('./this-file')` calls in the project's own JavaScript and TypeScript files. The project is
 * walked once per type checker (one per run), and the calls are filed under the file they load.
 */
export function requireCallsOf(file: SourceFile, checker: ts.TypeChecker, host: { isOwn(file: SourceFile): boolean }): CallExpression[] {
  let index = REQUIRE_CALLS.get(checker);
  if (index === undefined) REQUIRE_CALLS.set(checker, index = indexRequireCalls(file.getProject().getSourceFiles(), checker, host));
  return index.get(file.compilerNode) ?? [];
}

const REQUIRE_CALLS = new WeakMap<ts.TypeChecker, Map<ts.SourceFile, CallExpression[]>>();

function indexRequireCalls(files: readonly SourceFile[], checker: ts.TypeChecker, host: { isOwn(file: SourceFile): boolean }): Map<ts.SourceFile, CallExpression[]> {
  const index = new Map<ts.SourceFile, CallExpression[]>();
  for (const other of files) {
    if (!host.isOwn(other) || !other.getFullText().includes('require')) continue;
    other.forEachDescendant((node) => {
      if (!Node.isCallExpression(node)) return;
      const callee = node.getExpression();
      const [arg] = node.getArguments();
      if (!Node.isIdentifier(callee) || callee.getText() !== 'require' || arg === undefined || !Node.isStringLiteral(arg)) return;
      const target = checker.getSymbolAtLocation(arg.compilerNode)?.valueDeclaration?.getSourceFile();
      if (target === undefined) return;
      const calls = index.get(target);
      if (calls === undefined) index.set(target, [node]);
      else calls.push(node);
    });
  }
  return index;
}

/**
 * A `require()` of a CommonJS module whose value the type checker loses, so that calls through it go
 * unseen: assigned to a variable declared apart (`var core; core = require('./mode.js')`, as isexe
 * does), passed on, chosen by a condition. A require held by a declaration, read at once
 * (`require('./a').f`, `require('./a')(…)`), re-exported or made for its side effects is followed.
 */
export function hiddenRequireOf(file: SourceFile, checker: ts.TypeChecker, host: { isOwn(file: SourceFile): boolean }): CallExpression | undefined {
  if ((file.compilerNode as { commonJsModuleIndicator?: ts.Node }).commonJsModuleIndicator === undefined) return undefined;
  return requireCallsOf(file, checker, host).find((call) => {
    const outer = skipOuterExpressionsUp(call);
    const holder = outer.getParent();
    if (holder === undefined || Node.isExpressionStatement(holder) || Node.isPropertyAccessExpression(holder)) return false;
    if (Node.isVariableDeclaration(holder)) return false;
    // `require('./a')(…)` is followed; `wrap(require('./a'))` hands the module on
    if (Node.isCallExpression(holder)) return holder.getExpression() !== outer;
    const exported = Node.isBinaryExpression(holder) && holder.getOperatorToken().getKind() === SyntaxKind.EqualsToken
      && /^(module\.exports|exports)(\.|$)/.test(holder.getLeft().getText());
    return !exported;
  });
}

export function freshName(file: SourceFile, base: string): string {
  const used = namesUsedIn(file);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

export function shortPath(path: string): string {
  const m = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(path);
  return m?.[1] ?? path.split(/[\\/]/).slice(-2).join('/');
}

/** `exports.f`, `module.exports.f` → `f`; `module.exports` → null; anything else: undefined. */
export function exportTarget(left: Node): string | null | undefined {
  return exportTargetOf(left.compilerNode, left.getSourceFile().compilerNode);
}

/** `exportTarget` on the compiler's nodes. */
export function exportTargetOf(left: ts.Node, sourceFile: ts.SourceFile): string | null | undefined {
  if (left.getText(sourceFile) === 'module.exports') return null;
  if (ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.name) && /^(module\.)?exports$/.test(left.expression.getText(sourceFile))) return left.name.text;
  return undefined;
}
