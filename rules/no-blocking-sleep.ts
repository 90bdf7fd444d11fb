import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { matchBlockingCall, sleepCommandSeconds, sourceTextPattern } from '../src/analysis/blocking-calls.js';
import { asyncContextOf, canAwaitAt, CONTEXT_MODES, isGlobalReference, topScope, type ContextMode } from '../src/analysis/context.js';
import { propertyName, resolverFor, unwrap, type Resolver } from '../src/analysis/resolve.js';
import { awaitInPlaceOf, ImportPlan, operand, PRECEDENCE } from '../src/analysis/suggest.js';
import { catalog, normalizeModule, SLEEP_REPLACEMENT, type CatalogEntry } from '../src/catalog/index.js';
import { createRule } from '../src/create-rule.js';

export interface NoBlockingSleepOptions {
  context?: ContextMode;
}
type Options = [NoBlockingSleepOptions];
type MessageIds = 'atomicsWait' | 'busyWait' | 'sleepCommand' | 'sleepPackage' | 'sleepPackageManual' | 'suggestSleep';

const REPLACEMENT = `\`${SLEEP_REPLACEMENT.example}\` (${SLEEP_REPLACEMENT.module})`;

/** Files that name none of these in a string (nor `Atomics`) have no blocking sleep call; loops need a clock's name. */
const CALL_FILTER = sourceTextPattern(
  catalog.flatMap((e) => e.type === 'export' && (e.category === 'sleep' || sleepCommandCapable(e)) ? e.modules : []),
  ['Atomics'],
);
const LOOP_FILTER = /\b(?:Date|performance|hrtime)\b/;

function sleepCommandCapable(entry: CatalogEntry): boolean {
  return entry.category === 'child-process' || entry.replacement?.mapping.kind === 'exec-stdout';
}

