import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import { catalog, lookupExport, lookupMethod, type CatalogEntry } from '../catalog/index.js';
import { propertyName, staticString, unwrap, type Resolved, type Resolver } from './resolve.js';

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
  if (!mayReachCatalog(callee)) return undefined;
  const entry = entryOf(resolver.resolve(callee));
  if (entry === undefined || !entry.blocking) return undefined;
  const args = node.type === AST_NODE_TYPES.TaggedTemplateExpression ? [] : node.arguments;
  return conditionHolds(entry, args) ? entry : undefined;
}

/**
 * The last property name of every catalog API (`readFileSync`, `sync`, `get`; `default` for a module
 * called as a function): `x.foo()` can reach the catalog only if `foo` is one of them.
 */
const CALLABLE_NAMES = new Set(['default', ...catalog.map((e) => e.type === 'method' ? e.method : e.path.at(-1) ?? 'default')]);

/** A cheap test before scope analysis: most member calls (`list.push()`) cannot reach the catalog. */
export function mayReachCatalog(callee: TSESTree.Node): boolean {
  const node = unwrap(callee);
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.object.type === AST_NODE_TYPES.ThisExpression) return true;
  const name = propertyName(node);
  return name !== null && CALLABLE_NAMES.has(name);
}

/**
 * A pre-filter on a file's text: it matches when the text names one of `modules` in a string literal
 * (as an import, a require or an `import()` must) or mentions one of `globals`. A file it does not
 * match cannot reach those APIs, so a rule can skip it before any scope analysis.
 */
export function sourceTextPattern(modules: Iterable<string>, globals: Iterable<string> = []): RegExp {
  const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const names = [...new Set(modules)].map((m) => escape(m.replace(/^node:(?!sqlite$|test$|sea$)/, ''))).sort().join('|');
  const words = [...new Set(globals)].map(escape).sort().join('|');
  const quoted = `['"\`](?:node:)?(?:${names})['"\`]`;
  return new RegExp(words === '' ? quoted : `${quoted}|\\b(?:${words})\\b`);
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
  // shelljs's exec runs a command too (category `shell`, replaced like execSync)
  const runsCommand = entry.category === 'child-process' || entry.replacement?.mapping.kind === 'exec-stdout';
  if (!runsCommand || node.type === AST_NODE_TYPES.TaggedTemplateExpression) return undefined;
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

/** sleep(1)'s operand: a number of seconds, or of minutes, hours or days with an `m`, `h` or `d` suffix. */
const SLEEP_UNITS: Readonly<Record<string, number>> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };

function secondsOf(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(text);
  return m === null ? undefined : Number(m[1]) * SLEEP_UNITS[m[2]!]!;
}
