import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { normalizeModule } from '../catalog/index.js';
import { isGlobalReference } from './context.js';
import { propertyName, unwrap, type Resolver } from './resolve.js';
import { operand, PRECEDENCE } from './suggest.js';
import { walkWithParents } from './walk.js';

/**
 * Busy-wait loops: a loop that spins on the clock until time has passed. One detector for the
 * no-blocking-sleep rule and the sleep codemod, so that what the linter flags the codemod finds.
 * Pure analysis over ESTree and scope analysis; reporting and rewriting are the callers'.
 */

/** Files that name none of the clocks cannot hold a busy-wait. */
export const BUSY_WAIT_FILTER = /\b(?:Date|performance|hrtime)\b/;

export type Loop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement;

export function isLoop(node: TSESTree.Node): node is Loop {
  return node.type === AST_NODE_TYPES.WhileStatement || node.type === AST_NODE_TYPES.DoWhileStatement
    || node.type === AST_NODE_TYPES.ForStatement;
}


/** How a clock reads: milliseconds, nanoseconds (a bigint), a `Date`, an `[s, ns]` tuple. */
export type ClockUnit = 'ms' | 'ns' | 'date' | 'tuple';
interface Clock {
  label: string;
  unit: ClockUnit;
}

/** A read of the current time: `Date.now()`, `new Date().getTime()`, `performance.now()`, `process.hrtime(…)`. */
function clockRead(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, raw: TSESTree.Node): Clock | null {
  const node = unwrap(raw);
  if (node.type === AST_NODE_TYPES.NewExpression) {
    return isGlobalNamed(sourceCode, node.callee, 'Date') && node.arguments.length === 0 ? { label: 'new Date()', unit: 'date' } : null;
  }
  if (node.type !== AST_NODE_TYPES.CallExpression) return null;
  const callee = unwrap(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return null;
  const name = propertyName(callee);
  const object = unwrap(callee.object);
  if (name === 'now' && isGlobalNamed(sourceCode, object, 'Date')) return { label: 'Date.now()', unit: 'ms' };
  if (name === 'now' && isPerformance(sourceCode, resolver, object)) return { label: 'performance.now()', unit: 'ms' };
  if ((name === 'getTime' || name === 'valueOf') && clockRead(sourceCode, resolver, object)?.unit === 'date') {
    return { label: `new Date().${name}()`, unit: 'ms' };
  }
  if (name === 'hrtime' && isGlobalNamed(sourceCode, object, 'process')) return { label: 'process.hrtime()', unit: 'tuple' };
  if (name === 'bigint' && object.type === AST_NODE_TYPES.MemberExpression && propertyName(object) === 'hrtime'
    && isGlobalNamed(sourceCode, unwrap(object.object), 'process')) return { label: 'process.hrtime.bigint()', unit: 'ns' };
  return null;
}

function isGlobalNamed(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, name: string): boolean {
  return node.type === AST_NODE_TYPES.Identifier && node.name === name && isGlobalReference(sourceCode, node);
}

function isPerformance(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, node: TSESTree.Node): boolean {
  if (isGlobalNamed(sourceCode, node, 'performance')) return true;
  const resolved = resolver.resolve(node);
  return resolved?.kind === 'module' && normalizeModule(resolved.module) === 'perf_hooks'
    && resolved.path.filter((p) => p !== 'default').join('.') === 'performance';
}

/** The first clock read inside an expression (not inside nested functions). */
function findClock(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, node: TSESTree.Node): Clock | null {
  const direct = clockRead(sourceCode, resolver, node);
  if (direct !== null) return direct;
  for (const child of childExpressions(node)) {
    const found = findClock(sourceCode, resolver, child);
    if (found !== null) return found;
  }
  return null;
}

/** Sub-expressions a pure arithmetic expression is made of. */
function childExpressions(node: TSESTree.Node): TSESTree.Node[] {
  switch (node.type) {
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.AssignmentExpression:
      return [node.left, node.right];
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
      return [node.type === AST_NODE_TYPES.UnaryExpression ? node.argument : node.expression];
    case AST_NODE_TYPES.MemberExpression:
      return node.computed ? [node.object, node.property] : [node.object];
    case AST_NODE_TYPES.SequenceExpression:
      return node.expressions;
    case AST_NODE_TYPES.CallExpression:
      return [node.callee, ...node.arguments]; // e.g. Number(process.hrtime.bigint() - start)
    default:
      return [];
  }
}

const RELATIONAL = new Set(['<', '<=', '>', '>=']);

/** The comparisons a loop test is made of: `a < b`, `!(a >= b)`, `a < b && !done`. */
function comparisons(node: TSESTree.Node): TSESTree.BinaryExpression[] {
  const n = unwrap(node);
  if (n.type === AST_NODE_TYPES.BinaryExpression && RELATIONAL.has(n.operator)) return [n];
  if (n.type === AST_NODE_TYPES.LogicalExpression) return [...comparisons(n.left), ...comparisons(n.right)];
  if (n.type === AST_NODE_TYPES.UnaryExpression && n.operator === '!') return comparisons(n.argument);
  return [];
}

/** An expression with no effect but reading values (and the clock). */
function isPure(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, raw: TSESTree.Node): boolean {
  const node = unwrap(raw);
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.Identifier:
      return true;
    case AST_NODE_TYPES.BinaryExpression:
      return node.left.type !== AST_NODE_TYPES.PrivateIdentifier
        && isPure(sourceCode, resolver, node.left) && isPure(sourceCode, resolver, node.right);
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator !== 'delete' && isPure(sourceCode, resolver, node.argument);
    case AST_NODE_TYPES.MemberExpression:
      return isPure(sourceCode, resolver, node.object) && (!node.computed || isPure(sourceCode, resolver, node.property));
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return clockRead(sourceCode, resolver, node) !== null
        && node.arguments.every((a) => isPure(sourceCode, resolver, a));
    default:
      return false;
  }
}

