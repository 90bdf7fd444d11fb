import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ts } from '#ts-morph';
import type { Project } from 'ts-morph';
import type { FileEdit } from './edits.js';
import type { Group } from './records.js';
import { asyncEdit, isFunctionLike } from './syntax.js';
import type { ExportedChange } from './types.js';
import { wrap } from './wrap.js';
import { aliasTarget } from './symbols.js';
import { exportTargetOf } from './flow.js';

/**
 * The functions the kept migrations made async that a package gives its users: the exports of its entry
 * modules (`main`, `exports`; `index.js` for a published package without them), re-exports included:
 * functions, the public methods of exported classes, `module.exports = fn` and the `exports.x = fn`
 * assignments, the functions of exported objects. Their callers outside the project now get a promise,
 * and nothing in the project can show it: the report names them, so that a library's maintainers see
 * the change to its API. An application (a private package without entries) gives none.
 */
export function exportedMadeAsync(project: Project, kept: readonly Group[], root: string): ExportedChange[] {
  return exportedFunctionsMadeAsync(project, kept, root).map(({ change }) => change);
}

/** The same, each with the function's async edit: where it starts (see asyncEdit), in its file. */
export function exportedFunctionsMadeAsync(project: Project, kept: readonly Group[], root: string): Array<{ change: ExportedChange; asyncAt: string }> {
  const entries = entryModules(root, project.getCompilerOptions());
  if (entries.size === 0) return [];
  const asyncAt = new Map<string, Set<number>>();
  for (const group of kept) {
    for (const e of group.edits as FileEdit[]) {
      if (e.kind !== 'async') continue;
      const file = e.file.getFilePath();
      asyncAt.set(file, (asyncAt.get(file) ?? new Set()).add(e.start));
    }
  }
  const checker = project.getTypeChecker().compilerObject;
  const found: Array<{ change: ExportedChange; asyncAt: string }> = [];
  const seen = new Set<ts.Node>();
  const asyncStart = (fn: ts.Node): number | undefined => {
    const node = wrap(project.getSourceFileOrThrow(fn.getSourceFile().fileName), fn);
    return isFunctionLike(node) ? asyncEdit(node).start : undefined;
  };
  const madeAsync = (fn: ts.Node | undefined): boolean => {
    const starts = fn === undefined ? undefined : asyncAt.get(fn.getSourceFile().fileName);
    if (fn === undefined || starts === undefined) return false;
    const start = asyncStart(fn);
    return start !== undefined && starts.has(start);
  };
  const report = (name: string, fn: ts.Node): void => {
    if (seen.has(fn)) return;
    seen.add(fn);
    const sf = fn.getSourceFile();
    found.push({ change: { file: sf.fileName, line: sf.getLineAndCharacterOfPosition(fn.getStart(sf)).line + 1, name }, asyncAt: `${sf.fileName}:${asyncStart(fn)}` });
  };
  for (const path of entries) {
    const file = project.getSourceFile(path);
    // a CommonJS file's module symbol is the file's own: TypeScript's API gives it for ES modules only
    const moduleSymbol = file === undefined ? undefined
      : checker.getSymbolAtLocation(file.compilerNode) ?? (file.compilerNode as ts.SourceFile & { symbol?: ts.Symbol }).symbol;
    if (moduleSymbol === undefined) continue;
    // `module.exports = fn` (`export =`): the value itself; its members are among the module's exports
    const exportEquals = moduleSymbol.exports?.get(ts.InternalSymbolName.ExportEquals);
    for (const exported of [...(exportEquals === undefined ? [] : [exportEquals]), ...checker.getExportsOfModule(moduleSymbol)]) {
      const name = exported === exportEquals ? 'module.exports' : exported.getName();
      for (const declaration of declarationsOf(checker, exported)) {
        const fn = functionOf(declaration);
        if (madeAsync(fn)) report(name, fn!);
        // `module.exports = { create: create, createSync }`: each property is an export of the module
        const exportedObject = exported === exportEquals && ts.isBinaryExpression(declaration) && ts.isObjectLiteralExpression(declaration.right)
          ? declaration.right : undefined;
        for (const property of exportedObject?.properties ?? []) {
          const member = functionOf(property) ?? propertyFunction(checker, property);
          if (property.name !== undefined && madeAsync(member)) report(property.name.getText(), member!);
        }
        // `export const api = { load() {…}, size: () => … }`: one level down
        const object = ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && ts.isObjectLiteralExpression(declaration.initializer)
          ? declaration.initializer : undefined;
        for (const property of object?.properties ?? []) {
          const member = functionOf(property);
          if (property.name !== undefined && madeAsync(member)) report(`${name}.${property.name.getText()}`, member!);
        }
        if (!ts.isClassLike(declaration)) continue;
        for (const member of declaration.members) {
          if (!ts.isMethodDeclaration(member) || !madeAsync(member) || isPrivate(member)) continue;
          const isStatic = ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Static;
          report(`${name}${isStatic ? '.' : '#'}${member.name.getText()}`, member);
        }
      }
    }
    // `module.exports.silent = () => …` beside `module.exports = fn`: a property of the exported function,
    // which the checker does not list among the module's exports
    for (const statement of file?.compilerNode.statements ?? []) {
      const assignment = ts.isExpressionStatement(statement) ? statement.expression : undefined;
      if (assignment === undefined || !ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const name = exportTargetOf(assignment.left, file!.compilerNode);
      if (typeof name !== 'string') continue;
      const fn = functionOf(assignment) ?? identifierFunction(checker, assignment.right);
      if (madeAsync(fn)) report(name, fn!);
    }
  }
  return found.sort((a, b) => a.change.file.localeCompare(b.change.file) || a.change.line - b.change.line);
}

/** The declarations an export stands for: through imports re-exported, and shorthand `{ a }` properties. */
function declarationsOf(checker: ts.TypeChecker, exported: ts.Symbol): ts.Declaration[] {
  const symbol = aliasTarget(exported, checker);
  const declarations: ts.Declaration[] = [];
  for (const declaration of symbol.declarations ?? []) {
    if (ts.isShorthandPropertyAssignment(declaration)) {
      declarations.push(...checker.getShorthandAssignmentValueSymbol(declaration)?.declarations ?? []);
    } else declarations.push(declaration);
  }
  return declarations;
}

/** The function a declaration names: itself, or the function expression it is given. */
function functionOf(declaration: ts.Node): ts.Node | undefined {
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration;
  const value = ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration) ? declaration.initializer
    : ts.isBinaryExpression(declaration) ? declaration.right
      : ts.isExportAssignment(declaration) ? declaration.expression : undefined;
  let inner = value;
  while (inner !== undefined && (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner))) inner = inner.expression;
  return inner !== undefined && (ts.isFunctionExpression(inner) || ts.isArrowFunction(inner)) ? inner : undefined;
}

