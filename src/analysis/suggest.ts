import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { normalizeModule } from '../catalog/index.js';
import { topScope } from './context.js';
import { unwrap, type Resolver } from './resolve.js';

/**
 * Building blocks of suggestions: text edits that bring a module's export into scope (reusing an import
 * or require the file already has, or adding one), and expression text with the parentheses precedence
 * needs. Plain text edits, so rules turn them into fixes and anything else can apply them too.
 */

/** A replacement of [range[0], range[1]) in the file's text; an empty range inserts. */
export interface Edit {
  range: [number, number];
  text: string;
}

export type ModuleSyntax = 'esm' | 'cjs';

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

function samePath(a: Canonical, b: Canonical, extra?: string): boolean {
  const length = a.path.length + (extra === undefined ? 0 : 1);
  if (a.module !== b.module || length !== b.path.length) return false;
  if (extra !== undefined && b.path[length - 1] !== extra) return false;
  return a.path.every((key, i) => b.path[i] === key);
}

/**
 * Whether new imports are written as `import` (ESM, TypeScript) or `require` (CommonJS). The file's own
 * syntax decides; `sourceType` (ESLint's languageOptions.sourceType) only when the file shows neither.
 */
export function moduleSyntax(sourceCode: Readonly<TSESLint.SourceCode>, sourceType?: string): ModuleSyntax {
  for (const statement of sourceCode.ast.body) {
    switch (statement.type) {
      case AST_NODE_TYPES.ImportDeclaration:
      case AST_NODE_TYPES.ExportAllDeclaration:
      case AST_NODE_TYPES.ExportDefaultDeclaration:
      case AST_NODE_TYPES.ExportNamedDeclaration:
      case AST_NODE_TYPES.TSImportEqualsDeclaration:
      case AST_NODE_TYPES.TSExportAssignment:
        return 'esm';
      default:
    }
  }
  if (sourceType === 'commonjs' || sourceType === 'script' || sourceCode.ast.sourceType === 'script') return 'cjs';
  const globals = sourceCode.scopeManager?.globalScope?.through ?? [];
  return globals.some((ref) => ['require', 'module', 'exports'].includes(ref.identifier.name)) ? 'cjs' : 'esm';
}

/**
 * What one suggestion needs in order to name exports of modules at one place of a file. Each
 * `reference()` returns the expression to write; `edits()` then gives the import changes, merged.
 */
export class ImportPlan {
  readonly #sourceCode: Readonly<TSESLint.SourceCode>;
  readonly #resolver: Resolver;
  readonly #site: TSESTree.Node;
  readonly #syntax: ModuleSyntax;
  readonly #edits: Edit[] = [];
  readonly #chosen = new Set<string>();
  readonly #added = new Map<string, string>();

  constructor(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, site: TSESTree.Node, sourceType?: string) {
    this.#sourceCode = sourceCode;
    this.#resolver = resolver;
    this.#site = site;
    this.#syntax = moduleSyntax(sourceCode, sourceType);
  }

  /**
   * An expression for `exportName` (`default` for the module's default export) of `module`, valid at
   * the site: an existing binding when one is in scope (`readFile`, `fsp.readFile`), else a new import
   * whose local name is the first free one of `preferredNames` (default: the export's name).
   */
  reference(module: string, exportName: string, preferredNames?: readonly string[]): string {
    const key = `${module}\0${exportName}`;
    const known = this.#added.get(key) ?? this.#existing(module, exportName);
    if (known !== null) return known;
    const local = this.#freeName(preferredNames ?? [exportName === 'default' ? defaultName(module) : exportName]);
    this.#chosen.add(local);
    this.#added.set(key, local);
    this.#edits.push(this.#syntax === 'esm' ? this.#addImport(module, exportName, local) : this.#addRequire(module, exportName, local));
    return local;
  }

  /** The import changes, insertions at one place merged into one edit (in the order they were asked for). */
  edits(): Edit[] {
    const merged: Edit[] = [];
    for (const edit of this.#edits) {
      const same = merged.find((m) => m.range[0] === edit.range[0] && m.range[1] === edit.range[1] && m.range[0] === m.range[1]);
      if (same !== undefined) same.text += edit.text;
      else merged.push({ range: [...edit.range], text: edit.text });
    }
    return merged;
  }

