import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { findFloatingPromises, promiseTypes } from '../../src/analysis/promises.js';
import { SiteCollector } from '../../src/codemod/collect.js';
import { mayDropPromise } from '../../src/codemod/may-drop-promise.js';

/**
 * The floating-promises pre-check must be conservative: whatever findFloatingPromises reports in a file
 * (the oracle, run on the ESTree parse it spares), the pre-check lets through.
 */

const LIB = `export async function save(): Promise<void> {}
export function load(): number { return 1; }
export declare const anyThing: any;
export class Thenable { then(resolve: () => void): void { resolve(); } }
export const items: number[] = [1, 2];
`;

interface Verdict {
  precheck: boolean;
  floating: number;
}

function check(code: string): Verdict {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: 9, module: 199, lib: ['lib.es2022.d.ts'] } });
  project.createSourceFile('/lib.ts', LIB);
  const file = project.createSourceFile('/main.ts', `import { save, load, anyThing, Thenable, items } from './lib.js';\n${code}`);
  const program = project.getProgram().compilerObject;
  const view = new SiteCollector(program).estree(file);
  const floating = findFloatingPromises(view.sourceCode, { ignoreVoid: true, checkCallbacks: true }, promiseTypes(view.services));
  return { precheck: mayDropPromise(file, project.getTypeChecker().compilerObject), floating: floating.length };
}

describe('mayDropPromise', () => {
  it.each([
    ['a dropped call', 'export function f() { save(); }'],
    ['an arm of &&', 'export function f(x: boolean) { x && save(); }'],
    ['an arm of ?:', 'export function f(x: boolean) { x ? load() : save(); }'],
    ['an arm of ,', 'export function f() { (load(), save()); }'],
    ['a promise variable', 'const p = save();\nexport function f() { p; }'],
    ['an array of promises', 'export function f() { [save(), save()]; }'],
    ['an array a call returns', 'export function f() { items.map(() => save()); }'],
    ['a forEach callback', 'export function f() { items.forEach(save); }'],
    ['a forEach arrow', 'export function f() { items.forEach((i) => save()); }'],
    ['a computed forEach', "export function f() { items['forEach'](save); }"],
    ['an any the syntax shows a promise', 'const g: any = async () => {};\nexport function f() { g(); }'],
    ['a thenable', 'export function f() { new Thenable(); }'],
    ['a promise under an assertion', 'export function f() { save() as unknown as Promise<void>; }'],
    ['this.method()', 'class C { async run() {} go() { this.run(); } }\nexport const c = new C();'],
    ['an optional call', 'const o: { run?: () => Promise<void> } = {};\nexport function f() { o.run?.(); }'],
  ])('lets through %s', (_, code) => {
    const verdict = check(code);
    expect(verdict.floating).toBeGreaterThan(0);
    expect(verdict.precheck).toBe(true);
  });

  it('lets through what the checker does not know, even where the syntax then finds no promise', () => {
    expect(check('export function f() { anyThing.go(); }')).toEqual({ precheck: true, floating: 0 });
  });

  it.each([
    ['synchronous calls only', 'export function f() { load(); items.push(load()); }'],
    ['a kept promise', 'export function f() { const p = save(); return p; }'],
    ['assignments and updates', 'let n = 0;\nexport function f() { n++; n = load(); }'],
    ['a deliberate void', 'export function f() { void save(); }'],
    ['a synchronous forEach', 'export function f() { items.forEach((i) => load()); }'],
    ['no statements at all', 'export const x = load();'],
  ])('skips %s', (_, code) => {
    expect(check(code)).toEqual({ precheck: false, floating: 0 });
  });
});
