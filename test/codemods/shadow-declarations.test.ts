import { ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/codemod/project.js';
import { counterpartsOf, exportPathOf, shadowedPathsOf, shadowPathOf } from '../../src/codemod/shadow-declarations.js';
import { removeTempProjects, tempProject } from './support.js';

/**
 * How a function of a JavaScript module is found in the declaration file beside it
 * (src/codemod/shadow-declarations.ts): the export it is, in every way a module exports, and the
 * declaration of that export there.
 */

afterAll(removeTempProjects);

/** Per module: its code, its declaration file, and, per function (by name), the declaration text expected there (null: not exported). */
const CASES: Record<string, { js: string; dts: string; expected: Record<string, string | null> }> = {
  'esm.mjs': {
    js: `export function named() {}
export default function () {}
const arrow = () => 1;
export { arrow as renamed };
export class Store { get() {} static open() {} }
export const api = { load() {}, save: () => 2 };
function internal() {}
internal();`,
    dts: `export declare function named(): void;
export default function (): void;
declare const arrow: () => number;
export { arrow as renamed };
export declare class Store { get(): void; static open(): void; }
export declare const api: { load(): void; save: () => number };`,
    expected: {
      named: 'export declare function named(): void;',
      default: 'export default function (): void;',
      arrow: 'arrow: () => number',
      get: 'get(): void;',
      open: 'static open(): void;',
      load: 'load(): void;',
      save: 'save: () => number',
      internal: null,
    },
  },
  'compiled.js': {
    js: `"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Store = void 0;
exports.readConfig = readConfig;
function readConfig() {}
class Store { get() {} }
Store.create = () => new Store();
exports.Store = Store;
exports.direct = function direct() {};`,
    dts: `export declare function readConfig(): void;
export declare class Store { get(): void; static create: () => Store; }
export declare function direct(): void;`,
    expected: {
      readConfig: 'export declare function readConfig(): void;',
      get: 'get(): void;',
      create: 'static create: () => Store;',
      direct: 'export declare function direct(): void;',
    },
  },
  'object.cjs': {
    js: `function load() {}
module.exports = { load, save() {}, size: function () {} };`,
    dts: `export function load(): void;
export function save(): void;`,
    expected: {
      load: 'export function load(): void;',
      save: 'export function save(): void;',
      // exported, but not declared: the caller blocks the migration
      size: '(none)',
    },
  },
  'whole.cjs': {
    js: `function version() {}
version.major = () => 1;
module.exports = version;`,
    dts: `declare function version(): string;
declare namespace version { function major(): number; }
export = version;`,
    expected: { version: 'declare function version(): string;', major: 'function major(): number;' },
  },
  'callable.cjs': {
    js: `const impl = (a) => a.length;
module.exports = (a) => impl(a);
module.exports.silent = (a) => impl(a);`,
    dts: `declare const callable: { (a: string): number; silent(a: string): number | undefined };
export = callable;`,
    expected: {
      impl: null,
      exports: 'callable: { (a: string): number; silent(a: string): number | undefined }',
      silent: 'silent(a: string): number | undefined',
    },
  },
};

describe('declaration files beside JavaScript', () => {
  it('pairs each kind of JavaScript file with the declaration file its importers see', () => {
    expect(shadowPathOf('/p/a.js')).toBe('/p/a.d.ts');
    expect(shadowPathOf('/p/a.mjs')).toBe('/p/a.d.mts');
    expect(shadowPathOf('/p/a.cjs')).toBe('/p/a.d.cts');
    expect(shadowPathOf('/p/a.ts')).toBeUndefined();
    expect(shadowedPathsOf('/p/a.d.cts')).toEqual(['/p/a.cjs']);
    expect(shadowedPathsOf('/p/a.d.ts')).toEqual(['/p/a.js', '/p/a.jsx']);
    expect(shadowedPathsOf('/p/a.ts')).toEqual([]);
  });

  it('finds the declaration of each exported function, and nothing for the others', async () => {
    const files: Record<string, string> = {};
    for (const [name, { js, dts }] of Object.entries(CASES)) {
      files[name] = js;
      files[shadowPathOf(name)!] = dts;
    }
    const root = await tempProject(files, { packageJson: { name: 'shadows' } });
    const project = await loadProject(root);
    const checker = project.getTypeChecker().compilerObject;
    for (const [name, { expected }] of Object.entries(CASES)) {
      const file = project.getSourceFileOrThrow(`${root}/${name}`).compilerNode;
      const declarations = project.getSourceFileOrThrow(`${root}/${shadowPathOf(name)!}`).compilerNode;
      const found: Record<string, string | null> = {};
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
          const label = functionLabel(node);
          const path = exportPathOf(node, checker);
          const counterparts = path === undefined ? undefined : counterpartsOf(path, declarations, checker);
          found[label] = path === undefined ? null : counterparts?.map((d) => d.getText()).join(' | ') ?? '(none)';
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
      expect(found, name).toEqual(expected);
    }
  });
});

/** A function's name, or what holds it: `default` for an anonymous default export. */
function functionLabel(fn: ts.SignatureDeclaration): string {
  if (fn.name !== undefined) return fn.name.getText();
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name !== undefined) return parent.name.getText();
  if (ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return parent.left.name.text;
  return 'default';
}
