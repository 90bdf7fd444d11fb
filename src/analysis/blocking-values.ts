import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import type { CatalogEntry } from '../catalog/index.js';
import { entryOf, mayReachCatalog } from './blocking-calls.js';
import type { Resolved, Resolver } from './resolve.js';

/**
 * A blocking API handed on as a value rather than called (`paths.map(fs.readFileSync)`,
 * `const stat = follow ? fs.statSync : fs.lstatSync`, `{ read: fs.readFileSync }`): wherever it ends up
 * called, it blocks, and no call of it names it there. Reported where the value is taken; not rewritten
 * (what calls it, and whether it can await, is elsewhere).
 */
export function matchBlockingValue(node: TSESTree.MemberExpression | TSESTree.Identifier, resolver: Resolver): CatalogEntry | undefined {
  // the cheap tests first: most member reads name no catalog API, most identifiers are not handed on
  if (!mayReachCatalog(node)) return undefined;
  const holder = handedOnTo(node);
  if (holder === null) return undefined;
  const entry = entryOf(holder.type === AST_NODE_TYPES.ExportSpecifier ? reExported(holder, node, resolver) : resolver.resolve(node));
  // an entry that blocks only with some arguments (`xhr.open(…, false)`) cannot be told from its value
  if (entry === undefined || !entry.blocking || entry.condition !== undefined) return undefined;
  const target = holder.type === AST_NODE_TYPES.VariableDeclarator ? holder.id
    : holder.type === AST_NODE_TYPES.AssignmentExpression ? holder.left : undefined;
  // `const exec = cp.execFileSync`: an alias scope analysis follows, whose calls are reported (and
  // migrated) as calls; `fs.statSync = statSync`: the API put back in its own place (a test restoring
  // what it stubbed), which hands nothing on
  if ((target?.type === AST_NODE_TYPES.Identifier || target?.type === AST_NODE_TYPES.MemberExpression)
    && entryOf(resolver.resolve(target)) === entry) return undefined;
  return entry;
}

/**
 * `export { statSync } from 'fs'`: the module's export, which no binding of this file holds; `export {
 * statSync }`: the binding's value. Either way the API leaves the file, as compiled CommonJS's
 * `Object.defineProperty(exports, 'statSync', { get: function () { return fs_1.statSync; } })` shows.
 */
function reExported(specifier: TSESTree.ExportSpecifier, local: TSESTree.Node, resolver: Resolver): Resolved | null {
  const source = specifier.parent.type === AST_NODE_TYPES.ExportNamedDeclaration ? specifier.parent.source : null;
  if (source === null) return resolver.resolve(local);
  const name = local.type === AST_NODE_TYPES.Identifier ? local.name : null;
  return name === null ? null : { kind: 'module', module: source.value, path: [name] };
}

/**
 * Where a value goes that may be called later (the call it is an argument of, the declarator, property,
 * return, array or default holding it), or null: not a comparison (`opts.fs.statSync === fs.statSync`),
 * a test, `typeof`, a member read (`fs.readFileSync.name`), nor the callee of a call.
 */
function handedOnTo(node: TSESTree.Node): TSESTree.Node | null {
  let value: TSESTree.Node = node;
  for (let parent = value.parent; parent !== undefined; value = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === value) return null;
        continue;
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        continue;
      case AST_NODE_TYPES.SequenceExpression:
        if (parent.expressions.at(-1) !== value) return null;
        continue;
      case AST_NODE_TYPES.CallExpression:
      case AST_NODE_TYPES.NewExpression:
        return parent.arguments.includes(value as TSESTree.CallExpressionArgument) ? parent : null;
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === value ? parent : null;
      case AST_NODE_TYPES.AssignmentExpression:
      case AST_NODE_TYPES.AssignmentPattern:
        return parent.right === value ? parent : null;
      case AST_NODE_TYPES.Property:
        return parent.value === value && parent.parent.type === AST_NODE_TYPES.ObjectExpression ? parent : null;
      case AST_NODE_TYPES.PropertyDefinition:
        return parent.value === value ? parent : null;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        return parent.body === value ? parent : null;
      case AST_NODE_TYPES.ExportSpecifier:
        // a type-only export names no value
        return parent.local === value && parent.exportKind !== 'type' && parent.parent.exportKind !== 'type' ? parent : null;
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.ExportDefaultDeclaration:
      case AST_NODE_TYPES.SpreadElement:
        return parent;
      default:
        return null;
    }
  }
  return null;
}
