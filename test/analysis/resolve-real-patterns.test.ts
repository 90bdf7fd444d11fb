import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter, type Rule } from 'eslint';
import { describe, expect, it } from 'vitest';
import { matchBlockingCall } from '../../src/analysis/blocking-calls.js';
import { Resolver, type Resolved } from '../../src/analysis/resolve.js';
import { rules } from '../../rules/index.js';

/**
 * Patterns of real published packages (found by scripts/real-packages.ts, see docs/precision.md) that the
 * Resolver must see through. Each case lints a file with ESLint's own parser, as a user's config would,
 * and asks the Resolver what every call's callee is.
 */

type Resolutions = Map<string, Resolved | null>;

/** Each call's callee, and the id of the blocking catalog entry the call reaches (`-` for none). */
function resolveCallees(code: string, sourceType: 'commonjs' | 'module' = 'commonjs', entries = new Map<string, string>()): Resolutions {
  const resolutions: Resolutions = new Map();
  const probe: Rule.RuleModule = {
    create(context) {
      const resolver = new Resolver(context.sourceCode as unknown as TSESLint.SourceCode);
      return {
        CallExpression(node) {
          const call = node as unknown as TSESTree.CallExpression;
          resolutions.set(context.sourceCode.getText(node.callee), resolver.resolve(call.callee));
          entries.set(context.sourceCode.getText(node.callee), matchBlockingCall(call, resolver)?.id ?? '-');
        },
      };
    },
  };
  const messages = new Linter().verify(code, {
    languageOptions: { ecmaVersion: 'latest', sourceType },
    plugins: { probe: { rules: { callees: probe } } },
    rules: { 'probe/callees': 'error' },
  }, { filename: 'file.js' });
  expect(messages).toEqual([]);
  return resolutions;
}

const fs = (...path: string[]): Resolved => ({ kind: 'module', module: 'fs', path });

describe('Babel lazy requires (@babel/core, jest: `lazy` option of the CommonJS transform)', () => {
  const lazy = (init: string): string => `
    function _fs() {
      const data = ${init};
      _fs = function () {
        return data;
      };
      return data;
    }`;

  it('resolves a call of the memoising loader to the module', () => {
    const callees = resolveCallees(`${lazy('require("fs")')}
      function fileMtime(filepath) {
        if (!_fs().existsSync(filepath)) return null;
        return (0, _fs().statSync)(filepath).mtime;
      }`);
    expect(callees.get('_fs().existsSync')).toEqual(fs('existsSync'));
    expect(callees.get('0, _fs().statSync')).toEqual(fs('statSync'));
  });

  it('sees through the interop helper the loader wraps require in', () => {
    const callees = resolveCallees(`${lazy('_interopRequireWildcard(require("fs"), true)')}
      _fs().default.readFileSync(p, 'utf8');`);
    expect(callees.get('_fs().default.readFileSync')).toEqual(fs('default', 'readFileSync'));
  });

  it('resolves arrow and function-expression loaders', () => {
    const callees = resolveCallees(`
      const getFs = () => require('node:fs');
      const getCp = function () { return require('child_process'); };
      getFs().readFileSync(p);
      getCp().execSync(c);`);
    expect(callees.get('getFs().readFileSync')).toEqual({ kind: 'module', module: 'node:fs', path: ['readFileSync'] });
    expect(callees.get('getCp().execSync')).toEqual({ kind: 'module', module: 'child_process', path: ['execSync'] });
  });

  it('gives up when the function may return something else', () => {
    const callees = resolveCallees(`
      function pick(x) {
        if (x) return require('fs');
        return makeFs();
      }
      function memo() {
        const data = require('fs');
        memo = function () { return other; };
        return data;
      }
      async function later() { return require('fs'); }
      function nothing() { require('fs'); }
      pick(1).readFileSync(p);
      memo().readFileSync(p);
      later().readFileSync(p);
      nothing().readFileSync(p);`);
    expect(callees.get('pick(1).readFileSync')).toBeNull();
    expect(callees.get('memo().readFileSync')).toBeNull();
    expect(callees.get('later().readFileSync')).toBeNull();
    expect(callees.get('nothing().readFileSync')).toBeNull();
  });

  it('does not take a nested function\'s return for the loader\'s', () => {
    const callees = resolveCallees(`
      function loader() {
        [1].map(() => { return require('fs'); });
        return makeFs();
      }
      loader().readFileSync(p);`);
    expect(callees.get('loader().readFileSync')).toBeNull();
  });
});

