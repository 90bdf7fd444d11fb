import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { normalizeModule } from '../catalog/index.js';
import { topScope } from './context.js';
import type { Resolver } from './resolve.js';

/**
 * The top-level bindings of a file that stand for some modules or their exports, in every form the
 * resolver follows: ESM default, named (aliased) and namespace imports, `import x = require()`, requires
 * (destructured, through interop helpers, `.default`, a createRequire'd require) and aliases of those.
 */

export interface ModuleBinding {
  variable: TSESLint.Scope.Variable;
  /** The identifier that declares it. */
  id: TSESTree.Identifier;
  module: string;
  /** The export below the module it stands for: [] for the module itself or its default export. */
  path: readonly string[];
  /** The top-level statement that declares it. */
  statement: TSESTree.ProgramStatement;
  /** Where it is used (types and exports included), its declaration's own initialisation aside. */
  references: TSESTree.Identifier[];
}

export function moduleBindings(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, modules: readonly string[]): ModuleBinding[] {
  const wanted = new Set(modules.map(normalizeModule));
  const bindings: ModuleBinding[] = [];
  for (const variable of topScope(sourceCode).variables) {
    const def = variable.defs.length === 1 ? variable.defs[0]! : null;
    if (def === null || (def.type !== 'ImportBinding' && def.type !== 'Variable')) continue;
    const resolved = resolver.resolve(def.name);
    if (resolved?.kind !== 'module' || !wanted.has(normalizeModule(resolved.module))) continue;
    const statement = topLevelStatement(def.name);
    if (statement === null) continue;
    bindings.push({
      variable,
      id: def.name,
      module: resolved.module,
      // the default export of a module written in CommonJS is the module itself, as interop has it
      path: resolved.path[0] === 'default' ? resolved.path.slice(1) : resolved.path,
      statement,
      references: variable.references.map((ref) => ref.identifier).filter((id) => id !== def.name) as TSESTree.Identifier[],
    });
  }
  return bindings;
}

function topLevelStatement(node: TSESTree.Node): TSESTree.ProgramStatement | null {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent != null; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.Program) return child as TSESTree.ProgramStatement;
  }
  return null;
}
