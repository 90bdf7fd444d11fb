import { Node, SyntaxKind, ts } from '#ts-morph';
import type { ArrowFunction, FunctionDeclaration, FunctionExpression, MethodDeclaration, SourceFile } from 'ts-morph';
import type { TextEdit } from './types.js';
import { wrap } from './wrap.js';

/** Functions that can become `async`. */
export type FunctionLike = FunctionDeclaration | FunctionExpression | ArrowFunction | MethodDeclaration;

export function isFunctionLike(node: Node): node is FunctionLike {
  return Node.isFunctionDeclaration(node) || Node.isFunctionExpression(node) || Node.isArrowFunction(node)
    || Node.isMethodDeclaration(node);
}

/** Where an `await` placed at some node ends up: a function that must be async, or the module's top level. */
export type Container =
  | { kind: 'function'; fn: FunctionLike }
  | { kind: 'top-level'; file: SourceFile }
  | { kind: 'blocked'; reason: string };

/**
 * The function (or module top level) whose body `node` runs in. Constructors, accessors, class field
 * initialisers, static blocks, parameter defaults and generators cannot hold an `await`.
 */
export function containerOf(node: Node, noTopLevelAwait: (file: SourceFile) => string | undefined): Container {
  // up the compiler's nodes: only the container is wrapped (see wrap.ts)
  const file = node.getSourceFile();
  let child: ts.Node = node.compilerNode;
  for (let n = child.parent; n !== undefined; child = n, n = n.parent) {
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isArrowFunction(n) || ts.isMethodDeclaration(n)) {
      if (n.parameters.some((p) => p === child)) {
        return { kind: 'blocked', reason: 'a parameter default cannot await: compute the value in the function body instead' };
      }
      if (ts.isMethodDeclaration(n) && n.name === child) {
        return { kind: 'blocked', reason: 'a computed member name cannot await: compute the name before the class' };
      }
      const fn = wrap(file, n) as FunctionLike;
      const constructs = ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) ? constructorUse(n, file.compilerNode) : undefined;
      if (constructs !== undefined) {
        return {
          kind: 'blocked',
          reason: `${describeFunction(fn)} is a constructor function (${constructs}), and \`new\` cannot call an async function: `
            + 'move what awaits out of it, into an async factory or init() method, by hand',
        };
      }
      if (!ts.isArrowFunction(n) && n.asteriskToken !== undefined) {
        return {
          kind: 'blocked',
          reason: `the generator ${describeFunction(fn)} cannot await: make it an async generator and consume it with \`for await\` by hand`,
        };
      }
      return { kind: 'function', fn };
    }
    if (ts.isConstructorDeclaration(n)) {
      return { kind: 'blocked', reason: 'a constructor cannot await: move this call into an async factory (`static async create()`) or an async init() method' };
    }
    if (ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n)) {
      return { kind: 'blocked', reason: `the accessor \`${n.name.getText(file.compilerNode)}\` cannot be async: turn it into an async method` };
    }
    if (ts.isPropertyDeclaration(n) && n.initializer === child) {
      return { kind: 'blocked', reason: 'a class field initialiser cannot await: initialise the field in an async factory or init() method' };
    }
    if (ts.isClassStaticBlockDeclaration(n)) {
      return { kind: 'blocked', reason: 'a static block cannot await: move this code into an async function called at start-up' };
    }
    if (ts.isDecorator(n)) return { kind: 'blocked', reason: 'a decorator expression cannot await' };
    if (ts.isSourceFile(n)) {
      const reason = noTopLevelAwait(file);
      return reason === undefined ? { kind: 'top-level', file } : { kind: 'blocked', reason };
    }
  }
  return { kind: 'blocked', reason: 'no enclosing function' };
}

const constructorUses = new WeakMap<ts.Node, string | null>();

/**
 * Why a function reads as an old-style constructor, which whatever calls it with `new` (often outside the
 * project: a test runner instantiating a reporter) could no longer call once async: its name's
 * `prototype` is used, or it sets properties of `this` (or reads `new.target`) in its own body. Not for
 * a function in a method's place (an object's property, `X.prototype.m = function`, `this.m = function`)
 * nor one passed as an argument, whose `this` is an object's or the caller's.
 */
function constructorUse(fn: ts.FunctionDeclaration | ts.FunctionExpression, sf: ts.SourceFile): string | undefined {
  let use = constructorUses.get(fn);
  if (use === undefined) constructorUses.set(fn, use = findConstructorUse(fn, sf) ?? null);
  return use ?? undefined;
}

