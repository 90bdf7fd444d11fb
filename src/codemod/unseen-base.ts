import { ts } from '#ts-morph';

/**
 * The `extends` clause, up a method's class hierarchy through the project's own classes, whose class the
 * type checker cannot see: a package that is not installed, or has no types (`require('ignore-walk')`
 * in JavaScript is `any`), a mixin call typed `any`. The method may override one of that class's, which
 * the class's own code calls and would not await; a base class the checker sees links its members to
 * their overrides, and is followed as such.
 */
export function unseenBaseOf(method: ts.MethodDeclaration, checker: ts.TypeChecker, isOwn: (file: ts.SourceFile) => boolean): ts.ExpressionWithTypeArguments | undefined {
  // a `#private` method is its class's alone: no base class can call it
  if (ts.isPrivateIdentifier(method.name)) return undefined;
  const seen = new Set<ts.Node>();
  for (let owner: ts.Node | undefined = method.parent; owner !== undefined && ts.isClassLike(owner) && !seen.has(owner);) {
    seen.add(owner);
    const base = owner.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (base === undefined) return undefined;
    const type = checker.getTypeAtLocation(base.expression);
    if ((type.flags & ts.TypeFlags.Any) !== 0) return base;
    owner = type.getSymbol()?.declarations?.find((d) => ts.isClassLike(d) && isOwn(d.getSourceFile()));
  }
  return undefined;
}
