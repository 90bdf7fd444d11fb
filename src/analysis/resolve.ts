import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import type * as ts from 'typescript';
import { lookupExport, lookupGlobal, lookupInstanceType, lookupMethod, normalizeModule } from '../catalog/index.js';

/**
 * What an expression is, as far as the catalog cares, found through scope analysis (never by a name
 * alone): a module or one of its exports, an instance of a tracked class, or a method of one.
 */
export type Resolved =
  | { kind: 'module'; module: string; path: readonly string[] }
  | { kind: 'instance'; of: string }
  | { kind: 'method'; of: string; name: string };

type Scope = TSESLint.Scope.Scope;

/** Interop helpers of compilers and bundlers: `__importStar(require('fs'))` is the module itself. */
/** The interop helpers compilers and bundlers wrap a required module in (TypeScript, tslib, Babel, esbuild, rollup). */
export const INTEROP_HELPER = /^_{1,2}(?:importStar|importDefault|interopRequireDefault|interopRequireWildcard|interopDefault|interopDefaultLegacy|interopDefaultCompat|interopNamespace|interopNamespaceDefault|interopNamespaceCompat|toESM|toCommonJS)$/;

const MAX_DEPTH = 12;

/** Resolves expressions of one file; `sourceCode` gives scopes. Results are cached per node. */
export class Resolver {
  readonly #cache = new WeakMap<TSESTree.Node, Resolved | null>();
  /** What a local function returns, by its variable: every call of it asks the same question. */
  readonly #returned = new WeakMap<TSESLint.Scope.Variable, Resolved | null>();

  constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  resolve(node: TSESTree.Node, depth = 0): Resolved | null {
    if (depth > MAX_DEPTH) return null;
    const cached = this.#cache.get(node);
    if (cached !== undefined) return cached;
    this.#cache.set(node, null); // a cycle resolves to nothing
    const result = this.#resolve(node, depth + 1);
    this.#cache.set(node, result);
    return result;
  }

  /** The module a `require('x')` call (global require, or one made by createRequire) loads. */
  requiredModule(node: TSESTree.Node, depth = 0): string | null {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.arguments.length !== 1) return null;
    const arg = node.arguments[0];
    const spec = arg !== undefined ? staticString(arg) : null;
    if (spec === null) return null;
    const callee = unwrap(node.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const variable = this.#variable(callee);
      if (variable === null) return callee.name === 'require' ? spec : null;
      const init = singleInit(variable);
      return init !== null && depth < MAX_DEPTH && this.isCreateRequire(init.callee, depth + 1) ? spec : null;
    }
    // module.require('x')
    if (callee.type === AST_NODE_TYPES.MemberExpression && propertyName(callee) === 'require'
      && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'module'
      && this.#variable(callee.object) === null) return spec;
    return null;
  }

  /** Whether `node` is node:module's `createRequire`. */
  isCreateRequire(node: TSESTree.Node, depth = 0): boolean {
    const made = this.resolve(node, depth);
    return made?.kind === 'module' && normalizeModule(made.module) === 'module' && made.path.join('.') === 'createRequire';
  }

  /**
   * The module whose `require` an initialiser is: the call itself, inside an interop helper
   * (`__importDefault(require('m'))`), or a member of either (`require('m').default`).
   */
  loadedModule(init: TSESTree.Node): string | null {
    const call = this.loadingCall(init);
    return call === null ? null : this.requiredModule(call);
  }

  /** The `require('m')` call (or `load('m')` of a createRequire loader) inside such an initialiser. */
  loadingCall(init: TSESTree.Node): TSESTree.CallExpression | null {
    for (let node: TSESTree.Node = unwrap(init); ;) {
      if (node.type === AST_NODE_TYPES.CallExpression && this.requiredModule(node) !== null) return node;
      if (node.type === AST_NODE_TYPES.MemberExpression) node = unwrap(node.object);
      else if (node.type === AST_NODE_TYPES.CallExpression && isInteropHelper(node) && node.arguments[0] !== undefined) node = unwrap(node.arguments[0]);
      else return null;
    }
  }