function findConstructorUse(fn: ts.FunctionDeclaration | ts.FunctionExpression, sf: ts.SourceFile): string | undefined {
  const parent = fn.parent;
  if (ts.isPropertyAssignment(parent) || ts.isCallExpression(parent) || ts.isNewExpression(parent)) return undefined;
  if (ts.isBinaryExpression(parent) && parent.right === fn && ts.isPropertyAccessExpression(parent.left)) {
    const owner = parent.left.expression;
    if (owner.kind === ts.SyntaxKind.ThisKeyword || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'prototype')) return undefined;
  }
  const name = fn.name?.text ?? (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : undefined);
  // `$` is an identifier's character and a pattern's
  // the plain search first: a pattern with a lookbehind scans every character of the file, for each function
  if (name !== undefined && sf.text.includes(`${name}.prototype`)
    && new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}\\.prototype\\b`).test(sf.text)) return `\`${name}.prototype\` is used`;
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined || (node !== fn.body && (ts.isFunctionLike(node) && !ts.isArrowFunction(node) || ts.isClassLike(node)))) return;
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)
      && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) found = `it sets \`${node.left.getText(sf)}\``;
    else if (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.NewKeyword) found = 'it reads `new.target`';
    else ts.forEachChild(node, visit);
  };
  // most functions name neither: their bodies need no walk
  const text = fn.body === undefined ? '' : sf.text.slice(fn.body.pos, fn.body.end);
  if (fn.body !== undefined && (text.includes('this') || text.includes('new.target'))) visit(fn.body);
  return found;
}

/** `readConfig`, `Store#load`, `an arrow function`, for messages. */
export function describeFunction(fn: Node): string {
  if (Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn)) {
    const name = fn.getName();
    if (name !== undefined) return `\`${name}\``;
  }
  if (Node.isMethodDeclaration(fn)) {
    const owner = fn.getParent();
    const ownerName = Node.isClassDeclaration(owner) || Node.isClassExpression(owner) ? owner.getName() : undefined;
    return `\`${ownerName === undefined ? '' : `${ownerName}#`}${fn.getName()}\``;
  }
  const parent = skipOuterExpressionsUp(fn).getParent();
  if (parent !== undefined && (Node.isVariableDeclaration(parent) || Node.isPropertyAssignment(parent)
    || Node.isPropertyDeclaration(parent))) return `\`${parent.getName()}\``;
  // `exports.load = () => …`, `handlers.load = function () {}`: named by the property
  const target = assignmentTarget(fn);
  // `module.exports = function () {}`: the module's export, not a function named `exports`
  if (Node.isPropertyAccessExpression(target) && target.getText() === 'module.exports') return 'the function `module.exports`';
  if (Node.isPropertyAccessExpression(target)) return `\`${target.getName()}\``;
  return Node.isArrowFunction(fn) ? 'an arrow function' : 'a function expression';
}

/** What `value` is assigned to (`target = value`, through parentheses and the like), if it is. */
export function assignmentTarget(value: Node): Node | undefined {
  const outer = skipOuterExpressionsUp(value);
  const parent = outer.getParent();
  return Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken && parent.getRight() === outer
    ? parent.getLeft() : undefined;
}

/** The outermost expression that has the same value as `node`: through parentheses, `as`, `!`, `satisfies`. */
export function skipOuterExpressionsUp(node: Node): Node {
  let n = node;
  for (;;) {
    const parent = n.getParent();
    if (parent === undefined) return n;
    if (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent) || Node.isNonNullExpression(parent)
      || Node.isSatisfiesExpression(parent) || Node.isTypeAssertion(parent)) {
      n = parent;
      continue;
    }
    return n;
  }
}

/**
 * Whether `await <node>` must be parenthesised where `node` stands: when something binds tighter than a
 * unary operator around it (a member access, a call, `!`, the left of `**`).
 */
export function needsParentheses(node: Node): boolean {
  // on the compiler's nodes: a wrapper for each operator token asked about would cost more than the test
  const inner = node.compilerNode;
  const parent = inner.parent as ts.Node | undefined;
  if (parent === undefined) return false;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === inner) return true;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === inner) return true;
  if (ts.isTaggedTemplateExpression(parent) && parent.tag === inner) return true;
  if (ts.isNonNullExpression(parent)) return true;
  return ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && parent.left === inner;
}

/** The edits that put `await` before the expression `node`, parenthesising it when needed. */
export function awaitEdits(node: Node, keyword = 'await'): TextEdit[] {
  if (needsParentheses(node)) {
    return [{ start: node.getStart(), end: node.getStart(), text: `(${keyword} ` }, { start: node.getEnd(), end: node.getEnd(), text: ')' }];
  }
  return [{ start: node.getStart(), end: node.getStart(), text: `${keyword} ` }];
}

/** Whether `node`'s value is awaited already: `await node`, through parentheses. */
export function isAwaited(node: Node): boolean {
  let n: Node = node;
  while (Node.isParenthesizedExpression(n.getParentOrThrow())) n = n.getParentOrThrow();
  return Node.isAwaitExpression(n.getParentOrThrow());
}

