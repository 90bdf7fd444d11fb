import { ts } from '#ts-morph';
import type { Project, SourceFile } from 'ts-morph';
import { sourceBehind } from './shadow-declarations.js';

/**
 * Which files import which, from the program's own resolution of every module specifier (imports,
 * re-exports, `import x = require()`, `require()` and `import()` in JavaScript, import types). ts-morph's
 * `getReferencingSourceFiles` answers the same, but builds it by wrapping every specifier of every file.
 */
export class ImportGraph {
  readonly #importers = new Map<SourceFile, SourceFile[]>();
  readonly #imported = new Map<SourceFile, SourceFile[]>();
  /** Per file, the files it loads when it is loaded: its static imports and re-exports (not `import()`). */
  readonly #loads = new Map<SourceFile, SourceFile[]>();
  /** The files some file `require()`s, each with one that does. */
  readonly #required = new Map<SourceFile, SourceFile>();

  constructor(project: Project) {
    const program = project.getProgram().compilerObject;
    const checker = program.getTypeChecker();
    const files = new Map<ts.SourceFile, SourceFile>();
    for (const file of project.getSourceFiles()) files.set(file.compilerNode, file);
    for (const [sf, file] of files) {
      const specifiers = (sf as { imports?: readonly ts.StringLiteralLike[] }).imports;
      const targets = specifiers === undefined
        ? file.getReferencedSourceFiles() // the program's list is internal: ts-morph's, where it is gone
        : specifiers.flatMap((specifier) => {
          const target = checker.getSymbolAtLocation(specifier)?.declarations?.find(ts.isSourceFile);
          const wrapped = target === undefined ? undefined : files.get(target);
          if (wrapped === undefined) return [];
          // what Node.js loads is the JavaScript file behind a declaration file the checker resolved to
          const loaded = sourceBehind(wrapped) ?? wrapped;
          if (isRequired(specifier)) {
            if (!this.#required.has(loaded)) this.#required.set(loaded, file);
          } else if (isLoadedStatically(specifier)) {
            let loads = this.#loads.get(file);
            if (loads === undefined) this.#loads.set(file, loads = []);
            loads.push(loaded);
          }
          return [wrapped];
        });
      const unique = [...new Set(targets)].filter((t) => t !== file);
      this.#imported.set(file, unique);
      for (const target of unique) {
        let list = this.#importers.get(target);
        if (list === undefined) this.#importers.set(target, list = []);
        list.push(file);
      }
    }
  }

  /** The files that import `file` directly. */
  importersOf(file: SourceFile): readonly SourceFile[] {
    return this.#importers.get(file) ?? [];
  }

  /** The files `file` imports directly. */
  importedBy(file: SourceFile): readonly SourceFile[] {
    return this.#imported.get(file) ?? [];
  }

  /** The files some file `require()`s, each with one that does. */
  get required(): ReadonlyMap<SourceFile, SourceFile> {
    return this.#required;
  }

  /**
   * The files that loading `seeds` loads, through static imports and re-exports (not `import()` nor
   * `require()`), each with the seed it was reached from.
   */
  loadedFrom<T>(seeds: ReadonlyMap<SourceFile, T>): Map<SourceFile, T> {
    const reached = new Map<SourceFile, T>();
    for (const [seed, label] of seeds) {
      const queue = [seed];
      for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
        if (reached.has(next)) continue;
        reached.set(next, label);
        queue.push(...this.#loads.get(next) ?? []);
      }
    }
    return reached;
  }
}

/** `require('./x')`, or TypeScript's `import x = require('./x')`. */
function isRequired(specifier: ts.StringLiteralLike): boolean {
  const parent = specifier.parent;
  if (ts.isExternalModuleReference(parent)) return true;
  return ts.isCallExpression(parent) && parent.arguments[0] === specifier && ts.isIdentifier(parent.expression) && parent.expression.text === 'require';
}

/** An import or re-export that loads the module when the importer loads (type-only ones do not). */
function isLoadedStatically(specifier: ts.StringLiteralLike): boolean {
  const parent = specifier.parent;
  if (ts.isImportDeclaration(parent)) return parent.importClause?.isTypeOnly !== true;
  return ts.isExportDeclaration(parent) && !parent.isTypeOnly;
}
