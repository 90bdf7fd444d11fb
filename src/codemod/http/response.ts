import { Node, SyntaxKind } from '#ts-morph';
import type { CallExpression, Identifier } from 'ts-morph';
import type { TextEdit } from '../types.js';
import {
  asOperand, awaitEdits, awaitNeedsParens, evaluatedUnconditionally, globalReference, insert, isWriteReference, referencesInFile,
  staticText, statementInList,
} from './syntax.js';

/**
 * Where the response of a sync HTTP call goes, and how each use of it reads once the response is a
 * fetch Response: body reads are awaited, sync-request's own names (statusCode, getBody, headers[…])
 * take fetch's. A response that leaves the function's sight (returned, passed on, stored) is refused.
 */

export type Holder =
  | { kind: 'discarded' }
  | { kind: 'chained'; use: Node }
  | { kind: 'variable'; name: Identifier };

export type Found<T> = T | { refuse: string };

/** Where the call's value goes. */
export function holderOf(call: CallExpression): Found<Holder> {
  let node: Node = call;
  while (Node.isParenthesizedExpression(node.getParent())) node = node.getParentOrThrow();
  const parent = node.getParentOrThrow();
  if (Node.isExpressionStatement(parent)) return { kind: 'discarded' };
  if ((Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) && parent.getExpression() === node) {
    return { kind: 'chained', use: parent };
  }
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === node) {
    const name = parent.getNameNode();
    if (!Node.isIdentifier(name)) return { refuse: escapes('is destructured') };
    return singleWrite(name, parent.getInitializer()!) ?? { kind: 'variable', name };
  }
  if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken
    && parent.getRight() === node && Node.isExpressionStatement(parent.getParent())) {
    const left = parent.getLeft();
    const declaration = Node.isIdentifier(left) ? left.getSymbol()?.getValueDeclaration() : undefined;
    if (declaration === undefined || !Node.isVariableDeclaration(declaration) || declaration.getInitializer() !== undefined) {
      return { refuse: escapes('is stored somewhere other than a local variable') };
    }
    const name = declaration.getNameNode();
    if (!Node.isIdentifier(name)) return { refuse: escapes('is stored in a destructuring target') };
    return singleWrite(name, node) ?? { kind: 'variable', name };
  }
  return { refuse: escapes(describeEscape(parent, node)) };
}

function singleWrite(name: Identifier, value: Node): { refuse: string } | undefined {
  const writes = referencesInFile(name).filter(isWriteReference);
  const assignedHere = writes.filter((w) => {
    const assignment = w.getParent();
    return Node.isBinaryExpression(assignment) && assignment.getRight() === value;
  });
  return writes.length === assignedHere.length ? undefined
    : { refuse: escapes(`is assigned to \`${name.getText()}\`, which also holds other values`) };
}

function escapes(how: string): string {
  return `the response ${how}: its synchronous body methods would become promises where unblock cannot follow them; migrate this call by hand`;
}

function describeEscape(parent: Node, node: Node): string {
  if (Node.isReturnStatement(parent) || Node.isArrowFunction(parent)) return 'is returned';
  if (Node.isCallExpression(parent) || Node.isNewExpression(parent)) return `is passed to \`${parent.getExpression().getText()}\``;
  if (Node.isAwaitExpression(parent)) return 'is already awaited';
  if (Node.isPropertyAssignment(parent) || Node.isArrayLiteralExpression(parent)) return 'is stored in an object or array';
  if (Node.isBinaryExpression(parent)) return parent.getLeft() === node ? 'is compared or combined' : 'is stored in a property';
  return `is used as \`${parent.getText().slice(0, 40)}\``;
}

/** The uses of a response: property reads whose object is the response. */
export function usesOf(holder: Holder): Found<Node[]> {
  if (holder.kind === 'discarded') return [];
  if (holder.kind === 'chained') return [holder.use];
  const uses: Node[] = [];
  for (const ref of referencesInFile(holder.name)) {
    if (isWriteReference(ref) || isDeclarationName(ref)) continue;
    const parent = ref.getParentOrThrow();
    if ((Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) && parent.getExpression() === ref) {
      uses.push(parent);
      continue;
    }
    return { refuse: escapes(describeEscape(parent, ref)) };
  }
  return uses;
}

function isDeclarationName(ref: Node): boolean {
  const parent = ref.getParent();
  return Node.isVariableDeclaration(parent) && parent.getNameNode() === ref;
}

const BODY_METHODS = new Set(['json', 'text', 'arrayBuffer', 'blob', 'formData']);
const SAME_PROPERTIES = new Set(['ok', 'status', 'statusText', 'url', 'redirected', 'type', 'bodyUsed']);
const HEADER_METHODS = new Set(['get', 'has', 'forEach', 'entries', 'keys', 'values', 'getSetCookie']);

