import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { normalizeModule } from '../catalog/index.js';
import { topScope } from './context.js';
import type { Resolver } from './resolve.js';

/**
 * The bindings of a file that stand for some modules or their exports, in every form the resolver
 * follows: ESM default, named (aliased) and namespace imports, `import x = require()`, requires
 * (destructured, through interop helpers, `.default`, a createRequire'd require) and aliases of those;
 * requires in functions and blocks too.
 */

export interface ModuleBinding {
  variable: TSESLint.Scope.Variable;
  /** The identifier that declares it. */
  id: TSESTree.Identifier;
  module: string;
  /** The export below the module it stands for: [] for the module itself or its default export. */
  path: readonly string[];
  /** The statement that declares it: at the top level, or a declaration in a function or block. */
  statement: TSESTree.Node;
  /** Where it is used (types and exports included), its declaration's own initialisation aside. */
  references: TSESTree.Identifier[];
}

export function moduleBindings(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, modules: readonly string[]): ModuleBinding[] {
  const wanted = new Set(modules.map(normalizeModule));
  const bindings: ModuleBinding[] = [];
  const top = topScope(sourceCode);
  for (const variable of sourceCode.scopeManager!.scopes.flatMap((scope) => scope.variables)) {
    const def = variable.defs.length === 1 ? variable.defs[0]! : null;
    if (def === null || (def.type !== 'ImportBinding' && def.type !== 'Variable')) continue;
    const statement = variable.scope === top ? topLevelStatement(def.name) : nestedDeclaration(def);
    if (statement === null) continue;
    const resolved = resolver.resolve(def.name);
    if (resolved?.kind !== 'module' || !wanted.has(normalizeModule(resolved.module))) continue;
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

/** `const x = require('m')` as a statement of a function or block (not a `for` head). */
function nestedDeclaration(def: TSESLint.Scope.Definition): TSESTree.Node | null {
  const declaration = def.type === 'Variable' ? def.parent : null;
  const container = declaration?.parent;
  if (declaration === null || container == null) return null;
  return container.type === AST_NODE_TYPES.BlockStatement || container.type === AST_NODE_TYPES.StaticBlock
    || container.type === AST_NODE_TYPES.SwitchCase ? declaration : null;
}

function topLevelStatement(node: TSESTree.Node): TSESTree.ProgramStatement | null {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent != null; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.Program) return child as TSESTree.ProgramStatement;
  }
  return null;
}
