import { isBuiltin } from 'node:module';
import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { isCatalogModule } from '../catalog/index.js';
import type { Edit } from './imports.js';
import type { Resolver } from './resolve.js';

/**
 * Import bindings (ESM specifiers, and requires at the top level or in a function) whose every reference
 * `edits` replace, while no edit writes their name: the edits that remove them (a specifier, or the
 * whole statement when nothing is left of it). References are scope analysis' own: shorthand
 * properties, `export { x }` and type positions count, so a binding still used anywhere stays. A
 * statement that `edits` already change is left to them, unless they only delete parts of it: a
 * transform that knows more (a call that keeps its text but now reaches a global) removes its module's
 * bindings with `importRemovalEdits` itself, and a removal here may take those parts in.
 */
export function unusedImportEdits(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, edits: readonly Edit[]): Edit[] {
  const replaced = edits.filter((e) => e.range[1] > e.range[0]);
  if (replaced.length === 0) return [];
  const deletions = replaced.filter((e) => e.text === '');
  const removedAll = (id: TSESTree.Identifier): boolean => {
    // a binding another edit deletes is gone, whatever still names it (a client whose calls now reach a global)
    if (deletions.some((d) => contains(d.range, id.range))) return true;
    const variable = declaredBy(sourceCode, id);
    if (variable === null) return false;
    const uses = variable.references.filter((ref) => ref.identifier !== id);
    const named = new RegExp(`(?<![\\w$])${escape(id.name)}(?![\\w$])`);
    // a rewrite may carry a reference's text elsewhere (an argument moved into a statement inserted
    // before the call): while any edit writes the name, the binding stays (a marker comment naming it
    // does not keep it)
    return uses.length > 0 && !edits.some((e) => named.test(e.text.replace(BLOCK_COMMENT, '')))
      && uses.every(({ identifier }) => replaced.some((e) => contains(e.range, identifier.range)));
  };
  // a statement other edits rewrite is theirs; one they only delete parts of (a transform removing its
  // client's declarator) is still looked at: a removal that takes those parts in goes whole, and one
  // that would cut into them is not made (the binding stays, unused)
  const considered = (statement: TSESTree.Node): boolean => replaced.every((e) => !overlaps(e.range, statement.range) || (e.text === '' && contains(statement.range, e.range)));
  return importRemovalEdits(sourceCode, resolver, removedAll, considered)
    .filter((removal) => deletions.every((d) => !overlaps(removal.range, d.range) || contains(removal.range, d.range) || contains(d.range, removal.range)));
}

const BLOCK_COMMENT = /\/\*[\s\S]*?\*\//g;

function overlaps(a: readonly [number, number], b: readonly [number, number]): boolean {
  return a[0] < b[1] && b[0] < a[1];
}

function contains(outer: readonly [number, number], inner: readonly [number, number]): boolean {
  return outer[0] <= inner[0] && inner[1] <= outer[1];
}

/**
 * The edits removing the import bindings `goes` picks, among the statements `considered` keeps: a
 * specifier, declarator or destructured property, or the whole statement once nothing is left of it.
 * Imports, `import x = require()`, and requires (through interop helpers and member accesses), these
 * at the top level or in any block. A `createRequire` loader whose every require goes, goes too, and
 * so does its import of `createRequire`.
 */
export function importRemovalEdits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: Resolver,
  goes: (id: TSESTree.Identifier) => boolean,
  considered: (statement: TSESTree.Node) => boolean = () => true,
): Edit[] {
  const removed = bindingRemovalEdits(sourceCode, resolver, goes, considered);
  return removed.length === 0 ? removed : [...removed, ...unusedLoaderEdits(sourceCode, resolver, removed)];
}

/**
 * `const load = createRequire(import.meta.url)`, once the requires it made are all removed, and then
 * the import of `createRequire` if nothing else uses it.
 */
function unusedLoaderEdits(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, removed: readonly Edit[]): Edit[] {
  const within = (edits: readonly Edit[], node: TSESTree.Node): boolean => edits.some((e) => contains(e.range, node.range));
  // read somewhere, and only inside what `edits` remove
  const onlyReadIn = (edits: readonly Edit[], id: TSESTree.Identifier): boolean => {
    const variable = declaredBy(sourceCode, id);
    const uses = variable?.references.filter((ref) => ref.identifier !== id) ?? [];
    return uses.length > 0 && uses.every((ref) => within(edits, ref.identifier));
  };
  // a require kept for its effects (`load('./m');`) still uses the loader
  const deleted = removed.filter((e) => e.text === '');
  const loaders: Edit[] = [];
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.declarations.length !== 1 || within(removed, statement)) continue;
    const { id, init } = statement.declarations[0]!;
    if (id.type !== AST_NODE_TYPES.Identifier || init?.type !== AST_NODE_TYPES.CallExpression || !resolver.isCreateRequire(init.callee)) continue;
    if (onlyReadIn(deleted, id)) loaders.push(wholeStatement(sourceCode.text, statement));
  }
  if (loaders.length === 0) return [];
  const gone = [...removed, ...loaders];
  return [...loaders, ...blankLinesLeft(sourceCode.text, gone, loaders), ...bindingRemovalEdits(sourceCode, resolver, (id) => resolver.isCreateRequire(id) && onlyReadIn(gone, id), (statement) => !within(gone, statement))];
}

