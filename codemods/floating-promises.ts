import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import { Node } from '#ts-morph';
import { awaitAllowedAt, findFloatingPromises, promiseTypes, type FloatingPromise } from '../src/analysis/promises.js';
import { mayDropPromise } from '../src/codemod/may-drop-promise.js';
import type { PatternSite, TextEdit, Transform } from '../src/codemod/types.js';

/**
 * floating-promises: a promise an async function (or an ES module's top level) makes and drops gets
 * `await`, so its rejection reaches the caller and its work is done before the function returns.
 * Detection is the one no-floating-promises reports (src/analysis/promises.ts), with the type checker:
 * - `save(x);` → `await save(x);` (also in the arms of `a && b`, `c ? a : b`, `a, b`);
 * - `items.map(async …);` → `await Promise.all(items.map(async …));`;
 * - `items.forEach(async …);` → `await Promise.all(items.map(async …));` (forEach's callback gets the
 *   same arguments as map's; the callbacks still run concurrently, now awaited together).
 * `void p` is a deliberate fire-and-forget and stays. Promises dropped in synchronous functions, and
 * async listeners of event emitters, are left to the rule: awaiting there would change who waits.
 */

interface Floating {
  kind: 'expression' | 'array' | 'forEach';
  /** For forEach: the property name to replace with `map`. */
  method?: Node;
}

export const floatingPromises: Transform = {
  name: 'floating-promises',
  description: 'un-awaited promises in async functions → await (Promise.all for arrays of promises)',
  accepts: () => false,
  rewrite: () => ({ refuse: 'floating-promises has no catalog sites' }),
  patternFilter: /\basync\b|\bawait\b|\.then\b|\bPromise\b|\bimport\(/,
  findsOnlyIfAsync: true,
  findPatterns(file, context) {
    // the ESTree parse is the costly part: spare it files the checker shows to drop no promise
    if (!mayDropPromise(file, context.checker.compilerObject)) return [];
    const view = context.estree(file);
    const types = promiseTypes(view.services);
    const topLevelAwait = context.topLevelAwait(file);
    const found: PatternSite[] = [];
    const seen = new Set<Node>();
    for (const floating of findFloatingPromises(view.sourceCode, { ignoreVoid: true, checkCallbacks: true }, types)) {
      const site = toSite(floating, topLevelAwait, view.tsNodeOf);
      if (site === null || seen.has(site.node)) continue;
      seen.add(site.node);
      found.push({ file, ...site });
    }
    return found;
  },
  rewritePattern(site, context) {
    const data = site.data as Floating;
    const node = site.node;
    const edits: TextEdit[] = [];
    const parens = context.needsParentheses(node);
    const open = (text: string): void => {
      edits.push({ start: node.getStart(), end: node.getStart(), text: parens ? `(${text}` : text });
    };
    const close = (text: string): void => {
      edits.push({ start: node.getEnd(), end: node.getEnd(), text: parens ? `${text})` : text });
    };
    if (data.kind === 'expression') {
      // `p as Promise<T>`: the assertion is about the promise, so it stays inside the await
      if (Node.isAsExpression(node) || Node.isTypeAssertion(node) || Node.isSatisfiesExpression(node)) {
        open('await (');
        close(')');
      } else {
        open('await ');
        if (parens) close('');
      }
    } else {
      if (data.kind === 'forEach') edits.push({ start: data.method!.getStart(), end: data.method!.getEnd(), text: 'map' });
      open('await Promise.all(');
      close(')');
    }
    return { edits, awaits: true };
  },
};

/** Whether a type assertion (`as`, `satisfies`, `<T>`) stands between an arm and its statement's expression. */
function assertedBetween(node: TSESTree.Node, top: TSESTree.Node): boolean {
  for (let n: TSESTree.Node | undefined = node; n !== undefined && n !== top.parent; n = n.parent) {
    if (n.type === AST_NODE_TYPES.TSAsExpression || n.type === AST_NODE_TYPES.TSSatisfiesExpression
      || n.type === AST_NODE_TYPES.TSTypeAssertion) return true;
  }
  return false;
}

function toSite(
  floating: FloatingPromise,
  topLevelAwait: boolean,
  tsNodeOf: (node: Parameters<typeof awaitAllowedAt>[0]) => Node,
): Omit<PatternSite, 'file'> | null {
  if (floating.kind === 'expression') {
    if (floating.voidOperator !== null) return null;
    // in a synchronous function: only if the migration makes that function async anyway
    const onlyIfAsync = awaitAllowedAt(floating.node, topLevelAwait) ? {} : { onlyIfAsync: true };
    const data: Floating = { kind: floating.array ? 'array' : 'expression' };
    // the arms of one statement (`c ? a() : b()`) go together; under a type assertion, the whole is awaited
    const group = `statement:${floating.statement.range[0]}`;
    if (floating.node !== floating.statement.expression && assertedBetween(floating.node, floating.statement.expression)) {
      if (floating.array) return null;
      return { node: tsNodeOf(floating.statement.expression), api: 'floating-promise', category: 'promise', data, group, ...onlyIfAsync };
    }
    return { node: tsNodeOf(floating.node), api: 'floating-promise', category: 'promise', data, group, ...onlyIfAsync };
  }
  if (floating.api !== 'forEach' || floating.call.parent.type !== AST_NODE_TYPES.ExpressionStatement) return null;
  if (floating.call.arguments.length !== 1) return null;
  const callee = floating.call.callee;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const data: Floating = { kind: 'forEach', method: tsNodeOf(callee.property) };
  const onlyIfAsync = awaitAllowedAt(floating.call, topLevelAwait) ? {} : { onlyIfAsync: true };
  return { node: tsNodeOf(floating.call), api: 'floating-promise', category: 'promise', data, ...onlyIfAsync };
}