describe('optional dependencies (rimraf@3: `let glob; try { glob = require("glob") } catch {}`)', () => {
  it('resolves a variable whose only values are one module and nothing', () => {
    const callees = resolveCallees(`
      let glob = undefined;
      try {
        glob = require("glob");
      } catch (_err) {
        // treat glob as optional.
      }
      var fs;
      try { fs = require('graceful-fs'); } catch (e) { fs = require('graceful-fs'); }
      glob.sync(p, options.glob);
      fs.readFileSync(p);`);
    expect(callees.get('glob.sync')).toEqual({ kind: 'module', module: 'glob', path: ['sync'] });
    expect(callees.get('fs.readFileSync')).toEqual({ kind: 'module', module: 'graceful-fs', path: ['readFileSync'] });
  });

  it('gives up when another value may be assigned', () => {
    const callees = resolveCallees(`
      let a = require('fs');
      a = makeMock();
      let b;
      try { b = require('fs'); } catch { b = require('graceful-fs'); }
      let c = null;
      c ||= require('fs');
      let d;
      ({ d } = require('fs'));
      a.readFileSync(p);
      b.readFileSync(p);
      c.readFileSync(p);
      d.readFileSync(p);`);
    expect(callees.get('a.readFileSync')).toBeNull();
    expect(callees.get('b.readFileSync')).toBeNull();
    expect(callees.get('c.readFileSync')).toBeNull();
    expect(callees.get('d.readFileSync')).toBeNull();
  });
});

describe("rolldown's CommonJS output (flat-cache@6: `let node_fs = require(\"node:fs\"); node_fs = __toESM(node_fs, 1)`)", () => {
  it('resolves a variable an interop helper rewraps in place to its module', () => {
    const entries = new Map<string, string>();
    const resolved = resolveCallees('let node_fs = require("node:fs");\nnode_fs = __toESM(node_fs, 1);\nnode_fs.default.existsSync("a");\n', 'commonjs', entries);
    expect(resolved.get('node_fs.default.existsSync')).toMatchObject({ kind: 'module', module: 'node:fs' });
    expect(entries.get('node_fs.default.existsSync')).toBe('fs.existsSync');
  });

  it('gives up when the helper wraps another variable, or another value is assigned', () => {
    expect(resolveCallees('let a = require("fs");\nlet b = require("path");\na = __toESM(b, 1);\na.existsSync("x");\n').get('a.existsSync')).toBeNull();
    expect(resolveCallees('let a = require("fs");\na = __toESM(a, 1);\na = makeFs();\na.existsSync("x");\n').get('a.existsSync')).toBeNull();
  });
});

describe('module top level', () => {
  it('lints `this.x()` and top-level catalog calls with no-sync-io in every context mode, without crashing', () => {
    const code = `const fs = require('fs'); this.run(); fs.readFileSync(p); async function f() { fs.statSync(p); }`;
    for (const context of ['async', 'functions', 'all']) {
      const messages = new Linter().verify(code, {
        languageOptions: { ecmaVersion: 'latest', sourceType: 'commonjs' },
        plugins: { unblock: { rules: { 'no-sync-io': rules['no-sync-io'] as unknown as Rule.RuleModule } } },
        rules: { 'unblock/no-sync-io': ['error', { context }] },
      }, { filename: 'file.js' });
      expect(messages.filter((m) => m.fatal === true)).toEqual([]);
      const [topLevel, inAsync] = [code.indexOf('fs.readFileSync') + 1, code.indexOf('fs.statSync') + 1];
      expect(messages.map((m) => m.column)).toEqual(context === 'all' ? [topLevel, inAsync] : [inAsync]);
    }
  });

  it('resolves `this.x` outside any function to nothing, without crashing on Program\'s null parent', () => {
    const callees = resolveCallees(`const fs = require('fs'); this.fs.readFileSync(p); fs.readFileSync(p);`);
    expect(callees.get('this.fs.readFileSync')).toBeNull();
    expect(callees.get('fs.readFileSync')).toEqual(fs('readFileSync'));
  });
});

describe('catalog gaps found on real packages', () => {
  it('knows fs.realpathSync.native (vite), reached like any fs export', () => {
    const entries = new Map<string, string>();
    resolveCallees(`import fs from 'node:fs';
      import { realpathSync } from 'fs';
      fs.realpathSync.native(path);
      realpathSync.native(path);
      fs.realpath.native(path, cb);`, 'module', entries);
    expect(Object.fromEntries(entries)).toEqual({
      'fs.realpathSync.native': 'fs.realpathSync.native',
      'realpathSync.native': 'fs.realpathSync.native',
      'fs.realpath.native': '-',
    });
  });
});
