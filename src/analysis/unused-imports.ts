import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { topScope } from './context.js';
import type { Edit } from './imports.js';
import type { Resolver } from './resolve.js';

/**
 * Import bindings (ESM specifiers, top-level requires) whose every reference `edits` replace by a text
 * that does not name them: the edits that remove them (a specifier, or the whole statement when nothing
 * is left of it). References are scope analysis' own: shorthand properties, `export { x }` and type
 * positions count, so a binding still used anywhere stays. A statement that `edits` already change is
 * left to them: a transform that knows more (a call that keeps its text but now reaches a global)
 * removes its module's bindings with `importRemovalEdits` itself.
 */
export function unusedImportEdits(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, edits: readonly Edit[]): Edit[] {
  const replaced = edits.filter((e) => e.range[1] > e.range[0]);
  if (replaced.length === 0) return [];
  const scope = topScope(sourceCode);
  const removedAll = (id: TSESTree.Identifier): boolean => {
    const variable = scope.set.get(id.name);
    if (variable === undefined || !variable.identifiers.includes(id)) return false;
    const uses = variable.references.filter((ref) => ref.identifier !== id);
    const named = new RegExp(`(?<![\\w$])${escape(id.name)}(?![\\w$])`);
    return uses.length > 0 && uses.every(({ identifier }) => replaced.some((e) =>
      e.range[0] <= identifier.range[0] && identifier.range[1] <= e.range[1] && !named.test(e.text)));
  };
  const untouched = (statement: TSESTree.Node): boolean => !replaced.some((e) => e.range[0] < statement.range[1] && statement.range[0] < e.range[1]);
  return importRemovalEdits(sourceCode, resolver, removedAll, untouched);
}

/**
 * The edits removing the import bindings `goes` picks, among the top-level statements `considered`
 * keeps: a specifier or destructured property, or the whole statement once nothing is left of it.
 * Imports, `import x = require()`, and requires (through interop helpers and member accesses). A
 * `createRequire` loader whose every require goes, goes too, and so does its import of `createRequire`.
 */
export function importRemovalEdits(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: Resolver,
  goes: (id: TSESTree.Identifier) => boolean,
  considered: (statement: TSESTree.ProgramStatement) => boolean = () => true,
): Edit[] {
  const removed = bindingRemovalEdits(sourceCode, resolver, goes, considered);
  return removed.length === 0 ? removed : [...removed, ...unusedLoaderEdits(sourceCode, resolver, removed)];
}

/**
 * `const load = createRequire(import.meta.url)`, once the requires it made are all removed, and then
 * the import of `createRequire` if nothing else uses it.
 */
function unusedLoaderEdits(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, removed: readonly Edit[]): Edit[] {
  const scope = topScope(sourceCode);
  const within = (edits: readonly Edit[], node: TSESTree.Node): boolean => edits.some((e) => e.range[0] <= node.range[0] && node.range[1] <= e.range[1]);
  // read somewhere, and only inside what `edits` remove
  const onlyReadIn = (edits: readonly Edit[], id: TSESTree.Identifier): boolean => {
    const variable = scope.set.get(id.name);
    if (variable === undefined || !variable.identifiers.includes(id)) return false;
    const uses = variable.references.filter((ref) => ref.identifier !== id);
    return uses.length > 0 && uses.every((ref) => within(edits, ref.identifier));
  };
  const loaders: Edit[] = [];
  for (const statement of sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.declarations.length !== 1 || within(removed, statement)) continue;
    const { id, init } = statement.declarations[0]!;
    if (id.type !== AST_NODE_TYPES.Identifier || init?.type !== AST_NODE_TYPES.CallExpression || !resolver.isCreateRequire(init.callee)) continue;
    if (onlyReadIn(removed, id)) loaders.push(wholeStatement(sourceCode.text, statement));
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
  considered: (statement: TSESTree.ProgramStatement) => boolean,
): Edit[] {
  const removedAll = (id: TSESTree.Identifier | null): boolean => id !== null && goes(id);
  const result: Edit[] = [];
  for (const statement of sourceCode.ast.body) {
    if (!considered(statement)) continue;
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      const named = statement.specifiers.filter((s) => s.type === AST_NODE_TYPES.ImportSpecifier);
      const others = statement.specifiers.filter((s) => s.type !== AST_NODE_TYPES.ImportSpecifier);
      const unusedNamed = named.filter((s) => removedAll(s.local));
      const unusedOthers = others.filter((s) => removedAll(s.local));
      if (unusedNamed.length === 0 && unusedOthers.length === 0) continue;
      if (unusedNamed.length === named.length && unusedOthers.length === others.length) result.push(wholeStatement(sourceCode.text, statement));
      // `import x, { a } from 'm'` without a: `import x from 'm'`
      else if (unusedNamed.length === named.length) result.push(namedBlockRemoval(sourceCode, others.at(-1)!, named.at(-1)!));
      // `import fs, { a } from 'fs'` with `fs` gone: keep it simple and keep the statement
      else result.push(...listElementRemovals(named, unusedNamed));
    } else if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      if (statement.moduleReference.type === AST_NODE_TYPES.TSExternalModuleReference && removedAll(statement.id)) {
        result.push(wholeStatement(sourceCode.text, statement));
      }
    } else if (statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.length === 1) {
      const { id, init } = statement.declarations[0]!;
      if (init === null || resolver.loadedModule(init) === null) continue;
      if (id.type === AST_NODE_TYPES.Identifier) {
        if (removedAll(id)) result.push(wholeStatement(sourceCode.text, statement));
      } else if (id.type === AST_NODE_TYPES.ObjectPattern) {
        const unused = id.properties.filter((p) => removedAll(localOf(p)));
        if (unused.length === id.properties.length) result.push(wholeStatement(sourceCode.text, statement));
        else result.push(...listElementRemovals(id.properties, unused));
      }
    }
  }
  return result;
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

/** The statement with the line break that ends it. */
function wholeStatement(text: string, statement: TSESTree.Node): Edit {
  let end = statement.range[1];
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { range: [statement.range[0], end], text: '' };
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
