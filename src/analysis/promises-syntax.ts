import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import {
  isPromiseMethodName, lookupPromiseApi, lookupPromiseGlobal, lookupPromiseInstanceType, lookupPromiseMethod, promiseApis, type PromiseApi,
} from '../catalog/index.js';
import { isFunctionNode, keyName, LocalValues, memberName, unwrapTs, type FunctionNode } from './promises-local.js';
import { resolverFor, unwrap, type Resolver } from './resolve.js';

const MAX_DEPTH = 8;

/** Static methods of the global Promise that return a promise (`withResolvers` returns an object). */
const PROMISE_STATICS = new Set(['resolve', 'reject', 'all', 'allSettled', 'race', 'any', 'try']);
const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);

/**
 * Compiler helpers that mark compiled async code: tsc's `__awaiter(this, …, function* () {…})` is a promise,
 * Babel's `_asyncToGenerator(function* () {…})` a function returning promises. They are recognised by name
 * only where the file declares them (inlined helpers); imported ones (tslib, @babel/runtime) are in the
 * promise API table.
 */
const AWAITER_HELPER = /^_{1,2}awaiter$/;
const ASYNC_TO_GENERATOR_HELPER = /^_?asyncToGenerator$/;

/** Last names of the promise APIs' paths: `x.name()` with another name is no promise API, unresolved. */
const API_NAMES: ReadonlySet<string> = new Set(['default', ...promiseApis.flatMap((api) => api.path.slice(-1))]);

/** Names a callback argument conventionally has, for APIs that return a promise only without one. */
const CALLBACK_NAME = /^(?:cb|callback|done|next)$|Callback$|^cb[A-Z]/;

/**
 * Which expressions produce a promise, as far as the file shows without type information: promise APIs
 * of the catalog's promise table (resolved through scope analysis), `new Promise`, `Promise.all(…)`,
 * dynamic `import()`, the file's own async functions and methods, `.then/.catch/.finally` on any of these,
 * and compiled async code (tsc's __awaiter, Babel's asyncToGenerator).
 */
export class PromiseSyntax {
  readonly resolver: Resolver;
  readonly locals: LocalValues;

  constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>, resolver?: Resolver) {
    this.resolver = resolver ?? resolverFor(sourceCode);
    this.locals = new LocalValues(sourceCode);
  }

  isPromise(node: TSESTree.Node, depth = 0): boolean {
    if (depth > MAX_DEPTH) return false;
    const n = unwrapTs(node);
    switch (n.type) {
      case AST_NODE_TYPES.ImportExpression:
        return true;
      case AST_NODE_TYPES.NewExpression:
        return this.isGlobal(n.callee, 'Promise');
      case AST_NODE_TYPES.CallExpression:
        return this.#callReturnsPromise(n, depth);
      case AST_NODE_TYPES.Identifier:
        // a name bound once to a promise: `const p = save(); p.then(…)`
        return this.locals.valuesOf(n).some((v) => !isFunctionNode(v) && this.isPromise(v, depth + 1));
      default:
        return false;
    }
  }

  /** An array of promises: `items.map(async (item) => …)`, `[save(a), save(b)]`. */
  isPromiseArray(node: TSESTree.Node): boolean {
    const n = unwrapTs(node);
    if (n.type === AST_NODE_TYPES.ArrayExpression) return n.elements.some((e) => e !== null && e.type !== AST_NODE_TYPES.SpreadElement && this.isPromise(e));
    if (n.type !== AST_NODE_TYPES.CallExpression || n.callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const name = memberName(n.callee);
    const callback = n.arguments[0];
    return (name === 'map' || name === 'flatMap') && callback !== undefined && this.callbackReturnsPromise(callback);
  }

  /** A function argument (or a name of one) whose calls return promises. */
  callbackReturnsPromise(node: TSESTree.Node, depth = 0): boolean {
    const n = unwrapTs(node);
    if (isFunctionNode(n)) return this.returnsPromise(n, depth);
    return this.#calleeReturnsPromise(n, [], depth);
  }

  returnsPromise(fn: FunctionNode, depth = 0): boolean {
    if (fn.async) return !fn.generator; // an async generator returns an AsyncGenerator, not a promise
    if (fn.generator || depth > MAX_DEPTH) return false;
    if (isPromiseTypeAnnotation(fn.returnType)) return true;
    if (fn.body === null || fn.body === undefined) return false;
    if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return this.isPromise(fn.body, depth + 1);
    // `function f() { …; return fetch(u); }` and tsc's `return __awaiter(…)`: the last statement
    // returns a promise and no other return leaves earlier with something else.
    const last = fn.body.body[fn.body.body.length - 1];
    if (last?.type !== AST_NODE_TYPES.ReturnStatement || last.argument === null) return false;
    return this.isPromise(last.argument, depth + 1)
      && returnsOf(fn.body).every((r) => r === last || (r.argument !== null && this.isPromise(r.argument, depth + 1)));
  }

  /** Whether `node` names the global `name`, not shadowed by anything in scope. */
  isGlobal(node: TSESTree.Node, name: string): boolean {
    const n = unwrapTs(node);
    if (n.type !== AST_NODE_TYPES.Identifier || n.name !== name) return false;
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(n), n);
    return variable === null || variable.defs.length === 0;
  }

  /** Untyped view of a rejection handler: anything but a missing argument, `undefined`, `null` or a literal. */
  isHandler(node: TSESTree.Node | undefined): boolean {
    if (node === undefined || node.type === AST_NODE_TYPES.SpreadElement) return false;
    const n = unwrapTs(node);
    if (n.type === AST_NODE_TYPES.Literal || n.type === AST_NODE_TYPES.TemplateLiteral) return false;
    return !this.isGlobal(n, 'undefined');
  }

  #callReturnsPromise(call: TSESTree.CallExpression, depth: number): boolean {
    const callee = unwrap(call.callee); // `(0, fs_1.readFile)(…)` as compilers emit it
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const name = memberName(callee);
      if (name === null) return false;
      if (PROMISE_STATICS.has(name) && this.isGlobal(callee.object, 'Promise')) return true;
      if (CHAIN_METHODS.has(name)) return this.isPromise(callee.object, depth + 1);
      // `f.call(this, …)`, `f.apply(this, arguments)` (Babel's async wrappers call through apply)
      if ((name === 'call' || name === 'apply') && this.#calleeReturnsPromise(callee.object, [], depth + 1)) return true;
      if (isPromiseMethodName(name)) {
        const instance = this.promiseInstanceOf(callee.object, depth + 1);
        if (instance !== null && lookupPromiseMethod(instance, name) !== undefined) return true;
      }
    }
    if (this.#isDeclaredHelper(callee, AWAITER_HELPER)) return true;
    return this.#calleeReturnsPromise(callee, call.arguments, depth);
  }

  #calleeReturnsPromise(callee: TSESTree.Node, args: readonly TSESTree.CallExpressionArgument[], depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    const api = this.#promiseApi(callee);
    if (api !== undefined) return api.returns === 'promise' && (api.condition !== 'no-callback' || !this.#hasCallback(args));
    // `promisify(exec)(cmd)`
    if (callee.type === AST_NODE_TYPES.CallExpression && this.#makesPromiseFunction(callee)) return true;
    for (const value of this.locals.valuesOf(callee)) {
      if (isFunctionNode(value)) {
        if (this.returnsPromise(value, depth + 1)) return true;
      } else if (value.type === AST_NODE_TYPES.TSEmptyBodyFunctionExpression) {
        // an overload or abstract signature says so: `abstract save(): Promise<void>;`
        if (isPromiseTypeAnnotation(value.returnType)) return true;
      } else if (value.type === AST_NODE_TYPES.CallExpression) {
        if (this.#makesPromiseFunction(value)) return true;
        // Babel: `var f = function () { var _ref = _asyncToGenerator(…); return function f() { return _ref.apply(…) } }()`
        const made = functionMadeByIIFE(value);
        if (made !== null && this.returnsPromise(made, depth + 1)) return true;
      }
    }
    return false;
  }

  /** The promise API a callee reaches: a module export through the resolver, or an unshadowed global. */
  #promiseApi(callee: TSESTree.Node): PromiseApi | undefined {
    if (callee.type === AST_NODE_TYPES.Identifier && this.isGlobal(callee, callee.name)) return lookupPromiseGlobal(callee.name);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const name = memberName(callee);
      if (name === null || !API_NAMES.has(name)) return undefined;
    } else if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
    const resolved = this.resolver.resolve(callee);
    return resolved?.kind === 'module' ? lookupPromiseApi(resolved.module, resolved.path) : undefined;
  }

  /** `promisify(fn)`, Babel's `_asyncToGenerator(function* () {…})`: calls returning promise-returning functions. */
  #makesPromiseFunction(call: TSESTree.CallExpression): boolean {
    const callee = unwrapTs(call.callee);
    return this.#promiseApi(callee)?.returns === 'promise-function' || this.#isDeclaredHelper(callee, ASYNC_TO_GENERATOR_HELPER);
  }

  /** A compiler helper the file itself declares (`var __awaiter = …`, `function _asyncToGenerator(…)`). */
  #isDeclaredHelper(callee: TSESTree.Node, name: RegExp): boolean {
    return callee.type === AST_NODE_TYPES.Identifier && name.test(callee.name) && this.#declaredInFile(callee);
  }

  #declaredInFile(id: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(id), id);
    return variable !== null && variable.defs.length > 0;
  }

  /**
   * Promise APIs with an optional callback (fs-extra) return a promise only without one. A callback is
   * the last argument by Node's convention: a function, a name bound to one, or a name that says so.
   */
  #hasCallback(args: readonly TSESTree.CallExpressionArgument[]): boolean {
    const last = args[args.length - 1];
    if (last === undefined) return false;
    const n = unwrapTs(last);
    if (isFunctionNode(n) || n.type === AST_NODE_TYPES.SpreadElement) return true;
    const name = n.type === AST_NODE_TYPES.Identifier ? n.name
      : n.type === AST_NODE_TYPES.MemberExpression ? memberName(n) : null;
    if (name === null) return false;
    return CALLBACK_NAME.test(name) || this.locals.valuesOf(n).some(isFunctionNode);
  }

  /**
   * The promise-API object (`sqlite.Database`) an expression holds: `const db = await open(…)`,
   * `const stmt = await db.prepare(sql)`, or a parameter or field typed `Database` from `sqlite`.
   */
  promiseInstanceOf(node: TSESTree.Node, depth = 0): string | null {
    if (depth > MAX_DEPTH) return null;
    const n = unwrapTs(node);
    if (n.type === AST_NODE_TYPES.AwaitExpression) {
      const call = unwrapTs(n.argument);
      if (call.type !== AST_NODE_TYPES.CallExpression) return null;
      const callee = unwrapTs(call.callee);
      const api = this.#promiseApi(callee);
      if (api !== undefined) return api.resolvesTo ?? null;
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
      const owner = this.promiseInstanceOf(callee.object, depth + 1);
      const name = memberName(callee);
      return owner === null || name === null ? null : lookupPromiseMethod(owner, name) ?? null;
    }
    if (n.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(this.sourceCode.getScope(n), n);
      const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
      if (def === undefined || variable === null) return null;
      const fromType = this.#typeAnnotationInstance(def.name.type === AST_NODE_TYPES.Identifier ? def.name.typeAnnotation : undefined);
      if (fromType !== null) return fromType;
      if (def.type !== 'Variable' || def.node.init === null || def.node.id !== def.name) return null;
      if (!variable.references.every((r) => !r.isWrite() || r.init === true)) return null;
      return this.promiseInstanceOf(def.node.init, depth + 1);
    }
    if (n.type === AST_NODE_TYPES.MemberExpression && n.object.type === AST_NODE_TYPES.ThisExpression) {
      const name = memberName(n);
      const cls = name === null ? null : enclosingClassBody(n);
      const field = cls?.body.find((m): m is TSESTree.PropertyDefinition =>
        m.type === AST_NODE_TYPES.PropertyDefinition && !m.computed && keyName(m.key) === name);
      return field === undefined ? null : this.#typeAnnotationInstance(field.typeAnnotation);
    }
    return null;
  }

  #typeAnnotationInstance(annotation: TSESTree.TSTypeAnnotation | undefined): string | null {
    const type = annotation?.typeAnnotation;
    if (type?.type !== AST_NODE_TYPES.TSTypeReference) return null;
    const named = this.resolver.resolveTypeName(type);
    return named === null ? null : lookupPromiseInstanceType(named.module, named.path) ?? null;
  }
}

