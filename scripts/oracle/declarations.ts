import ts from 'typescript';
import { entryById, isCatalogModule, lookupExport, type CatalogEntry } from '../../src/catalog/index.js';
import { CATALOG_TAG } from './catalog-declarations.js';

/**
 * How the oracle decides what a callee is: the declarations the checker ties it to, and whether one of
 * them is a catalog API (a function @types/node declares in a builtin module, or a declaration of
 * ./catalog-declarations.ts tagged `@catalog`).
 */

/**
 * The module a declaration of @types/node sits in (`fs`), and its path inside it (`['realpathSync',
 * 'native']`); `member` names the class or interface of a method (`Dir` for `Dir#readSync`), which is
 * never a module export.
 */
function builtinPath(declaration: ts.Node): { module: string; path: string[]; member: string | null } | null {
  const names: string[] = [];
  const own = ts.getNameOfDeclaration(declaration as ts.Declaration);
  if (own === undefined || !ts.isIdentifier(own)) return null;
  names.push(own.text);
  let member: string | null = null;
  for (let node = declaration.parent; node !== undefined; node = node.parent) {
    if (ts.isModuleDeclaration(node)) {
      if (ts.isStringLiteral(node.name)) return { module: node.name.text, path: names, member };
      names.unshift(node.name.text);
    } else if ((ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) && member === null) {
      member = node.name?.text ?? '?';
    } else if (!ts.isModuleBlock(node) && !ts.isVariableDeclarationList(node) && !ts.isVariableStatement(node)
      && !ts.isVariableDeclaration(node) && member === null) {
      return null;
    }
  }
  return null;
}

function catalogTag(declaration: ts.Node): string | null {
  for (const tag of ts.getJSDocTags(declaration)) {
    if (tag.tagName.text === CATALOG_TAG && typeof tag.comment === 'string') return tag.comment.trim();
  }
  return null;
}

export type Classified = { entry: CatalogEntry } | { gap: string } | null;

export function classify(declaration: ts.Declaration | undefined): Classified {
  if (declaration === undefined) return null;
  const id = catalogTag(declaration);
  if (id !== null) {
    const entry = entryById(id);
    if (entry === undefined) throw new Error(`unknown catalog id ${id}`);
    return { entry };
  }
  if (!declaration.getSourceFile().isDeclarationFile) return null;
  const found = builtinPath(declaration);
  if (found === null) return null;
  if (found.member !== null) {
    const method = found.path[found.path.length - 1]!;
    return /Sync$/.test(method) ? { gap: `${found.module}.${found.member}#${method}` } : null;
  }
  const entry = lookupExport(found.module, found.path);
  if (entry !== undefined) return { entry };
  return found.path.some((p) => /Sync$/.test(p)) ? { gap: `${found.module}.${found.path.join('.')}` } : null;
}

/** The name a callee is read through: `b` of `a.b`, `(0, a.b)`, `a['b']`; the identifier itself. */
export function calleeNameNode(expression: ts.Expression): ts.Node | null {
  let e = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) e = e.right;
    else break;
  }
  if (ts.isPropertyAccessExpression(e)) return e.name;
  if (ts.isElementAccessExpression(e)) return e.argumentExpression;
  return ts.isIdentifier(e) ? e : null;
}

/**
 * Where the callee is declared: first the symbol it is read through (`fs.statSync` is declared as
 * `const statSync: StatSyncFn`, whose signature lives in an interface), then the declaration of the
 * signature the call resolves to (a function that flowed through a variable: `const f = fs.readFileSync`).
 */
export function calleeDeclarations(checker: ts.TypeChecker, node: ts.CallLikeExpression, callee: ts.Expression): ts.Declaration[] {
  const declarations: ts.Declaration[] = [];
  const nameNode = calleeNameNode(callee);
  if (nameNode !== null) declarations.push(...symbolDeclarations(checker, checker.getSymbolAtLocation(nameNode), 0));
  const signature = checker.getResolvedSignature(node)?.getDeclaration() as ts.Declaration | undefined;
  if (signature !== undefined) declarations.push(signature);
  return declarations;
}

