import { ts } from '#ts-morph';
import { spellingsOf } from './spellings.js';

/**
 * The calls of a member name the type checker cannot link to any declaration, because the value they
 * read it from is untyped (`any`): `slots.loader.load()` where `slots` is `any`, `x['load'](…)`,
 * `const { load } = x; load()`, `x.load.call(…)`.
 * Find-all-references cannot see them, so a method that becomes async would be left un-awaited there:
 * the propagation treats each as a blocker rather than guess. Only calls count: a read (`res.status`
 * passed, returned, compared) is most often data, and common names would block everything; a method
 * read off an untyped value into a variable, and called through it, is not seen.
 */
export class UntypedMemberUses {
  readonly #found = new Map<ts.SourceFile, Map<string, ts.Node[]>>();

  constructor(private readonly checker: ts.TypeChecker) {}

  in(file: ts.SourceFile, name: string): readonly ts.Node[] {
    let byName = this.#found.get(file);
    if (byName === undefined) this.#found.set(file, byName = new Map());
    let found = byName.get(name);
    if (found === undefined) byName.set(name, found = this.#search(file, name));
    return found;
  }

  /** From each place the name is written: as an identifier, or as a string (`x['load']`, `{ 'load': f }`). */
  #search(file: ts.SourceFile, name: string): ts.Node[] {
    const found: ts.Node[] = [];
    const bindings: ts.BindingElement[] = [];
    for (const { pos, node } of spellingsOf(file, name)) {
      const spelt = node !== undefined && ((ts.isIdentifier(node) && node.getStart(file) === pos)
        || (ts.isStringLiteralLike(node) && node.text === name && node.getStart(file) === pos - 1));
      if (!spelt) continue;
      const parent = node.parent;
      if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isElementAccessExpression(parent) && parent.argumentExpression === node)) {
        if (mayCall(parent) && this.#untyped(parent.expression)) found.push(parent);
      } else if (ts.isBindingElement(parent) && ts.isObjectBindingPattern(parent.parent) && (parent.propertyName ?? parent.name) === node) {
        bindings.push(parent);
      }
    }
    if (bindings.length > 0) found.push(...this.#calledBindings(file, bindings));
    return found;
  }

  /** A destructured member counts where the file calls a function of the name it is bound to. */
  #calledBindings(file: ts.SourceFile, bindings: readonly ts.BindingElement[]): ts.Node[] {
    const called = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) called.add(node.expression.text);
      ts.forEachChild(node, visit);
    };
    visit(file);
    return bindings.filter((b) => ts.isIdentifier(b.name) && called.has(b.name.text) && this.#untyped(b.parent));
  }

  #untyped(node: ts.Node): boolean {
    return (this.checker.getTypeAtLocation(node).flags & ts.TypeFlags.Any) !== 0;
  }
}

/** Whether a member read calls the member: `x.load(…)`, `x.load?.(…)`, `x.load.call(…)` (and `apply`, `bind`). */
export function mayCall(access: ts.Expression): boolean {
  let node: ts.Node = access;
  while (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isCallExpression(parent) || ts.isTaggedTemplateExpression(parent)) return (ts.isCallExpression(parent) ? parent.expression : parent.tag) === node;
  return ts.isPropertyAccessExpression(parent) && parent.expression === node && ['call', 'apply', 'bind'].includes(parent.name.text);
}