/** `(): Promise<T>` or `(): PromiseLike<T>`: the function says it returns a promise. */
function isPromiseTypeAnnotation(annotation: TSESTree.TSTypeAnnotation | undefined): boolean {
  const type = annotation?.typeAnnotation;
  return type?.type === AST_NODE_TYPES.TSTypeReference && type.typeName.type === AST_NODE_TYPES.Identifier
    && (type.typeName.name === 'Promise' || type.typeName.name === 'PromiseLike');
}

/** The function an immediately invoked function returns as its last statement, if any. */
function functionMadeByIIFE(call: TSESTree.CallExpression): FunctionNode | null {
  const callee = unwrapTs(call.callee);
  if (!isFunctionNode(callee)) return null;
  const result = callee.body.type === AST_NODE_TYPES.BlockStatement
    ? callee.body.body.at(-1)?.type === AST_NODE_TYPES.ReturnStatement
      ? (callee.body.body.at(-1) as TSESTree.ReturnStatement).argument : null
    : callee.body;
  return result !== null && isFunctionNode(unwrapTs(result)) ? unwrapTs(result) as FunctionNode : null;
}

/** The return statements of a function body, not of the functions nested in it. */
function returnsOf(body: TSESTree.BlockStatement): TSESTree.ReturnStatement[] {
  const found: TSESTree.ReturnStatement[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) found.push(node);
    if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody) return;
    for (const key of Object.keys(node) as (keyof typeof node)[]) {
      if (key === 'parent') continue;
      const child = node[key] as unknown;
      if (Array.isArray(child)) {
        for (const c of child) if (isNode(c)) visit(c);
      } else if (isNode(child)) visit(child);
    }
  };
  for (const statement of body.body) visit(statement);
  return found;
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function enclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | null {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === AST_NODE_TYPES.ClassBody) return n;
    if (n.type === AST_NODE_TYPES.FunctionDeclaration) return null;
  }
  return null;
}
