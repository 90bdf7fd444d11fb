import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isFunctionNode, memberName, unwrapTs } from './promises-local.js';
import { PromiseSyntax } from './promises-syntax.js';
import type { PromiseTypes } from './promises-typed.js';
import type { Resolver } from './resolve.js';
import { walkWithParents } from './walk.js';

export { promiseTypes, type PromiseTypes } from './promises-typed.js';
export { PromiseSyntax } from './promises-syntax.js';

/**
 * Floating promises: promises made and then dropped, so that a rejection is unhandled (Node.js exits on
 * one by default) and the work is not waited for. Detection only: the rule no-floating-promises reports
 * what this finds, the floating-promises codemod rewrites it.
 */

export interface FloatingPromiseOptions {
  /** `void promise` marks a deliberate fire-and-forget. */
  ignoreVoid: boolean;
  /** `(async () => { … })()` statements are not reported. */
  ignoreIIFE: boolean;
  /** Report promise-returning callbacks given to forEach and to event listener registrations. */
  checkCallbacks: boolean;
}

export const DEFAULT_FLOATING_OPTIONS: Readonly<FloatingPromiseOptions> = { ignoreVoid: true, ignoreIIFE: false, checkCallbacks: true };

/** A promise (or array of promises) an expression statement drops. */
export interface FloatingExpression {
  kind: 'expression';
  /** The dropped value: the statement's expression or one arm of its `,` `?:` `&&` `||` `??`. */
  node: TSESTree.Expression;
  statement: TSESTree.ExpressionStatement;
  /** An array of promises (`items.map(async …)`), not a promise. */
  array: boolean;
  /** With `ignoreVoid: false`, the `void` operator that drops `node`. */
  voidOperator: TSESTree.UnaryExpression | null;
}

/** A promise-returning callback given to an API that ignores what it returns. */
export interface DroppedCallback {
  kind: 'callback';
  /** The callback argument. */
  node: TSESTree.Expression;
  call: TSESTree.CallExpression;
  api: 'forEach' | 'listener';
  /** The method called: `forEach`, `on`, `addEventListener`, … */
  method: string;
}

export type FloatingPromise = FloatingExpression | DroppedCallback;

/** Event emitter and DOM registrations: none of them awaits or catches what a listener returns. */
export const LISTENER_METHODS: ReadonlySet<string> = new Set([
  'on', 'once', 'addListener', 'addEventListener', 'prependListener', 'prependOnceListener',
]);

/**
 * Finds floating promises in one file. With `types` (type information) the checker decides what is a
 * promise, thenables included; without, or where the checker has only `any`, the file's syntax does
 * (see PromiseSyntax). The checker is asked only about what expression statements drop and about
 * callbacks of forEach and listener registrations.
 */
export class FloatingPromiseFinder {
  readonly syntax: PromiseSyntax;
  readonly options: Readonly<FloatingPromiseOptions>;

  constructor(
    sourceCode: Readonly<TSESLint.SourceCode>,
    options: Partial<FloatingPromiseOptions> = {},
    private readonly types: PromiseTypes | null = null,
    resolver?: Resolver,
  ) {
    this.syntax = new PromiseSyntax(sourceCode, resolver);
    this.options = { ...DEFAULT_FLOATING_OPTIONS, ...options };
  }

  /** The promises an expression statement drops (several when its arms each drop one). */
  inStatement(statement: TSESTree.ExpressionStatement): FloatingExpression[] {
    if (statement.directive !== undefined) return [];
    const found: FloatingExpression[] = [];
    this.#visitArm(statement.expression, statement, null, found);
    return found;
  }