/** The name of a property read (`res.x`, `res['x']`), if static. */
function memberName(use: Node): string | undefined {
  if (Node.isPropertyAccessExpression(use)) return use.getName();
  if (Node.isElementAccessExpression(use)) return staticText(use.getArgumentExpression());
  return undefined;
}

/** The call `use(...)` when the use is called directly. */
function calledWith(use: Node): CallExpression | undefined {
  const parent = use.getParent();
  return Node.isCallExpression(parent) && parent.getExpression() === use ? parent : undefined;
}

function isWritten(use: Node): boolean {
  return isWriteReference(use) || Node.isDeleteExpression(use.getParent());
}

/** The name token of a property access, to rename it in place. */
function nameRange(use: Node): { start: number; end: number } | undefined {
  if (Node.isPropertyAccessExpression(use)) return { start: use.getNameNode().getStart(), end: use.getEnd() };
  if (Node.isElementAccessExpression(use)) {
    const arg = use.getArgumentExpression();
    return arg === undefined ? undefined : { start: arg.getStart(), end: arg.getEnd() };
  }
  return undefined;
}

/** sync-fetch: the Response mirrors fetch's, but its body methods return values, not promises. */
export function syncFetchUseEdits(use: Node): Found<TextEdit[]> {
  const name = memberName(use);
  const call = calledWith(use);
  if (name === undefined || isWritten(use)) return { refuse: escapes(`is used as \`${use.getText()}\``) };
  if (call !== undefined && BODY_METHODS.has(name)) return awaitEdits(call);
  if (call !== undefined && name === 'buffer') {
    const range = nameRange(use)!;
    return [insert(call.getStart(), `${globalReference(use, 'Buffer', 'value')}.from(await `),
      { ...range, text: Node.isPropertyAccessExpression(use) ? 'arrayBuffer' : "'arrayBuffer'" }, insert(call.getEnd(), ')')];
  }
  if (call === undefined && SAME_PROPERTIES.has(name)) return [];
  if (name === 'headers' && call === undefined) {
    const parent = use.getParent();
    const method = parent !== undefined && (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent))
      && parent.getExpression() === use ? memberName(parent) : undefined;
    if (method !== undefined && HEADER_METHODS.has(method) && calledWith(parent!) !== undefined) return [];
    return { refuse: `\`${use.getParent()?.getText() ?? use.getText()}\` uses sync-fetch's headers beyond get/has/forEach: fetch's Headers has no raw()` };
  }
  if (name === 'body') return { refuse: 'the response body is read as a stream: sync-fetch gives a Node stream, fetch a web ReadableStream' };
  return { refuse: escapes(`is used as \`${use.getText()}\``) };
}

export interface BodyRead {
  /** The expression that reads the body (`res.getBody('utf8')`, or `JSON.parse(…)` around it). */
  node: Node;
  /** Its statement, before which the status check goes; undefined for `res.body` (no check). */
  checkBefore?: Node;
}

/**
 * sync-request: statusCode, headers as a plain object, body, getBody() that throws on a status >= 300.
 * `check` is the statement-level status check to put before a getBody's statement, written for `res`.
 */
export function syncRequestUseEdits(use: Node, res: string): Found<{ edits: TextEdit[]; bodyRead?: BodyRead }> {
  const name = memberName(use);
  const call = calledWith(use);
  if (name === undefined || isWritten(use)) return { refuse: escapes(`is used as \`${use.getText()}\``) };
  const range = nameRange(use);
  if (name === 'statusCode' && call === undefined && range !== undefined) {
    return { edits: [{ ...range, text: Node.isPropertyAccessExpression(use) ? 'status' : "'status'" }] };
  }
  if (name === 'url' && call === undefined) return { edits: [] };
  if (name === 'isError' && call !== undefined && call.getArguments().length === 0) {
    return { edits: [{ start: call.getStart(), end: call.getEnd(), text: asOperand(call, `${res}.status >= 400`) }] };
  }
  if (name === 'headers' && call === undefined) return headerEdits(use, res);
  if (name === 'body' && call === undefined) {
    const buffer = globalReference(use, 'Buffer', 'value');
    return { edits: [{ start: use.getStart(), end: use.getEnd(), text: `${buffer}.from(await ${res}.arrayBuffer())` }], bodyRead: { node: use } };
  }
  if (name === 'getBody' && call !== undefined) return getBodyEdits(call, res);
  return { refuse: `\`${use.getText()}\` has no fetch counterpart that unblock maps: migrate this call by hand` };
}

