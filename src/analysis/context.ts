import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { normalizeModule } from '../catalog/index.js';
import { propertyName, resolverFor, staticString, unwrap, type Resolver } from './resolve.js';

/**
 * Where a blocking call hurts. The rules' `context` option and the codemods ask the same question:
 * - `async`: in code the event loop runs while serving work (async functions, callbacks it calls, and
 *   the file's own functions called from there);
 * - `functions`: in any function, not at module top level (where blocking only delays start-up);
 * - `all`: everywhere.
 */
export type ContextMode = 'async' | 'functions' | 'all';
export const CONTEXT_MODES: readonly ContextMode[] = ['async', 'functions', 'all'];

export type FunctionNode =
  | TSESTree.ArrowFunctionExpression
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression;

function isFunction(node: TSESTree.Node): node is FunctionNode {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression
    || node.type === AST_NODE_TYPES.FunctionDeclaration
    || node.type === AST_NODE_TYPES.FunctionExpression;
}

/**
 * Whether `child` is the initialiser of a class field or a static block: code there runs when the class
 * is defined or constructed, not as part of the function that lexically contains the class.
 */
function isClassInitialiser(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  return parent.type === AST_NODE_TYPES.StaticBlock
    || ((parent.type === AST_NODE_TYPES.PropertyDefinition || parent.type === AST_NODE_TYPES.AccessorProperty)
      && parent.value === child);
}

/** The function whose body (or parameter list) contains `node`; null at module top level or in a class initialiser. */
export function enclosingFunction(node: TSESTree.Node): FunctionNode | null {
  let child = node;
  for (let n = node.parent; n != null; child = n, n = n.parent) { // ESLint gives Program a null parent
    if (isFunction(n)) return n;
    if (isClassInitialiser(n, child)) return null;
  }
  return null;
}

/** Whether `node` runs inside some function: a function body, or an instance field initialiser (part of the constructor). */
export function isInsideFunction(node: TSESTree.Node): boolean {
  let child = node;
  for (let n = node.parent; n != null; child = n, n = n.parent) { // ESLint gives Program a null parent
    if (isFunction(n)) return true;
    if (n.type === AST_NODE_TYPES.StaticBlock) return false;
    if ((n.type === AST_NODE_TYPES.PropertyDefinition || n.type === AST_NODE_TYPES.AccessorProperty) && n.value === child) {
      return !n.static;
    }
  }
  return false;
}

/**
 * Whether `await` may be written at `node` without changing any function's signature: the nearest
 * function is async and `node` is in its body (an `await` in a parameter default is a syntax error).
 * Module top level does not count: top-level await changes how the module loads.
 */
export function canAwaitAt(node: TSESTree.Node): boolean {
  const fn = enclosingFunction(node);
  if (fn === null || !fn.async) return false;
  for (let n: TSESTree.Node = node; n !== fn; n = n.parent!) {
    if (n.parent === fn) return n === fn.body;
  }
  return false;
}

/**
 * Callees that call a function argument synchronously, before they return: their callbacks run in the
 * context of the call (an Array `.map` callback inside a route handler blocks the handler).
 */
const SYNC_METHODS = new Set([
  'every', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flatMap', 'forEach', 'map', 'reduce',
  'reduceRight', 'some', 'sort', 'toSorted', 'from', 'groupBy', 'replace', 'replaceAll',
]);
/** Static methods of globals that call a function argument synchronously. */
const SYNC_STATICS: Readonly<Record<string, ReadonlySet<string>>> = {
  JSON: new Set(['parse', 'stringify']),
  Object: new Set(['defineProperty', 'defineProperties', 'create', 'assign', 'groupBy']),
  Reflect: new Set(['apply', 'construct', 'defineProperty']),
  Promise: new Set(['try']),
  Array: new Set(['from']),
  Map: new Set(['groupBy']),
};
/**
 * Utility libraries whose collection functions call back synchronously (`_.map(list, fn)`), by module
 * (`lodash`, `lodash-es`, `lodash/map`, `lodash.map`, `underscore`, `ramda`); the function's name is the
 * last path key, or the per-method module's name. Their timers (`debounce`, `throttle`, `delay`) and
 * wrappers (`memoize`, `once`, `pipe`) call back later, from wherever: those are not listed.
 */