  #resolve(raw: TSESTree.Node, depth: number): Resolved | null {
    const node = unwrap(raw);
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
        return this.#resolveIdentifier(node, depth);
      case AST_NODE_TYPES.MemberExpression:
        return this.#resolveMember(node, depth);
      case AST_NODE_TYPES.CallExpression:
        return this.#resolveCall(node, depth);
      case AST_NODE_TYPES.NewExpression:
        return this.#instanceFrom(this.resolve(node.callee, depth));
      case AST_NODE_TYPES.AwaitExpression:
        // `await import('fs')` is the module namespace
        if (node.argument.type === AST_NODE_TYPES.ImportExpression) {
          const spec = staticString(node.argument.source);
          return spec === null ? null : { kind: 'module', module: spec, path: [] };
        }
        return null;
      case AST_NODE_TYPES.ConditionalExpression:
        // `!isDeno ? require('node:fs') : undefined` (i18next-fs-backend): either branch may be the value
        return this.#resolveBranches([node.consequent, node.alternate], depth);
      case AST_NODE_TYPES.LogicalExpression:
        // `a || b`, `a ?? b`: either; `a && b` is `a` only when `a` is falsy, a primitive and never a module
        return this.#resolveBranches(node.operator === '&&' ? [node.right] : [node.left, node.right], depth);
      default:
        return null;
    }
  }

  /**
   * The one thing every branch of a choice resolves to, branches that cannot hold a module (`undefined`,
   * `null`, `void 0`, `false`: calls through them throw, never reach another API) aside. Branches that
   * resolve to different modules, or not at all (`opts.fs || require('fs')`), resolve to nothing: we never guess.
   */
  #resolveBranches(branches: readonly TSESTree.Node[], depth: number): Resolved | null {
    const values = branches.filter((branch) => !cannotBeModule(branch));
    return values.length === 0 ? null : this.#resolveAll(values, depth);
  }

  #resolveCall(node: TSESTree.CallExpression, depth: number): Resolved | null {
    const spec = this.requiredModule(node, depth);
    if (spec !== null) return { kind: 'module', module: spec, path: [] };
    const callee = unwrap(node.callee);
    const first = node.arguments[0];
    if (isInteropHelper(node) && first !== undefined) return this.resolve(first, depth);
    return this.#instanceFrom(this.resolve(node.callee, depth))
      ?? (callee.type === AST_NODE_TYPES.Identifier ? this.#returnedByLocalFunction(callee, depth) : null);
  }

  /**
   * `_fs()` where `_fs` is a function of this file that always returns one module: Babel's lazy requires
   * (`function _fs() { const data = require("fs"); _fs = function () { return data; }; return data; }`,
   * @babel/*, jest) and hand-written loaders (`const getFs = () => require('fs')`).
   */
  #returnedByLocalFunction(callee: TSESTree.Identifier, depth: number): Resolved | null {
    const variable = this.#variable(callee);
    if (variable === null || variable.defs.length !== 1) return null;
    const cached = this.#returned.get(variable);
    if (cached !== undefined) return cached;
    this.#returned.set(variable, null); // a recursive loader resolves to nothing
    const result = this.#returnedBy(variable, depth);
    this.#returned.set(variable, result);
    return result;
  }

  #returnedBy(variable: TSESLint.Scope.Variable, depth: number): Resolved | null {
    const def = variable.defs[0]!;
    let initial: TSESTree.Node | null;
    if (def.type === 'FunctionName') initial = def.node;
    else if (def.type === 'Variable' && def.node.id === def.name) initial = def.node.init;
    else return null;
    const functions = assignedValues(variable, initial);
    if (functions === null || functions.length === 0) return null;
    const returned: TSESTree.Node[] = [];
    for (const fn of functions) {
      if (!isFunctionNode(fn) || fn.async || fn.generator) return null;
      returned.push(...this.#returnValues(fn));
    }
    return this.#resolveAll(returned, depth);
  }

  /** What a function returns, `return;` and `return undefined` aside; nested functions' returns are theirs. */
  #returnValues(fn: FunctionNode): TSESTree.Node[] {
    if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
    const values: TSESTree.Node[] = [];
    const keys = this.sourceCode.visitorKeys;
    const stack: TSESTree.Node[] = [fn.body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === AST_NODE_TYPES.ReturnStatement) {
        if (node.argument !== null && !isNothing(node.argument)) values.push(node.argument);
        continue;
      }
      if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassBody) continue;
      for (const key of keys[node.type] ?? []) {
        const child = (node as unknown as Record<string, unknown>)[key];
        for (const c of Array.isArray(child) ? child : [child]) {
          if (c !== null && typeof c === 'object' && typeof (c as TSESTree.Node).type === 'string') stack.push(c as TSESTree.Node);
        }
      }
    }
    return values;
  }

  /** The one thing every value resolves to, or null when one does not resolve or two differ. */
  #resolveAll(values: readonly TSESTree.Node[], depth: number): Resolved | null {
    let result: Resolved | null = null;
    for (const value of values) {
      const resolved = this.resolve(value, depth);
      if (resolved === null || (result !== null && !sameResolved(result, resolved))) return null;
      result ??= resolved;
    }
    return result;
  }

  /** A call or `new` of a catalog API that returns a tracked instance yields that instance. */
  #instanceFrom(callee: Resolved | null): Resolved | null {
    if (callee === null) return null;
    if (callee.kind === 'module') {
      const entry = lookupExport(callee.module, callee.path);
      return entry?.returns !== undefined ? { kind: 'instance', of: entry.returns } : null;
    }
    if (callee.kind === 'method') {
      const entry = lookupMethod(callee.of, callee.name);
      return entry?.returns !== undefined ? { kind: 'instance', of: entry.returns } : null;
    }
    return null;
  }

  #resolveMember(node: TSESTree.MemberExpression, depth: number): Resolved | null {
    const name = propertyName(node);
    if (name === null) return null;
    if (node.object.type === AST_NODE_TYPES.ThisExpression) return this.#resolveThisMember(node, name, depth);
    const object = this.resolve(node.object, depth);
    if (object === null) return null;
    if (object.kind === 'module') return { kind: 'module', module: object.module, path: [...object.path, name] };
    if (object.kind === 'instance') return { kind: 'method', of: object.of, name };
    return null;
  }

  #resolveIdentifier(node: TSESTree.Identifier, depth: number): Resolved | null {
    const variable = this.#variable(node);
    if (variable === null) {
      const entry = lookupGlobal(node.name);
      return entry !== undefined && entry.modules[0] !== undefined
        ? { kind: 'module', module: entry.modules[0], path: entry.path }
        : null;
    }
    if (variable.defs.length !== 1) return null;
    const def = variable.defs[0]!;
    switch (def.type) {
      case 'ImportBinding':
        return resolveImportBinding(def.node);
      case 'Variable': {
        const declarator = def.node;
        const keys = patternPath(def.name, declarator.id);
        if (keys === null) return null;
        if (keys.length === 0) {
          // `let glob; try { glob = require('glob') } catch {}` (an optional dependency) is still glob;
          // `let fs = require('fs'); fs = __toESM(fs, 1)` (rolldown's CommonJS output) wraps itself, and is too
          const values = assignedValues(variable, declarator.init)?.filter((value) => !this.#wrapsItself(value, variable));
          return values === undefined ? null : this.#resolveAll(values, depth);
        }
        if (declarator.init === null || !neverReassigned(variable)) return null;
        const base = this.resolve(declarator.init, depth);
        return base?.kind === 'module' ? { kind: 'module', module: base.module, path: [...base.path, ...keys] } : null;
      }
      case 'Parameter':
        return neverReassigned(variable) ? this.#resolveTypeAnnotation(def.name.typeAnnotation, depth) : null;
      default:
        return null; // the project's own functions and classes: never catalog APIs
    }
  }

  /** `__toESM(x, 1)` assigned to `x` itself: an interop helper around the variable's own module. */
  #wrapsItself(value: TSESTree.Node, variable: TSESLint.Scope.Variable): boolean {
    const call = unwrap(value);
    if (call.type !== AST_NODE_TYPES.CallExpression || !isInteropHelper(call) || call.arguments[0] === undefined) return false;
    const first = unwrap(call.arguments[0]);
    return first.type === AST_NODE_TYPES.Identifier && this.#variable(first) === variable;
  }

  /** `this.db` inside a class: its field's initialiser or type, or the constructor's assignment. */
  #resolveThisMember(node: TSESTree.MemberExpression, name: string, depth: number): Resolved | null {
    const cls = enclosingClass(node);
    if (cls === null) return null;
    for (const member of cls.body.body) {
      if (member.type === AST_NODE_TYPES.PropertyDefinition && !member.computed && keyName(member.key) === name) {
        if (member.value !== null) return this.resolve(member.value, depth);
        return this.#resolveTypeAnnotation(member.typeAnnotation, depth)
          ?? this.#constructorAssignment(cls, name, depth);
      }
      if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === 'constructor') {
        for (const param of member.value.params) {
          if (param.type === AST_NODE_TYPES.TSParameterProperty && param.parameter.type === AST_NODE_TYPES.Identifier
            && param.parameter.name === name) {
            return this.#resolveTypeAnnotation(param.parameter.typeAnnotation, depth);
          }
        }
      }
    }
    return this.#constructorAssignment(cls, name, depth);
  }

  #constructorAssignment(cls: TSESTree.ClassBody['parent'], name: string, depth: number): Resolved | null {
    const ctor = cls.body.body.find(
      (m): m is TSESTree.MethodDefinition => m.type === AST_NODE_TYPES.MethodDefinition && m.kind === 'constructor');
    const body = ctor?.value.body;
    if (body === undefined || body === null) return null;
    let found: TSESTree.Expression | null = null;
    for (const statement of body.body) {
      if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
      const e = statement.expression;
      if (e.type === AST_NODE_TYPES.AssignmentExpression && e.operator === '='
        && e.left.type === AST_NODE_TYPES.MemberExpression && e.left.object.type === AST_NODE_TYPES.ThisExpression
        && propertyName(e.left) === name) {
        if (found !== null) return null; // assigned twice: unknown
        found = e.right;
      }
    }
    return found === null ? null : this.resolve(found, depth);
  }

  /** `db: Database.Database` (better-sqlite3) marks a tracked instance. */
  #resolveTypeAnnotation(annotation: TSESTree.TSTypeAnnotation | undefined, depth: number): Resolved | null {
    const type = annotation?.typeAnnotation;
    if (type?.type !== AST_NODE_TYPES.TSTypeReference) return null;
    const named = this.resolveTypeName(type, depth);
    const instanceOf = named === null ? undefined : lookupInstanceType(named.module, named.path);
    return instanceOf === undefined ? this.#resolveTypeWithChecker(type) : { kind: 'instance', of: instanceOf };
  }

  /** The module export a type reference names through scope analysis: `Database.Database` → better-sqlite3 ['default', 'Database']. */
  resolveTypeName(type: TSESTree.TSTypeReference, depth = 0): { module: string; path: readonly string[] } | null {
    const names: string[] = [];
    let name: TSESTree.EntityName = type.typeName;
    while (name.type === AST_NODE_TYPES.TSQualifiedName) {
      names.unshift(name.right.name);
      name = name.left;
    }
    if (name.type !== AST_NODE_TYPES.Identifier) return null;
    const base = this.#resolveIdentifier(name, depth);
    return base?.kind === 'module' ? { module: base.module, path: [...base.path, ...names] } : null;
  }

  /**
   * With type information (the codemods; typed lint configs), a type the syntax cannot follow, such as an
   * alias imported from another module (`import type { Db } from './db.js'` where `type Db =
   * Database.Database`): the checker's type, when it is declared by a catalog module's own typings.
   */
  #resolveTypeWithChecker(type: TSESTree.TypeNode): Resolved | null {
    const services = this.sourceCode.parserServices;
    if (services?.program == null || services.esTreeNodeToTSNodeMap === undefined) return null;
    const symbol = services.program.getTypeChecker().getTypeFromTypeNode(services.esTreeNodeToTSNodeMap.get(type) as ts.TypeNode).getSymbol();
    for (const declaration of symbol?.getDeclarations() ?? []) {
      const module = /\/node_modules\/(?:@types\/)?((?:@[^/]+\/)?[^/]+)\//.exec(declaration.getSourceFile().fileName)?.[1];
      const instanceOf = module === undefined ? undefined : lookupInstanceType(module, [symbol!.getName()]);
      if (instanceOf !== undefined) return { kind: 'instance', of: instanceOf };
    }
    return null;
  }

  /**
   * Whether a callee's module is bound only under a condition (`var fs = !isDeno ? require('node:fs') :
   * undefined`, `isNode && require('fs')`): a rewrite that imports the async API unconditionally would load
   * what the guard kept from loading.
   */
  loadedUnderCondition(callee: TSESTree.Node): boolean {
    let base = unwrap(callee);
    while (base.type === AST_NODE_TYPES.MemberExpression) base = unwrap(base.object);
    if (base.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.#variable(base);
    return variable?.defs.some((def) => def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init !== null
      && mayHoldNothing(unwrap(def.node.init))) ?? false;
  }

  #variable(node: TSESTree.Identifier): TSESLint.Scope.Variable | null {
    const scope: Scope = this.sourceCode.getScope(node);
    const variable = ASTUtils.findVariable(scope, node);
    // ESLint's implicit globals (from languageOptions.globals) have no definitions: treat them as globals
    return variable !== null && variable.defs.length === 0 ? null : variable;
  }
}

