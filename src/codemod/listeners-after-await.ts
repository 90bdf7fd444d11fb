import { ts } from '#ts-morph';

/**
 * An `await` lets the event loop run before the code after it. A listener attached after a new `await`
 * to an emitter that was already at work before it (`stream.end(); await readFile(p); stream.on('close', …)`)
 * misses what the emitter emits meanwhile, where the synchronous code attached it in time: the migration
 * would change behaviour. Such a place is found here, to block the migration group with its reason.
 *
 * "At work" is narrow on purpose, so that the common handler shape (`await load(); req.on('data', …)`,
 * where the request waits, paused, for its listener) still migrates: the emitter is created by the
 * function before the await, or one of its methods is called there, or it is handed to a call there.
 */

const ATTACHING = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);

/** `x.on(…)` and the like. */
type Attaching = ts.CallExpression & { expression: ts.PropertyAccessExpression };

function isAttaching(node: ts.Node): node is Attaching {
  return ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ATTACHING.has(node.expression.name.text);
}

export interface LateListener {
  /** The call that attaches the listener. */
  call: ts.CallExpression;
  /** The receiver, as written (`stream`, `this.child`). */
  emitter: string;
  /** Why the migration cannot go on: the marker's text. */
  reason: string;
}

/** Files whose text names no attaching method at all: most, and they are not searched. */
const MAY_ATTACH = /\.\s*(?:on|once|addListener|prependListener|prependOnceListener|addEventListener)\s*\(/;
const mayAttach = new WeakMap<ts.SourceFile, boolean>();

/** Whether the text of `file` may attach a listener (a cheap test before the search of its syntax). */
export function fileMayAttach(file: ts.SourceFile): boolean {
  let may = mayAttach.get(file);
  if (may === undefined) mayAttach.set(file, may = MAY_ATTACH.test(file.text));
  return may;
}

/** The first listener attached, after an `await` placed at `at`, to an emitter already at work before it. */
export function lateListener(at: ts.Node): LateListener | undefined {
  const fn = enclosingFunction(at);
  const body = ts.isSourceFile(fn) ? fn : (fn as ts.FunctionLikeDeclaration).body;
  if (body === undefined || !ts.isBlock(body) && !ts.isSourceFile(body)) return undefined;
  if (!attaches(fn)) return undefined;
  const awaitAt = at.getStart();
  for (const call of attachmentsAfter(at, fn)) {
    const emitter = receiverText(call);
    if (emitter === undefined) continue;
    const use = atWorkBefore(body, emitter, awaitAt);
    // no line numbers: a marker must read the same when a second run finds it, other markers above or not
    if (use !== undefined) {
      return {
        call,
        emitter,
        reason: `\`${call.expression.getText()}(…)\` attaches a listener to \`${emitter}\` after the new \`await\` of \`${shortText(at)}\`, `
          + `and \`${emitter}\` is at work before it (\`${shortText(use)}\`): what it emits while awaiting would be missed: `
          + 'attach the listener before the await, then migrate',
      };
    }
  }
  return undefined;
}

function enclosingFunction(node: ts.Node): ts.Node {
  let current = node.parent;
  while (!ts.isSourceFile(current) && !ts.isFunctionLike(current)) current = current.parent;
  return current;
}

/** Per function (or file), whether it attaches a listener anywhere: most do not, and are not searched again. */
const attaching = new WeakMap<ts.Node, boolean>();

function attaches(fn: ts.Node): boolean {
  let found = attaching.get(fn);
  if (found === undefined) {
    found = false;
    const visit = (node: ts.Node): void => {
      if (found || ts.isClassLike(node) || (node !== fn && ts.isFunctionLike(node))) return;
      if (isAttaching(node)) found = true;
      else ts.forEachChild(node, visit);
    };
    visit(fn);
    attaching.set(fn, found);
  }
  return found;
}

/** The listener attachments in the statements that run after `at` in its function (not in nested functions). */
function attachmentsAfter(at: ts.Node, fn: ts.Node): Attaching[] {
  const found: Attaching[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (isAttaching(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  for (let node = at; node !== fn && node.parent !== undefined; node = node.parent) {
    const parent = node.parent;
    const statements = ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseClause(parent) || ts.isDefaultClause(parent) ? parent.statements : undefined;
    if (statements === undefined) continue;
    for (const statement of statements.slice(statements.indexOf(node as ts.Statement) + 1)) visit(statement);
  }
  return found;
}

/** `stream` of `stream.on(…)`, `this.child` of `this.child.once(…)`: an identifier or a plain property chain. */
function receiverText(call: Attaching): string | undefined {
  const receiver = call.expression.expression;
  const plain = (node: ts.Expression): boolean => ts.isIdentifier(node) || node.kind === ts.SyntaxKind.ThisKeyword
    || (ts.isPropertyAccessExpression(node) && plain(node.expression));
  return plain(receiver) ? receiver.getText() : undefined;
}

/**
 * Where, in `body` before `end`, one of the emitter's methods is called or the emitter is handed to a
 * call, or else where it is created (a declaration with an initialiser, or an assignment, of something
 * that may be an emitter: `let stream = null` is none).
 */
function atWorkBefore(body: ts.Node, emitter: string, end: number): ts.Node | undefined {
  let used: ts.Node | undefined;
  let created: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (used !== undefined || node.getStart() >= end) return;
    if (node !== body && (ts.isFunctionLike(node) || ts.isClassLike(node))) return;
    if (ts.isVariableDeclaration(node) && node.initializer !== undefined && node.name.getText() === emitter) {
      if (mayBeEmitter(node.initializer)) created ??= node;
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && node.left.getText() === emitter) {
      if (mayBeEmitter(node.right)) created ??= node;
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.expression.getText() === emitter && !isAttaching(node)) used = node;
      else if (node.arguments.some((a) => a.getText() === emitter)) used = node;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return used ?? created;
}

/** Anything but `null`, `undefined`, `void …` and other literals, which emit nothing. */
function mayBeEmitter(value: ts.Expression): boolean {
  let inner = value;
  while (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isNonNullExpression(inner) || ts.isSatisfiesExpression(inner)
    || ts.isTypeAssertionExpression(inner)) inner = inner.expression;
  if (ts.isIdentifier(inner)) return inner.text !== 'undefined';
  return !(ts.isVoidExpression(inner) || ts.isLiteralExpression(inner) || ts.isNoSubstitutionTemplateLiteral(inner)
    || inner.kind === ts.SyntaxKind.NullKeyword || inner.kind === ts.SyntaxKind.TrueKeyword || inner.kind === ts.SyntaxKind.FalseKeyword);
}

/** `f(…)` for a call (or the call that starts with `node`), `x = new Y(…)` for a declaration. */
function shortText(node: ts.Node): string {
  let call = node;
  while (!isCall(call) && call.parent !== undefined && !ts.isStatement(call.parent) && call.parent.getStart() === node.getStart()) call = call.parent;
  if (isCall(call)) return `${ts.isNewExpression(call) ? 'new ' : ''}${call.expression.getText().slice(0, 50)}(…)`;
  if (ts.isVariableDeclaration(node) && node.initializer !== undefined) return `${node.name.getText()} = ${shortText(node.initializer)}`;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) return `${node.left.getText()} = ${shortText(node.right)}`;
  return node.getText().slice(0, 50);
}

function isCall(node: ts.Node): node is ts.CallExpression | ts.NewExpression {
  return ts.isCallExpression(node) || ts.isNewExpression(node);
}