const SYNC_LIBRARY = /^(?:lodash(?:-es)?|underscore|ramda)(?:[/.]([A-Za-z]+))?$/;
const SYNC_LIBRARY_FUNCTIONS = new Set([
  'all', 'any', 'chain', 'countBy', 'each', 'eachRight', 'every', 'filter', 'find', 'findIndex', 'findKey', 'findLast',
  'findLastIndex', 'flatMap', 'flatMapDeep', 'forEach', 'forEachRight', 'forIn', 'forOwn', 'groupBy', 'keyBy', 'map',
  'mapKeys', 'mapValues', 'maxBy', 'minBy', 'omitBy', 'orderBy', 'partition', 'pickBy', 'reduce', 'reduceRight',
  'reject', 'remove', 'some', 'sortBy', 'sumBy', 'takeWhile', 'dropWhile', 'times', 'transform', 'uniqBy',
].map((name) => name.toLowerCase())); // per-method packages are lower case: lodash.mapvalues
/** Listener registrations; on `process` for 'exit', the listener must be synchronous (Node runs no more I/O). */
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

type CallbackKind = 'event-loop' | 'synchronous' | 'exit';

/**
 * The "async context" analysis of one file: which of its functions run on the event loop's behalf.
 * A function does when it is async (or an async generator); when it is a callback the event loop calls
 * (a function passed as an argument, except to the synchronous higher-order functions above, whose
 * callbacks inherit the context of their caller); or when a function that does calls it (a fixpoint
 * over the file's own call graph: calls of named functions and const-bound function expressions,
 * `this.method()` within a class, methods of a const object literal, `new Class()`, `f.call()`,
 * and functions passed by reference as callbacks).
 *
 * A callback given to the file's own function is followed into that function's parameter, and runs
 * where the parameter is called (`withRetry(() => …)`); what such a function returns is followed when
 * it is handed over (`app.get('/', wrap(handler))`). The analysis is per function, not per call: a
 * closure that a function returns is one function whatever call made it, so it is hot if any of its
 * makers' results is handed to the event loop.
 *
 * Computed once, on the first question, for the whole file (a walk of the AST and a breadth-first
 * propagation), so a file with no blocking call never pays for it. Get it with `asyncContextOf`.
 */
export class AsyncContext {
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  readonly #resolver: Resolver;
  #eventLoop: Set<FunctionNode> | null = null;
  /** Functions the event loop calls directly, and which function's running makes which other run: the analysis's graph. */
  readonly #seeds: FunctionNode[] = [];
  readonly #edges = new Map<FunctionNode, FunctionNode[]>();
  readonly #bindings = new Map<TSESTree.Identifier, TSESLint.Scope.Variable | null>();

  constructor(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver = resolverFor(sourceCode)) {
    this.#sourceCode = sourceCode;
    this.#resolver = resolver;
  }

  /** Whether `fn` runs on the event loop's behalf (see the class comment). */
  isEventLoopFunction(fn: FunctionNode): boolean {
    this.#eventLoop ??= this.#analyse();
    return this.#eventLoop.has(fn);
  }

  /** Whether code at `node` is in the context `mode` asks for. Only `async` needs the file's analysis. */
  inContext(node: TSESTree.Node, mode: ContextMode): boolean {
    if (mode === 'all') return true;
    if (mode === 'functions') return isInsideFunction(node);
    const fn = enclosingFunction(node);
    return fn !== null && this.isEventLoopFunction(fn);
  }

