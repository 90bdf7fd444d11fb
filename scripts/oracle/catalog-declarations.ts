import { isBuiltin } from 'node:module';
import { catalog, type ExportEntry } from '../../src/catalog/index.js';

/**
 * Type declarations that let the TypeScript checker tell a catalog API of an npm package (fs-extra,
 * graceful-fs, glob, cross-spawn, …) apart from anything else: every catalog export gets a declaration
 * tagged `@catalog <entry id>`. Node's builtins need none: @types/node declares them, and the oracle reads
 * the module a declaration sits in. Packages that re-export a builtin (graceful-fs, fs-extra) re-export
 * @types/node's declarations, so `require('graceful-fs').readFileSync` lands on fs.d.ts like `fs` does.
 *
 * Declarations are ambient (`declare module "x"`): the checker prefers them to whatever the package's
 * node_modules holds, so the oracle does not depend on which dependencies are installed.
 */

export const CATALOG_TAG = 'catalog';

interface Tree {
  entry?: ExportEntry;
  children: Map<string, Tree>;
}

const ANY_FUNCTION = '(...args: any[]): any';

function declareMembers(tree: Tree, indent: string): string[] {
  const lines: string[] = [];
  for (const [name, child] of tree.children) {
    if (child.entry !== undefined) lines.push(`${indent}/** @${CATALOG_TAG} ${child.entry.id} */`, `${indent}export function ${name}${ANY_FUNCTION};`);
    if (child.children.size > 0) {
      lines.push(`${indent}export namespace ${name} {`, ...declareMembers(child, `${indent}  `), `${indent}}`);
    }
  }
  return lines;
}

function treeOf(module: string, entries: readonly ExportEntry[]): Tree {
  const root: Tree = { children: new Map() };
  for (const entry of entries) {
    let node = root;
    for (const segment of entry.path) {
      let next = node.children.get(segment);
      if (next === undefined) node.children.set(segment, (next = { children: new Map() }));
      node = next;
    }
    if (node.entry !== undefined) throw new Error(`two catalog entries for ${module} ${entry.path.join('.')}`);
    node.entry = entry;
  }
  return root;
}

function declareModule(module: string, entries: readonly ExportEntry[]): string {
  const reexported = [...new Set(entries.flatMap((e) => e.modules.filter((m) => isBuiltin(m))))];
  const own = entries.filter((e) => !e.modules.some((m) => isBuiltin(m)));
  const tree = treeOf(module, own);
  if (reexported.length === 0) {
    // `export =` a namespace: require(), default imports and named imports all reach the members
    const lines = [`declare module ${JSON.stringify(module)} {`];
    if (tree.entry !== undefined) lines.push(`  /** @${CATALOG_TAG} ${tree.entry.id} */`, `  function __module${ANY_FUNCTION};`);
    lines.push('  namespace __module {', ...declareMembers(tree, '    '), '  }', '  export = __module;', '}');
    return lines.join('\n');
  }
  if (tree.entry !== undefined) throw new Error(`${module} is both callable and a re-export of ${reexported.join(', ')}`);
  // named exports (builtin + own) for require() and named imports; a default export of the same shape
  const lines = [`declare module ${JSON.stringify(module)} {`];
  reexported.forEach((builtin, i) => lines.push(`  import * as __builtin${i} from ${JSON.stringify(builtin)};`, `  export * from ${JSON.stringify(builtin)};`));
  const shape = reexported.map((_, i) => `typeof __builtin${i}`);
  if (tree.children.size > 0) {
    // an empty namespace is no value: `typeof __own` would turn the default export into `any`
    lines.push('  namespace __own {', ...declareMembers(tree, '    '), '  }');
    for (const name of tree.children.keys()) lines.push(`  export import ${name} = __own.${name};`);
    shape.push('typeof __own');
  }
  lines.push(`  const __default: ${shape.join(' & ')};`, '  export default __default;', '}');
  return lines.join('\n');
}

/** The ambient declarations of every npm module the catalog names. */
export function catalogModuleDeclarations(): string {
  const byModule = new Map<string, ExportEntry[]>();
  for (const entry of catalog) {
    if (entry.type !== 'export') continue;
    for (const module of entry.modules) {
      if (isBuiltin(module)) continue;
      byModule.set(module, [...(byModule.get(module) ?? []), entry]);
    }
  }
  return [...byModule].map(([module, entries]) => declareModule(module, entries)).join('\n\n') + '\n';
}

/**
 * Interop helpers of compilers, typed for the checker: they wrap a CommonJS module (the catalog's are
 * all CommonJS, without `__esModule`) so that `.default` is the module and, for the star forms, its
 * members stay reachable. See ./interop.ts for how calls to them are pointed here.
 */
export const INTEROP_DECLARATIONS = `
declare function __oS<T>(module: T, ...rest: unknown[]): T & { default: T };
declare function __oD<T>(module: T, ...rest: unknown[]): { default: T };
`;