/**
 * A loader usually stands in a paragraph of its own with the requires it made: once they all go, the
 * blank lines around that paragraph would meet. The one after it goes too.
 */
function blankLinesLeft(text: string, gone: readonly Edit[], loaders: readonly Edit[]): Edit[] {
  const sorted = [...gone].sort((a, b) => a.range[0] - b.range[0]);
  const edits: Edit[] = [];
  for (const loader of loaders) {
    let start = loader.range[0];
    let end = loader.range[1];
    for (let i = sorted.length - 1; i >= 0; i--) if (sorted[i]!.range[1] === start) start = sorted[i]!.range[0];
    for (const e of sorted) if (e.range[0] === end) end = e.range[1];
    const blankAfter = /^\r?\n/.exec(text.slice(end));
    if (blankAfter !== null && /\n\r?\n$/.test(text.slice(0, start)) && !edits.some((e) => e.range[0] === end)) {
      edits.push({ range: [end, end + blankAfter[0].length], text: '' });
    }
  }
  return edits;
}

function bindingRemovalEdits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: Resolver,
  goes: (id: TSESTree.Identifier) => boolean,
  considered: (statement: TSESTree.Node) => boolean,
): Edit[] {
  const removedAll = (id: TSESTree.Identifier | null): boolean => id !== null && goes(id);
  const goesWhole = (statement: TSESTree.ImportDeclaration): boolean => considered(statement) && statement.specifiers.length > 0
    && statement.specifiers.every((s) => removedAll(s.local));
  // a module another import still loads needs no `import './m.js'` of its own (nor two of them)
  const loaded = new Set(sourceCode.ast.body.flatMap((s) => (s.type === AST_NODE_TYPES.ImportDeclaration && s.importKind !== 'type' && !goesWhole(s) ? [s.source.value] : [])));
  const result: Edit[] = [];
  for (const statement of sourceCode.ast.body) {
    if (!considered(statement)) continue;
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      const named = statement.specifiers.filter((s) => s.type === AST_NODE_TYPES.ImportSpecifier);
      const others = statement.specifiers.filter((s) => s.type !== AST_NODE_TYPES.ImportSpecifier);
      const unusedNamed = named.filter((s) => removedAll(s.local));
      const unusedOthers = others.filter((s) => removedAll(s.local));
      if (unusedNamed.length === 0 && unusedOthers.length === 0) continue;
      if (unusedNamed.length === named.length && unusedOthers.length === others.length) {
        const keep = statement.importKind !== 'type' && !loaded.has(statement.source.value);
        if (keep) loaded.add(statement.source.value);
        result.push(keep ? keepLoading(sourceCode, statement, statement.source) : wholeStatement(sourceCode.text, statement));
      }
      // `import x, { a } from 'm'` without a: `import x from 'm'`
      else if (unusedNamed.length === named.length) result.push(namedBlockRemoval(sourceCode, others.at(-1)!, named.at(-1)!));
      // `import fs, { a } from 'fs'` with `fs` gone: keep it simple and keep the statement
      else result.push(...listElementRemovals(named, unusedNamed));
    } else if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      if (statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference && removedAll(statement.id)) {
        result.push(wholeStatement(sourceCode.text, statement));
      }
    }
  }
  for (const statement of requireDeclarations(sourceCode)) {
    if (considered(statement)) result.push(...requireRemovals(sourceCode, resolver, statement, removedAll));
  }
  return result;
}

/** The declarators (or destructured properties) of a declaration that are requires `goes` picks. */
function requireRemovals(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: Resolver,
  statement: TSESTree.VariableDeclaration,
  goes: (id: TSESTree.Identifier | null) => boolean,
): Edit[] {
  const whole: TSESTree.VariableDeclarator[] = [];
  const partial: Edit[] = [];
  for (const declarator of statement.declarations) {
    const { id, init } = declarator;
    if (init === null || resolver.loadedModule(init) === null) continue;
    if (id.type === AST_NODE_TYPES.Identifier) {
      if (goes(id)) whole.push(declarator);
    } else if (id.type === AST_NODE_TYPES.ObjectPattern) {
      const unused = id.properties.filter((p) => goes(localOf(p)));
      if (unused.length === id.properties.length) whole.push(declarator);
      else partial.push(...listElementRemovals(id.properties, unused));
    }
  }
  if (whole.length === statement.declarations.length) {
    // the modules whose loading has effects, required again for them, in order
    const loads = whole.flatMap((d) => {
      const call = resolver.loadingCall(d.init!);
      return call !== null && !loadsWithoutEffects(resolver.requiredModule(call)!) ? [`${sourceCode.getText(call)};`] : [];
    });
    if (loads.length === 0) return [wholeStatement(sourceCode.text, statement)];
    return [{ range: statement.range, text: loads.join(' ') }];
  }
  // one declarator of several: a module loaded for its effects keeps its (unused) binding
  const effectFree = whole.filter((d) => {
    const call = resolver.loadingCall(d.init!);
    return call !== null && loadsWithoutEffects(resolver.requiredModule(call)!);
  });
  return [...listElementRemovals(statement.declarations, effectFree), ...partial];
}

