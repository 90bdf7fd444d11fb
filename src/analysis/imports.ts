import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { normalizeModule } from '../catalog/index.js';
import { topScope } from './context.js';
import { unwrap, type Resolver } from './resolve.js';

/**
 * Bringing a module's export into scope in one file — for the rules' suggestions and the codemods alike.
 * Which existing binding reaches the export is found through scope analysis (never by a name alone);
 * a new name is one that no scope of the file declares and no global reference uses; new imports are
 * written in the file's module syntax and style, several of a module in one statement.
 */

/** A replacement of [range[0], range[1]) in the file's text; an empty range inserts. */
export interface Edit {
  range: [number, number];
  text: string;
}

export type ModuleSyntax = 'esm' | 'cjs';

export interface ImportOptions {
  /** ESLint's languageOptions.sourceType. */
  sourceType?: string;
  filename?: string;
  /**
   * A new import block at the top of a file without imports is set off from the code by a blank line
   * (a migration writes the file as a person would); a suggestion changes as few lines as it can.
   */
  blankLineAfter?: boolean;
}

/** An import to add: `local` is the name handed out for `exportName` (`default`, `*`, or a named export) of `module`. */
interface Request {
  key: string;
  module: string;
  exportName: string;
  local: string;
}

/**
 * Whether new imports are written as `import` (ESM) or `require` (CommonJS). The file's own syntax
 * decides; then its extension, then `sourceType`; a TypeScript file can always import (the compiler
 * writes `require` where the module format wants it); else a file that uses `require` is CommonJS.
 */
export function moduleSyntax(sourceCode: Readonly<TSESLint.SourceCode>, sourceType?: string, filename = ''): ModuleSyntax {
  if (sourceCode.ast.body.some(isModuleStatement)) return 'esm';
  if (/\.m[jt]s$/.test(filename)) return 'esm';
  if (/\.cjs$/.test(filename) || sourceType === 'commonjs' || sourceType === 'script' || sourceCode.ast.sourceType === 'script') return 'cjs';
  if (/\.[cm]?tsx?$/.test(filename)) return 'esm';
  const globals = sourceCode.scopeManager?.globalScope?.through ?? [];
  return globals.some((ref) => ['require', 'module', 'exports'].includes(ref.identifier.name)) ? 'cjs' : 'esm';
}

function isModuleStatement(statement: TSESTree.ProgramStatement): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ImportDeclaration:
    case AST_NODE_TYPES.ExportAllDeclaration:
    case AST_NODE_TYPES.ExportDefaultDeclaration:
    case AST_NODE_TYPES.ExportNamedDeclaration:
    case AST_NODE_TYPES.TSImportEqualsDeclaration:
    case AST_NODE_TYPES.TSExportAssignment:
      return true;
    default:
      return false;
  }
}

/** The imports one file is given: names handed out as they are asked for, the statements written on demand. */
export class ImportManager {
  readonly syntax: ModuleSyntax;
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  readonly #resolver: Resolver;
  readonly #blankLineAfter: boolean;
  readonly #requests = new Map<string, Request>();

  constructor(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, options: ImportOptions = {}) {
    this.#sourceCode = sourceCode;
    this.#resolver = resolver;
    this.syntax = moduleSyntax(sourceCode, options.sourceType, options.filename);
    this.#blankLineAfter = options.blankLineAfter ?? false;
  }