  /** A binding of the module's top scope that reaches the export and is not shadowed at the site. */
  #existing(module: string, exportName: string): string | null {
    const target = canonical(module, exportName === 'default' ? [] : [exportName]);
    let viaNamespace: string | null = null;
    for (const variable of topScope(this.#sourceCode).variables) {
      const def = variable.defs.length === 1 ? variable.defs[0]! : null;
      if (def === null || (def.type !== 'ImportBinding' && def.type !== 'Variable') || isTypeOnly(def.node)) continue;
      const resolved = this.#resolver.resolve(def.name);
      if (resolved?.kind !== 'module' || !this.#visibleAtSite(variable)) continue;
      const binding = canonical(resolved.module, resolved.path);
      const isNamespace = def.node.type === AST_NODE_TYPES.ImportNamespaceSpecifier;
      if (exportName === 'default') {
        // an ESM namespace of a CommonJS module is not module.exports: its `default` is
        if (!samePath(binding, target)) continue;
        if (isNamespace) viaNamespace ??= `${variable.name}.default`;
        else if (this.#isPlainModuleBinding(def)) return variable.name;
        continue;
      }
      if (samePath(binding, target)) return variable.name;
      if (samePath(binding, target, exportName)) viaNamespace ??= `${variable.name}.${exportName}`;
    }
    return viaNamespace;
  }

  /** `import x from 'm'`, `import x = require('m')`, `const x = require('m')`: callable when the module is. */
  #isPlainModuleBinding(def: TSESLint.Scope.Definition): boolean {
    if (def.node.type === AST_NODE_TYPES.ImportDefaultSpecifier || def.node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) return true;
    if (def.node.type !== AST_NODE_TYPES.VariableDeclarator || def.node.id !== def.name || def.node.init === null) return false;
    return this.#resolver.requiredModule(unwrap(def.node.init)) !== null;
  }

  #visibleAtSite(variable: TSESLint.Scope.Variable): boolean {
    return ASTUtils.findVariable(this.#sourceCode.getScope(this.#site), variable.name) === variable;
  }

  /** A name no binding of the file has and no global reference uses, so adding it changes no other reference. */
  #freeName(preferred: readonly string[]): string {
    const base = preferred[0] ?? 'imported';
    const candidates = [...preferred, `${base}Async`];
    for (let i = 2; ; i++) {
      const name = candidates.shift() ?? `${base}${i}`;
      if (this.#isFree(name)) return name;
    }
  }

  #isFree(name: string): boolean {
    if (this.#chosen.has(name)) return false;
    const scopeManager = this.#sourceCode.scopeManager!;
    const global = scopeManager.globalScope!;
    if (global.through.some((ref) => ref.identifier.name === name)) return false;
    return !scopeManager.scopes.some((scope) => {
      const variable = scope.set.get(name);
      return variable !== undefined && (variable.defs.length > 0 || variable.references.length > 0);
    });
  }

  #addImport(module: string, exportName: string, local: string): Edit {
    const body = this.#sourceCode.ast.body;
    const specifier = exportName === local ? exportName : `${exportName} as ${local}`;
    if (exportName !== 'default') {
      const sameModule = body.find((s): s is TSESTree.ImportDeclaration =>
        s.type === AST_NODE_TYPES.ImportDeclaration && s.importKind !== 'type'
        && normalizeModule(s.source.value) === normalizeModule(module)
        && !s.specifiers.some((x) => x.type === AST_NODE_TYPES.ImportNamespaceSpecifier)
        && s.specifiers.length > 0);
      const last = sameModule?.specifiers.at(-1);
      if (last !== undefined) {
        return last.type === AST_NODE_TYPES.ImportDefaultSpecifier
          ? { range: [last.range[1], last.range[1]], text: `, { ${specifier} }` }
          : { range: [last.range[1], last.range[1]], text: `, ${specifier}` };
      }
    }
    const imports = body.filter((s) => s.type === AST_NODE_TYPES.ImportDeclaration || s.type === AST_NODE_TYPES.TSImportEqualsDeclaration);
    const anchor = imports.at(-1);
    const quote = quoteOf(this.#sourceCode, anchor);
    const clause = exportName === 'default' ? local : `{ ${specifier} }`;
    const statement = `import ${clause} from ${quote}${module}${quote}${this.#semicolon(anchor)}`;
    return this.#insertStatement(statement, anchor);
  }

  #addRequire(module: string, exportName: string, local: string): Edit {
    const body = this.#sourceCode.ast.body;
    const property = exportName === local ? exportName : `${exportName}: ${local}`;
    if (exportName !== 'default') {
      for (const statement of body) {
        if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.declarations.length !== 1) continue;
        const [declarator] = statement.declarations;
        if (declarator?.id.type !== AST_NODE_TYPES.ObjectPattern || declarator.init === null) continue;
        const required = this.#resolver.requiredModule(unwrap(declarator.init));
        const properties = declarator.id.properties;
        const last = properties.at(-1);
        if (required === null || normalizeModule(required) !== normalizeModule(module) || last === undefined
          || last.type === AST_NODE_TYPES.RestElement) continue;
        return { range: [last.range[1], last.range[1]], text: `, ${property}` };
      }
    }
    const anchor = body.filter((s) => this.#isRequireStatement(s)).at(-1);
    const quote = quoteOf(this.#sourceCode, anchor);
    const kind = anchor?.type === AST_NODE_TYPES.VariableDeclaration ? anchor.kind : 'const';
    const target = exportName === 'default' ? local : `{ ${property} }`;
    const statement = `${kind} ${target} = require(${quote}${module}${quote})${this.#semicolon(anchor)}`;
    return this.#insertStatement(statement, anchor);
  }

  /** After `anchor` on a line of its own, or before the first statement that is not a directive. */
  #insertStatement(statement: string, anchor: TSESTree.Node | undefined): Edit {
    if (anchor !== undefined) return { range: [anchor.range[1], anchor.range[1]], text: `\n${statement}` };
    const body = this.#sourceCode.ast.body;
    const directives = body.filter((s) => s.type === AST_NODE_TYPES.ExpressionStatement && s.directive !== undefined);
    const lastDirective = directives.at(-1);
    if (lastDirective !== undefined && body.indexOf(lastDirective) === directives.length - 1) {
      return { range: [lastDirective.range[1], lastDirective.range[1]], text: `\n${statement}` };
    }
    const first = body[0]!;
    return { range: [first.range[0], first.range[0]], text: `${statement}\n` };
  }