/** A statement of a loop that only spins: nothing, a clock re-read, a counter update. */
function isSpinStatement(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, node: TSESTree.Statement): boolean {
  if (node.type === AST_NODE_TYPES.EmptyStatement) return true;
  if (node.type === AST_NODE_TYPES.BlockStatement) return node.body.every((s) => isSpinStatement(sourceCode, resolver, s));
  return node.type === AST_NODE_TYPES.ExpressionStatement && isSpinExpression(sourceCode, resolver, node.expression);
}

function isSpinExpression(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, node: TSESTree.Expression): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.UpdateExpression:
      return node.argument.type === AST_NODE_TYPES.Identifier;
    case AST_NODE_TYPES.AssignmentExpression:
      return node.left.type === AST_NODE_TYPES.Identifier && isPure(sourceCode, resolver, node.right);
    case AST_NODE_TYPES.SequenceExpression:
      return node.expressions.every((e) => isSpinExpression(sourceCode, resolver, e));
    default:
      return clockRead(sourceCode, resolver, node) !== null;
  }
}

/** Identifiers a loop's body (or update) assigns, with the clock they are assigned from, if any. */
function assignments(node: TSESTree.Node, found: Map<string, TSESTree.Node | null>): void {
  switch (node.type) {
    case AST_NODE_TYPES.BlockStatement:
      for (const s of node.body) assignments(s, found);
      return;
    case AST_NODE_TYPES.ExpressionStatement:
      assignments(node.expression, found);
      return;
    case AST_NODE_TYPES.SequenceExpression:
      for (const e of node.expressions) assignments(e, found);
      return;
    case AST_NODE_TYPES.AssignmentExpression:
      if (node.left.type === AST_NODE_TYPES.Identifier) found.set(node.left.name, node.right);
      return;
    case AST_NODE_TYPES.UpdateExpression:
      if (node.argument.type === AST_NODE_TYPES.Identifier) found.set(node.argument.name, null);
      return;
    default:
  }
}