  #analyse(): Set<FunctionNode> {
    this.#indexReferences();
    const keys = this.#sourceCode.visitorKeys;
    const stack: Array<[TSESTree.Node, FunctionNode | null]> = [[this.#sourceCode.ast, null]];
    while (stack.length > 0) {
      const [node, current] = stack.pop()!;
      let inner = current;
      if (isFunction(node)) {
        inner = node;
        if (node.async) this.#seeds.push(node);
      } else if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
        for (const callee of this.#calleeFunctions(node.callee)) this.#addEdge(current, callee);
        node.arguments.forEach((arg, index) => {
          const callbacks = this.#argumentFunctions(arg, 0);
          if (callbacks.length > 0) this.#handOver(node, index, callbacks, current, 0);
        });
      } else if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
        for (const callee of this.#calleeFunctions(node.tag)) this.#addEdge(current, callee);
      }
      for (const key of keys[node.type] ?? []) {
        if (SKIPPED_KEYS.has(key)) continue;
        const value = (node as unknown as Record<string, unknown>)[key];
        if (Array.isArray(value)) {
          for (let i = value.length - 1; i >= 0; i--) {
            const child = value[i] as TSESTree.Node | null;
            if (child !== null && typeof child === 'object') stack.push([child, isClassInitialiser(node, child) ? null : inner]);
          }
        } else if (value !== null && typeof value === 'object') {
          const child = value as TSESTree.Node;
          stack.push([child, isClassInitialiser(node, child) ? null : inner]);
        }
      }
    }

    const reached = new Set<FunctionNode>(this.#seeds);
    const queue = [...this.#seeds];
    while (queue.length > 0) {
      for (const next of this.#edges.get(queue.pop()!) ?? []) {
        if (!reached.has(next)) {
          reached.add(next);
          queue.push(next);
        }
      }
    }
    return reached;
  }

  /** `to` runs whenever `from` does; module top level (`null`) runs once, at start-up, and makes nothing hot. */
  #addEdge(from: FunctionNode | null, to: FunctionNode): void {
    if (from === null) return;
    const list = this.#edges.get(from);
    if (list === undefined) this.#edges.set(from, [to]);
    else list.push(to);
  }

  /**
   * `callbacks` are given to `call` as its argument `index`, in `caller`. A synchronous higher-order
   * function runs them in the caller's context; a function of this file runs them where it calls its
   * parameter; anything else (a framework, an emitter, a timer, a promise) from the event loop.
   */
  #handOver(
    call: TSESTree.CallExpression | TSESTree.NewExpression,
    index: number,
    callbacks: readonly FunctionNode[],
    caller: FunctionNode | null,
    depth: number,
  ): void {
    const kind = this.#callbackKind(call);
    if (kind === 'exit') return;
    if (kind === 'synchronous') {
      for (const fn of callbacks) this.#addEdge(caller, fn);
      return;
    }
    const own = depth < MAX_HAND_OVERS ? this.#calleeFunctions(call.callee) : [];
    if (own.length === 0) {
      this.#seeds.push(...callbacks);
      return;
    }
    for (const fn of own) this.#intoParameter(fn, index, callbacks, caller, depth);
  }

  /**
   * Follows callbacks into parameter `index` of the file's own function `fn`, called from `caller`. A
   * call of the parameter in `fn`'s own body runs them in the caller's context (`withRetry(task)` calling
   * `task()`: as if the caller did), one in a nested function in that function's context; a parameter
   * handed on is followed there; any other use (stored, returned) is unknown, so the event loop is
   * assumed, as for a framework.
   */
  #intoParameter(fn: FunctionNode, index: number, callbacks: readonly FunctionNode[], caller: FunctionNode | null, depth: number): void {
    const param = fn.params[index];
    const id = param?.type === AST_NODE_TYPES.AssignmentPattern ? param.left : param;
    const scopeManager = this.#sourceCode.scopeManager!;
    const variable = id?.type === AST_NODE_TYPES.Identifier
      ? scopeManager.getDeclaredVariables(fn).find((v) => v.identifiers.includes(id))
      : undefined;
    const usesArguments = fn.type !== AST_NODE_TYPES.ArrowFunctionExpression
      && (scopeManager.acquire(fn)?.set.get('arguments')?.references.length ?? 0) > 0;
    if (variable === undefined || usesArguments || !neverReassigned(variable)) {
      this.#seeds.push(...callbacks);
      return;
    }
    // where a use of the parameter runs: in `fn`'s own body, in the caller's context
    const contextOf = (node: TSESTree.Node): FunctionNode | null => {
      const enclosing = enclosingFunction(node);
      return enclosing === fn ? caller : enclosing;
    };
    for (const ref of variable.references) {
      const use = ref.identifier as TSESTree.Identifier;
      const parent = use.parent;
      const grand = parent?.parent;
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === use) {
        for (const cb of callbacks) this.#addEdge(contextOf(parent), cb);
      } else if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === use
        && ['call', 'apply'].includes(propertyName(parent) ?? '') && grand?.type === AST_NODE_TYPES.CallExpression && grand.callee === parent) {
        for (const cb of callbacks) this.#addEdge(contextOf(grand), cb);
      } else if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression)
        && parent.arguments.includes(use)) {
        this.#handOver(parent, parent.arguments.indexOf(use), callbacks, contextOf(parent), depth + 1);
      } else {
        this.#seeds.push(...callbacks);
      }
    }
  }

  #callbackKind(call: TSESTree.CallExpression | TSESTree.NewExpression): CallbackKind {
    const callee = unwrap(call.callee);
    if (call.type === AST_NODE_TYPES.NewExpression) {
      // a Promise executor runs before the constructor returns
      return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Promise' && this.#isGlobal(callee)
        ? 'synchronous' : 'event-loop';
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const name = propertyName(callee);
      if (name === null) return 'event-loop';
      const object = unwrap(callee.object);
      if (object.type === AST_NODE_TYPES.Identifier && this.#isGlobal(object)) {
        if (SYNC_STATICS[object.name]?.has(name) === true) return 'synchronous';
        if (object.name === 'process' && LISTENER_METHODS.has(name)) {
          const event = call.arguments[0];
          if (event !== undefined && staticString(event) === 'exit') return 'exit';
        }
      }
      if (SYNC_METHODS.has(name)) return 'synchronous';
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression || callee.type === AST_NODE_TYPES.Identifier) {
      const resolved = this.#resolver.resolve(callee);
      const library = resolved?.kind === 'module' ? SYNC_LIBRARY.exec(normalizeModule(resolved.module)) : null;
      if (library !== null && resolved?.kind === 'module') {
        const name = resolved.path.filter((key) => key !== 'default').at(-1) ?? library[1];
        if (name !== undefined && SYNC_LIBRARY_FUNCTIONS.has(name.toLowerCase())) return 'synchronous';
      }
    }
    return 'event-loop';
  }

  /** Functions an argument hands over: inline, by reference, `.bind()`-ed, or in an options object or array. */
  #argumentFunctions(arg: TSESTree.Node, depth: number): FunctionNode[] {
    const node = unwrap(arg);
    if (isFunction(node)) return [node];
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.MemberExpression:
        return this.#referencedFunctions(node);
      case AST_NODE_TYPES.CallExpression: {
        const callee = unwrap(node.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'bind') return this.#argumentFunctions(callee.object, depth);
        // `app.get('/', wrap(handler))`: what the file's own `wrap` returns is handed over
        return depth > 0 ? [] : this.#calleeFunctions(callee).flatMap((fn) =>
          returnedValues(fn).flatMap((value) => this.#argumentFunctions(value, depth + 1)));
      }
      case AST_NODE_TYPES.ConditionalExpression:
        return [...this.#argumentFunctions(node.consequent, depth), ...this.#argumentFunctions(node.alternate, depth)];
      case AST_NODE_TYPES.LogicalExpression:
        return [...this.#argumentFunctions(node.left, depth), ...this.#argumentFunctions(node.right, depth)];
      case AST_NODE_TYPES.ArrayExpression:
        // express accepts arrays of middleware
        return depth > 0 ? [] : node.elements.flatMap((e) => e === null ? [] : this.#argumentFunctions(e, depth + 1));
      case AST_NODE_TYPES.ObjectExpression:
        // { handler(req, reply) {} }, new Transform({ transform(chunk, enc, cb) {} })
        return depth > 0 ? [] : node.properties.flatMap((p) =>
          p.type === AST_NODE_TYPES.Property ? this.#argumentFunctions(p.value, depth + 1) : []);
      default:
        return [];
    }
  }

  /** The function(s) a call's callee runs when they are the file's own. */
  #calleeFunctions(raw: TSESTree.Node): FunctionNode[] {
    const callee = unwrap(raw);
    if (isFunction(callee)) return [callee]; // an IIFE
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const definition = this.#definitionOf(callee);
      if (definition === null || isFunction(definition)) return definition === null ? [] : [definition];
      // `new Service()` runs the constructor
      const ctor = definition.body.body.find((m): m is TSESTree.MethodDefinition =>
        m.type === AST_NODE_TYPES.MethodDefinition && m.kind === 'constructor');
      return ctor !== undefined && isFunction(ctor.value) ? [ctor.value] : [];
    }
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const name = propertyName(callee);
      if (name === 'call' || name === 'apply') return this.#referencedFunctions(unwrap(callee.object));
    }
    return this.#referencedFunctions(callee);
  }

  /** Functions of this file an identifier or member expression refers to. */
  #referencedFunctions(node: TSESTree.Node): FunctionNode[] {
    if (isFunction(node)) return [node];
    if (node.type === AST_NODE_TYPES.Identifier) {
      const definition = this.#definitionOf(node);
      return definition !== null && isFunction(definition) ? [definition] : [];
    }
    if (node.type !== AST_NODE_TYPES.MemberExpression) return [];
    const name = propertyName(node);
    if (name === null) return [];
    const object = unwrap(node.object);
    if (object.type === AST_NODE_TYPES.ThisExpression) return classMember(node, name);
    if (object.type === AST_NODE_TYPES.Identifier) {
      const literal = this.#constObjectLiteral(object);
      const property = literal?.properties.find((p) =>
        p.type === AST_NODE_TYPES.Property && !p.computed && keyName(p.key) === name);
      const value = property?.type === AST_NODE_TYPES.Property ? unwrap(property.value) : null;
      if (value !== null) return isFunction(value) ? [value] : this.#referencedFunctions(value);
    }
    return [];
  }

  /** A function or class an identifier is bound to, once and for all. */
  #definitionOf(id: TSESTree.Identifier): FunctionNode | TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
    const variable = this.#variableOf(id);
    if (variable === null || variable.defs.length !== 1) return null;
    const def = variable.defs[0]!;
    if (def.type === 'FunctionName') return def.node as FunctionNode;
    if (def.type === 'ClassName') return def.node as TSESTree.ClassDeclaration | TSESTree.ClassExpression;
    if (def.type === 'Variable' && def.node.id === def.name && def.node.init !== null && neverReassigned(variable)) {
      const init = unwrap(def.node.init);
      if (isFunction(init)) return init;
      if (init.type === AST_NODE_TYPES.ClassExpression) return init;
    }
    return null;
  }

  #constObjectLiteral(id: TSESTree.Identifier): TSESTree.ObjectExpression | null {
    const variable = this.#variableOf(id);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== 'Variable' || def.node.id !== def.name || def.node.init === null || !neverReassigned(variable!)) return null;
    const init = unwrap(def.node.init);
    return init.type === AST_NODE_TYPES.ObjectExpression ? init : null;
  }

  /** References resolved once for the file, so the walk never searches scopes upward per identifier. */
  #indexReferences(): void {
    for (const scope of this.#sourceCode.scopeManager?.scopes ?? []) {
      for (const ref of scope.references) this.#bindings.set(ref.identifier as TSESTree.Identifier, ref.resolved);
    }
  }

  #variableOf(id: TSESTree.Identifier): TSESLint.Scope.Variable | null {
    return this.#bindings.get(id) ?? null;
  }

  #isGlobal(id: TSESTree.Identifier): boolean {
    if (this.#bindings.has(id)) {
      const variable = this.#bindings.get(id) ?? null;
      return variable === null || variable.defs.length === 0;
    }
    return isGlobalReference(this.#sourceCode, id);
  }
}

