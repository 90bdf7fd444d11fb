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

  /** `walk: true`: visit every node, as without TypeScript's token finder (the tests compare the ways). */
  constructor(private readonly checker: ts.TypeChecker, private readonly options: { walk?: boolean } = {}) {}

  in(file: ts.SourceFile, name: string): readonly ts.Node[] {
    let byName = this.#found.get(file);
    if (byName === undefined) this.#found.set(file, byName = new Map());
    let found = byName.get(name);
    if (found === undefined) byName.set(name, found = this.#search(file, name));
    return found;
  }

  /**
   * From each place the name is spelt, up to the node there: most files hold a name a few times, among
   * thousands of nodes. Without TypeScript's (internal) token finder, every node is visited.
   */
  #search(file: ts.SourceFile, name: string): ts.Node[] {
    const touching = (ts as unknown as { getTouchingPropertyName?: (sf: ts.SourceFile, pos: number) => ts.Node }).getTouchingPropertyName;
    if (typeof touching !== 'function' || this.options.walk === true) return this.#walk(file, name);
    const found: ts.Node[] = [];
    const bindings: ts.BindingElement[] = [];
    const text = file.text;
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
      if (isWordPart(text.charCodeAt(at - 1)) || isWordPart(text.charCodeAt(at + name.length))) continue;
      const node = touching(file, at);
      if (!(ts.isIdentifier(node) || ts.isStringLiteralLike(node)) || node.text !== name) continue;
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

  #walk(file: ts.SourceFile, name: string): ts.Node[] {
    const found: ts.Node[] = [];
    const untyped = (node: ts.Node): boolean => this.#untyped(node);
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

/** An ASCII identifier character: the name spelt inside a longer word is not the name. */
function isWordPart(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 36 || code === 95;
}
