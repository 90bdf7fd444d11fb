import type { TSESTree } from '@typescript-eslint/utils';
import type { Node, SourceFile } from 'ts-morph';
import { ImportManager, type Edit } from '../analysis/imports.js';
import { moduleBindings } from '../analysis/module-bindings.js';
import { resolverFor } from '../analysis/resolve.js';
import { importRemovalEdits, unusedImportEdits } from '../analysis/unused-imports.js';
import type { EstreeView } from './estree-view.js';
import { usesImportSyntax } from './project.js';
import type { ModuleBinding, TextEdit } from './types.js';

/**
 * The imports a file needs after its rewrite, decided by the rules' own import manager over the file as
 * ESLint sees it. Names are handed out as transforms ask (site by site); the import statements are
 * written at the end, for the requests of the migration groups that were kept.
 */
export class FileImports {
  #view: EstreeView | undefined;
  #imports: ImportManager | undefined;
  readonly #bindings = new Map<string, ModuleBinding[]>();

  /** `estree` gives the file as ESLint sees it, asked for only when a decision needs it. */
  constructor(readonly file: SourceFile, private readonly estree: () => EstreeView) {}

  /** The expression naming `exportName` of `module` at `site` (anywhere in the file without one), and the request key if an import must be added. */
  nameFor(module: string, exportName: string, site?: Node): { name: string; request?: string } {
    return this.#manager().reference(module, exportName, site === undefined ? undefined : this.#estreeNode(site));
  }

  /** The edits adding the imports of these requests; `removals` are edits that delete text (unused imports). */
  edits(keys: ReadonlySet<string>, removals: readonly TextEdit[] = []): TextEdit[] {
    if (keys.size === 0 || this.#imports === undefined) return [];
    return this.#imports.additions(keys, removals.map(toEdit)).map(toTextEdit);
  }

  /** The edits removing the import bindings whose every reference `edits` remove. */
  unusedEdits(edits: readonly TextEdit[]): TextEdit[] {
    if (!edits.some((e) => e.end > e.start)) return [];
    const { sourceCode } = this.#estreeView();
    return unusedImportEdits(sourceCode, resolverFor(sourceCode), edits.map(toEdit)).map(toTextEdit);
  }

  /** The file's top-level bindings of these modules, as the rules' resolver finds them. */
  bindingsOf(modules: readonly string[]): ModuleBinding[] {
    const key = modules.join('\0');
    let bindings = this.#bindings.get(key);
    if (bindings === undefined) {
      const { sourceCode, tsNodeOf } = this.#estreeView();
      bindings = moduleBindings(sourceCode, resolverFor(sourceCode), modules).map((b) => ({
        name: tsNodeOf(b.id),
        module: b.module,
        path: b.path,
        declaration: tsNodeOf(b.statement),
        references: b.references.map(tsNodeOf),
      }));
      this.#bindings.set(key, bindings);
    }
    return bindings;
  }

  /** The edits removing these bindings (of `bindingsOf`), as unused imports are removed. */
  removalEdits(bindings: readonly ModuleBinding[]): TextEdit[] {
    if (bindings.length === 0) return [];
    const { sourceCode } = this.#estreeView();
    const starts = new Set(bindings.map((b) => b.name.getStart()));
    return importRemovalEdits(sourceCode, resolverFor(sourceCode), (id) => starts.has(id.range[0])).map(toTextEdit);
  }

  #manager(): ImportManager {
    const { sourceCode } = this.#estreeView();
    this.#imports ??= new ImportManager(sourceCode, resolverFor(sourceCode), {
      // as the file was linted (collect.ts)
      sourceType: usesImportSyntax(this.file) ? 'module' : 'commonjs',
      filename: this.file.getFilePath(),
      blankLineAfter: true,
    });
    return this.#imports;
  }

  #estreeView(): EstreeView {
    this.#view ??= this.estree();
    return this.#view;
  }

  /** The ESTree node of a ts-morph node, or of the nearest ancestor that has one (a token has none). */
  #estreeNode(site: Node): TSESTree.Node | undefined {
    const map = this.#estreeView().services.tsNodeToESTreeNodeMap;
    for (let node: Node | undefined = site; node !== undefined; node = node.getParent()) {
      const estree = map.get(node.compilerNode as never) as TSESTree.Node | undefined;
      if (estree !== undefined) return estree;
    }
    return undefined;
  }
}

function toEdit(e: TextEdit): Edit {
  return { range: [e.start, e.end], text: e.text };
}

function toTextEdit(e: Edit): TextEdit {
  return { start: e.range[0], end: e.range[1], text: e.text };
}
