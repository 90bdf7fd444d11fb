import { Node, ts } from '#ts-morph';
import type { CallExpression, TypeChecker } from 'ts-morph';
import { TEST_RUNNERS } from '../catalog/test-runners.js';
import { symbolAt } from './symbols.js';

/**
 * Third-party code that may receive a callback which becomes async. A receiver is promise-aware when
 * an async callback behaves as the synchronous one did: the receiver awaits or handles the promise, or
 * it ignored the result before and an error ends the process either way. Everything else keeps its
 * callback synchronous (the migration group is left untouched and marked).
 *
 * | receiver | why an async callback is fine |
 * | --- | --- |
 * | `.then`, `.catch`, `.finally` of a promise | the promise they return adopts the callback's |
 * | Express 5 `app`/`router` `.get` `.post` `.put` `.patch` `.delete` `.options` `.head` `.all` `.use`, `route(…).get` … | Express 5 passes a rejected promise to `next(err)`, as it does a throw |
 * | `http.createServer` / `https.createServer` request listeners | the result was ignored; a throw is an uncaught exception and a rejection an unhandled one: both end the process by default |
 * | `setTimeout`, `setInterval`, `setImmediate`, `queueMicrotask`, `process.nextTick` | the same: the result is ignored and an error ends the process either way |
 * | test runners' tests and hooks: node:test, vitest, mocha, jest (`test`, `it`, hooks, `.only`/`.skip`) | the runner awaits a test's promise, and fails the test on its rejection as on a throw |
 *
 * Not promise-aware (marked): `new Promise` executors, `EventEmitter#on` listeners (a throw reaches the
 * `emit()` caller, a rejection does not), Express 4 (a rejection hangs the request), `sort`/`toSorted`
 * comparators, and any other library function. Array callbacks are not handed here: propagate rewrites
 * them (forEach → for…of, map → Promise.all, filter, some, every, find and reduce → helpers awaiting each call),
 * and the project's own callback-taking functions are followed into (own-callbacks.ts).
 */
export const PROMISE_AWARE_RECEIVERS: ReadonlyArray<{ receiver: string; why: string }> = [
  { receiver: '`.then`, `.catch`, `.finally` of a promise', why: "the promise they return adopts the callback's" },
  { receiver: 'Express 5 routes and middleware', why: 'Express 5 passes a rejected promise to `next(err)`, as it does a throw' },
  { receiver: '`http.createServer` / `https.createServer` request listeners', why: 'the result was ignored; a throw and a rejection both end the process by default' },
  { receiver: 'timers: `setTimeout`, `setInterval`, `setImmediate`, `queueMicrotask`, `process.nextTick`', why: 'the result was ignored; a throw and a rejection both end the process by default' },
  { receiver: "test runners' tests and hooks (node:test, vitest, mocha, jest)", why: "the runner awaits a test's promise and fails the test on its rejection, as on a throw" },
];

const EXPRESS_METHODS = new Set([
  'get', 'post', 'put', 'patch', 'delete', 'del', 'options', 'head', 'all', 'use', 'param', 'search', 'copy', 'lock', 'merge',
  'mkactivity', 'mkcol', 'move', 'notify', 'propfind', 'proppatch', 'purge', 'report', 'subscribe', 'trace', 'unlock', 'unsubscribe',
]);
const TIMERS = new Set(['setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);

interface ReceiverHost {
  checker: TypeChecker;
  packageVersion(name: string): string | undefined;
}

/**
 * Whether `call` handles a promise its callback argument returns: true, false (unknown code), or the
 * reason a known receiver does not (Express 4).
 */
export function isPromiseAwareReceiver(call: CallExpression, host: ReceiverHost, callback?: Node): boolean | string {
  const checker = host.checker.compilerObject;
  const callee = call.getExpression();
  const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : Node.isIdentifier(callee) ? callee.getText() : undefined;
  if (name === undefined) return false;
  const files = declarationFiles(checker, Node.isPropertyAccessExpression(callee) ? callee.getNameNode().compilerNode : callee.compilerNode);
  const fromLibrary = (pattern: RegExp): boolean => files.length > 0 && files.every((f) => pattern.test(f));

  if ((name === 'then' || name === 'catch' || name === 'finally') && Node.isPropertyAccessExpression(callee)) {
    return fromLibrary(/[\\/]typescript[\\/]lib[\\/]lib\.|[\\/]lib\.[\w.]+\.d\.ts$/) || isPromiseTyped(checker, callee.getExpression().compilerNode);
  }
  if (TIMERS.has(name) || name === 'nextTick') {
    return fromLibrary(/[\\/]@types[\\/]node[\\/]|[\\/]lib\.[\w.]+\.d\.ts$/);
  }
  if (name === 'createServer') return fromLibrary(/[\\/]@types[\\/]node[\\/](http|https)\.d\.ts$/);
  // by the names the runner declares (`import { describe as suite } from 'node:test'` is its describe)
  const declared = declaredName(checker, Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee) ?? name;
  const runner = TEST_RUNNERS.find((r) => r.awaited.has(declared) && fromLibrary(r.declaredIn));
  // `it.only(…)`, not `describe.only(…)` where the runner does not await suites
  const base = Node.isPropertyAccessExpression(callee) ? declaredName(checker, callee.getExpression()) : declared;
  if (runner !== undefined && base !== undefined && runner.awaited.has(base)) {
    const count = callback === undefined ? Number.POSITIVE_INFINITY : parameterCount(callback);
    if (count <= runner.maxParameters) return true;
    if (count === Number.POSITIVE_INFINITY) return false;
    return `the callback given to \`${callee.getText().slice(0, 40)}\` takes \`done\`, and a test runner fails a test that both takes \`done\` and returns a promise: `
      + 'make it call nothing back (the runner awaits the promise), then migrate';
  }
  if (EXPRESS_METHODS.has(name) && fromLibrary(/[\\/]@types[\\/](express|express-serve-static-core)[\\/]/)) {
    const version = host.packageVersion('express');
    const major = version === undefined ? undefined : Number(/^(\d+)/.exec(version)?.[1]);
    if (major !== undefined && major >= 5) return true;
    return `Express ${version ?? '(version unknown)'} ignores the promise an async handler returns, so a rejection would leave the request hanging: upgrade to Express 5, or catch errors and call next(err) by hand`;
  }
  return false;
}

/** The name `node`'s symbol is declared under, through import aliases. */
function declaredName(checker: ts.TypeChecker, node: Node): string | undefined {
  return symbolAt(checker, node.compilerNode)?.getName();
}

/** The parameters a callback declares (a function value found elsewhere counts as unknown: many). */
function parameterCount(callback: Node): number {
  const fn = Node.isParenthesizedExpression(callback) ? callback.getExpression() : callback;
  return Node.isArrowFunction(fn) || Node.isFunctionExpression(fn) ? fn.getParameters().length : Number.POSITIVE_INFINITY;
}

function declarationFiles(checker: ts.TypeChecker, node: ts.Node): string[] {
  return (symbolAt(checker, node)?.declarations ?? []).map((d) => d.getSourceFile().fileName);
}

function isPromiseTyped(checker: ts.TypeChecker, node: ts.Node): boolean {
  const type = checker.getTypeAtLocation(node);
  const then = checker.getApparentType(type).getProperty('then');
  return then !== undefined && checker.getTypeOfSymbol(then).getCallSignatures().length > 0;
}
