import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Node, type Project } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportGraph } from '../../src/codemod/import-graph.js';
import { loadProject } from '../../src/codemod/project.js';
import { ReferenceFinder } from '../../src/codemod/references.js';
import { compareWithFindAllReferences } from './reference-oracle.js';
import { DEFAULT_TSCONFIG, FIXTURES, readTree, REPO, removeTempProjects, tempProject } from './support.js';

/**
 * The plain reference search (src/codemod/plain-references.ts) against its oracle, TypeScript's
 * find-all-references: for every function and variable name of a project, where the plain search
 * answers, it finds the same references.
 */

afterAll(removeTempProjects);

/** Every function and variable name of the project's own files, searched both ways. */
function compare(project: Project): { names: number; plain: number; differences: string[] } {
  const nameOf = (node: Node): Node | undefined => (Node.isFunctionDeclaration(node) || Node.isVariableDeclaration(node) ? node.getNameNode() : undefined);
  const { names, searches, differences } = compareWithFindAllReferences(project, nameOf);
  return { names, plain: searches.plain, differences };
}

/** Kinds of reference find-all-references knows, each in a file of its own or next to another. */
const TRICKY: Record<string, string> = {
  'tsconfig.json': JSON.stringify(DEFAULT_TSCONFIG),
  'src/lib.ts': `
export function load(id: string): string { return id; }
export const save = (id: string): string => load(id);
export function overloaded(a: string): string;
export function overloaded(a: number): string;
export function overloaded(a: string | number): string { return String(a); }
function local(): string { return 'x'; }
export function usesLocal(): string {
  function nested(): string { return local(); }
  const holder = { local, nested };
  return holder.local() + nested();
}
// load is named in this comment
export function commented(): void {}
export function inString(): string { return 'inString'; }
export default function byDefault(): void {}
`,
  'src/renamed.ts': `
import { load as fetchIt, save } from './lib.js';
import byDefault from './lib.js';
import type { usesLocal } from './lib.js';
export function run(): string {
  const load = (x: string) => x; // shadows nothing imported: a local of its own
  byDefault();
  return fetchIt('a') + save('b') + load('c');
}
export type Loader = typeof fetchIt;
export const table = { fetchIt, save };
export function withShadow(fetchIt: number): number { return fetchIt + 1; }
export let later: typeof usesLocal | undefined;
`,
  'src/plain.ts': `
import * as path from 'node:path';
import os = require('node:os');
export function read(id: string): string { return path.join(os.tmpdir(), id); }
export const write = (id: string): string => read(id);
export function overloaded(a: string): string;
export function overloaded(a: number): string;
export function overloaded(a: string | number): string { return String(a); }
export default function fallback(): void {}
`,
  'src/plain-user.ts': `
import fallback, { read as get, write, overloaded } from './plain.js';
import type { write as W } from './plain.js';
export function use(read: number): string {
  fallback();
  const holder = { get, write };
  type T = typeof get;
  const f: T = get;
  const w: typeof W = write;
  return get('a') + write('b') + holder.get('c') + overloaded(read) + f('d') + w('e');
}
`,
  'src/augmented.ts': `
export function widened(x: string): string { return x; }
export function untouched(): void { widened('a'); }
`,
  'src/augmented-user.ts': `
import { widened } from './augmented.js';
export const twice = (): string => widened('b') + widened('c');
`,
  'src/augmenter.ts': `
export const imports = 'nothing from augmented.ts';
declare module './augmented.js' {
  export function widened(x: number): string;
}
`,
  'src/self.ts': `
import { selfish as again } from './self.js';
export function selfish(): string { return 'me'; }
export const twice = (): string => again() + selfish();
`,
  'src/wholly.ts': `
export function wholly(): string { return 'w'; }
`,
  'src/whole.ts': `
import * as w from './wholly.js';
export function viaWhole(): string { return w.wholly(); }
`,
  'src/merged.ts': `
export function merged(): void {}
export namespace merged { export const extra = 1; }
export function alone(): void { merged(); }
`,
  'src/merged-user.ts': `
import { merged, alone } from './merged.js';
export function user(): number { merged(); alone(); return merged.extra; }
`,
  'src/namespace.ts': `
import * as lib from './lib.js';
export function viaNamespace(): string { return lib.load('n'); }
`,
  'src/reexport.ts': `
export { load as reLoaded } from './lib.js';
export * from './renamed.js';
`,
  'src/consumer.ts': `
import { reLoaded } from './reexport.js';
import { run, table } from './renamed.js';
export const all = (): string => reLoaded('z') + run() + table.fetchIt('y');
const dynamic = async (): Promise<string> => (await import('./lib.js')).load('d');
export { dynamic };
`,
  'src/jsx-free.ts': `
import { commented, inString } from './lib.js';
export function both(): string { commented(); return inString(); }
`,
};

