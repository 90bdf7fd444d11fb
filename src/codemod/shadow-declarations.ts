import { ts } from '#ts-morph';
import type { SourceFile } from 'ts-morph';
import { aliasTarget, symbolAt } from './symbols.js';

/**
 * A JavaScript module with a declaration file beside it (`a.js` and `a.d.ts`: compiled output, or types
 * written by hand) is seen by its importers through the declaration file: TypeScript resolves `./a.js`
 * and `require('./a')` to `a.d.ts` first. Their calls are references of the declaration file's
 * declarations, not of the JavaScript functions, so a function made async must be found there too.
 */

const SHADOWED: ReadonlyArray<readonly [RegExp, string]> = [[/\.jsx?$/, '.d.ts'], [/\.mjs$/, '.d.mts'], [/\.cjs$/, '.d.cts']];

/** The path of the declaration file that would stand for a JavaScript file. */
export function shadowPathOf(fileName: string): string | undefined {
  for (const [extension, declaration] of SHADOWED) if (extension.test(fileName)) return fileName.replace(extension, declaration);
  return undefined;
}

/** The declaration file beside a JavaScript file of the project, which its importers see instead. */
export function shadowOf(file: SourceFile): SourceFile | undefined {
  const path = shadowPathOf(file.getFilePath());
  return path === undefined ? undefined : file.getProject().getSourceFile(path);
}

/** The JavaScript file of the project a declaration file stands for, if any. */
export function sourceBehind(declarationFile: SourceFile): SourceFile | undefined {
  if (!declarationFile.isDeclarationFile()) return undefined;
  for (const path of shadowedPathsOf(declarationFile.getFilePath())) {
    const source = declarationFile.getProject().getSourceFile(path);
    if (source !== undefined) return source;
  }
  return undefined;
}

/** The path of the JavaScript file a declaration file may stand for, by the same rule. */
export function shadowedPathsOf(fileName: string): string[] {
  if (fileName.endsWith('.d.mts')) return [fileName.replace(/\.d\.mts$/, '.mjs')];
  if (fileName.endsWith('.d.cts')) return [fileName.replace(/\.d\.cts$/, '.cjs')];
  if (fileName.endsWith('.d.ts')) return [fileName.replace(/\.d\.ts$/, '.js'), fileName.replace(/\.d\.ts$/, '.jsx')];
  return [];
}

/**
 * How an importer names `fn`: the export it is (`['load']`, `['default']`, `['export=']`), or the member
 * of one (`['Store', 'load']`, with `isStatic`), or undefined when the module does not export it.
 */
export interface ExportPath {
  names: [string] | [string, string];
  isStatic?: boolean;
}

export function exportPathOf(fn: ts.FunctionLikeDeclaration, checker: ts.TypeChecker): ExportPath | undefined {
  const file = fn.getSourceFile();
  const module = checker.getSymbolAtLocation(file) ?? (file as { symbol?: ts.Symbol }).symbol;
  if (module?.exports === undefined) return undefined;
  const holder = holderOf(fn);
  const member = memberOf(fn, checker);
  let found: ExportPath | undefined;
  const isFn = (node: ts.Node): boolean => node === fn || node === holder;
  module.exports.forEach((symbol, name) => {
    if (found !== undefined) return;
    for (const value of exportedValues(symbol, checker)) {
      if (isFn(value)) {
        found = { names: [String(name)] };
        return;
      }
      if (member !== undefined && value === member.owner) {
        found = { names: [String(name), member.name], isStatic: member.isStatic };
        return;
      }
      // `module.exports = { load }`, `{ load: load }`
      const property = ts.isObjectLiteralExpression(value) ? value.properties.find((p) => valuesOf(p, checker).some(isFn)) : undefined;
      if (property?.name !== undefined && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) {
        found = { names: [String(name), property.name.text] };
        return;
      }
    }
  });
  return found;
}

