import { ts } from '#ts-morph';

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

  #search(file: ts.SourceFile, name: string): ts.Node[] {
    const found: ts.Node[] = [];
    const untyped = (node: ts.Node): boolean => (this.checker.getTypeAtLocation(node).flags & ts.TypeFlags.Any) !== 0;
    const bindings: ts.BindingElement[] = [];
    const called = new Set<string>();
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node) && node.name.text === name && mayCall(node) && untyped(node.expression)) found.push(node);
      else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === name
        && mayCall(node) && untyped(node.expression)) found.push(node);
      else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent) && bindingKey(node) === name) bindings.push(node);
      else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) called.add(node.expression.text);
      ts.forEachChild(node, visit);
    };
    visit(file);
    // a destructured member counts where the file calls a function of the name it is bound to
    for (const b of bindings) if (ts.isIdentifier(b.name) && called.has(b.name.text) && untyped(b.parent)) found.push(b);
    return found;
  }
}

/** Whether a member read calls the member: `x.load(…)`, `x.load?.(…)`, `x.load.call(…)` (and `apply`, `bind`). */
function mayCall(access: ts.Expression): boolean {
  let node: ts.Node = access;
  while (ts.isParenthesizedExpression(node.parent) || ts.isNonNullExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isCallExpression(parent) || ts.isTaggedTemplateExpression(parent)) return (ts.isCallExpression(parent) ? parent.expression : parent.tag) === node;
  return ts.isPropertyAccessExpression(parent) && parent.expression === node && ['call', 'apply', 'bind'].includes(parent.name.text);
}

/** The property a binding element reads: `{ load }`, `{ load: alias }`, `{ 'load': alias }`. */
function bindingKey(element: ts.BindingElement): string | undefined {
  const key = element.propertyName ?? element.name;
  return ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
}