/** The variable declarations standing as statements (at the top level, in functions and blocks): `for (const x of …)` heads aside. */
function requireDeclarations(sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.VariableDeclaration[] {
  const found: TSESTree.VariableDeclaration[] = [];
  const keys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const visit = (node: TSESTree.Node, inStatementList: boolean): void => {
    if (node.type === AST_NODE_TYPES.VariableDeclaration && inStatementList) found.push(node);
    const lists = STATEMENT_LISTS[node.type];
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const c of Array.isArray(child) ? child : [child]) {
        if (c !== null && typeof c === 'object' && typeof (c as { type?: unknown }).type === 'string') visit(c as TSESTree.Node, lists === key);
      }
    }
  };
  visit(sourceCode.ast, false);
  return found;
}

/** The key of each node type that holds a list of statements. */
const STATEMENT_LISTS: Partial<Record<string, string>> = {
  Program: 'body', BlockStatement: 'body', StaticBlock: 'body', SwitchCase: 'consequent', TSModuleBlock: 'body',
};

/** The variable `id` declares (a binding of the file's, in whatever scope). */
function declaredBy(sourceCode: Readonly<TSESLint.SourceCode>, id: TSESTree.Identifier): TSESLint.Scope.Variable | null {
  for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(id); scope !== null; scope = scope.upper) {
    const variable = scope.set.get(id.name);
    if (variable !== undefined) return variable.identifiers.includes(id) ? variable : null;
  }
  return null;
}

/** From the end of the default or namespace import to the brace closing the named ones. */
function namedBlockRemoval(sourceCode: Readonly<TSESLint.SourceCode>, kept: TSESTree.Node, lastNamed: TSESTree.Node): Edit {
  const brace = sourceCode.getTokenAfter(lastNamed, { filter: (token) => token.value === '}' });
  return { range: [kept.range[1], brace?.range[1] ?? lastNamed.range[1]], text: '' };
}

/** The name a destructured property binds: `a`, `{ a: b }` → b, `{ a = 1 }` → a, `...rest` → rest. */
function localOf(property: TSESTree.Property | TSESTree.RestElement): TSESTree.Identifier | null {
  let target: TSESTree.Node = property.type === AST_NODE_TYPES.Property ? property.value : property.argument;
  if (target.type === AST_NODE_TYPES.AssignmentPattern) target = target.left;
  return target.type === AST_NODE_TYPES.Identifier ? target : null;
}

/** The statement with the line break that ends it, and its indentation when it starts the line. */
/**
 * A builtin module, or one of the catalog's (fs-extra, sync-fetch, …), loads without effects on the
 * program: an import of it that nothing uses can go. Any other module (the project's own `./fsx.js`,
 * through which a call now reaches the builtin directly) may do something as it loads.
 */
function loadsWithoutEffects(specifier: string): boolean {
  return isBuiltin(specifier) || isCatalogModule(specifier);
}

/** An import whose bindings all go: removed, or left as `import './m.js';` where loading may have effects. */
function keepLoading(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node, source: TSESTree.StringLiteral): Edit {
  if (loadsWithoutEffects(source.value)) return wholeStatement(sourceCode.text, statement);
  return { range: statement.range, text: `import ${sourceCode.getText(source)};` };
}

function wholeStatement(text: string, statement: TSESTree.Node): Edit {
  let [start, end] = statement.range;
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  const indent = /[ \t]*$/.exec(text.slice(0, start))![0].length;
  if (end > statement.range[1] && (start - indent === 0 || text[start - indent - 1] === '\n')) start -= indent;
  return { range: [start, end], text: '' };
}

/** Removes some elements of a comma-separated list, with their commas. */
function listElementRemovals(all: readonly TSESTree.Node[], remove: readonly TSESTree.Node[]): Edit[] {
  const edits: Edit[] = [];
  const lastKept = Math.max(-1, ...all.filter((n) => !remove.includes(n)).map((n) => all.indexOf(n)));
  for (const node of remove) {
    const i = all.indexOf(node);
    // up to the next element while one is kept after it; the last ones take the comma before them
    if (i < lastKept) edits.push({ range: [node.range[0], all[i + 1]!.range[0]], text: '' });
    else edits.push({ range: [i > 0 ? all[i - 1]!.range[1] : node.range[0], node.range[1]], text: '' });
  }
  return mergeAdjacent(edits);
}

function mergeAdjacent(edits: readonly Edit[]): Edit[] {
  const out: Edit[] = [];
  for (const e of [...edits].sort((a, b) => a.range[0] - b.range[0])) {
    const last = out.at(-1);
    if (last !== undefined && last.range[1] >= e.range[0]) last.range[1] = Math.max(last.range[1], e.range[1]);
    else out.push({ range: [...e.range], text: '' });
  }
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