export default createRule<Options, MessageIds>({
  name: 'no-blocking-sleep',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow sleeping by blocking the thread: Atomics.wait, busy-wait loops, `sleep` child processes and sleep packages',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      atomicsWait: '`Atomics.wait` blocks the main thread and its event loop: sleep with {{replacement}}, or wait for a notification with `Atomics.waitAsync`.',
      busyWait: 'This loop spins on `{{clock}}` until time has passed, blocking the event loop: use {{replacement}} instead.',
      sleepCommand: '`{{name}}` runs `sleep` in a child process and blocks the event loop for {{seconds}} s: use {{replacement}} instead.',
      sleepPackage: '`{{name}}` blocks the event loop while it sleeps: use {{replacement}} instead.',
      sleepPackageManual: '`{{name}}` blocks the event loop while it waits: {{reason}}.',
      suggestSleep: 'Replace with `await {{sleep}}({{ms}})` (node:timers/promises).',
    },
    schema: [
      {
        type: 'object',
        description: 'Where to report.',
        properties: {
          context: {
            type: 'string',
            enum: [...CONTEXT_MODES],
            description: '`async`: inside async functions, callbacks the event loop calls and the functions they call; `functions`: inside any function; `all`: everywhere, module top level included.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ context: 'async' }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    const text = sourceCode.text;
    const checkCalls = CALL_FILTER.test(text);
    const checkLoops = LOOP_FILTER.test(text);
    if (!checkCalls && !checkLoops) return {};
    const mode = options.context ?? 'async';
    const resolver = resolverFor(sourceCode);
    let workerFile: boolean | undefined;
    const inContext = (node: TSESTree.Node): boolean => asyncContextOf(sourceCode, resolver).inContext(node, mode);

    /**
     * The `await setTimeout(ms)` suggestion for `node`, when `await` is valid there. A loop statement
     * becomes a statement; a `for` loop's initialiser still runs, as it may declare what `ms` reads.
     */
    function sleepSuggestion(node: TSESTree.Node, ms: string | null): TSESLint.ReportSuggestionArray<MessageIds> {
      if (ms === null || !canAwaitAt(node)) return [];
      const plan = new ImportPlan(sourceCode, resolver, node, context.languageOptions.sourceType);
      const sleep = plan.reference(SLEEP_REPLACEMENT.module, SLEEP_REPLACEMENT.export, sleepNames(sourceCode));
      const call = `await ${sleep}(${ms})`;
      let replacement: string;
      if (node.type === AST_NODE_TYPES.ForStatement && node.init !== null) replacement = `{ ${sourceCode.getText(node.init)}; ${call}; }`;
      else if (isLoop(node)) replacement = `${call};`;
      else replacement = awaitInPlaceOf(node, call);
      const edits = [...plan.edits(), { range: node.range, text: replacement }];
      return [{
        messageId: 'suggestSleep',
        data: { sleep, ms },
        fix: (fixer) => edits.map((e) => fixer.replaceTextRange(e.range, e.text)),
      }];
    }

    function checkCall(node: TSESTree.CallExpression): void {
      if (isAtomicsWait(sourceCode, node)) {
        workerFile ??= isWorkerFile(sourceCode, resolver, context.filename);
        if (workerFile || !inContext(node)) return;
        const timeout = node.arguments[3];
        const ms = timeout !== undefined && isSleepIdiom(sourceCode, node) ? sourceCode.getText(timeout) : null;
        context.report({ node, messageId: 'atomicsWait', data: { replacement: REPLACEMENT }, suggest: sleepSuggestion(node, ms) });
        return;
      }
      const entry = matchBlockingCall(node, resolver);
      if (entry === undefined) return;
      if (entry.category === 'sleep') {
        if (!inContext(node)) return;
        const mapping = entry.replacement?.mapping;
        if (!entry.fix.automatic || mapping?.kind !== 'sleep') {
          const reason = entry.fix.automatic ? 'use `await setTimeout(ms)` (node:timers/promises)' : entry.fix.reason;
          context.report({ node, messageId: 'sleepPackageManual', data: { name: entry.id, reason } });
          return;
        }
        const arg = node.arguments[mapping.argIndex];
        const ms = arg === undefined || arg.type === AST_NODE_TYPES.SpreadElement ? null : scaled(sourceCode, arg, mapping.toMs);
        context.report({
          node, messageId: 'sleepPackage', data: { name: entry.id, replacement: REPLACEMENT }, suggest: sleepSuggestion(node, ms),
        });
        return;
      }
      const seconds = sleepCommandSeconds(node, entry);
      if (seconds === undefined || !inContext(node)) return;
      // the command's output is all the call returns: only an unused result can become a sleep
      const ms = node.parent.type === AST_NODE_TYPES.ExpressionStatement ? formatNumber(seconds * 1000) : null;
      context.report({
        node, messageId: 'sleepCommand', data: { name: entry.name, seconds: formatNumber(seconds), replacement: REPLACEMENT },
        suggest: sleepSuggestion(node, ms),
      });
    }

    function checkLoop(node: Loop): void {
      const wait = busyWait(sourceCode, resolver, node);
      if (wait === null || !inContext(node)) return;
      context.report({
        node, messageId: 'busyWait', data: { clock: wait.clock, replacement: REPLACEMENT },
        suggest: sleepSuggestion(node, wait.remaining),
      });
    }

    const listeners: TSESLint.RuleListener = {};
    if (checkCalls) listeners.CallExpression = checkCall;
    if (checkLoops) {
      listeners.WhileStatement = checkLoop;
      listeners.DoWhileStatement = checkLoop;
      listeners.ForStatement = checkLoop;
    }
    return listeners;
  },
});

type Loop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement;

function isLoop(node: TSESTree.Node): node is Loop {
  return node.type === AST_NODE_TYPES.WhileStatement || node.type === AST_NODE_TYPES.DoWhileStatement
    || node.type === AST_NODE_TYPES.ForStatement;
}

/**
 * The local name for `setTimeout` of node:timers/promises: `setTimeout` itself, unless the file calls
 * the global `setTimeout`, where the same name for a promise-returning function would mislead.
 */
function sleepNames(sourceCode: Readonly<TSESLint.SourceCode>): string[] {
  const global = sourceCode.scopeManager!.globalScope!;
  const usesGlobal = global.through.some((ref) => ref.identifier.name === 'setTimeout')
    || (global.set.get('setTimeout')?.references.length ?? 0) > 0;
  return usesGlobal ? ['sleep', 'delay', 'wait'] : ['setTimeout', 'sleep'];
}

// ---------------------------------------------------------------------------------------------------
// Atomics.wait

function isAtomicsWait(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.CallExpression): boolean {
  const callee = unwrap(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || propertyName(callee) !== 'wait') return false;
  const object = unwrap(callee.object);
  return object.type === AST_NODE_TYPES.Identifier && object.name === 'Atomics' && isGlobalReference(sourceCode, object);
}

const WORKER_API = new Set(['isMainThread', 'parentPort', 'workerData']);
/** `worker.js`, `hash.worker.ts`, `resize-worker.mjs`, or anything under a `worker/` or `workers/` folder. */
const WORKER_PATH = /(?:^|[\\/])workers?[\\/]|(?:^|[\\/.\-_])worker\.[cm]?[jt]sx?$/i;

/**
 * Code that runs in a worker thread may block it: that is what workers are for. A file counts as worker
 * code when its path says so, or when it loads node:worker_threads and uses `isMainThread`, `parentPort`
 * or `workerData` (only a worker has the last two; a file that asks `isMainThread` runs in both).
 */
function isWorkerFile(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, filename: string): boolean {
  if (WORKER_PATH.test(filename)) return true;
  for (const variable of topScope(sourceCode).variables) {
    const def = variable.defs[0];
    if (def === undefined) continue;
    const resolved = resolver.resolve(def.name);
    if (resolved?.kind !== 'module' || normalizeModule(resolved.module) !== 'worker_threads') continue;
    const path = resolved.path[0] === 'default' ? resolved.path.slice(1) : resolved.path;
    if (path.length === 1 && WORKER_API.has(path[0]!)) return true;
    if (path.length === 0 && variable.references.some((ref) => {
      const parent = ref.identifier.parent;
      return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === ref.identifier
        && WORKER_API.has(propertyName(parent) ?? '');
    })) return true;
  }
  return false;
}

/**
 * `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)` with its result unused: a sleep,
 * since nothing else can notify a fresh buffer. A shared buffer may be waited on for a notification,
 * which a timer cannot replace.
 */
function isSleepIdiom(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.CallExpression): boolean {
  if (node.parent.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const array = node.arguments[0];
  if (array === undefined) return false;
  if (isFreshInt32Array(sourceCode, array)) return true;
  if (array.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(array), array);
  const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (def?.type !== 'Variable' || def.node.init === null || def.node.id !== def.name || !isFreshInt32Array(sourceCode, def.node.init)) return false;
  // used only as the buffer of Atomics.wait calls
  return variable!.references.every((ref) => ref.init === true || (ref.identifier.parent?.type === AST_NODE_TYPES.CallExpression
    && ref.identifier.parent.arguments[0] === ref.identifier && isAtomicsWait(sourceCode, ref.identifier.parent)));
}

function isFreshInt32Array(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): boolean {
  const n = unwrap(node);
  if (n.type !== AST_NODE_TYPES.NewExpression || n.callee.type !== AST_NODE_TYPES.Identifier || n.callee.name !== 'Int32Array') return false;
  const buffer = n.arguments[0];
  return buffer?.type === AST_NODE_TYPES.NewExpression && buffer.callee.type === AST_NODE_TYPES.Identifier
    && buffer.callee.name === 'SharedArrayBuffer' && isGlobalReference(sourceCode, buffer.callee);
}

// ---------------------------------------------------------------------------------------------------
// Sleep packages

/** `arg * toMs` as text, folded when `arg` is a number literal. */
function scaled(sourceCode: Readonly<TSESLint.SourceCode>, arg: TSESTree.Node, toMs: number): string {
  if (arg.type === AST_NODE_TYPES.Literal && typeof arg.value === 'number') return formatNumber(arg.value * toMs);
  if (toMs === 1) return sourceCode.getText(arg);
  const base = operand(sourceCode, arg, PRECEDENCE.multiplicative);
  return toMs >= 1 ? `${base} * ${formatNumber(toMs)}` : `${base} / ${formatNumber(1 / toMs)}`;
}

function formatNumber(n: number): string {
  return String(Number(n.toPrecision(12)));
}

// ---------------------------------------------------------------------------------------------------
// Busy-wait loops

type Unit = 'ms' | 'ns' | 'date' | 'tuple';
interface Clock {
  label: string;
  unit: Unit;
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

interface BusyWait {
  clock: string;
  /** The milliseconds left to wait, as text, when the test is one comparison a timer can replace. */
  remaining: string | null;
}

/**
 * A `while`, `do … while` or `for` loop whose test compares a clock (directly, or a variable the loop
 * re-reads the clock into) and whose body does nothing but spin. Loops that do work while they wait
 * (poll a file, drain a queue) are not sleeps.
 */
function busyWait(
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
  return { clock: clock.label, remaining: remainingTime(sourceCode, resolver, loop, assigned) };
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