/** The declarations in the declaration file that describe what `path` names (see declarationsOf), or undefined if it names nothing there. */
export function counterpartsOf(path: ExportPath, declarationFile: ts.SourceFile, checker: ts.TypeChecker): ts.Declaration[] | undefined {
  const module = checker.getSymbolAtLocation(declarationFile);
  if (module?.exports === undefined) return undefined;
  const [exportName, memberName] = path.names;
  // `module.exports = { load }` is declared as `export function load()` by tsc, or as `export = { … }`
  let exported = module.exports.get(ts.escapeLeadingUnderscores(exportName));
  if (exported === undefined && exportName === 'export=' && memberName !== undefined) {
    const flat = module.exports.get(ts.escapeLeadingUnderscores(memberName));
    return flat === undefined ? undefined : declarationsOf(aliasTarget(flat, checker));
  }
  // `module.exports.silent = …` beside `module.exports = fn`, declared as a member of `export =`'s type
  const whole = module.exports.get(ts.escapeLeadingUnderscores('export='));
  if (exported === undefined && memberName === undefined && whole !== undefined) {
    const property = checker.getTypeOfSymbol(aliasTarget(whole, checker)).getProperty(exportName);
    return property === undefined ? undefined : declarationsOf(property);
  }
  if (exported === undefined) return undefined;
  exported = aliasTarget(exported, checker);
  if (memberName === undefined) return declarationsOf(exported);
  const key = ts.escapeLeadingUnderscores(memberName);
  if ((exported.flags & ts.SymbolFlags.Class) !== 0) {
    const member = path.isStatic === true ? exported.exports?.get(key) : exported.members?.get(key);
    return member === undefined ? undefined : declarationsOf(member);
  }
  const property = checker.getTypeOfSymbol(exported).getProperty(memberName);
  return property === undefined ? undefined : declarationsOf(property);
}

/**
 * The function of the JavaScript file behind `declarationFile` that a top-level declaration there
 * (`export declare function f(…)`, `export declare const f: (…) => T`) describes, found by its export
 * name; undefined when it is no plain function of that module (a member, a value of another kind).
 */
export function implementationBehind(declaration: ts.Node, declarationFile: SourceFile, checker: ts.TypeChecker): ts.FunctionLikeDeclaration | undefined {
  let holder: ts.Node | undefined = declaration;
  while (holder !== undefined && !ts.isFunctionDeclaration(holder) && !ts.isVariableDeclaration(holder)) holder = holder.parent;
  const name = holder === undefined ? undefined : (holder as ts.FunctionDeclaration | ts.VariableDeclaration).name;
  const source = sourceBehind(declarationFile);
  if (name === undefined || !ts.isIdentifier(name) || source === undefined) return undefined;
  const module = checker.getSymbolAtLocation(source.compilerNode) ?? (source.compilerNode as { symbol?: ts.Symbol }).symbol;
  const exported = module?.exports?.get(name.escapedText);
  if (exported === undefined) return undefined;
  for (const value of exportedValues(exported, checker)) {
    const fn = ts.isVariableDeclaration(value) && value.initializer !== undefined ? innerOf(value.initializer) : value;
    if (ts.isFunctionDeclaration(fn) || ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
      // the way back must lead to the same declaration: the function is exported under that name only
      const path = exportPathOf(fn, checker);
      if (path?.names.length === 1 && path.names[0] === name.text) return fn;
    }
  }
  return undefined;
}

/** The declarations of `fn` in the declaration file beside its module, if it has one and exports `fn`. */
export function shadowCounterparts(fn: ts.FunctionLikeDeclaration, file: SourceFile, checker: ts.TypeChecker): ts.Declaration[] | undefined {
  const shadow = shadowOf(file);
  const path = shadow === undefined ? undefined : exportPathOf(fn, checker);
  return path === undefined ? undefined : counterpartsOf(path, shadow!.compilerNode, checker);
}


/**
 * The declarations that type the calls: a namespace or interface merged with a function or class adds
 * members, not call signatures. None for a `private` member, which other modules cannot call (tsc
 * declares it untyped: `private _write;`).
 */
function declarationsOf(symbol: ts.Symbol): ts.Declaration[] | undefined {
  const declarations = symbol.declarations ?? [];
  if (declarations.length === 0) return undefined;
  if (declarations.every((d) => (ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Private) !== 0)) return [];
  const typing = declarations.filter((d) => !ts.isModuleDeclaration(d) && !ts.isInterfaceDeclaration(d));
  return typing.length > 0 ? typing : declarations;
}

