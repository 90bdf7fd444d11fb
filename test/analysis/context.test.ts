import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { asyncContextOf, canAwaitAt, enclosingFunction, isInsideFunction, type ContextMode } from '../../src/analysis/context.js';
import { allNodes, withSource, type SourceOptions } from './lint-source.js';

/** `mark('name')` calls of `code`, each with whether it is in the context `mode` asks for. */
function marks(code: string, mode: ContextMode = 'async', options?: SourceOptions): Record<string, boolean> {
  return withSource(code, (sourceCode) => {
    const analysis = asyncContextOf(sourceCode);
    const result: Record<string, boolean> = {};
    for (const node of allNodes(sourceCode.ast, sourceCode.visitorKeys)) {
      if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'mark'
        && node.arguments[0]?.type === AST_NODE_TYPES.Literal) {
        result[String(node.arguments[0].value)] = analysis.inContext(node, mode);
      }
    }
    return result;
  }, options);
}

/** The names of the marks in the async context. */
function hot(code: string, options?: SourceOptions): string[] {
  return Object.entries(marks(code, 'async', options)).filter(([, v]) => v).map(([k]) => k).sort();
}

describe('AsyncContext: what the event loop runs', () => {
  it('async functions, async arrows, async methods and async generators', () => {
    expect(hot(`async function a() { mark('a'); }
const b = async () => mark('b');
class C { async c() { mark('c'); } static async *d() { mark('d'); } }
function e() { mark('e'); }
mark('top');`)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('callbacks the event loop calls: routes, servers, listeners, timers, promise callbacks', () => {
    expect(hot(`app.get('/', (req, res) => mark('route'));
http.createServer(function (req, res) { mark('server'); });
emitter.on('data', () => mark('listener'));
setTimeout(() => mark('timer'), 1);
promise.then(() => mark('then')).catch(() => mark('catch'));
fastify.route({ url: '/', handler(request, reply) { mark('options object'); } });
app.use([function (req, res, next) { mark('middleware array'); }]);`))
      .toEqual(['catch', 'listener', 'middleware array', 'options object', 'route', 'server', 'then', 'timer']);
  });

  it('synchronous higher-order functions pass on their caller context', () => {
    expect(hot(`[1].map(() => mark('top map'));
new Promise((resolve) => mark('top executor'));
JSON.parse(text, () => mark('top reviver'));
'a'.replace(/a/, () => mark('top replace'));
Array.from(set, () => mark('top from'));
_.map(list, () => mark('top lodash'));
async function f() {
  [1].forEach(() => mark('async forEach'));
  new Promise((resolve) => { mark('async executor'); });
  list.sort(() => { [2].filter(() => mark('nested')); return 0; });
}`, { sourceType: 'module' })).toEqual(['async executor', 'async forEach', 'nested']);
  });

  it('lodash collection functions are recognised through their import, not their name', () => {
    expect(hot(`import _ from 'lodash';
import { each } from 'lodash-es';
import times from 'lodash/times';
import R from 'ramda';
import under from './underscore-like';
const mapValues = require('lodash.mapvalues');
_.each(list, () => mark('lodash'));
each(list, () => mark('lodash-es'));
times(3, () => mark('lodash/times'));
R.reject(() => mark('ramda'), list);
mapValues(object, () => mark('lodash.mapvalues'));
under.each(list, () => mark('local'));
_.debounce(() => mark('debounce'), 100);
_.memoize(() => mark('memoize'));`)).toEqual(['debounce', 'local', 'memoize']);
  });

  it("process.on('exit') listeners run synchronously at exit", () => {
    expect(hot(`process.on('exit', () => mark('exit'));
process.once('beforeExit', () => mark('beforeExit'));`)).toEqual(['beforeExit']);
  });

  it("a local process is not Node's", () => {
    expect(hot(`function f(process) { process.on('exit', () => mark('exit')); }`)).toEqual(['exit']);
  });

  it('functions of the file called from the event loop, to a fixpoint', () => {
    expect(hot(`function a() { mark('a'); b(); }
function b() { mark('b'); c(); }
const c = function () { mark('c'); };
function d() { mark('d'); }
function startup() { mark('startup'); }
startup();
app.get('/', () => a());`)).toEqual(['a', 'b', 'c']);
  });

  it('call cycles: hot only when reached', () => {
    expect(hot(`function p() { mark('p'); q(); }
function q() { mark('q'); p(); }
function r() { mark('r'); s(); }
function s() { mark('s'); r(); }
emitter.on('x', s);`)).toEqual(['r', 's']);
  });

  it('functions passed by reference, bound, or called with call/apply', () => {
    expect(hot(`function handler() { mark('handler'); }
function viaCall() { mark('call'); }
function viaApply() { mark('apply'); }
const bound = function () { mark('bound'); };
app.get('/', handler);
emitter.on('x', bound.bind(null));
async function f() { viaCall.call(null); viaApply.apply(null, []); }`)).toEqual(['apply', 'bound', 'call', 'handler']);
  });

  it('this.method() within a class, static and instance kept apart', () => {
    expect(hot(`class S {
  async run() { this.step(); }
  step() { mark('step'); this.arrow(); }
  arrow = () => { mark('arrow field'); };
  static step() { mark('static step'); }
  unused() { mark('unused'); }
  listen() { emitter.on('x', this.onEvent); }
  onEvent() { mark('listener method'); }
}`)).toEqual(['arrow field', 'listener method', 'step']);
  });

  it('constructors run by new, methods of a const object literal, IIFEs', () => {
    expect(hot(`class Service { constructor() { mark('ctor'); } }
const api = { load() { mark('api.load'); }, other() { mark('api.other'); } };
(function () { mark('top iife'); })();
async function f() {
  new Service();
  api.load();
  (() => mark('async iife'))();
}`)).toEqual(['api.load', 'async iife', 'ctor']);
  });

  it("callbacks given to the file's own functions run where those call them", () => {
    expect(hot(`function withRetry(task) { try { return task(); } catch { return task(); } }
function customRandom(getRandom) { return (size) => getRandom(size); }
function later(cb) { setTimeout(cb, 10); }
function remember(cb) { handlers.push(cb); }
function viaCall(cb) { cb.call(null); }
function dynamic() { arguments[0](); }
withRetry(() => mark('retried at top level'));
customRandom((n) => mark('closure never called'));
later(() => mark('handed to a timer'));
remember(() => mark('stored'));
dynamic(() => mark('arguments'));
async function f() {
  withRetry(() => mark('retried in async'));
  viaCall(() => mark('called with call'));
}`)).toEqual(['arguments', 'called with call', 'handed to a timer', 'retried in async', 'stored']);
  });

  // The closure guard() returns is one function for every call of guard(): registered once, hot for all.
  it("what the file's own wrapper returns is the callback: app.get('/', wrap(handler))", () => {
    expect(hot(`const wrap = (fn) => (req, res, next) => fn(req, res).catch(next);
function guard(fn) { return function (req, res) { if (req.user) return fn(req, res); }; }
function handler(req, res) { mark('handler'); }
function admin(req, res) { mark('admin'); }
function unused(req, res) { mark('wrapped, never registered'); }
app.get('/', wrap(handler));
app.get('/admin', guard(admin));
const w = guard(unused);`)).toEqual(['admin', 'handler', 'wrapped, never registered']);
  });

  it('a reassigned function variable is not followed', () => {
    expect(hot(`let g = function () { mark('g'); };
g = other;
async function f() { g(); }`)).toEqual([]);
  });

  it('class field initialisers and static blocks are not the enclosing function', () => {
    expect(hot(`async function f() {
  class Inner { x = mark('field'); static { mark('static block'); } }
}`)).toEqual([]);
  });

  it('works in CommonJS scripts', () => {
    expect(hot(`const fs = require('fs');
function load() { mark('load'); }
module.exports = function handler(req, res) { load(); mark('export'); };
require('http').createServer((req, res) => load());`, { sourceType: 'commonjs', filename: 'a.js' })).toEqual(['load']);
  });

  it('is computed once per file and shared', () => {
    withSource(`async function f() {}`, (sourceCode) => {
      expect(asyncContextOf(sourceCode)).toBe(asyncContextOf(sourceCode));
    });
  });
});

describe('context modes', () => {
  const code = `mark('top');
function plain() { mark('plain'); }
class K { field = mark('field'); static s = mark('static field'); }
async function f() { mark('async'); }`;

  it('"all" is everywhere', () => {
    expect(marks(code, 'all')).toEqual({ top: true, plain: true, field: true, 'static field': true, async: true });
  });

  it('"functions" is inside functions and instance field initialisers', () => {
    expect(marks(code, 'functions')).toEqual({ top: false, plain: true, field: true, 'static field': false, async: true });
  });

  it('"async" is the event loop', () => {
    expect(marks(code, 'async')).toEqual({ top: false, plain: false, field: false, 'static field': false, async: true });
  });
});

describe('enclosingFunction and canAwaitAt', () => {
  function awaitable(code: string): Record<string, boolean> {
    return withSource(code, (sourceCode) => {
      const result: Record<string, boolean> = {};
      for (const node of allNodes(sourceCode.ast, sourceCode.visitorKeys)) {
        if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'mark') {
          result[String((node.arguments[0] as TSESTree.Literal).value)] = canAwaitAt(node);
        }
      }
      return result;
    });
  }

  it('allows await in the body of an async function only', () => {
    expect(awaitable(`mark('top');
async function f(a = mark('param')) {
  mark('body');
  [1].map(() => mark('sync arrow'));
  const g = async () => mark('async arrow');
  class C { x = mark('field'); }
}
function* gen() { mark('generator'); }`)).toEqual({
      top: false, param: false, body: true, 'sync arrow': false, 'async arrow': true, field: false, generator: false,
    });
  });

  it('finds the nearest function, stopping at class initialisers', () => {
    withSource(`function outer() { class C { x = 1; } return () => 2; }`, (sourceCode) => {
      const nodes = allNodes(sourceCode.ast, sourceCode.visitorKeys);
      const one = nodes.find((n) => n.type === AST_NODE_TYPES.Literal && n.value === 1)!;
      const two = nodes.find((n) => n.type === AST_NODE_TYPES.Literal && n.value === 2)!;
      expect(enclosingFunction(one)).toBeNull();
      expect(isInsideFunction(one)).toBe(true);
      expect(enclosingFunction(two)?.type).toBe(AST_NODE_TYPES.ArrowFunctionExpression);
    });
  });
});