describe('plain reference search', () => {
  it('finds what find-all-references finds, in a project with every kind of reference', async () => {
    const project = await loadProject(await tempProject(TRICKY));
    const { names, plain, differences } = compare(project);
    expect(differences).toEqual([]);
    expect(names).toBeGreaterThan(20);
    // the plain cases are answered directly; the rest go to find-all-references
    expect(plain).toBeGreaterThan(5);
  });

  it('answers plain cases and leaves the others to find-all-references', async () => {
    const root = await tempProject(TRICKY);
    const project = await loadProject(root);
    const graph = new ImportGraph(project);
    const searched = (file: string, name: string): 'plain' | 'full' => {
      const finder = new ReferenceFinder(project, graph);
      const node = project.getSourceFileOrThrow(join(root, file)).getDescendants().find((n) => Node.isIdentifier(n) && n.getText() === name
        && (Node.isFunctionDeclaration(n.getParent()) || Node.isVariableDeclaration(n.getParent())))!;
      finder.find(node);
      return finder.searches.plain === 1 ? 'plain' : 'full';
    };
    // lib.ts passes nothing on by `export { … }`, but reexport.ts imports it and does, and namespace.ts reads it as `lib.load`
    expect(searched('src/lib.ts', 'load')).toBe('full');
    expect(searched('src/lib.ts', 'local')).toBe('plain');
    expect(searched('src/lib.ts', 'nested')).toBe('plain');
    // renamed.ts is re-exported with `export *`: its exports are not plain, its locals are
    expect(searched('src/renamed.ts', 'run')).toBe('full');
    expect(searched('src/renamed.ts', 'load')).toBe('plain');
    // named in a string, or in a comment: not an identifier there, so not plain
    expect(searched('src/lib.ts', 'inString')).toBe('full');
    expect(searched('src/jsx-free.ts', 'both')).toBe('plain');
    // imported under other names, by type only, next to a default import
    expect(searched('src/plain.ts', 'read')).toBe('plain');
    expect(searched('src/plain.ts', 'write')).toBe('plain');
    expect(searched('src/plain.ts', 'overloaded')).toBe('plain');
    expect(searched('src/plain.ts', 'fallback')).toBe('full');
    // imported whole (whole.ts reads `w.wholly`), though plain.ts's whole imports of node:path and node:os do not matter
    expect(searched('src/wholly.ts', 'wholly')).toBe('full');
    expect(searched('src/whole.ts', 'viaWhole')).toBe('plain');
    // a module importing itself
    expect(searched('src/self.ts', 'selfish')).toBe('full');
    // another module adds to its exports with `declare module`
    expect(searched('src/augmented.ts', 'widened')).toBe('full');
  });

  it('finds what find-all-references finds in the reference services', async () => {
    const project = await loadProject(join(REPO, 'fixtures', 'services'));
    const { names, plain, differences } = compare(project);
    expect(differences).toEqual([]);
    expect(names).toBeGreaterThan(100);
    expect(plain).toBeGreaterThan(50);
  });

  it('finds what find-all-references finds in the codemod fixture projects', async () => {
    const summary = { names: 0, plain: 0, differences: [] as string[] };
    for (const transform of readdirSync(FIXTURES)) {
      const folder = join(FIXTURES, transform);
      for (const entry of readdirSync(folder)) {
        const input = join(folder, entry, 'input');
        if (!statSync(join(folder, entry)).isDirectory() || !existsSync(input)) continue;
        const result = compare(await loadProject(await tempProject(await readTree(input), { packageJson: null })));
        summary.names += result.names;
        summary.plain += result.plain;
        summary.differences.push(...result.differences.map((d) => `${transform}/${entry}: ${d}`));
      }
    }
    expect(summary.differences).toEqual([]);
    expect(summary.plain).toBeGreaterThan(20);
  }, 60_000);
});