/** The declaration that holds a function expression: `const load = () => …`. */
function holderOf(fn: ts.Node): ts.Node | undefined {
  const outer = outerOf(fn);
  return ts.isVariableDeclaration(outer.parent) && outer.parent.initializer === outer ? outer.parent : undefined;
}

/** The class or object literal a method (or a function-valued property) belongs to, and its name there. */
function memberOf(fn: ts.Node, checker: ts.TypeChecker): { owner: ts.Node; name: string; isStatic: boolean } | undefined {
  let member: ts.Node = fn;
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const outer = outerOf(fn);
    const assignment = outer.parent;
    // `version.major = () => …`: a property of a function (or object) that the module exports
    if (ts.isBinaryExpression(assignment) && assignment.right === outer && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken
      && ts.isPropertyAccessExpression(assignment.left) && ts.isIdentifier(assignment.left.expression)
      && !['exports', 'module'].includes(assignment.left.expression.text)) {
      const owner = checker.getSymbolAtLocation(assignment.left.expression)?.valueDeclaration;
      if (owner === undefined) return undefined;
      // on a class, a static member
      const isStatic = ts.isClassLike(owner) || (ts.isVariableDeclaration(owner) && owner.initializer !== undefined && ts.isClassExpression(owner.initializer));
      return { owner, name: assignment.left.name.text, isStatic };
    }
    if (!(ts.isPropertyAssignment(outer.parent) || ts.isPropertyDeclaration(outer.parent)) || outer.parent.initializer !== outer) return undefined;
    member = outer.parent;
  }
  if (!(ts.isMethodDeclaration(member) || ts.isPropertyAssignment(member) || ts.isPropertyDeclaration(member))) return undefined;
  const name = member.name;
  if (!(ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name))) return undefined;
  let owner: ts.Node = member.parent;
  // `const Store = class { … }`, `const api = { … }`: named by their variable
  const held = holderOf(owner);
  if ((ts.isClassExpression(owner) || ts.isObjectLiteralExpression(owner)) && held !== undefined) owner = held;
  const isStatic = ts.canHaveModifiers(member) && (ts.getModifiers(member)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false);
  return { owner, name: name.text, isStatic };
}

/** What an export of a module stands for: its declarations, and the values assigned to it. */
function exportedValues(symbol: ts.Symbol, checker: ts.TypeChecker): ts.Node[] {
  const values: ts.Node[] = [];
  for (const s of new Set([symbol, aliasTarget(symbol, checker)])) {
    for (const declaration of s.declarations ?? []) values.push(...valuesOf(declaration, checker));
  }
  return values;
}

/** A declaration, and what it assigns: `exports.load = load` stands for `load` and its declarations. */
function valuesOf(declaration: ts.Node, checker: ts.TypeChecker): ts.Node[] {
  const values: ts.Node[] = [declaration];
  const add = (node: ts.Node | undefined): void => {
    if (node === undefined) return;
    const value = innerOf(node);
    values.push(value);
    if (ts.isIdentifier(value)) {
      values.push(...(symbolAt(checker, value)?.declarations ?? []));
    }
  };
  if (ts.isPropertyAccessExpression(declaration) && ts.isBinaryExpression(declaration.parent)) add(declaration.parent.right);
  else if (ts.isBinaryExpression(declaration)) add(declaration.right);
  else if (ts.isExportAssignment(declaration)) add(declaration.expression);
  else if (ts.isPropertyAssignment(declaration) || ts.isVariableDeclaration(declaration)) add(declaration.initializer);
  else if (ts.isShorthandPropertyAssignment(declaration)) values.push(...(checker.getShorthandAssignmentValueSymbol(declaration)?.declarations ?? []));
  return values;
}

/** The expression around a value that only parenthesises or asserts it. */
function outerOf(node: ts.Node): ts.Node {
  let n = node;
  while (ts.isParenthesizedExpression(n.parent) || ts.isAsExpression(n.parent) || ts.isSatisfiesExpression(n.parent)) n = n.parent;
  return n;
}

/** The value inside parentheses and assertions. */
function innerOf(node: ts.Node): ts.Node {
  let n = node;
  while (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n)) n = n.expression;
  return n;
}
