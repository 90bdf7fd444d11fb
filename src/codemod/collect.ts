// first: typescript-estree must load ts-morph's TypeScript (see shared-typescript.ts)
import { typeScriptMismatch } from './shared-typescript.js';
import tsParser from '@typescript-eslint/parser';
import type { ParserServicesWithTypeInformation, TSESLint } from '@typescript-eslint/utils';
import type { Rule } from 'eslint';
// the Linter alone: the package's main entry loads the ESLint class, its caches and file enumeration too
import { Linter } from 'eslint/universal';
import { ts } from '#ts-morph';
import type { Node, SourceFile } from 'ts-morph';
import { matchBlockingCall, sleepCommandSeconds, sourceTextPattern, type CallLike } from '../analysis/blocking-calls.js';
import { matchBlockingValue } from '../analysis/blocking-values.js';
import { resolverFor } from '../analysis/resolve.js';
import { catalog, catalogModuleNames, lookupInstanceType, lookupMethod, normalizeModule, type CatalogEntry } from '../catalog/index.js';
import { usesImportSyntax } from './project.js';
import type { EstreeView } from './estree-view.js';
import { wrap } from './wrap.js';
import { configArrayOnce } from './eslint-config-array.js';

/** The Linter's folder: the files' absolute paths match its `**` patterns wherever they are. */
const LINTER_CWD = '/';

/**
 * Site collection shares the rules' resolution, so that what the linter flags the codemods know: each
 * candidate file goes through ESLint's Linter with @typescript-eslint/parser, reusing the ts-morph
 * program (`programs`), so the ESTree nodes map back to the very TypeScript nodes the engine edits.
 */

export interface CatalogHit {
  node: Node;
  entry: CatalogEntry;
  sleepSeconds?: number;
  /** Not called here but handed on as a value (`paths.map(fs.readFileSync)`): reported, never rewritten. */
  handedOn?: boolean;
  /** Called through a module bound only under a condition (`!isDeno ? require('node:fs') : undefined`). */
  guarded?: boolean;
}


/** A file that names no catalog module in a string, nor a catalog global, cannot reach the catalog. */
export const CATALOG_FILTER = sourceTextPattern(
  catalogModuleNames(),
  catalog.flatMap((e) => (e.type === 'export' && e.global !== undefined ? [e.global] : [])),
);

/** Methods of tracked instances (better-sqlite3's Statement#run, …): found by the receiver's type too. */
const METHOD_NAMES: ReadonlySet<string> = new Set(catalog.flatMap((e) => (e.type === 'method' ? [e.method] : [])));
const METHOD_CALL = new RegExp(`\\.\\s*(?:${[...METHOD_NAMES].join('|')})\\s*\\(`);

/**
 * A call of a tracked instance's method that scope analysis cannot see, because the receiver's type
 * comes from another file (`db: Db` with `type Db = Database.Database` exported elsewhere): the type
 * checker names the receiver's class and the package declaring it.
 */
export function typedMethodHits(file: SourceFile, checker: ts.TypeChecker, known: ReadonlySet<number>): CatalogHit[] {
  if (!METHOD_CALL.test(file.getFullText())) return [];
  const hits: CatalogHit[] = [];
  const sf = file.compilerNode;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && METHOD_NAMES.has(node.expression.name.text)
      && !known.has(node.getStart(sf))) {
      const instanceOf = trackedClassOf(checker, checker.getTypeAtLocation(node.expression.expression));
      const entry = instanceOf === undefined ? undefined : lookupMethod(instanceOf, node.expression.name.text);
      // conditional entries (`xhr.open(…, false)`) need the arguments' syntax: scope analysis has them
      if (entry !== undefined && entry.blocking && entry.condition === undefined) hits.push({ node: wrap(file, node), entry });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return hits;
}

function trackedClassOf(checker: ts.TypeChecker, type: ts.Type): string | undefined {
  const symbol = checker.getApparentType(type).getSymbol();
  const declaration = symbol?.declarations?.[0];
  if (symbol === undefined || declaration === undefined) return undefined;
  const module = declaringModule(declaration);
  return module === undefined ? undefined : lookupInstanceType(module, [symbol.getName()]);
}