export interface BusyWait {
  /** How the loop reads the clock, e.g. `Date.now()`. */
  clock: string;
  unit: ClockUnit;
  /** The milliseconds left to wait, as text, when the test is one comparison a timer can replace. */
  remaining: string | null;
}

/**
 * A `while`, `do … while` or `for` loop whose test compares a clock (directly, or a variable the loop
 * re-reads the clock into) and whose body does nothing but spin. Loops that do work while they wait
 * (poll a file, drain a queue) are not sleeps.
 */
export function busyWait(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: Resolver,
  loop: Loop,
): BusyWait | null {
  if (loop.test === null || !isSpinStatement(sourceCode, resolver, loop.body)) return null;
  const update = loop.type === AST_NODE_TYPES.ForStatement ? loop.update : null;
  if (update !== null && !isSpinExpression(sourceCode, resolver, update)) return null;
  const assigned = new Map<string, TSESTree.Node | null>();
  assignments(loop.body, assigned);
  if (update !== null) assignments(update, assigned);

  let clock: Clock | null = null;
  for (const comparison of comparisons(loop.test)) {
    clock = findClock(sourceCode, resolver, comparison);
    for (const [name, value] of assigned) {
      if (clock !== null) break;
      if (value !== null && mentions(comparison, name)) clock = findClock(sourceCode, resolver, value);
    }
    if (clock !== null) break;
  }
  if (clock === null) return null;
  return { clock: clock.label, unit: clock.unit, remaining: remainingTime(sourceCode, resolver, loop, assigned) };
}

function mentions(node: TSESTree.Node, name: string): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === name;
  return childExpressions(node).some((c) => mentions(c, name));
}

/**
 * `while (Date.now() - start < ms)` → `ms - (Date.now() - start)`. Only for a single comparison with the
 * clock on its growing side, a body that assigns nothing the code after the loop could read, and a
 * clock in milliseconds (or nanoseconds, converted); `new Date()` arithmetic does not type-check in TS.
 */
function remainingTime(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: Resolver,
  loop: Loop,
  assigned: ReadonlyMap<string, unknown>,
): string | null {
  const test = unwrap(loop.test!);
  if (test.type !== AST_NODE_TYPES.BinaryExpression || !RELATIONAL.has(test.operator) || test.left.type === AST_NODE_TYPES.PrivateIdentifier) return null;
  if (!isPure(sourceCode, resolver, test)) return null;
  const grows = test.operator.startsWith('<') ? test.left : test.right;
  const limit = test.operator.startsWith('<') ? test.right : test.left;
  const clock = findClock(sourceCode, resolver, grows);
  if (clock === null || findClock(sourceCode, resolver, limit) !== null) return null;
  const loopScoped = loop.type === AST_NODE_TYPES.ForStatement && loop.init?.type === AST_NODE_TYPES.VariableDeclaration
    ? new Set(loop.init.declarations.flatMap((d) => d.id.type === AST_NODE_TYPES.Identifier ? [d.id.name] : []))
    : new Set<string>();
  if ([...assigned.keys()].some((name) => !loopScoped.has(name))) return null;
  const difference = `${operand(sourceCode, limit, PRECEDENCE.additive)} - ${operand(sourceCode, grows, PRECEDENCE.multiplicative)}`;
  if (clock.unit === 'ms') return difference;
  if (clock.unit === 'ns') return `Number(${difference}) / 1e6`;
  return null;
}

export interface BusyWaitLoop extends BusyWait {
  loop: Loop;
}

/**
 * Every busy-wait loop of a file, in source order, wherever it stands (the rule's context option is
 * the rule's). `sourceCode` may come from outside a lint run: parent links are added where missing.
 */
export function findBusyWaits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: Resolver,
): BusyWaitLoop[] {
  const found: BusyWaitLoop[] = [];
  if (!BUSY_WAIT_FILTER.test(sourceCode.text)) return found;
  walkWithParents(sourceCode, (node) => {
    if (!isLoop(node)) return;
    const wait = busyWait(sourceCode, resolver, node);
    if (wait !== null) found.push({ ...wait, loop: node });
  });
  return found;
}
