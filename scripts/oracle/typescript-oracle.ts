import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import type { CatalogEntry } from '../../src/catalog/index.js';
import { INTEROP_DECLARATIONS, catalogModuleDeclarations } from './catalog-declarations.js';
import {
  calleeDeclarations, calleeNameNode, classify, classifyFirst, computedKeyEntry, dynamicMemberOf, indirectDeclaration, symbolDeclarations,
} from './declarations.js';
import { pointInteropHelpersAtStandIns } from './interop.js';
import { holderOf, isAlias, isValueCandidate, valueNameNode } from './values.js';

/**
 * The independent oracle: which calls of a set of files reach a catalog API, decided by the TypeScript
 * checker (its binder, module resolution and type inference over JavaScript) instead of ESLint's scope
 * analysis and unblock's Resolver. A call is a catalog call when a declaration the checker ties its callee
 * to (see ./declarations.ts) is a catalog API: a function @types/node declares in `declare module "fs"`
 * (child_process, zlib, crypto, …) at a path the catalog lists, or a declaration tagged `@catalog` (npm
 * packages, see ./catalog-declarations.ts). Whatever it cannot decide it lists apart (gaps, lookalikes,
 * dynamic keys) so that what neither side sees stays visible.
 */

export interface Site {
  file: string;
  /** 1-based line and column of the call's first character (ESLint's convention for messages). */
  line: number;
  column: number;
  /** The call as written, for the report. */
  text: string;
}

export interface OracleSite extends Site {
  entry: CatalogEntry;
  /** The callee's root binding is imported from another file of the package (`require('../fs')`). */
  crossFile: boolean;
  /** `fs.readFileSync.call(…)`: the call goes through Function.prototype.call/apply. */
  indirect: boolean;
  /** `execSync('sleep 2')`: a child process run only to wait, which no-blocking-sleep reports instead. */
  sleep: boolean;
  /** `fs[method](…)` whose key the checker types as catalog names only (`'statSync' | 'lstatSync'`). */
  computedKey: boolean;
}

/** A catalog API handed on as a value (`paths.filter(fs.existsSync)`), at the value's first character. */
export interface OracleValue extends Site {
  entry: CatalogEntry;
  /** Its root binding is imported from another file of the package (`require('./fs')`). */
  crossFile: boolean;
}

export interface OracleResult {
  sites: OracleSite[];
  values: OracleValue[];
  /** Calls of a builtin API with a `Sync` name the catalog lacks (`realpathSync.native`, `Dir#readSync`). */
  gaps: Array<Site & { api: string }>;
  /**
   * Calls named like a catalog API (`x.readFileSync(…)`) the oracle does not count: `typed` when the
   * checker tied them to another declaration (the package's own function), else the callee is `any` to it.
   */
  lookalikes: Array<Site & { name: string; typed: boolean }>;
  /** `fs[method](…)`: a member of a catalog module chosen at run time, which no static analysis can name. */
  dynamic: Array<Site & { module: string }>;
}

const VIRTUAL_DIR = path.join(path.sep, '__unblock_oracle__');
const DECLARATIONS_FILE = path.join(VIRTUAL_DIR, 'catalog-modules.d.ts');
const INTEROP_FILE = path.join(VIRTUAL_DIR, 'interop-helpers.d.ts');

const require = createRequire(import.meta.url);
/** @types/node of this project: the builtins' declarations the oracle reads. */
const TYPE_ROOTS = [path.dirname(path.dirname(require.resolve('@types/node/package.json')))];

const COMPILER_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  target: ts.ScriptTarget.ESNext,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  esModuleInterop: true,
  skipLibCheck: true,
  types: ['node'],
  typeRoots: TYPE_ROOTS,
  maxNodeModuleJsDepth: 0,
};

function createHost(files: ReadonlySet<string>): ts.CompilerHost {
  const host = ts.createCompilerHost(COMPILER_OPTIONS, true);
  const virtual = new Map([[DECLARATIONS_FILE, catalogModuleDeclarations()], [INTEROP_FILE, INTEROP_DECLARATIONS]]);
  const readFile = host.readFile.bind(host);
  const read = (fileName: string): string | undefined => {
    const text = virtual.get(fileName) ?? readFile(fileName);
    return text !== undefined && files.has(fileName) ? pointInteropHelpersAtStandIns(text) : text;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists(fileName);
  host.readFile = read;
  host.getSourceFile = (fileName, languageVersion) => {
    const text = read(fileName);
    return text === undefined ? undefined : ts.createSourceFile(fileName, text, languageVersion, true);
  };
  return host;
}

function calleeOf(node: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression): ts.Expression {
  return ts.isTaggedTemplateExpression(node) ? node.tag : node.expression;
}

/** `a.b.c`, `(0, a.b)`, `a().b` → `a`: the binding a callee starts from. */
function rootIdentifier(expression: ts.Expression): ts.Identifier | null {
  let e: ts.Expression = expression;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) e = e.expression;
    else if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) e = e.right;
    else if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = e.expression;
    else if (ts.isCallExpression(e)) e = e.expression;
    else return ts.isIdentifier(e) ? e : null;
  }
}

