import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { BUSY_WAIT_FILTER, busyWait, isLoop, type Loop } from '../src/analysis/busy-wait.js';
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
    const checkLoops = BUSY_WAIT_FILTER.test(text);
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
      const plan = new ImportPlan(sourceCode, resolver, node, { sourceType: context.languageOptions.sourceType, filename: context.filename });
      const sleep = plan.reference(SLEEP_REPLACEMENT.module, SLEEP_REPLACEMENT.export);
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