/**
 * A symbol's declarations, and for a local binding the declarations of what it was bound to: `const
 * { statSync } = fs` and `const stat = fs.statSync` give `statSync`'s declaration in fs.d.ts (its
 * `StatSyncFn` signature says nothing of where it comes from).
 */
export function symbolDeclarations(checker: ts.TypeChecker, found: ts.Symbol | undefined, hops: number): ts.Declaration[] {
  let symbol = found;
  if (symbol === undefined || hops > 4) return [];
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declarations = [...(symbol.declarations ?? [])];
  for (const declaration of symbol.declarations ?? []) {
    if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
      const key = declaration.propertyName ?? declaration.name;
      if (!ts.isIdentifier(key) && !ts.isStringLiteral(key)) continue;
      const property = checker.getTypeAtLocation(declaration.parent).getProperty(key.text);
      declarations.push(...symbolDeclarations(checker, property, hops + 1));
    } else if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined
      && (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0) {
      const name = calleeNameNode(declaration.initializer);
      if (name !== null) declarations.push(...symbolDeclarations(checker, checker.getSymbolAtLocation(name), hops + 1));
    }
  }
  return declarations;
}

export function classifyFirst(declarations: readonly ts.Declaration[]): Classified {
  let gap: Classified = null;
  for (const declaration of declarations) {
    const found = classify(declaration);
    if (found !== null && 'entry' in found) return found;
    gap ??= found;
  }
  return gap;
}

/** `f.call(…)` / `f.apply(…)`: the declaration of `f`'s own signature. */
export function indirectDeclaration(checker: ts.TypeChecker, callee: ts.Expression): ts.Declaration | undefined {
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'call' && callee.name.text !== 'apply')) return undefined;
  const [signature] = checker.getTypeAtLocation(callee.expression).getCallSignatures();
  return signature?.getDeclaration() as ts.Declaration | undefined;
}

/**
 * `fs[stat](…)` where the checker types the key as string literals only (`const stat = follow ?
 * 'statSync' : 'lstatSync'`) each naming a catalog API: the call reaches one of them, whichever runs.
 */
export function computedKeyEntry(checker: ts.TypeChecker, callee: ts.Expression): CatalogEntry | null {
  let e = callee;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isElementAccessExpression(e) || ts.isStringLiteralLike(e.argumentExpression)) return null;
  const keyType = checker.getTypeAtLocation(e.argumentExpression);
  const object = checker.getTypeAtLocation(e.expression);
  let first: CatalogEntry | null = null;
  for (const key of keyType.isUnion() ? keyType.types : [keyType]) {
    if (!key.isStringLiteral()) return null;
    const found = classifyFirst(symbolDeclarations(checker, object.getProperty(key.value), 0));
    if (found === null || !('entry' in found)) return null;
    first ??= found.entry;
  }
  return first;
}

/** The catalog module `m` of a callee `m[key]` whose key the checker cannot name, if any. */
export function dynamicMemberOf(checker: ts.TypeChecker, callee: ts.Expression): string | null {
  let e = callee;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (!ts.isElementAccessExpression(e) || ts.isStringLiteralLike(e.argumentExpression)) return null;
  // keys the checker knows (`'stat' | 'lstat'`) were judged by computedKeyEntry: only unknown ones are dynamic
  const keyType = checker.getTypeAtLocation(e.argumentExpression);
  if ((keyType.isUnion() ? keyType.types : [keyType]).every((t) => t.isStringLiteral())) return null;
  const type = checker.getTypeAtLocation(e.expression);
  for (const part of type.isIntersection() ? type.types : [type]) {
    for (const declaration of part.getSymbol()?.declarations ?? []) {
      if (ts.isModuleDeclaration(declaration) && ts.isStringLiteral(declaration.name) && isCatalogModule(declaration.name.text)) {
        return declaration.name.text;
      }
    }
  }
  return null;
}
