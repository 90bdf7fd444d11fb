import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { resolverFor } from '../../src/analysis/resolve.js';
import { moduleSyntax } from '../../src/analysis/imports.js';
import { awaitInPlaceOf, ImportPlan, operand, PRECEDENCE, type Edit } from '../../src/analysis/suggest.js';
import { allNodes, withSource, type SourceOptions } from './lint-source.js';

function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.range[0] - a.range[0])) out = out.slice(0, edit.range[0]) + edit.text + out.slice(edit.range[1]);
  return out;
}

/**
 * Plans references to `wanted` ([module, export]) at the `mark()` call of `code`; returns the
 * expressions and the file with the import edits applied.
 */
function plan(code: string, wanted: Array<[string, string]>, options?: SourceOptions): { names: string[]; output: string } {
  return withSource(code, (sourceCode) => {
    const site = allNodes(sourceCode.ast, sourceCode.visitorKeys).find((n): n is TSESTree.CallExpression =>
      n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.Identifier && n.callee.name === 'mark')!;
    const p = new ImportPlan(sourceCode, resolverFor(sourceCode), site, { sourceType: options?.sourceType });
    const names = wanted.map(([module, name]) => p.reference(module, name));
    return { names, output: applyEdits(sourceCode.text, p.edits()) };
  }, options);
}

const cjs: SourceOptions = { sourceType: 'commonjs', filename: 'file.js' };

describe('ImportPlan', () => {
  it('adds an ESM import after the last import, mirroring quotes and semicolons', () => {
    expect(plan(`import a from "a"\nimport b from "b"\nmark()`, [['node:fs/promises', 'readFile']])).toEqual({
      names: ['readFile'],
      output: `import a from "a"\nimport b from "b"\nimport { readFile } from "node:fs/promises"\nmark()`,
    });
  });

  it('adds an import before the first statement of a module without imports', () => {
    expect(plan(`export const x = 1;\nmark();`, [['node:util', 'promisify']]).output)
      .toBe(`import { promisify } from 'node:util';\nexport const x = 1;\nmark();`);
  });

  it('merges two new imports at one place, in the order of their export names', () => {
    expect(plan(`import a from 'a';\nmark();`, [['node:util', 'promisify'], ['node:zlib', 'gzip']]).output)
      .toBe(`import a from 'a';\nimport { gzip } from 'node:zlib';\nimport { promisify } from 'node:util';\nmark();`);
  });

  it('a default export: a default import or a plain require, reused when callable', () => {
    expect(plan(`import a from 'a';\nmark();`, [['execa', 'default']]).output).toBe(`import a from 'a';\nimport execa from 'execa';\nmark();`);
    expect(plan(`const a = require('a');\nmark();`, [['better-sqlite3', 'default']], cjs).output)
      .toBe(`const a = require('a');\nconst betterSqlite3 = require('better-sqlite3');\nmark();`);
    expect(plan(`import run from 'execa';\nmark();`, [['execa', 'default']]).names).toEqual(['run']);
    expect(plan(`import * as ns from 'execa';\nmark();`, [['execa', 'default']]).names).toEqual(['ns.default']);
    expect(plan(`const ns = __importStar(require('execa'));\nmark();`, [['execa', 'default']], cjs).output)
      .toBe(`const ns = __importStar(require('execa'));\nconst execa = require('execa');\nmark();`);
  });

  it('never reuses a type-only import', () => {
    expect(plan(`import type { readFile } from 'fs/promises';\nmark();`, [['node:fs/promises', 'readFile']]).output)
      .toBe(`import type { readFile } from 'fs/promises';\nimport { readFile as readFileAsync } from 'node:fs/promises';\nmark();`);
  });

  it('picks the first free preferred name, counting global references as taken', () => {
    const code = `import a from 'a';\nsetTimeout(() => {}, 1);\nconst sleep = 1;\nmark();`;
    expect(plan(code, [['node:timers/promises', 'setTimeout']]).output)
      .toBe(`import a from 'a';\nimport { setTimeout as delay } from 'node:timers/promises';\nsetTimeout(() => {}, 1);\nconst sleep = 1;\nmark();`);
  });

  it('CommonJS: follows the last require with the same declaration keyword, after interop-wrapped requires too', () => {
    expect(plan(`'use strict';\nvar a = __importDefault(require("a"));\nvar b = require("b").c;\nmark();`, [['node:util', 'promisify']], cjs).output)
      .toBe(`'use strict';\nvar a = __importDefault(require("a"));\nvar b = require("b").c;\nvar { promisify } = require("node:util");\nmark();`);
  });

  it('CommonJS: reuses a namespace require one level deep', () => {
    expect(plan(`const util = require('node:util');\nmark();`, [['node:util', 'promisify']], cjs).names).toEqual(['util.promisify']);
    expect(plan(`const fs = require('fs');\nmark();`, [['node:fs/promises', 'readFile']], cjs).output)
      .toBe(`const fs = require('fs');\nconst { readFile } = require('node:fs/promises');\nmark();`);
  });
});

describe('moduleSyntax', () => {
  it.each<[string, SourceOptions | undefined, string]>([
    [`import a from 'a';`, undefined, 'esm'],
    [`export {};`, undefined, 'esm'],
    [`import fs = require('fs');`, undefined, 'esm'],
    [`const a = require('a');`, undefined, 'cjs'],
    [`module.exports = 1;`, undefined, 'cjs'],
    [`const a = 1;`, undefined, 'esm'],
    [`const a = 1;`, cjs, 'cjs'],
  ])('%s', (code, options, expected) => {
    expect(withSource(code, (sourceCode) => moduleSyntax(sourceCode, options?.sourceType), options)).toBe(expected);
  });
});

describe('expression text', () => {
  function callsOf(code: string): string[] {
    return withSource(code, (sourceCode) => allNodes(sourceCode.ast, sourceCode.visitorKeys)
      .filter((n) => n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.Identifier && n.callee.name === 'f')
      .map((n) => awaitInPlaceOf(n, 'await g()')));
  }

  it('parenthesises an await where the parent would bind into it', () => {
    expect(callsOf(`f().x; f()(); new (f())(); f()\`t\`; f() ** 2; 2 ** f(); !f(); a + f(); class A extends f() {}`)).toEqual([
      '(await g())', '(await g())', '(await g())', '(await g())', '(await g())', 'await g()', 'await g()', 'await g()', '(await g())',
    ]);
  });

  it('parenthesises operands by precedence', () => {
    withSource(`a + b; a * b; c ? d : e; f(x); -y;`, (sourceCode) => {
      const expressions = sourceCode.ast.body.map((s) => (s as TSESTree.ExpressionStatement).expression);
      expect(expressions.map((e) => operand(sourceCode, e, PRECEDENCE.multiplicative))).toEqual(['(a + b)', 'a * b', '(c ? d : e)', 'f(x)', '-y']);
      expect(expressions.map((e) => operand(sourceCode, e, PRECEDENCE.additive))).toEqual(['a + b', 'a * b', '(c ? d : e)', 'f(x)', '-y']);
    });
  });
});
