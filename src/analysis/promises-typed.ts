import { createRequire } from 'node:module';
import type { ParserServices, TSESTree } from '@typescript-eslint/utils';
import type * as ts from 'typescript';
import { NODE_TEST } from '../catalog/test-runners.js';

/**
 * What the type checker says about promises, for no-floating-promises with type information. Every
 * answer is `undefined` when the checker does not know (an `any`, an unresolved import): the caller then
 * falls back to what the file shows.
 */
export interface PromiseTypes {
  /** The value is a thenable: some constituent of its type has a callable `then`. */
  thenable(node: TSESTree.Node): boolean | undefined;
  /** An array or tuple of thenables (`items.map(async …)`). */
  thenableArray(node: TSESTree.Node): boolean | undefined;
  /** The value can be called (a real rejection handler). */
  callable(node: TSESTree.Node): boolean | undefined;
  /** Calls of this function value return thenables. */
  returnsThenable(node: TSESTree.Node): boolean | undefined;
  /**
   * A call of node:test's `test`/`it`/`describe`/`suite` (or `.only`/`.skip`/`.todo`; its hooks return
   * nothing): the runner tracks
   * the promise it returns, and awaiting it is not needed (typescript-eslint's `allowForKnownSafeCalls`
   * example, by default here).
   */
  runnerTracked(node: TSESTree.Node): boolean;
  /** The function this argument is passed to ignores what it returns (its parameter returns `void`). */
  resultIgnored(node: TSESTree.Node): boolean | undefined;
  /**
   * Whether the compiler options allow top-level `await` in this file: an ES module output (`module`
   * es2022/esnext/system/preserve, or node16…nodenext for a file Node.js loads as ESM) and `target` ≥ es2017.
   */
  topLevelAwait(fileName: string): boolean | undefined;
}

// typescript is an optional peer dependency: load it only when a program exists, so it is installed.
const require = createRequire(import.meta.url);
let typescript: typeof ts | undefined;

/** Verdicts per type, shared by every file of a program (types belong to their checker). */
const thenableCache = new WeakMap<ts.TypeChecker, WeakMap<ts.Type, boolean | undefined>>();

/** The type-information view, or null when the parser gave no program (no `projectService`/`project`). */
export function promiseTypes(services: Partial<ParserServices> | undefined): PromiseTypes | null {
  const program = services?.program;
  const map = services?.esTreeNodeToTSNodeMap;
  if (program === undefined || program === null || map === undefined) return null;
  const t = typescript ??= require('typescript') as typeof ts;
  const checker = program.getTypeChecker();
  let cache = thenableCache.get(checker);
  if (cache === undefined) thenableCache.set(checker, cache = new WeakMap());
  const verdicts = cache;
  const UNKNOWN = t.TypeFlags.Any | t.TypeFlags.Unknown;
  const VOIDISH = t.TypeFlags.Void | t.TypeFlags.Undefined;

  // thenable() then thenableArray() ask about the same node in a row: remember the last answer
  let lastNode: TSESTree.Node | undefined;
  let lastType: ts.Type | undefined;
  const typeOf = (node: TSESTree.Node): ts.Type | undefined => {
    if (node === lastNode) return lastType;
    lastNode = node;
    try {
      lastType = checker.getTypeAtLocation(map.get(node));
    } catch {
      lastType = undefined; // the checker throws on a few synthetic nodes; treat them as unknown
    }
    return lastType;
  };
  const parts = (type: ts.Type): readonly ts.Type[] => (type.isUnion() ? type.types : [type]);

  const thenableType = (type: ts.Type): boolean | undefined => {
    if (verdicts.has(type)) return verdicts.get(type);
    let verdict: boolean | undefined = false;
    for (const part of parts(type)) {
      if ((part.flags & UNKNOWN) !== 0) {
        verdict = undefined;
        continue;
      }
      const then = checker.getApparentType(part).getProperty('then');
      if (then !== undefined && checker.getNonNullableType(checker.getTypeOfSymbol(then)).getCallSignatures().length > 0) {
        verdict = true;
        break;
      }
    }
    verdicts.set(type, verdict);
    return verdict;
  };

  return {
    thenable(node) {
      const type = typeOf(node);
      return type === undefined ? undefined : thenableType(type);
    },
    thenableArray(node) {
      const type = typeOf(node);
      if (type === undefined) return undefined;
      let verdict: boolean | undefined = false;
      for (const part of parts(type)) {
        if ((part.flags & UNKNOWN) !== 0) verdict = undefined;
        const apparent = checker.getApparentType(part);
        if (!checker.isArrayType(apparent) && !checker.isTupleType(apparent)) continue;
        if (checker.getTypeArguments(apparent as ts.TypeReference).some((e) => thenableType(e) === true)) return true;
      }
      return verdict;
    },
    callable(node) {
      const type = typeOf(node);
      if (type === undefined) return undefined;
      if (parts(type).some((p) => (p.flags & UNKNOWN) !== 0)) return undefined;
      return parts(type).some((p) => p.getCallSignatures().length > 0);
    },
    returnsThenable(node) {
      const type = typeOf(node);
      if (type === undefined || parts(type).some((p) => (p.flags & UNKNOWN) !== 0)) return undefined;
      const signatures = parts(type).flatMap((p) => p.getCallSignatures());
      if (signatures.length === 0) return undefined;
      return signatures.some((s) => thenableType(s.getReturnType()) === true);
    },
    runnerTracked(node) {
      const call = map.get(node) as ts.Node | undefined;
      if (call === undefined || !t.isCallExpression(call)) return false;
      const callee = t.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression;
      let symbol = checker.getSymbolAtLocation(callee);
      if (symbol !== undefined && (symbol.flags & t.SymbolFlags.Alias) !== 0) symbol = checker.getAliasedSymbol(symbol);
      return symbol !== undefined && NODE_TEST.awaited.has(symbol.getName())
        && (symbol.declarations ?? []).some((d) => NODE_TEST.declaredIn.test(d.getSourceFile().fileName));
    },
    topLevelAwait(fileName) {
      const options = program.getCompilerOptions();
      const file = program.getSourceFile(fileName);
      if (file === undefined) return undefined;
      const { ModuleKind, ScriptTarget } = t;
      if ((options.target ?? ScriptTarget.ES5) < ScriptTarget.ES2017) return false;
      const module = options.module ?? ModuleKind.CommonJS;
      if (module >= ModuleKind.Node16 && module <= ModuleKind.NodeNext) return file.impliedNodeFormat === ModuleKind.ESNext;
      return module === ModuleKind.ES2022 || module === ModuleKind.ESNext || module === ModuleKind.System
        || module === ModuleKind.Preserve;
    },
    resultIgnored(node) {
      const tsNode = map.get(node) as ts.Node;
      if (!t.isExpression(tsNode)) return undefined;
      const contextual = checker.getContextualType(tsNode);
      if (contextual === undefined) return undefined;
      const signatures = parts(contextual).flatMap((p) => p.getCallSignatures());
      if (signatures.length === 0) return undefined;
      const returns = signatures.flatMap((s) => parts(s.getReturnType()));
      // `=> any` (lib.dom's keyed `addEventListener<K>` overload, which the checker picks) says nothing of
      // what the caller does with the result: the API's own name decides, as without type information
      if (returns.some((r) => (r.flags & UNKNOWN) !== 0)) return undefined;
      return returns.every((r) => (r.flags & VOIDISH) !== 0);
    },
  };
}