  /**
   * The expression naming `exportName` (`default`, `*` for the namespace, or a named export) of `module`
   * at `site` (anywhere in the file, when there is none): a binding the file has when one reaches it and
   * is not shadowed there (`readFile`, `fsp.readFile`), else the name of an import to add, whose
   * `request` key `additions()` takes.
   */
  reference(module: string, exportName: string, site?: TSESTree.Node): { name: string; request?: string } {
    const existing = this.#existing(module, exportName, site);
    if (existing !== null) return { name: existing };
    const key = `${normalizeModule(module)}\0${exportName}`;
    let request = this.#requests.get(key);
    if (request === undefined) {
      request = { key, module, exportName, local: this.#freeName(key, preferredName(module, exportName)) };
      this.#requests.set(key, request);
    }
    return { name: request.local, request: key };
  }

  /**
   * The edits adding the imports of the requests in `keys` (default: all), in the order of their export
   * names so that the text does not depend on the order they were asked in. `removals` are edits deleting
   * text (imports left unused): a declaration they delete takes no new name, and a module's import they
   * delete whole is replaced in place.
   */
  additions(keys?: ReadonlySet<string>, removals: readonly Edit[] = []): Edit[] {
    const wanted = [...this.#requests.values()].filter((r) => keys === undefined || keys.has(r.key))
      .sort((a, b) => a.exportName.localeCompare(b.exportName));
    const byModule = new Map<string, Request[]>();
    for (const r of wanted) byModule.set(normalizeModule(r.module), [...(byModule.get(normalizeModule(r.module)) ?? []), r]);
    const anchor = this.#anchor();
    const edits: Edit[] = [];
    const atTop: string[] = [];
    for (const requests of byModule.values()) {
      const module = requests[0]!.module;
      const named = requests.filter((r) => r.exportName !== 'default' && r.exportName !== '*');
      const statements: string[] = [];
      const extension = named.length > 0 ? this.#extension(module, named, removals) : null;
      if (extension !== null) edits.push(extension);
      else if (named.length > 0) statements.push(this.#statement(`{ ${named.map((r) => this.#element(r)).join(', ')} }`, module, anchor));
      for (const r of requests) {
        if (r.exportName === 'default') statements.push(this.#statement(r.local, module, anchor));
        if (r.exportName === '*') statements.push(this.#statement(this.syntax === 'esm' ? `* as ${r.local}` : r.local, module, anchor));
      }
      const replaced = statements.length > 0 ? this.#removedDeclarationOf(module, removals) : undefined;
      if (replaced !== undefined) edits.push({ range: [replaced, replaced], text: statements.map((s) => `${s}\n`).join('') });
      else atTop.push(...statements);
    }
    if (atTop.length > 0) edits.push(anchor === undefined ? this.#atTopOfFile(atTop) : this.#after(anchor, atTop));
    return edits;
  }

  // -------------------------------------------------------------------------------------------------
  // Existing bindings

  /** A binding of the module's top scope that reaches the export and is visible at the site. */
  #existing(module: string, exportName: string, site: TSESTree.Node | undefined): string | null {
    const whole = exportName === 'default' || exportName === '*';
    const target = canonical(module, whole ? [] : [exportName]);
    let viaNamespace: string | null = null;
    for (const variable of topScope(this.#sourceCode).variables) {
      const def = variable.defs.length === 1 ? variable.defs[0]! : null;
      if (def === null || (def.type !== 'ImportBinding' && def.type !== 'Variable') || isTypeOnly(def.node)) continue;
      const resolved = this.#resolver.resolve(def.name);
      if (resolved?.kind !== 'module' || !this.#visible(variable, site)) continue;
      const binding = canonical(resolved.module, resolved.path);
      const isNamespace = def.node.type === AST_NODE_TYPES.ImportNamespaceSpecifier;
      if (whole) {
        if (!samePath(binding, target)) continue;
        // an ESM namespace of a CommonJS module is not module.exports: its `default` is
        if (exportName === '*' ? isNamespace || this.#isPlainModuleBinding(def, false) : this.#isPlainModuleBinding(def, true)) return variable.name;
        if (isNamespace) viaNamespace ??= `${variable.name}.default`;
        continue;
      }
      if (samePath(binding, target)) return variable.name;
      if (samePath(binding, target, exportName)) viaNamespace ??= `${variable.name}.${exportName}`;
    }
    return viaNamespace;
  }

  /** `import x = require('m')`, `const x = require('m')`, and with `defaultImport`, `import x from 'm'`: the module itself. */
  #isPlainModuleBinding(def: TSESLint.Scope.Definition, defaultImport: boolean): boolean {
    if (def.node.type === AST_NODE_TYPES.ImportDefaultSpecifier) return defaultImport;
    if (def.node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) return true;
    if (def.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id !== def.name || def.node.init === null) return false;
    return this.#resolver.requiredModule(unwrap(def.node.init)) !== null;
  }

  /** Not shadowed at the site; without one, by no declaration anywhere in the file. */
  #visible(variable: TSESLint.Scope.Variable, site: TSESTree.Node | undefined): boolean {
    if (site !== undefined) return ASTUtils.findVariable(this.#sourceCode.getScope(site), variable.name) === variable;
    return this.#sourceCode.scopeManager!.scopes.every((scope) => scope === variable.scope || (scope.set.get(variable.name)?.defs.length ?? 0) === 0);
  }

  // -------------------------------------------------------------------------------------------------
  // New names

  /** The first free one of the export's name, its alternatives, then `…Async`, `…Async2`, … */
  #freeName(key: string, base: string): string {
    for (const name of [base, ...(ALTERNATIVES.get(key) ?? [])]) if (!RESERVED.has(name) && this.#isFree(name)) return name;
    for (let i = 1; ; i++) {
      const name = i === 1 ? `${base}Async` : `${base}Async${i}`;
      if (this.#isFree(name)) return name;
    }
  }

  /** No binding of the file has it and no global reference uses it, so adding it changes no other reference. */
  #isFree(name: string): boolean {
    if ([...this.#requests.values()].some((r) => r.local === name)) return false;
    const scopeManager = this.#sourceCode.scopeManager!;
    if (scopeManager.globalScope!.through.some((ref) => ref.identifier.name === name)) return false;
    return !scopeManager.scopes.some((scope) => {
      const variable = scope.set.get(name);
      return variable !== undefined && (variable.defs.length > 0 || variable.references.length > 0);
    });
  }

  // -------------------------------------------------------------------------------------------------
  // Statements

  /** `readFile`, or `readFile as readFileAsync` (`readFile: readFileAsync` in a require) when the name was taken. */
  #element(r: Request): string {
    if (r.local === r.exportName) return r.local;
    return this.syntax === 'esm' ? `${r.exportName} as ${r.local}` : `${r.exportName}: ${r.local}`;
  }

  #statement(binding: string, module: string, anchor: TSESTree.ProgramStatement | undefined): string {
    const { quote, semicolon } = this.#style(anchor);
    const specifier = `${quote}${module}${quote}`;
    if (this.syntax === 'esm') return `import ${binding} from ${specifier}${semicolon}`;
    // a CommonJS module's `default` is the module itself
    const kind = anchor?.type === AST_NODE_TYPES.VariableDeclaration ? anchor.kind : 'const';
    return `${kind} ${binding} = require(${specifier})${semicolon}`;
  }

  /**
   * The names joining an `import { a } from 'm'` (`import x from 'm'`) or `const { a } = require('m')` of
   * the module, after its last element that stays; never past a rest element, whose value it would change.
   */
  #extension(module: string, named: readonly Request[], removals: readonly Edit[]): Edit | null {
    const names = named.map((r) => this.#element(r)).join(', ');
    const stays = (node: TSESTree.Node): boolean => !removals.some((e) => e.range[0] <= node.range[0] && node.range[1] <= e.range[1]);
    for (const statement of this.#sourceCode.ast.body) {
      if (this.syntax === 'esm' && statement.type === AST_NODE_TYPES.ImportDeclaration) {
        if (statement.importKind === 'type' || !sameModule(statement.source.value, module)) continue;
        const last = statement.specifiers.filter(stays).at(-1);
        if (last?.type === AST_NODE_TYPES.ImportSpecifier) return insertAt(last.range[1], `, ${names}`);
        if (last?.type === AST_NODE_TYPES.ImportDefaultSpecifier && statement.specifiers.length === 1) return insertAt(last.range[1], `, { ${names} }`);
      } else if (this.syntax === 'cjs' && statement.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of statement.declarations) {
          if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || declarator.init === null) continue;
          const required = this.#resolver.requiredModule(unwrap(declarator.init));
          if (required === null || !sameModule(required, module)) continue;
          const properties = declarator.id.properties;
          const last = properties.filter(stays).at(-1);
          if (last !== undefined && !properties.some((p) => p.type === AST_NODE_TYPES.RestElement)) return insertAt(last.range[1], `, ${names}`);
        }
      }
    }
    return null;
  }

  /** The start of a top-level import (or plain require) of `module` that a removal deletes whole. */
  #removedDeclarationOf(module: string, removals: readonly Edit[]): number | undefined {
    for (const statement of this.#sourceCode.ast.body) {
      const of = statement.type === AST_NODE_TYPES.ImportDeclaration
        ? statement.source.value
        : statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations[0]?.init != null
          ? this.#resolver.requiredModule(statement.declarations[0].init) : null;
      if (of === null || !sameModule(of, module)) continue;
      if (removals.some((e) => e.range[0] === statement.range[0] && e.range[1] >= statement.range[1])) return statement.range[0];
    }
    return undefined;
  }

  /** The last top-level import or require (possibly through an interop helper or a member access). */
  #anchor(): TSESTree.ProgramStatement | undefined {
    return this.#sourceCode.ast.body.filter((s) => s.type === AST_NODE_TYPES.ImportDeclaration
      || s.type === AST_NODE_TYPES.TSImportEqualsDeclaration
      || (s.type === AST_NODE_TYPES.VariableDeclaration && s.declarations.some((d) => d.init !== null && this.#reachesRequire(d.init)))).at(-1);
  }

  #reachesRequire(init: TSESTree.Node): boolean {
    for (let node: TSESTree.Node | null = unwrap(init); node !== null;) {
      if (this.#resolver.requiredModule(node) !== null) return true;
      if (node.type === AST_NODE_TYPES.MemberExpression) node = unwrap(node.object);
      else if (node.type === AST_NODE_TYPES.CallExpression && node.arguments[0] !== undefined) node = unwrap(node.arguments[0]);
      else node = null;
    }
    return false;
  }

  /** On the lines after the anchor's (past a comment that ends its line); right after it when code follows on its line. */
  #after(anchor: TSESTree.Node, statements: readonly string[]): Edit {
    const text = this.#sourceCode.text;
    let lineEnd = text.indexOf('\n', anchor.range[1]);
    for (const comment of this.#sourceCode.getCommentsAfter(anchor)) {
      if (lineEnd === -1 || comment.range[0] > lineEnd) break;
      lineEnd = text.indexOf('\n', comment.range[1]);
    }
    const next = this.#sourceCode.getTokenAfter(anchor);
    if (lineEnd === -1 || (next !== null && next.range[0] < lineEnd)) return insertAt(anchor.range[1], statements.map((s) => `\n${s}`).join(''));
    return insertAt(lineEnd + 1, statements.map((s) => `${s}\n`).join(''));
  }

  /**
   * In a file without imports: before the first statement and the comments attached to it (no blank line
   * between), so a file header, a shebang and the directive prologue stay first.
   */
  #atTopOfFile(statements: readonly string[]): Edit {
    const text = this.#sourceCode.text;
    const body = this.#sourceCode.ast.body;
    const first = body.find((s) => !(s.type === AST_NODE_TYPES.ExpressionStatement && s.directive !== undefined));
    const block = statements.map((s) => `${s}\n`).join('');
    if (first === undefined) {
      const last = body.at(-1);
      return last === undefined ? insertAt(0, block) : insertAt(last.range[1], `\n${block.slice(0, -1)}`);
    }
    let at = first.range[0];
    const comments = this.#sourceCode.getCommentsBefore(first).filter((c) => (c.type as string) !== 'Shebang');
    for (const comment of comments.reverse()) {
      if (/\n[ \t]*\r?\n/.test(text.slice(comment.range[1], at))) break;
      at = comment.range[0];
    }
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    const separator = this.#blankLineAfter ? '\n' : '';
    if (text.slice(lineStart, at).trim() !== '') return insertAt(at, `\n${block}${separator}`);
    return insertAt(lineStart, `${block}${separator}`);
  }

  /** Mirrors the file: the quotes and semicolon of the import we follow, else of its first declaration or statement. */
  #style(anchor: TSESTree.Node | undefined): { quote: string; semicolon: string } {
    const body = this.#sourceCode.ast.body;
    const sample = anchor ?? body.find((s) => s.type === AST_NODE_TYPES.VariableDeclaration)
      ?? body.find((s) => s.type === AST_NODE_TYPES.ExpressionStatement);
    const text = sample === undefined ? '' : this.#sourceCode.getText(sample);
    return {
      quote: /"/.test(text) && !/'/.test(text) ? '"' : "'",
      semicolon: sample === undefined || text.trimEnd().endsWith(';') ? ';' : '',
    };
  }
}

function insertAt(offset: number, text: string): Edit {
  return { range: [offset, offset], text };
}

function sameModule(a: string, b: string): boolean {
  return normalizeModule(a) === normalizeModule(b);
}

/** `fs/promises` is `require('fs').promises`: a binding to either reaches the same functions. */
const PROMISES_SUBMODULE = /^(fs|timers|dns|stream|readline)\/promises$/;

interface Canonical {
  module: string;
  path: readonly string[];
}

function canonical(module: string, path: readonly string[]): Canonical {
  const normal = normalizeModule(module);
  const rest = path[0] === 'default' ? path.slice(1) : path;
  const sub = PROMISES_SUBMODULE.exec(normal);
  return sub === null ? { module: normal, path: rest } : { module: sub[1]!, path: ['promises', ...rest] };
}

/** Whether `b` is `a` (or, with `extra`, `a.extra`). */
function samePath(a: Canonical, b: Canonical, extra?: string): boolean {
  const length = a.path.length + (extra === undefined ? 0 : 1);
  if (a.module !== b.module || length !== b.path.length) return false;
  if (extra !== undefined && b.path[length - 1] !== extra) return false;
  return a.path.every((key, i) => b.path[i] === key);
}

function isTypeOnly(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.ImportSpecifier) {
    return node.importKind === 'type' || (node.parent.type === AST_NODE_TYPES.ImportDeclaration && node.parent.importKind === 'type');
  }
  if (node.type === AST_NODE_TYPES.ImportDefaultSpecifier || node.type === AST_NODE_TYPES.ImportNamespaceSpecifier) {
    return node.parent.importKind === 'type';
  }
  if (node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) return node.importKind === 'type';
  return false;
}

/**
 * Names to try when an export's own name is taken. A file that calls the global `setTimeout` would be
 * misread with a promise-returning function of that name: timers/promises' comes in as `sleep`.
 */
const ALTERNATIVES = new Map<string, readonly string[]>([
  ['timers/promises\0setTimeout', ['sleep', 'delay', 'wait']],
]);

const RESERVED = new Set(['await', 'async', 'default', 'delete', 'new', 'function', 'class', 'import', 'export', 'require', 'module', 'exports']);

/** The export's own name; for a default export or a namespace, the module's: `better-sqlite3` → `betterSqlite3`, `node:child_process` → `childProcess`. */
function preferredName(module: string, exportName: string): string {
  if (exportName !== 'default' && exportName !== '*') return exportName;
  const last = normalizeModule(module).replace(/^node:/, '').split('/').filter((s) => !s.startsWith('@')).pop() ?? 'module';
  const camel = last.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
  return /^[0-9]/.test(camel) ? `_${camel}` : camel;
}