/** `declare module 'node:sqlite'`, or the package a declaration file belongs to (`@types/x` → `x`). */
export function declaringModule(declaration: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = declaration; n !== undefined; n = n.parent) {
    if (ts.isModuleDeclaration(n) && ts.isStringLiteral(n.name)) return normalizeModule(n.name.text);
  }
  const m = /[\\/]node_modules[\\/](?:@types[\\/])?((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(declaration.getSourceFile().fileName);
  if (m === null) return undefined;
  const name = m[1]!.replace(/\\/g, '/');
  // @types/scope__name describes @scope/name
  return name.includes('__') && !name.startsWith('@') ? `@${name.replace('__', '/')}` : name;
}

export class SiteCollector {
  // cwd `/`: the target project may lie anywhere
  readonly #linter = new Linter({ configType: 'flat', cwd: LINTER_CWD });
  #current: { sourceCode: TSESLint.SourceCode; hits: CatalogHit[] } | null = null;
  #file: SourceFile | null = null;
  #withCatalog = false;
  #views = new WeakMap<SourceFile, EstreeView>();
  readonly #configs = new Map<string, Linter.Config[]>();
  readonly #ruleModule = this.#rule();

  constructor(private readonly program: ts.Program) {
    const mismatch = typeScriptMismatch();
    if (mismatch !== undefined) throw new Error(mismatch);
  }

  /** The catalog calls of a file (every blocking one, manual entries included). */
  catalogHits(file: SourceFile): CatalogHit[] {
    if (!CATALOG_FILTER.test(file.getFullText())) return [];
    return this.#lint(file, true).hits;
  }

  /** The file as ESLint sees it (parsed once per file and run). */
  estree(file: SourceFile): EstreeView {
    const cached = this.#views.get(file);
    if (cached !== undefined) return cached;
    const { sourceCode } = this.#lint(file, false);
    const services = sourceCode.parserServices as ParserServicesWithTypeInformation;
    const view: EstreeView = {
      sourceCode,
      services,
      tsNodeOf: (node) => wrap(file, services.esTreeNodeToTSNodeMap.get(node as never) as ts.Node),
    };
    this.#views.set(file, view);
    return view;
  }

  /** Forget the per-file caches (ESTree trees are large; the engine needs one file's at a time). */
  release(file: SourceFile): void {
    this.#views.delete(file);
  }

  #lint(file: SourceFile, withCatalog: boolean): { sourceCode: TSESLint.SourceCode; hits: CatalogHit[] } {
    this.#file = file;
    this.#withCatalog = withCatalog;
    this.#current = null;
    const filename = file.getFilePath();
    const messages = this.#linter.verify(file.getFullText(), this.#config(usesImportSyntax(file) ? 'module' : 'commonjs', /\.[jt]sx$/.test(filename)), { filename });
    const result = this.#current as { sourceCode: TSESLint.SourceCode; hits: CatalogHit[] } | null;
    // the rule ran: the file parsed. ESLint also marks as fatal the directive comments it refuses
    // (`/* eslint-env browser */`, common in older code), and still runs the rules over the file
    if (result === null) {
      const fatal = messages.find((m) => m.fatal === true);
      throw new CollectError(fatal?.message ?? 'the file could not be parsed', fatal?.line);
    }
    const services = result.sourceCode.parserServices as ParserServicesWithTypeInformation;
    this.#views.set(file, {
      sourceCode: result.sourceCode,
      services,
      tsNodeOf: (node) => wrap(file, services.esTreeNodeToTSNodeMap.get(node as never) as ts.Node),
    });
    return result;
  }

  /** The configuration a file is linted with, built and normalised once per kind of file (and its rule once). */
  #config(sourceType: 'module' | 'commonjs', jsx: boolean): Linter.Config[] {
    const key = `${sourceType}:${jsx}`;
    let config = this.#configs.get(key);
    if (config === undefined) {
      this.#configs.set(key, config = configArrayOnce([{
        files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
        languageOptions: {
          parser: tsParser as unknown as Linter.Parser,
          sourceType,
          ecmaVersion: 'latest',
          // `lib: []`: no implicit variables for the lib's globals (es2022.full alone declares DOM's
          // thousands, in every file); a global reads the same without them, unresolved (see resolve.ts)
          parserOptions: { programs: [this.program], lib: [], ecmaFeatures: { jsx } },
        },
        plugins: { unblock: { rules: { collect: this.#ruleModule } } },
        rules: { 'unblock/collect': 'error' },
      }], LINTER_CWD));
    }
    return config;
  }

  #rule(): Rule.RuleModule {
    return {
      // no options: nothing for ESLint to validate, file after file
      meta: { schema: false },
      create: (context) => {
        const sourceCode = context.sourceCode as unknown as TSESLint.SourceCode;
        const hits: CatalogHit[] = [];
        this.#current = { sourceCode, hits };
        if (!this.#withCatalog) return {};
        const file = this.#file!;
        const resolver = resolverFor(sourceCode);
        const services = sourceCode.parserServices as ParserServicesWithTypeInformation;
        const check = (estree: unknown): void => {
          const node = estree as CallLike;
          const entry = matchBlockingCall(node, resolver);
          if (entry === undefined) return;
          const hit: CatalogHit = { node: wrap(file, services.esTreeNodeToTSNodeMap.get(node) as ts.Node), entry };
          const seconds = sleepCommandSeconds(node, entry);
          if (seconds !== undefined) hit.sleepSeconds = seconds;
          if (resolver.loadedUnderCondition(node.type === 'TaggedTemplateExpression' ? node.tag : node.callee)) hit.guarded = true;
          hits.push(hit);
        };
        // what no-sync-io reports as handed on (sleeps aside, as there)
        const checkValue = (estree: unknown): void => {
          const entry = matchBlockingValue(estree as Parameters<typeof matchBlockingValue>[0], resolver);
          if (entry !== undefined && entry.category !== 'sleep') {
            hits.push({ node: wrap(file, services.esTreeNodeToTSNodeMap.get(estree as never) as ts.Node), entry, handedOn: true });
          }
        };
        return { CallExpression: check, NewExpression: check, TaggedTemplateExpression: check, MemberExpression: checkValue, Identifier: checkValue };
      },
    };
  }
}

export class CollectError extends Error {
  constructor(message: string, readonly line?: number) {
    super(message);
  }
}
