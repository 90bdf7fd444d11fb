import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { lookupExport, lookupMethod, type CatalogEntry } from '../catalog/index.js';
import { staticString, type Resolved, type Resolver } from './resolve.js';

export type CallLike = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression;

/** The catalog entry a resolved callee is, blocking or not. */
export function entryOf(resolved: Resolved | null): CatalogEntry | undefined {
  if (resolved === null) return undefined;
  if (resolved.kind === 'module') return lookupExport(resolved.module, resolved.path);
  if (resolved.kind === 'method') return lookupMethod(resolved.of, resolved.name);
  return undefined;
}

/** The blocking catalog entry a call reaches, or undefined: the one question every rule and codemod asks. */
export function matchBlockingCall(node: CallLike, resolver: Resolver): CatalogEntry | undefined {
  const callee = node.type === AST_NODE_TYPES.TaggedTemplateExpression ? node.tag : node.callee;
  const entry = entryOf(resolver.resolve(callee));
  if (entry === undefined || !entry.blocking) return undefined;
  const args = node.type === AST_NODE_TYPES.TaggedTemplateExpression ? [] : node.arguments;
  return conditionHolds(entry, args) ? entry : undefined;
}

function conditionHolds(entry: CatalogEntry, args: readonly TSESTree.CallExpressionArgument[]): boolean {
  const condition = entry.condition;
  if (condition === undefined) return true;
  if (condition.kind === 'arg-equals') {
    const arg = args[condition.index];
    return arg?.type === AST_NODE_TYPES.Literal && arg.value === condition.value;
  }
  // no-callback: shell.exec(cmd, cb) and shell.exec(cmd, { async: true }) do not block
  return !args.some((a) =>
    a.type === AST_NODE_TYPES.ArrowFunctionExpression || a.type === AST_NODE_TYPES.FunctionExpression
    || (a.type === AST_NODE_TYPES.ObjectExpression && a.properties.some((p) =>
      p.type === AST_NODE_TYPES.Property && p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'async'
      && p.value.type === AST_NODE_TYPES.Literal && p.value.value === true)));
}

/**
 * `execSync('sleep 2')`, `execFileSync('sleep', ['2'])`, `spawnSync('sleep', ['2'])`: a child process run
 * only to wait, in seconds. no-blocking-sleep reports these, not no-sync-io.
 */
export function sleepCommandSeconds(node: CallLike, entry: CatalogEntry): number | undefined {
  if (entry.category !== 'child-process' || node.type === AST_NODE_TYPES.TaggedTemplateExpression) return undefined;
  const [first, second] = node.arguments;
  const command = first === undefined ? null : staticString(first);
  if (command === null) return undefined;
  if (second?.type === AST_NODE_TYPES.ArrayExpression) {
    const only = second.elements.length === 1 && second.elements[0] ? staticString(second.elements[0]) : null;
    return command === 'sleep' && only !== null ? secondsOf(only) : undefined;
  }
  const m = /^\s*sleep\s+(\S+)\s*$/.exec(command);
  return m?.[1] !== undefined ? secondsOf(m[1]) : undefined;
}

function secondsOf(text: string): number | undefined {
  return /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : undefined;
}