function calleeName(expression: ts.Expression): string | null {
  let e = expression;
  while (ts.isParenthesizedExpression(e)) e = e.expression;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.CommaToken) return calleeName(e.right);
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) return e.argumentExpression.text;
  return ts.isIdentifier(e) ? e.text : null;
}

const literal = (node: ts.Node | undefined): string | null =>
  node !== undefined && ts.isStringLiteralLike(node) ? node.text : null;

/** `('sleep 2')`, `('sleep', ['2'])`: a command that does nothing but wait. */
function runsOnlySleep(args: ts.NodeArray<ts.Expression> | readonly ts.Expression[]): boolean {
  const [command, list] = [literal(args[0]), args[1]];
  if (command === null) return false;
  if (list !== undefined && ts.isArrayLiteralExpression(list)) {
    return command === 'sleep' && list.elements.length === 1 && /^\d+(\.\d+)?$/.test(literal(list.elements[0]) ?? '');
  }
  return /^\s*sleep\s+\d+(\.\d+)?\s*$/.test(command);
}

export interface OracleOptions {
  /** Callee names worth listing as lookalikes when a call so named is not a catalog call to the oracle. */
  candidateNames: ReadonlySet<string>;
}

/** Runs the oracle over `files` (absolute paths of .js/.cjs/.mjs/.ts files of one package). */
export function findCatalogCalls(files: readonly string[], options: OracleOptions): OracleResult {
  const fileSet = new Set(files);
  const program = ts.createProgram({
    rootNames: [...files, DECLARATIONS_FILE, INTEROP_FILE],
    options: COMPILER_OPTIONS,
    host: createHost(fileSet),
  });
  const checker = program.getTypeChecker();
  const result: OracleResult = { sites: [], values: [], gaps: [], lookalikes: [], dynamic: [] };

  const isCrossFile = (callee: ts.Expression, sourceFile: ts.SourceFile): boolean => {
    const root = rootIdentifier(callee);
    if (root === null) return false;
    // `export { x } from './fs.js'`: the module it names
    const from = ts.isExportSpecifier(root.parent) ? root.parent.parent.parent.moduleSpecifier : undefined;
    let symbol = checker.getSymbolAtLocation(from ?? root);
    if (symbol === undefined) return false;
    // one hop: the file the binding is imported from (`./fs.js`), even when that file re-exports it from a builtin
    if (from === undefined && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getImmediateAliasedSymbol(symbol) ?? symbol;
    const declared = symbol.declarations?.[0]?.getSourceFile().fileName;
    if (declared === undefined || declared === sourceFile.fileName) return false;
    // the declaration file beside a file of the package (`fs.d.ts` of `fs.js`) stands for it
    return fileSet.has(declared) || fileSet.has(declared.replace(/\.d\.([cm]?)ts$/, '.$1js'));
  };

  for (const sourceFile of program.getSourceFiles()) {
    if (!fileSet.has(sourceFile.fileName)) continue;
    const site = (node: ts.Node): Site => {
      const start = node.getStart(sourceFile);
      const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
      const text = node.getText(sourceFile).split('\n')[0]!.slice(0, 100);
      return { file: sourceFile.fileName, line: line + 1, column: character + 1, text };
    };
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) {
        const callee = calleeOf(node);
        const declarations = calleeDeclarations(checker, node, callee);
        let found = classifyFirst(declarations);
        let indirect = false;
        let computedKey = false;
        if (found === null) {
          const through = classify(indirectDeclaration(checker, callee));
          if (through !== null) [found, indirect] = [through, true];
        }
        if (found === null) {
          const entry = computedKeyEntry(checker, callee);
          if (entry !== null) [found, computedKey] = [{ entry }, true];
        }
        if (found !== null && 'entry' in found) {
          result.sites.push({
            ...site(node), entry: found.entry, crossFile: isCrossFile(callee, sourceFile), indirect, computedKey,
            sleep: found.entry.category === 'child-process' && !ts.isTaggedTemplateExpression(node) && runsOnlySleep(node.arguments ?? []),
          });
        } else if (found !== null) {
          result.gaps.push({ ...site(node), api: found.gap });
        } else {
          const name = calleeName(callee);
          const module = dynamicMemberOf(checker, callee);
          if (module !== null) result.dynamic.push({ ...site(node), module });
          else if (name !== null && options.candidateNames.has(name)) {
            result.lookalikes.push({ ...site(node), name, typed: declarations.length > 0 });
          }
        }
      } else if (isValueCandidate(node)) {
        const holder = holderOf(node);
        if (holder !== null && !isAlias(node, holder)) {
          const symbol = ts.isShorthandPropertyAssignment(holder)
            ? checker.getShorthandAssignmentValueSymbol(holder)
            : checker.getSymbolAtLocation(valueNameNode(node));
          const found = classifyFirst(symbolDeclarations(checker, symbol, 0));
          // `fs.statSync = statSync`: the API put back in its own place hands nothing on
          const target = ts.isBinaryExpression(holder) ? calleeNameNode(holder.left) : null;
          const own = target !== null ? classifyFirst(symbolDeclarations(checker, checker.getSymbolAtLocation(target), 0)) : null;
          if (found !== null && 'entry' in found && !(own !== null && 'entry' in own && own.entry === found.entry)) {
            result.values.push({ ...site(node), entry: found.entry, crossFile: isCrossFile(node, sourceFile) });
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  return result;
}