function isInteropHelper(call: TSESTree.CallExpression): boolean {
  const callee = unwrap(call.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier
    ? callee.name
    : callee.type === AST_NODE_TYPES.MemberExpression ? propertyName(callee) : null;
  return name !== null && INTEROP_HELPER.test(name);
}

const resolvers = new WeakMap<TSESTree.Program, Resolver>();

/** The file's resolver, shared by every rule that lints it (keyed by its AST), so each expression resolves once. */
export function resolverFor(sourceCode: Readonly<TSESLint.SourceCode>): Resolver {
  let resolver = resolvers.get(sourceCode.ast);
  if (resolver === undefined) {
    resolver = new Resolver(sourceCode);
    resolvers.set(sourceCode.ast, resolver);
  }
  return resolver;
}

function resolveImportBinding(node: TSESTree.Node): Resolved | null {
  switch (node.type) {
    case AST_NODE_TYPES.ImportSpecifier: {
      // type-only imports resolve too: they name modules in type annotations (and are erased from calls)
      const decl = node.parent;
      if (decl.type !== AST_NODE_TYPES.ImportDeclaration) return null;
      const imported = keyName(node.imported);
      return imported === null ? null : { kind: 'module', module: decl.source.value, path: [imported] };
    }
    case AST_NODE_TYPES.ImportDefaultSpecifier:
      return { kind: 'module', module: node.parent.source.value, path: ['default'] };
    case AST_NODE_TYPES.ImportNamespaceSpecifier:
      return { kind: 'module', module: node.parent.source.value, path: [] };
    case AST_NODE_TYPES.TSImportEqualsDeclaration: {
      const ref = node.moduleReference;
      if (ref.type !== AST_NODE_TYPES.TSExternalModuleReference) return null;
      const spec = staticString(ref.expression);
      return spec === null ? null : { kind: 'module', module: spec, path: [] };
    }
    default:
      return null;
  }
}

/** The property keys from a destructuring pattern's root down to `id`: `{ a: { b: id } }` → ['a', 'b']. */
function patternPath(id: TSESTree.Identifier, root: TSESTree.Node): string[] | null {
  const keys: string[] = [];
  let node: TSESTree.Node = id;
  while (node !== root) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (parent === undefined) return null;
    if (parent.type === AST_NODE_TYPES.Property) {
      if (parent.computed) return null;
      const key = keyName(parent.key);
      if (key === null) return null;
      keys.unshift(key);
      node = parent.parent; // the ObjectPattern
      continue;
    }
    if (parent.type === AST_NODE_TYPES.AssignmentPattern && parent.left === node) {
      node = parent;
      continue;
    }
    return null; // array patterns, rest elements: positions we do not track
  }
  return keys;
}

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;