/** The edit that adds `async` to a function. */
export function asyncEdit(fn: FunctionLike): TextEdit {
  let at: number;
  if (Node.isMethodDeclaration(fn)) at = fn.getNameNode().getStart();
  else if (Node.isArrowFunction(fn)) {
    const typeParams = fn.getTypeParameters();
    const first = typeParams[0];
    const params = fn.getFirstChildByKind(SyntaxKind.OpenParenToken);
    at = first !== undefined ? first.getStart() - 1 : params !== undefined ? params.getStart() : fn.getParameters()[0]!.getStart();
  } else {
    const sf = fn.getSourceFile().compilerNode;
    const keyword = fn.compilerNode.getChildren(sf).find((c) => c.kind === ts.SyntaxKind.FunctionKeyword);
    if (keyword === undefined) throw new Error(`no \`function\` keyword in ${fn.getKindName()} at ${fn.getSourceFile().getFilePath()}:${fn.getStartLineNumber()}`);
    at = keyword.getStart(sf);
  }
  return { start: at, end: at, text: 'async ' };
}

/**
 * The edits that make a declared return type `T` into `Promise<T>`: the TypeScript annotation, or a JSDoc
 * `@returns {T}` in a JavaScript file. None when there is no declared type (it is inferred). A type
 * predicate or an assertion signature cannot be async: the reason is returned instead.
 */
export function promiseReturnTypeEdits(node: Node): TextEdit[] | string {
  const sourceFile = node.getSourceFile().compilerNode;
  const inner = node.compilerNode;
  const typeNode = ts.isFunctionLike(inner) ? inner.type : undefined;
  if (typeNode !== undefined) {
    if (ts.isTypePredicateNode(typeNode)) return `the type guard ${describeFunction(node)} cannot be async: a promise of a boolean does not narrow`;
    return promiseOf(typeNode, sourceFile);
  }
  // `{Promise}`, `{Promise<T>}`, `{Promise.<T>}` (JSDoc's own generics), `{!Promise}`: a promise already
  return jsDocReturnTypes(node).flatMap((type) => promiseOf(ts.isJSDocNonNullableType(type) ? type.type : type, sourceFile));
}

/** The edits that turn the function type `(…) => T` into `(…) => Promise<T>`. */
export function functionTypeEdits(typeNode: Node): TextEdit[] | null {
  if (!Node.isFunctionTypeNode(typeNode)) return null;
  const ret = typeNode.compilerNode.type as ts.TypeNode | undefined;
  return ret === undefined ? null : promiseOf(ret, typeNode.getSourceFile().compilerNode);
}

/** The edits that make the type `T` into `Promise<T>`; none when it is a `Promise` already. */
function promiseOf(type: ts.TypeNode, sourceFile: ts.SourceFile): TextEdit[] {
  return ts.isTypeReferenceNode(type) && type.typeName.getText(sourceFile) === 'Promise' ? [] : wrapInPromise(type, sourceFile);
}

function wrapInPromise(type: ts.TypeNode, sourceFile: ts.SourceFile): TextEdit[] {
  const start = type.getStart(sourceFile);
  return [{ start, end: start, text: 'Promise<' }, { start: type.end, end: type.end, text: '>' }];
}

/**
 * The types of a JavaScript function's `@returns` tags, wherever TypeScript reads them: on the function,
 * or on what holds it (`/** @returns {T} *\/ const f = () => …`, a property, an assignment).
 */
function jsDocReturnTypes(node: Node): ts.TypeNode[] {
  if (!/\.[cm]?jsx?$/.test(node.getSourceFile().getFilePath())) return [];
  return ts.getAllJSDocTags(node.compilerNode, ts.isJSDocReturnTag).flatMap((tag) => tag.typeExpression?.type ?? []);
}

/** The statement (or class member) that holds `node`: where a marker comment goes. */
export function statementOf(node: Node): Node {
  let n: Node = node;
  for (let parent = n.getParent(); parent !== undefined; n = parent, parent = parent.getParent()) {
    if (Node.isBlock(parent) || Node.isSourceFile(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent)
      || Node.isModuleBlock(parent)) return n;
    if (Node.isClassDeclaration(parent) || Node.isClassExpression(parent)) return n;
  }
  return n;
}

/** `Node.isIterationStatement` for the kinds of loops ts-morph knows. */
export function isLoop(node: Node): boolean {
  return Node.isWhileStatement(node) || Node.isDoStatement(node) || Node.isForStatement(node)
    || Node.isForOfStatement(node) || Node.isForInStatement(node);
}

/** The leading indentation of the line `pos` is on. */
export function indentationAt(file: SourceFile, pos: number): string {
  const text = file.getFullText();
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, pos))?.[0] ?? '';
}

/**
 * The names a file binds or refers to (property names excepted): a new binding avoids all of them, so it
 * shadows nothing, not even a global the file uses.
 */
export function namesUsedIn(file: SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && !isPropertyName(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file.compilerNode);
  return names;
}

function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
  if (ts.isQualifiedName(parent)) return parent.right === node;
  return (ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)
    || ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent))
    && parent.name === node;
}
