import { join } from 'node:path';
import { Node, type Project } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportGraph } from '../../src/codemod/import-graph.js';
import { loadProject } from '../../src/codemod/project.js';
import { ReferenceFinder } from '../../src/codemod/references.js';
import { compareWithFindAllReferences } from './reference-oracle.js';
import { DEFAULT_TSCONFIG, REPO, removeTempProjects, tempProject } from './support.js';

/**
 * Shared member searches (src/codemod/member-searches.ts) against their oracle: each member's own
 * find-all-references. Members are searched in file order, so that a member's related ones have been
 * searched before it whenever they come first.
 */

afterAll(removeTempProjects);

const MEMBER_KINDS = (n: Node): boolean => Node.isMethodDeclaration(n) || Node.isMethodSignature(n) || Node.isPropertyDeclaration(n) || Node.isPropertySignature(n);

function compare(project: Project): { members: number; shared: number; differences: string[] } {
  const nameOf = (node: Node): Node | undefined => (MEMBER_KINDS(node) ? (node as Node & { getNameNode(): Node }).getNameNode() : undefined);
  const { names, searches, differences } = compareWithFindAllReferences(project, nameOf);
  return { members: names, shared: searches.shared, differences };
}

const HIERARCHIES: Record<string, string> = {
  'tsconfig.json': JSON.stringify(DEFAULT_TSCONFIG),
  'src/shapes.ts': `
export interface Reader { read(): string; }
export interface Writer { read(): string; write(text: string): void; }
export interface Named { name: string; }
export class Both implements Reader, Writer { read(): string { return 'b'; } write(text: string): void {} }
export class OnlyReader implements Reader { read(): string { return 'r'; } }
export class OnlyWriter implements Writer { read(): string { return 'w'; } write(text: string): void {} }
export class OtherReader implements Reader { read(): string { return 'o'; } }
export abstract class Base { abstract read(): string; load(): string { return this.read(); } }
export class Derived extends Base { read(): string { return 'd'; } }
export class MoreDerived extends Derived { override read(): string { return 'm'; } }
export class Sibling extends Base { read(): string { return 's'; } }
export interface Repo<T> { get(id: string): T; }
export class NumberRepo implements Repo<number> { get(id: string): number { return id.length; } }
export class StringRepo implements Repo<string> { get(id: string): string { return id; } }
export class Unrelated { read(): string { return 'u'; } }
export class WithName implements Named { name = 'n'; }
export class WithOtherName implements Named { name = 'm'; }
export type Both2 = Reader & Writer;
export class Intersected implements Both2 { read(): string { return 'i'; } write(text: string): void {} }
`,
  'src/use.ts': `
import { Both, Derived, MoreDerived, NumberRepo, OnlyReader, OnlyWriter, OtherReader, Unrelated, WithName,
  type Base, type Both2, type Named, type Reader, type Repo, type Writer } from './shapes.js';
export const calls = [
  (r: Reader) => r.read(), (w: Writer) => w.read(), (b: Base) => b.read(), (n: Named) => n.name,
  (repo: Repo<number>) => repo.get('y'), (x: Both2) => x.read(),
  () => new Both().read(), () => new OnlyReader().read(), () => new OnlyWriter().read(), () => new OtherReader().read(),
  () => new Derived().read(), () => new MoreDerived().read(), () => new Unrelated().read(), () => new WithName().name,
  () => new NumberRepo().get('x'),
];
`,
};

describe('shared member searches', () => {
  it('give what each member\'s own search gives, across implementations, overrides and several interfaces', async () => {
    const root = await tempProject(HIERARCHIES);
    const { members, shared, differences } = compare(await loadProject(root));
    expect(differences).toEqual([]);
    expect(members).toBeGreaterThan(20);
    // OtherReader.read shares OnlyReader's search, Sibling.read Derived's, WithOtherName.name WithName's
    expect(shared).toBeGreaterThanOrEqual(3);
  });

  it('are shared only between members with the same ancestors', async () => {
    const root = await tempProject(HIERARCHIES);
    const project = await loadProject(root);
    const finder = new ReferenceFinder(project, new ImportGraph(project));
    const shapes = project.getSourceFileOrThrow(join(root, 'src/shapes.ts'));
    const search = (owner: string, member: string): number => {
      const before = finder.searches.shared;
      const declaration = shapes.getClassOrThrow(owner).getMemberOrThrow(member) as Node & { getNameNode(): Node };
      finder.find(declaration.getNameNode());
      return finder.searches.shared - before;
    };
    expect(search('OnlyReader', 'read')).toBe(0);
    expect(search('OtherReader', 'read')).toBe(1);
    // Both implements Writer as well, OnlyWriter only Writer
    expect(search('Both', 'read')).toBe(0);
    expect(search('OnlyWriter', 'read')).toBe(0);
    expect(search('Derived', 'read')).toBe(0);
    expect(search('Sibling', 'read')).toBe(1);
    // overrides Derived's as well as Base's
    expect(search('MoreDerived', 'read')).toBe(0);
    // generic bases and intersections are not followed
    expect(search('NumberRepo', 'get')).toBe(0);
    expect(search('StringRepo', 'get')).toBe(0);
    expect(search('Intersected', 'read')).toBe(0);
  });

  it('give what each member\'s own search gives in the reference services', async () => {
    const { members, differences } = compare(await loadProject(join(REPO, 'fixtures', 'services')));
    expect(differences).toEqual([]);
    expect(members).toBeGreaterThan(20);
  });
});