function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionDeclaration
    || node.type === AST_NODE_TYPES.FunctionExpression;
}

/** `undefined`, `void 0`, `null`: a value nothing can be called on, so calls through it never happen. */
function isNothing(node: TSESTree.Node): boolean {
  return (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined')
    || (node.type === AST_NODE_TYPES.Literal && node.value === null && !('regex' in node) && !('bigint' in node))
    || (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void');
}

/** A value no module can be: `undefined`, `null`, `void 0`, `false` (what `isNode && require('fs')` may hold instead). */
function cannotBeModule(node: TSESTree.Node): boolean {
  const value = unwrap(node);
  return isNothing(value) || (value.type === AST_NODE_TYPES.Literal && value.value === false);
}

/** A choice one of whose values cannot be a module (see cannotBeModule): `a && b` may be `a`'s falsy value. */
function mayHoldNothing(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.ConditionalExpression) {
    return [node.consequent, node.alternate].some((branch) => cannotBeModule(branch) || mayHoldNothing(unwrap(branch)));
  }
  if (node.type !== AST_NODE_TYPES.LogicalExpression) return false;
  return node.operator === '&&' || cannotBeModule(node.right) || mayHoldNothing(unwrap(node.right));
}

/**
 * Every value a variable may hold: its initial value (`initial`: an initialiser, or a function
 * declaration) and each plain `x = value`, nothing-values aside. null when it is also written in a way
 * not followed here (`+=`, `||=`, `++`, destructuring, for-in/of).
 */
function assignedValues(variable: TSESLint.Scope.Variable, initial: TSESTree.Node | null): TSESTree.Node[] | null {
  const values: TSESTree.Node[] = initial !== null && !isNothing(initial) ? [initial] : [];
  for (const ref of variable.references) {
    if (!ref.isWrite() || ref.init === true) continue;
    const parent = ref.identifier.parent;
    if (parent?.type !== AST_NODE_TYPES.AssignmentExpression || parent.operator !== '=' || parent.left !== ref.identifier) return null;
    if (!isNothing(parent.right)) values.push(parent.right);
  }
  return values;
}

function sameResolved(a: Resolved, b: Resolved): boolean {
  if (a.kind === 'module' && b.kind === 'module') {
    return normalizeModule(a.module) === normalizeModule(b.module) && a.path.join('.') === b.path.join('.');
  }
  if (a.kind === 'instance' && b.kind === 'instance') return a.of === b.of;
  return a.kind === 'method' && b.kind === 'method' && a.of === b.of && a.name === b.name;
}

function neverReassigned(variable: TSESLint.Scope.Variable): boolean {
  return variable.references.every((ref) => !ref.isWrite() || ref.init === true);
}

function singleInit(variable: TSESLint.Scope.Variable): TSESTree.CallExpression | null {
  const def = variable.defs[0];
  if (variable.defs.length !== 1 || def?.type !== 'Variable' || !neverReassigned(variable)) return null;
  const init = def.node.init;
  return init !== null && def.node.id.type === AST_NODE_TYPES.Identifier && init.type === AST_NODE_TYPES.CallExpression ? init : null;
}

function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | null {
  let fn: TSESTree.Node | undefined = node.parent;
  // `this` belongs to the nearest non-arrow function; it must be a method of a class. ESLint gives
  // Program a null parent (the type says undefined): `this.x` at module top level reaches it.
  while (fn != null && fn.type !== AST_NODE_TYPES.FunctionExpression && fn.type !== AST_NODE_TYPES.FunctionDeclaration
    && fn.type !== AST_NODE_TYPES.PropertyDefinition) fn = fn.parent;
  if (fn == null || fn.type === AST_NODE_TYPES.FunctionDeclaration) return null;
  const owner = fn.parent;
  if (owner === undefined || (owner.type !== AST_NODE_TYPES.MethodDefinition && owner.type !== AST_NODE_TYPES.ClassBody)) return null;
  const body = owner.type === AST_NODE_TYPES.ClassBody ? owner : owner.parent;
  return body.type === AST_NODE_TYPES.ClassBody ? body.parent : null;
}

/** Strips what does not change a value: parentheses are gone already; TS casts, `!`, `?.`, `(0, f)`. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  for (;;) {
    switch (n.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.ChainExpression:
        n = n.expression;
        continue;
      case AST_NODE_TYPES.SequenceExpression: {
        const last = n.expressions[n.expressions.length - 1];
        if (last === undefined) return n;
        n = last;
        continue;
      }
      default:
        return n;
    }
  }
}

export function propertyName(node: TSESTree.MemberExpression): string | null {
  if (!node.computed) return node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : null;
  return staticString(node.property);
}

function keyName(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  return staticString(node);
}

export function staticString(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? null;
  }
  return null;
}