/** `res.headers['content-type']` → `res.headers.get('content-type') ?? undefined` (a missing header stays undefined). */
function headerEdits(use: Node, res: string): Found<{ edits: TextEdit[] }> {
  const parent = use.getParentOrThrow();
  const header = (Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) && parent.getExpression() === use
    ? memberName(parent) : undefined;
  if (header === undefined || isWritten(parent) || calledWith(parent) !== undefined) {
    return { refuse: 'the response headers are used as a whole object; fetch gives a Headers instance: read them with headers.get(name)' };
  }
  const lower = header.toLowerCase();
  if (lower === 'set-cookie') return { refuse: 'set-cookie is an array in sync-request: read it with res.headers.getSetCookie()' };
  const read = `${res}.headers.get('${lower.replace(/['\\]/g, '\\$&')}')`;
  return { edits: [{ start: parent.getStart(), end: parent.getEnd(), text: treatsNullAsUndefined(parent) ? read : asOperand(parent, `${read} ?? undefined`) }] };
}

/** Positions where null and undefined act alike, so `?? undefined` would be noise. */
function treatsNullAsUndefined(node: Node): boolean {
  const parent = node.getParent();
  if (parent === undefined) return false;
  if (Node.isIfStatement(parent) || Node.isWhileStatement(parent) || Node.isDoStatement(parent)) return parent.getExpression() === node;
  if (Node.isConditionalExpression(parent)) return parent.getCondition() === node;
  if (Node.isPrefixUnaryExpression(parent)) return parent.getOperatorToken() === SyntaxKind.ExclamationToken;
  if (Node.isBinaryExpression(parent)) {
    const op = parent.getOperatorToken().getKind();
    return parent.getLeft() === node && (op === SyntaxKind.BarBarToken || op === SyntaxKind.QuestionQuestionToken || op === SyntaxKind.AmpersandAmpersandToken);
  }
  return false;
}

/**
 * `res.getBody('utf8')` → `await res.text()`, `JSON.parse(res.getBody('utf8'))` → `await res.json()`,
 * `res.getBody()` → a Buffer; getBody's throw on a status >= 300 becomes an explicit check before the
 * statement, so it must run whenever that statement does.
 */
function getBodyEdits(call: CallExpression, res: string): Found<{ edits: TextEdit[]; bodyRead: BodyRead }> {
  const args = call.getArguments();
  const encoding = args[0] === undefined ? undefined : staticText(args[0]);
  if (args.length > 1 || (args[0] !== undefined && encoding === undefined)) {
    return { refuse: `getBody(${args.map((a) => a.getText()).join(', ')}): the encoding is not a string literal` };
  }
  const parse = jsonParseAround(call);
  const node = parse ?? call;
  const statement = statementInList(node);
  if (statement === undefined || !evaluatedUnconditionally(node, statement)) {
    return { refuse: 'getBody() throws on an error status, and here no check can go right before it: move it into a statement of its own' };
  }
  const buffer = globalReference(call, 'Buffer', 'value');
  const utf8 = encoding !== undefined && /^utf-?8$/i.test(encoding);
  const text = parse !== undefined && (utf8 || encoding === undefined) ? `await ${res}.json()`
    : utf8 ? `await ${res}.text()`
    : encoding === undefined ? `${buffer}.from(await ${res}.arrayBuffer())`
    : `${buffer}.from(await ${res}.arrayBuffer()).toString('${encoding}')`;
  const replacement = text.startsWith('await') && awaitNeedsParens(node) ? `(${text})` : text;
  return { edits: [{ start: node.getStart(), end: node.getEnd(), text: replacement }], bodyRead: { node, checkBefore: statement } };
}

/** `JSON.parse(x)` with the global JSON, x being the call. */
function jsonParseAround(call: CallExpression): CallExpression | undefined {
  const parent = call.getParent();
  if (!Node.isCallExpression(parent) || parent.getArguments().length !== 1 || parent.getArguments()[0] !== call) return undefined;
  const callee = parent.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'parse') return undefined;
  const json = callee.getExpression();
  return Node.isIdentifier(json) && json.getText() === 'JSON' && globalReference(json, 'JSON', 'value') === 'JSON' ? parent : undefined;
}

/** The check getBody made: it threw on a status >= 300 with the body in the message and the status on the error. */
export function statusCheck(res: string, indent: string): string {
  return `if (!${res}.ok) throw Object.assign(new Error(\`Server responded to \${${res}.url} with status code \${${res}.status}:\\n\${await ${res}.text()}\`), { statusCode: ${res}.status });\n${indent}`;
}