  /** A top-level `const x = require('m')` (possibly through an interop helper or a member access). */
  #isRequireStatement(statement: TSESTree.ProgramStatement): statement is TSESTree.VariableDeclaration {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) return false;
    return statement.declarations.some((d) => {
      let init: TSESTree.Node | null = d.init === null ? null : unwrap(d.init);
      while (init !== null) {
        if (this.#resolver.requiredModule(init) !== null) return true;
        if (init.type === AST_NODE_TYPES.MemberExpression) init = unwrap(init.object);
        else if (init.type === AST_NODE_TYPES.CallExpression && init.arguments[0] !== undefined) init = unwrap(init.arguments[0]);
        else init = null;
      }
      return false;
    });
  }

  /** Mirrors the file: a semicolon when the statement we follow (or the first one) has one. */
  #semicolon(anchor: TSESTree.Node | undefined): string {
    const sample = anchor ?? this.#sourceCode.ast.body.find((s) =>
      s.type === AST_NODE_TYPES.VariableDeclaration || s.type === AST_NODE_TYPES.ExpressionStatement);
    return sample === undefined || this.#sourceCode.getText(sample).endsWith(';') ? ';' : '';
  }
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

/** The quote the file's imports use: that of the statement we follow, else a single quote. */
function quoteOf(sourceCode: Readonly<TSESLint.SourceCode>, anchor: TSESTree.Node | undefined): string {
  if (anchor === undefined) return "'";
  const match = /(['"`])/.exec(sourceCode.getText(anchor).replace(/^[^('"`]*/, ''));
  return match?.[1] === '"' ? '"' : "'";
}

/** `better-sqlite3` → `betterSqlite3`, `node:child_process` → `childProcess`: a local name for a default import. */
function defaultName(module: string): string {
  const last = normalizeModule(module).replace(/^node:/, '').split('/').at(-1) ?? 'module';
  const camel = last.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
  return /^[A-Za-z_$]/.test(camel) ? camel : `_${camel}`;
}

// ---------------------------------------------------------------------------------------------------
// Expression text

/** Binding power of an expression; higher binds tighter. */
export function precedence(node: TSESTree.Node): number {
  switch (node.type) {
    case AST_NODE_TYPES.SequenceExpression:
      return 0;
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.AssignmentExpression:
    case AST_NODE_TYPES.YieldExpression:
      return 1;
    case AST_NODE_TYPES.ConditionalExpression:
      return 2;
    case AST_NODE_TYPES.LogicalExpression:
      return node.operator === '&&' ? 4 : 3;
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
      return 9;
    case AST_NODE_TYPES.BinaryExpression:
      return BINARY[node.operator] ?? 9;
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return 14;
    case AST_NODE_TYPES.UpdateExpression:
      return 15;
    default:
      return 20;
  }
}

const BINARY: Readonly<Record<string, number>> = {
  '|': 5, '^': 6, '&': 7, '==': 8, '!=': 8, '===': 8, '!==': 8,
  '<': 9, '>': 9, '<=': 9, '>=': 9, in: 9, instanceof: 9,
  '<<': 10, '>>': 10, '>>>': 10, '+': 11, '-': 11, '*': 12, '/': 12, '%': 12, '**': 13,
};

/** Operator binding powers for `operand()`. */
export const PRECEDENCE = { additive: 11, multiplicative: 12, unary: 14 } as const;

/** The text of `node`, parenthesised unless it binds at least as tightly as `minimum`. */
export function operand(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, minimum: number): string {
  const text = sourceCode.getText(node);
  return precedence(node) >= minimum ? text : `(${text})`;
}

/**
 * Wraps an `await …` expression that replaces `node` in parentheses where the parent would otherwise
 * bind into it: `(await readFile(p)).toString()`, `(await f())()`, `(await x) ** 2`.
 */
export function awaitInPlaceOf(node: TSESTree.Node, awaitText: string): string {
  const parent = node.parent;
  if (parent === undefined) return awaitText;
  const binds = (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node)
    || ((parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && parent.callee === node)
    || (parent.type === AST_NODE_TYPES.TaggedTemplateExpression && parent.tag === node)
    || (parent.type === AST_NODE_TYPES.BinaryExpression && parent.operator === '**' && parent.left === node)
    || ((parent.type === AST_NODE_TYPES.ClassDeclaration || parent.type === AST_NODE_TYPES.ClassExpression) && parent.superClass === node);
  return binds ? `(${awaitText})` : awaitText;
}

/** The source text of a call's arguments as written, comments included (`''` when there are none). */
export function argumentsText(sourceCode: Readonly<TSESLint.SourceCode>, args: readonly TSESTree.Node[]): string {
  const first = args[0];
  const last = args.at(-1);
  return first === undefined || last === undefined ? '' : sourceCode.text.slice(first.range[0], last.range[1]);
}

/** The options object literal a call was given at `index`, if it is one. */
export function objectLiteralAt(args: readonly TSESTree.Node[], index: number): TSESTree.ObjectExpression | null {
  const arg = args[index];
  return arg?.type === AST_NODE_TYPES.ObjectExpression ? arg : null;
}

/** Whether an object literal names a key (statically). */
export function hasKey(object: TSESTree.ObjectExpression, key: string): boolean {
  return object.properties.some((p) => p.type === AST_NODE_TYPES.Property && !p.computed
    && ((p.key.type === AST_NODE_TYPES.Identifier && p.key.name === key)
      || (p.key.type === AST_NODE_TYPES.Literal && p.key.value === key)));
}