/** The function a property names: `create: create`, or the shorthand `{ create }`. */
function propertyFunction(checker: ts.TypeChecker, property: ts.ObjectLiteralElementLike): ts.Node | undefined {
  if (ts.isPropertyAssignment(property)) return identifierFunction(checker, property.initializer);
  if (!ts.isShorthandPropertyAssignment(property)) return undefined;
  const symbol = checker.getShorthandAssignmentValueSymbol(property);
  return (symbol === undefined ? [] : declarationsOf(checker, symbol)).map(functionOf).find((fn) => fn !== undefined);
}

/** The function an identifier names (`exports.load = load`), where it is declared as one. */
function identifierFunction(checker: ts.TypeChecker, value: ts.Expression): ts.Node | undefined {
  if (!ts.isIdentifier(value)) return undefined;
  const symbol = checker.getSymbolAtLocation(value);
  return (symbol === undefined ? [] : declarationsOf(checker, symbol)).map(functionOf).find((fn) => fn !== undefined);
}

function isPrivate(member: ts.MethodDeclaration): boolean {
  return ts.isPrivateIdentifier(member.name) || (ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) !== 0;
}

/**
 * The package's entry modules, as paths of the project's sources: `main` and every path in `exports`,
 * else `index.js` when the package is not private. A TypeScript project's entries in its `outDir` are
 * its sources in `rootDir`.
 */
/** The entry modules of the package at `root`: paths of files that exist (see exportedMadeAsync). */
export function entryModules(root: string, options: ts.CompilerOptions): Set<string> {
  let manifest: { main?: unknown; exports?: unknown; private?: unknown };
  try {
    manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as typeof manifest;
  } catch {
    return new Set();
  }
  const paths: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') paths.push(value);
    else if (value !== null && typeof value === 'object') for (const inner of Object.values(value)) collect(inner);
  };
  if (typeof manifest.main === 'string') paths.push(mainFile(root, manifest.main));
  collect(manifest.exports);
  if (paths.length === 0 && manifest.private !== true) paths.push('index.js');
  const entries = new Set<string>();
  for (const path of paths) {
    if (path.includes('*')) continue;
    const absolute = resolve(root, path);
    entries.add(absolute);
    if (options.outDir !== undefined && options.rootDir !== undefined && absolute.startsWith(`${resolve(options.outDir)}/`)) {
      const source = resolve(options.rootDir, absolute.slice(resolve(options.outDir).length + 1));
      for (const [from, to] of [['.js', '.ts'], ['.mjs', '.mts'], ['.cjs', '.cts'], ['.d.ts', '.ts']]) {
        if (source.endsWith(from!)) entries.add(source.slice(0, -from!.length) + to!);
      }
    }
  }
  return new Set([...entries].filter((path) => existsSync(path)));
}

/**
 * The file `main` names, found as Node.js's require() finds it: as given, with `.js`, `.json` or `.node`
 * added, or as a folder's `index.js` (`"main": "lib"` → lib/index.js). `exports` paths are exact.
 */
function mainFile(root: string, main: string): string {
  const path = resolve(root, main);
  const candidates = [path, `${path}.js`, `${path}.json`, `${path}.node`, join(path, 'index.js'), join(path, 'index.json'), join(path, 'index.node')];
  return candidates.find((candidate) => statSync(candidate, { throwIfNoEntry: false })?.isFile() === true) ?? path;
}
