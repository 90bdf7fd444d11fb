import { ts, type Node, type Project, type SourceFile } from 'ts-morph';

/**
 * Every reference the type checker knows to the symbol named at `nameNode`, across the project: through
 * imports and re-exports under other names, and across the members an override or an `implements`
 * links (TypeScript's find-all-references groups them). Declarations of linked members are included.
 *
 * TypeScript searches every file that contains the name's text, and resolves each occurrence: for a
 * method named `get` or `load`, most of a large project, once per method. Only files that can see the
 * symbol's type can refer to it, though: the files that import, directly or not, the file declaring it
 * (or declaring the classes and interfaces it is linked to), and the scripts, whose declarations are
 * global. The search is given those files (TypeScript's own entry point takes the list).
 */
export class ReferenceFinder {
  readonly #service: ts.LanguageService;
  readonly #cache = new Map<string, Node[]>();
  readonly #importers = new Map<SourceFile, Set<SourceFile>>();
  readonly #scripts: SourceFile[];

  constructor(private readonly project: Project) {
    this.#service = project.getLanguageService().compilerObject;
    this.#scripts = project.getSourceFiles().filter((f) => !ts.isExternalModule(f.compilerNode) && !f.isInNodeModules());
  }

  find(nameNode: Node): Node[] {
    const file = nameNode.getSourceFile();
    const key = `${file.getFilePath()}:${nameNode.getStart()}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const found: Node[] = [];
    const seen = new Set<string>();
    for (const symbol of this.#search(nameNode)) {
      for (const reference of symbol.references) {
        const id = `${reference.fileName}:${reference.textSpan.start}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const node = this.project.getSourceFile(reference.fileName)?.getDescendantAtPos(reference.textSpan.start);
        if (node !== undefined && !(node.getSourceFile() === file && node.getStart() === nameNode.getStart())) found.push(node);
      }
    }
    this.#cache.set(key, found);
    return found;
  }

  #search(nameNode: Node): readonly ts.ReferencedSymbol[] {
    const file = nameNode.getSourceFile();
    const core = (ts as unknown as { FindAllReferences?: { findReferencedSymbols?: FindReferencedSymbols } }).FindAllReferences;
    const program = this.project.getProgram().compilerObject;
    if (typeof core?.findReferencedSymbols !== 'function') {
      return this.#service.findReferences(file.getFilePath(), nameNode.getStart()) ?? [];
    }
    const files = new Set<SourceFile>(this.#scripts);
    for (const declaring of declaringFiles(nameNode, program.getTypeChecker(), this.project)) {
      for (const f of this.#importersOf(declaring)) files.add(f);
    }
    const sourceFiles = [...files].map((f) => f.compilerNode);
    return core.findReferencedSymbols(program, NEVER_CANCELLED, sourceFiles, file.compilerNode, nameNode.getStart()) ?? [];
  }

  /** The file and every file that imports it, directly or through others (re-exports included). */
  #importersOf(file: SourceFile): Set<SourceFile> {
    let closure = this.#importers.get(file);
    if (closure !== undefined) return closure;
    closure = new Set([file]);
    const queue = [file];
    while (queue.length > 0) {
      for (const importer of queue.pop()!.getReferencingSourceFiles()) {
        if (!closure.has(importer)) {
          closure.add(importer);
          queue.push(importer);
        }
      }
    }
    this.#importers.set(file, closure);
    return closure;
  }
}

type FindReferencedSymbols = (
  program: ts.Program, cancellationToken: ts.CancellationToken, sourceFiles: readonly ts.SourceFile[], sourceFile: ts.SourceFile, position: number,
) => ts.ReferencedSymbol[] | undefined;

const NEVER_CANCELLED: ts.CancellationToken = { isCancellationRequested: () => false, throwIfCancellationRequested: () => undefined };

/**
 * The files declaring the symbol at `nameNode` and what it is linked to: for a class member, the base
 * classes and implemented interfaces (transitively); for an object literal member, its contextual type;
 * for an interface member, the interfaces it extends.
 */
function declaringFiles(nameNode: Node, checker: ts.TypeChecker, project: Project): Set<SourceFile> {
  const files = new Set<SourceFile>([nameNode.getSourceFile()]);
  const addDeclarations = (symbol: ts.Symbol | undefined): void => {
    for (const d of symbol?.declarations ?? []) {
      const f = project.getSourceFile(d.getSourceFile().fileName);
      if (f !== undefined) files.add(f);
    }
  };
  const seen = new Set<ts.Type>();
  const addTypeAndBases = (type: ts.Type): void => {
    if (seen.has(type)) return;
    seen.add(type);
    addDeclarations(type.getSymbol());
    const target = (type as ts.TypeReference).target ?? type;
    if ((target.flags & ts.TypeFlags.Object) !== 0 && ((target as ts.ObjectType).objectFlags & (ts.ObjectFlags.Class | ts.ObjectFlags.Interface)) !== 0) {
      for (const base of checker.getBaseTypes(target as ts.InterfaceType)) addTypeAndBases(base);
    }
  };
  for (let n: ts.Node | undefined = nameNode.compilerNode.parent; n !== undefined; n = n.parent) {
    if (ts.isClassLike(n)) {
      for (const clause of n.heritageClauses ?? []) for (const t of clause.types) addTypeAndBases(checker.getTypeAtLocation(t));
      break;
    }
    if (ts.isInterfaceDeclaration(n)) {
      addTypeAndBases(checker.getTypeAtLocation(n));
      break;
    }
    if (ts.isObjectLiteralExpression(n)) {
      const contextual = checker.getContextualType(n);
      if (contextual !== undefined) for (const t of contextual.isUnion() ? contextual.types : [contextual]) addTypeAndBases(t);
      break;
    }
    if (ts.isSourceFile(n)) break;
  }
  return files;
}