/** The scope of the module's own declarations: the module scope, CommonJS's function scope, or the global scope of a script. */
export function topScope(sourceCode: Readonly<TSESLint.SourceCode>): TSESLint.Scope.Scope {
  const global = sourceCode.scopeManager!.globalScope!;
  return global.childScopes.find((s) => s.block.type === AST_NODE_TYPES.Program) ?? global;
}

/** Whether `id` names a global (nothing in the file declares it; configured and lib globals have no definitions). */
export function isGlobalReference(sourceCode: Readonly<TSESLint.SourceCode>, id: TSESTree.Identifier): boolean {
  const variable = ASTUtils.findVariable(sourceCode.getScope(id), id);
  return variable === null || variable.defs.length === 0;
}

/** How far a callback is followed through the file's own functions' parameters (`wrap(fn)` → `retry(fn)` → …). */
const MAX_HAND_OVERS = 4;

/** What a function returns: an arrow's expression body, or the arguments of its own `return` statements. */
function returnedValues(fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const values: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument !== null) values.push(node.argument);
      return;
    }
    for (const child of statementChildren(node)) visit(child);
  };
  visit(fn.body);
  return values;
}

/** The statements directly inside a statement: where its `return`s can be (not inside nested functions). */
function statementChildren(node: TSESTree.Node): TSESTree.Node[] {
  switch (node.type) {
    case AST_NODE_TYPES.BlockStatement:
      return node.body;
    case AST_NODE_TYPES.IfStatement:
      return node.alternate === null ? [node.consequent] : [node.consequent, node.alternate];
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.LabeledStatement:
      return [node.body];
    case AST_NODE_TYPES.TryStatement:
      return [node.block, ...(node.handler === null ? [] : [node.handler.body]), ...(node.finalizer === null ? [] : [node.finalizer])];
    case AST_NODE_TYPES.SwitchStatement:
      return node.cases.flatMap((c) => c.consequent);
    default:
      return [];
  }
}

