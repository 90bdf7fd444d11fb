import { ts } from '#ts-morph';
import type { SourceFile } from 'ts-morph';
import { catalog, lookupExport } from '../catalog/index.js';
import { declaringModule, type CatalogHit } from './collect.js';
import { wrap } from './wrap.js';
import { aliasTarget, symbolAt } from './symbols.js';

/**
 * A catalog call made through a module of the project that re-exports the API (`export { statSync }
 * from 'node:fs'` in `fsx.ts`, then `import { statSync } from './fsx.js'; statSync(p)`): scope
 * analysis stops at the project's own module, and the linter reports the re-export instead (a value
 * handed on); the type checker follows the import to the API's declaration, so the migration rewrites
 * the call. Only bindings imported from the project's own modules are followed: a parameter typed as
 * `typeof fs` may hold another file system, as the rules hold too.
 */

/** The names catalog exports are called by (`statSync`, `native` of `realpathSync.native`). */
const EXPORT_NAMES: ReadonlySet<string> = new Set(catalog.flatMap((e) => (e.type === 'export' && e.blocking && e.path.length > 0 ? [e.path.at(-1)!] : [])));
const NAME = new RegExp(`\\b(?:${[...EXPORT_NAMES].join('|')})\\b`);

/**
 * The names the project's modules give catalog APIs they re-export or alias (`existsSync as exists`,
 * `export const exists = fs.existsSync`), besides the APIs' own: calls by those names are looked at too.
 */
export function renamedExports(files: readonly SourceFile[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    if (!NAME.test(file.getFullText())) continue;
    for (const statement of file.compilerNode.statements) {
      if (ts.isExportDeclaration(statement) && statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause)) {
        for (const specifier of statement.exportClause.elements) {
          if (specifier.propertyName !== undefined && EXPORT_NAMES.has(specifier.propertyName.text)) names.add(specifier.name.text);
        }
      } else if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          const init = declaration.initializer;
          if (ts.isIdentifier(declaration.name) && init !== undefined && ts.isPropertyAccessExpression(init) && EXPORT_NAMES.has(init.name.text)) {
            names.add(declaration.name.text);
          }
        }
      }
    }
  }
  return names;
}

export function reExportedCallHits(file: SourceFile, checker: ts.TypeChecker, isOwn: (fileName: string) => boolean, renamed: ReadonlySet<string>, known: ReadonlySet<number>): CatalogHit[] {
  const text = file.getFullText();
  if (!NAME.test(text) && ![...renamed].some((name) => text.includes(name))) return [];
  const hits: CatalogHit[] = [];
  const sf = file.compilerNode;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && !known.has(node.getStart(sf))) {
      const callee = calleeOf(node.expression);
      const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
      if (name !== undefined && (EXPORT_NAMES.has(name.text) || renamed.has(name.text)) && importedFromOwnModule(callee, checker, isOwn, sf.fileName)) {
        const entry = catalogExportOf(checker.getSymbolAtLocation(name), checker);
        // conditional entries (`xhr.open(…, false)`) need the arguments' syntax: scope analysis has them
        if (entry !== undefined) hits.push({ node: wrap(file, node), entry });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return hits;
}

/** `(0, fsx_1.statSync)`, `(statSync)` → the callee itself. */
function calleeOf(expression: ts.Expression): ts.Expression {
  let e = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(e)) e = e.expression;
    else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) e = e.right;
    else return e;
  }
}

/** Whether the binding `a.b.c` starts from is imported (or required) from another of the project's files. */
function importedFromOwnModule(callee: ts.Expression, checker: ts.TypeChecker, isOwn: (fileName: string) => boolean, fileName: string): boolean {
  let root = callee;
  while (ts.isPropertyAccessExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return false;
  const symbol = checker.getSymbolAtLocation(root);
  if (symbol === undefined) return false;
  // one hop: the module named in the import or require, though it may re-export from elsewhere (a
  // name that module re-exports with `export *` has no alias of its own there: the import names it)
  const specifier = requiredBy(symbol.declarations?.[0]) ?? importedFrom(symbol.declarations?.[0]);
  const declared = (specifier !== undefined ? checker.getSymbolAtLocation(specifier)
    : (symbol.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getImmediateAliasedSymbol(symbol) : undefined)?.declarations?.[0]?.getSourceFile().fileName;
  return declared !== undefined && declared !== fileName && isOwn(declared);
}

/** `import { statSync } from './fsx.js'`: the specifier of the import declaring the binding. */
function importedFrom(declaration: ts.Declaration | undefined): ts.Expression | undefined {
  if (declaration === undefined || !ts.isImportSpecifier(declaration)) return undefined;
  return declaration.parent.parent.parent.moduleSpecifier;
}

/** `const { statSync } = require('./fsx')`: the specifier the binding is destructured from. */
function requiredBy(declaration: ts.Declaration | undefined): ts.Expression | undefined {
  if (declaration === undefined || !ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent)) return undefined;
  const holder = declaration.parent.parent;
  const init = ts.isVariableDeclaration(holder) ? holder.initializer : undefined;
  return init !== undefined && ts.isCallExpression(init) && ts.isIdentifier(init.expression) && init.expression.text === 'require'
    && init.arguments.length === 1 && ts.isStringLiteralLike(init.arguments[0]!) ? init.arguments[0] : undefined;
}

/** The blocking, unconditional catalog export a symbol is, after following its aliases. */
function catalogExportOf(found: ts.Symbol | undefined, checker: ts.TypeChecker): ReturnType<typeof lookupExport> {
  let declaration = aliasTarget(found, checker)?.declarations?.[0];
  // `const { statSync } = require('./fsx')`: the property of what the module exports
  if (declaration !== undefined && requiredBy(declaration) !== undefined && ts.isBindingElement(declaration)) {
    const key = declaration.propertyName ?? declaration.name;
    const property = ts.isIdentifier(key) ? checker.getTypeAtLocation(declaration.parent).getProperty(key.text) : undefined;
    declaration = aliasTarget(property, checker)?.declarations?.[0];
  }
  // `export const exists = fs.existsSync`: the API it is bound to, once
  const init = declaration !== undefined && ts.isVariableDeclaration(declaration) && (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0
    ? declaration.initializer : undefined;
  if (init !== undefined && ts.isPropertyAccessExpression(init)) {
    declaration = symbolAt(checker, init.name)?.declarations?.[0];
  }
  if (declaration === undefined || !declaration.getSourceFile().isDeclarationFile) return undefined;
  const path = exportPath(declaration);
  const module = path === undefined ? undefined : declaringModule(declaration);
  const entry = module === undefined ? undefined : lookupExport(module, path!);
  return entry !== undefined && entry.blocking && entry.condition === undefined ? entry : undefined;
}


/** `statSync` of `declare module 'fs' { … }`, `['realpathSync', 'native']` of a namespace in it; not a class member. */
function exportPath(declaration: ts.Declaration): string[] | undefined {
  const own = ts.getNameOfDeclaration(declaration);
  if (own === undefined || !ts.isIdentifier(own)) return undefined;
  const path = [own.text];
  for (let node = declaration.parent; !ts.isSourceFile(node); node = node.parent) {
    if (ts.isModuleDeclaration(node)) {
      if (ts.isStringLiteral(node.name)) return path;
      path.unshift(node.name.text);
    } else if (!ts.isModuleBlock(node) && !ts.isVariableDeclarationList(node) && !ts.isVariableStatement(node)) {
      return undefined;
    }
  }
  return path;
}
