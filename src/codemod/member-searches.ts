import { ts } from '#ts-morph';

/**
 * Find-all-references on a class or interface member finds the references of every member related to
 * it: the members it implements or overrides, up the chain (its ancestors), and the members whose
 * ancestors meet those. Two members with the same name and the same ancestors (the ten classes that
 * implement one interface method, say) therefore get the same answer, over the same files: the search
 * runs once for all of them. This key says which searches are the same; `undefined` when the member is
 * not one whose relations it can state (no ancestors, a base it cannot follow, an object literal's).
 * test/codemods/member-searches.test.ts holds the shared answers against fresh searches.
 */
export class MemberSearchKeys {
  readonly #ids = new Map<object, number>();

  constructor(private readonly checker: ts.TypeChecker) {}

  key(name: ts.Node, files: Iterable<{ compilerNode: ts.SourceFile }>): string | undefined {
    const member = name.parent;
    if (member === undefined || !ts.isIdentifier(name) || !isClassOrInterfaceMember(member) || member.name !== name) return undefined;
    const ancestors = new Set<ts.Symbol>();
    if (!this.#collectAncestors(member.parent, name.text, ancestors, 0) || ancestors.size === 0) return undefined;
    const symbols = [...ancestors].map((s) => this.#id(s)).sort((a, b) => a - b).join(',');
    const scanned = [...files].map((f) => this.#id(f.compilerNode)).sort((a, b) => a - b).join(',');
    return `${name.text}|${symbols}|${scanned}`;
  }

  /**
   * The members named `name` that `owner` (a class or interface) implements or overrides, through every
   * `extends` and `implements`, transitively; false where a base is not a plain class or interface type.
   */
  #collectAncestors(owner: ts.Node, name: string, into: Set<ts.Symbol>, depth: number): boolean {
    if (depth > MAX_DEPTH || !(ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner))) return false;
    for (const clause of owner.heritageClauses ?? []) {
      for (const base of clause.types) {
        const type = this.checker.getTypeAtLocation(base);
        if ((type.flags & ts.TypeFlags.Object) === 0) return false;
        const property = this.checker.getPropertyOfType(type, name);
        if (property === undefined) continue;
        if ((property.flags & ts.SymbolFlags.Transient) !== 0) return false; // mapped, or from a union or intersection
        const declarations = property.declarations ?? [];
        if (declarations.length === 0 || !declarations.every(isClassOrInterfaceMember)) return false;
        into.add(property);
        for (const d of declarations) if (!this.#collectAncestors(d.parent, name, into, depth + 1)) return false;
      }
    }
    return true;
  }

  #id(object: object): number {
    let id = this.#ids.get(object);
    if (id === undefined) this.#ids.set(object, id = this.#ids.size);
    return id;
  }
}

const MAX_DEPTH = 20;

type ClassOrInterfaceMember = ts.MethodDeclaration | ts.MethodSignature | ts.PropertyDeclaration | ts.PropertySignature;

function isClassOrInterfaceMember(node: ts.Node): node is ClassOrInterfaceMember {
  return (ts.isMethodDeclaration(node) || ts.isMethodSignature(node) || ts.isPropertyDeclaration(node) || ts.isPropertySignature(node))
    && (ts.isClassLike(node.parent) || ts.isInterfaceDeclaration(node.parent));
}