/** Type annotations and type arguments hold no code that runs. */
const SKIPPED_KEYS = new Set(['typeAnnotation', 'typeParameters', 'typeArguments', 'returnType', 'superTypeArguments', 'implements', 'decorators']);

/** `this.name` inside a class: the method or function-valued field `name` of that class. */
function classMember(node: TSESTree.MemberExpression, name: string): FunctionNode[] {
  let fn: TSESTree.Node | undefined = node.parent;
  // `this` is bound by the nearest non-arrow function, or by a field initialiser
  while (fn != null && fn.type !== AST_NODE_TYPES.FunctionExpression && fn.type !== AST_NODE_TYPES.FunctionDeclaration
    && fn.type !== AST_NODE_TYPES.PropertyDefinition && fn.type !== AST_NODE_TYPES.StaticBlock) fn = fn.parent;
  if (fn == null || fn.type === AST_NODE_TYPES.FunctionDeclaration) return []; // Program's parent is null
  const owner = fn.type === AST_NODE_TYPES.FunctionExpression ? fn.parent : fn;
  if (owner?.type !== AST_NODE_TYPES.MethodDefinition && owner?.type !== AST_NODE_TYPES.PropertyDefinition
    && owner?.type !== AST_NODE_TYPES.StaticBlock) return [];
  const isStatic = owner.type === AST_NODE_TYPES.StaticBlock || owner.static;
  const found: FunctionNode[] = [];
  for (const member of owner.parent.body) {
    if ((member.type !== AST_NODE_TYPES.MethodDefinition && member.type !== AST_NODE_TYPES.PropertyDefinition)
      || member.computed || member.static !== isStatic || keyName(member.key) !== name) continue;
    if (member.type === AST_NODE_TYPES.MethodDefinition) {
      if (member.kind === 'method' && isFunction(member.value)) found.push(member.value);
    } else if (member.value !== null) {
      const value = unwrap(member.value);
      if (isFunction(value)) found.push(value);
    }
  }
  return found;
}

function keyName(node: TSESTree.Node): string | null {
  return node.type === AST_NODE_TYPES.Identifier ? node.name : staticString(node);
}

function neverReassigned(variable: TSESLint.Scope.Variable): boolean {
  return variable.references.every((ref) => !ref.isWrite() || ref.init === true);
}

const analyses = new WeakMap<TSESTree.Program, AsyncContext>();

/** The file's analysis, shared by every rule that lints it (keyed by its AST). */
export function asyncContextOf(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver = resolverFor(sourceCode)): AsyncContext {
  let analysis = analyses.get(sourceCode.ast);
  if (analysis === undefined) {
    analysis = new AsyncContext(sourceCode, resolver);
    analyses.set(sourceCode.ast, analysis);
  }
  return analysis;
}