  /** The promise-returning callbacks a call gives to forEach or to a listener registration. */
  droppedCallbacks(call: TSESTree.CallExpression): DroppedCallback[] {
    if (!this.options.checkCallbacks) return [];
    const callee = unwrapTs(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return [];
    const method = memberName(callee);
    if (method === null) return [];
    const api = method === 'forEach' ? 'forEach' : LISTENER_METHODS.has(method) ? 'listener' : null;
    if (api === null) return [];
    // a listener registration names the event first: `on(listener)` alone is some other API
    const candidates = api === 'forEach' ? call.arguments.slice(0, 1) : call.arguments.slice(1);
    const found: DroppedCallback[] = [];
    for (const arg of candidates) {
      if (arg.type === AST_NODE_TYPES.SpreadElement || !this.#returnsPromise(arg)) continue;
      // The API's own type says whether it ignores the result: `void | Promise<void>` listeners are awaited.
      if (this.types?.resultIgnored(arg) === false) continue;
      if (api === 'listener' && catchesEverything(arg)) continue;
      found.push({ kind: 'callback', node: arg, call, api, method });
    }
    return found;
  }

  /** Whether an expression is a promise: the checker's answer, or the file's when the checker has none. */
  isPromise(node: TSESTree.Node): boolean {
    const inner = unwrapTs(node);
    if (this.types !== null && MAY_BE_PROMISE.has(inner.type)) {
      const typed = this.types.thenable(node);
      if (typed !== undefined) return typed;
    }
    return this.syntax.isPromise(inner);
  }

  #visitArm(node: TSESTree.Expression, statement: TSESTree.ExpressionStatement,
    voidOperator: TSESTree.UnaryExpression | null, found: FloatingExpression[]): void {
    const inner = unwrapTs(node);
    switch (inner.type) {
      case AST_NODE_TYPES.SequenceExpression:
        for (const e of inner.expressions) this.#visitArm(e, statement, null, found);
        return;
      case AST_NODE_TYPES.ConditionalExpression:
        this.#visitArm(inner.consequent, statement, null, found);
        this.#visitArm(inner.alternate, statement, null, found);
        return;
      case AST_NODE_TYPES.LogicalExpression:
        this.#visitArm(inner.left, statement, null, found);
        this.#visitArm(inner.right, statement, null, found);
        return;
      case AST_NODE_TYPES.UnaryExpression:
        if (inner.operator === 'void' && !this.options.ignoreVoid) this.#visitArm(inner.argument, statement, inner, found);
        return;
      default:
        if (!MAY_BE_PROMISE.has(inner.type) && inner.type !== AST_NODE_TYPES.ArrayExpression) return;
        if (this.options.ignoreIIFE && isIIFE(inner)) return;
        if (inner.type === AST_NODE_TYPES.CallExpression && this.types?.runnerTracked(inner) === true) return;
        if (this.isPromise(node)) {
          if (!this.#handled(inner)) found.push({ kind: 'expression', node, statement, array: false, voidOperator });
        } else if (this.#isPromiseArray(node, inner)) {
          found.push({ kind: 'expression', node, statement, array: true, voidOperator });
        }
    }
  }

  /** `.catch(handler)`, `.then(ok, handler)`, and `.finally(f)` after either: rejections are handled. */
  #handled(node: TSESTree.Node): boolean {
    if (node.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = unwrapTs(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    switch (memberName(callee)) {
      case 'catch':
        return this.#isHandler(node.arguments[0]);
      case 'then':
        return this.#isHandler(node.arguments[1]);
      case 'finally':
        return this.#handled(unwrapTs(callee.object));
      default:
        return false;
    }
  }

  #isHandler(arg: TSESTree.CallExpressionArgument | undefined): boolean {
    if (arg === undefined || arg.type === AST_NODE_TYPES.SpreadElement) return false;
    return this.types?.callable(arg) ?? this.syntax.isHandler(arg);
  }

  #isPromiseArray(node: TSESTree.Node, inner: TSESTree.Node): boolean {
    return this.types?.thenableArray(node) ?? this.syntax.isPromiseArray(inner);
  }

  #returnsPromise(arg: TSESTree.Expression): boolean {
    const inner = unwrapTs(arg);
    if (isFunctionNode(inner) && inner.async) return !inner.generator;
    return this.types?.returnsThenable(arg) ?? this.syntax.callbackReturnsPromise(inner);
  }
}

/** Expression kinds whose value can be a promise: everything else is a number, string, boolean or a fresh literal. */
const MAY_BE_PROMISE: ReadonlySet<AST_NODE_TYPES> = new Set([
  AST_NODE_TYPES.CallExpression, AST_NODE_TYPES.NewExpression, AST_NODE_TYPES.ImportExpression,
  AST_NODE_TYPES.Identifier, AST_NODE_TYPES.MemberExpression, AST_NODE_TYPES.TaggedTemplateExpression,
  AST_NODE_TYPES.ThisExpression,
]);

function isIIFE(node: TSESTree.Node): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapTs(node.callee);
  return callee.type === AST_NODE_TYPES.ArrowFunctionExpression || callee.type === AST_NODE_TYPES.FunctionExpression;
}

/**
 * A listener whose body is nothing but `try { … } catch { … }` cannot reject: its dropped promise is
 * harmless. (forEach callbacks are reported even so: the loop still does not wait for them.)
 */
function catchesEverything(node: TSESTree.Node): boolean {
  const fn = unwrapTs(node);
  if (!isFunctionNode(fn) || fn.body.type !== AST_NODE_TYPES.BlockStatement || fn.body.body.length === 0) return false;
  return fn.body.body.every((s) => s.type === AST_NODE_TYPES.TryStatement && s.handler !== null);
}

/**
 * Whether `await` may be written where `node` stands: in an async function, or at the top level of a
 * file that allows top-level await (not in a class field initialiser or static block, where `await` is
 * not allowed). See topLevelAwaitAllowed.
 */
export function awaitAllowedAt(node: TSESTree.Node, topLevelAwait: boolean): boolean {
  for (let n = node.parent; n; n = n.parent) {
    if (isFunctionNode(n)) return n.async;
    if (n.type === AST_NODE_TYPES.PropertyDefinition || n.type === AST_NODE_TYPES.StaticBlock
      || n.type === AST_NODE_TYPES.AccessorProperty) return false;
    if (n.type === AST_NODE_TYPES.Program) return topLevelAwait;
  }
  return false;
}

/**
 * Top-level await needs an ES module (`sourceType: 'module'`; CommonJS has none) and, with type
 * information, compiler options that emit one (a TypeScript file compiled to CommonJS has none either).
 */
export function topLevelAwaitAllowed(sourceType: string | undefined, fileName: string, types: PromiseTypes | null): boolean {
  return sourceType === 'module' && types?.topLevelAwait(fileName) !== false;
}

/**
 * Every floating promise of a file, in source order: for the codemod and for tools that are not rules.
 * `sourceCode` may come from a parser outside ESLint (typescript-estree's parseForESLint and a
 * SourceCode around it): parent links are added where missing, since ESLint adds them only while linting.
 */
export function findFloatingPromises(
  sourceCode: Readonly<TSESLint.SourceCode>,
  options: Partial<FloatingPromiseOptions> = {},
  types: PromiseTypes | null = null,
): FloatingPromise[] {
  const finder = new FloatingPromiseFinder(sourceCode, options, types);
  const found: FloatingPromise[] = [];
  walkWithParents(sourceCode, (node) => {
    if (node.type === AST_NODE_TYPES.ExpressionStatement) found.push(...finder.inStatement(node));
    else if (node.type === AST_NODE_TYPES.CallExpression) found.push(...finder.droppedCallbacks(node));
  });
  return found;
}
