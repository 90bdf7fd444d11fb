import { ts } from '#ts-morph';
import type { Project, SourceFile } from 'ts-morph';

/**
 * Which files import which, from the program's own resolution of every module specifier (imports,
 * re-exports, `import x = require()`, `require()` and `import()` in JavaScript, import types). ts-morph's
 * `getReferencingSourceFiles` answers the same, but builds it by wrapping every specifier of every file.
 */
export class ImportGraph {
  readonly #importers = new Map<SourceFile, SourceFile[]>();
  readonly #imported = new Map<SourceFile, SourceFile[]>();

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
          return wrapped === undefined ? [] : [wrapped];
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
}
