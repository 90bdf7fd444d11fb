import { ts } from '#ts-morph';
import type { Node, Project, SourceFile } from 'ts-morph';
import { wrap } from './wrap.js';
import type { ImportGraph } from './import-graph.js';
import { MemberSearchKeys } from './member-searches.js';
import { PlainReferenceSearch } from './plain-references.js';
import { isOwnFile } from './project.js';
import { UntypedMemberUses } from './untyped-uses.js';

/**
 * Every reference the type checker knows to the symbol named at `nameNode`, across the project: through
 * imports and re-exports under other names, and across the members an override or an `implements`
 * links (TypeScript's find-all-references groups them). Declarations of linked members are included;
 * the bindings of named imports (`import { f as g }`) are not: the uses of `g` are.
 *
 * TypeScript searches every file that contains the name's text, and resolves each occurrence: for a
 * method named `get` or `load`, most of a large project, once per method. Only files that can see the
 * symbol's type can refer to it, though: the files that import, directly or not, the file declaring it
 * (or declaring the classes and interfaces it is linked to), and the scripts, whose declarations are
 * global. The search is given those files (TypeScript's own entry point takes the list). A name that is
 * not a member (a function, a variable, an import) is narrower still: only the files that can import it
 * by name, through the modules that pass it on, can refer to it; and where those modules only import
 * and export it by name, its references are found without find-all-references (plain-references.ts).
 * Members with the same ancestors share one search (member-searches.ts).
 */
export class ReferenceFinder {
  readonly #service: ts.LanguageService;
  readonly #cache = new Map<string, Node[]>();
  readonly #importers = new Map<SourceFile, Set<SourceFile>>();
  readonly #exposers = new Map<SourceFile, Set<SourceFile>>();
  readonly #files = new Map<string, SourceFile | undefined>();
  readonly #scripts: SourceFile[];
  readonly #words = new WordIndex();
  readonly #plain: PlainReferenceSearch | undefined;
  readonly #memberKeys: MemberSearchKeys | undefined;
  readonly #memberSearches = new Map<string, ReferenceSpan[]>();
  #untyped: UntypedMemberUses | undefined;
  readonly #memberFilesOf = new Map<Node, Set<SourceFile>>();
  /** Per declaring file, its importers holding a name as a word. */
  readonly #naming = new Map<SourceFile, Map<string, SourceFile[]>>();
  /** The project's own files, and those holding a name as a word. */
  #ownFiles: SourceFile[] | undefined;
  readonly #ownNaming = new Map<string, SourceFile[]>();
  /** How many searches each way went (plain: without find-all-references; shared: a related member's). */
  readonly searches = { plain: 0, full: 0, shared: 0 };

  /**
   * `plainSearch: false`, `shareMemberSearches: false`: every search through find-all-references (the
   * tests compare the ways).
   */
  constructor(private readonly project: Project, private readonly graph: ImportGraph, options: { plainSearch?: boolean; shareMemberSearches?: boolean } = {}) {
    this.#service = project.getLanguageService().compilerObject;
    this.#scripts = project.getSourceFiles().filter((f) => !ts.isExternalModule(f.compilerNode) && !f.isInNodeModules());
    const checker = project.getTypeChecker().compilerObject;
    this.#plain = options.plainSearch === false ? undefined : new PlainReferenceSearch(project.getProgram().compilerObject, checker);
    this.#memberKeys = options.shareMemberSearches === false ? undefined : new MemberSearchKeys(checker);
  }

  find(nameNode: Node): Node[] {
    const file = nameNode.getSourceFile();
    const key = `${file.getFilePath()}:${nameNode.getStart()}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const found: Node[] = [];
    const seen = new Set<string>();
    for (const reference of this.#search(nameNode)) {
      const id = `${reference.fileName}:${reference.start}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const sourceFile = this.#sourceFile(reference.fileName);
      const inner = sourceFile === undefined ? undefined : reference.node ?? deepestNodeAt(sourceFile.compilerNode, reference.start);
      // `import { f }` binds a name, and changes nothing at run time: the engine follows the uses of the
      // name instead, and need not wrap the import (ts-morph wraps every ancestor of a node it wraps)
      if (sourceFile === undefined || inner === undefined || ts.isImportSpecifier(inner.parent)) continue;
      if (sourceFile === file && inner.getStart(sourceFile.compilerNode) === nameNode.getStart()) continue;
      found.push(wrap(sourceFile, inner));
    }
    this.#cache.set(key, found);
    return found;
  }

  #sourceFile(fileName: string): SourceFile | undefined {
    let sourceFile = this.#files.get(fileName);
    if (sourceFile === undefined && !this.#files.has(fileName)) this.#files.set(fileName, sourceFile = this.project.getSourceFile(fileName));
    return sourceFile;
  }

  /** Where the references are: the spans TypeScript's find-all-references reports, by their start. */
  #search(nameNode: Node): ReferenceSpan[] {
    const file = nameNode.getSourceFile();
    const internals = (ts as unknown as { FindAllReferences?: FindAllReferencesInternals }).FindAllReferences;
    const program = this.project.getProgram().compilerObject;
    const getReferencedSymbolsForNode = internals?.Core?.getReferencedSymbolsForNode;
    const touching = (ts as unknown as { getTouchingPropertyName?: (sf: ts.SourceFile, pos: number) => ts.Node }).getTouchingPropertyName;
    if (typeof getReferencedSymbolsForNode !== 'function' || typeof touching !== 'function') {
      return (this.#service.findReferences(file.getFilePath(), nameNode.getStart()) ?? [])
        .flatMap((symbol) => symbol.references.map((r) => ({ fileName: r.fileName, start: r.textSpan.start })));
    }
    const files = new Set<SourceFile>(this.#scripts);
    const checker = program.getTypeChecker();
    let memberKey: string | undefined;
    if (isMemberName(nameNode.compilerNode)) {
      for (const f of this.#memberFiles(nameNode, checker)) files.add(f);
      memberKey = this.#memberKeys?.key(nameNode.compilerNode, files);
      const shared = memberKey === undefined ? undefined : this.#memberSearches.get(memberKey);
      // the related member's answer holds this one's declaration, as it must: else, searched afresh
      if (shared?.some((s) => s.fileName === file.getFilePath() && s.start === nameNode.getStart()) === true) {
        this.searches.shared++;
        return shared;
      }
    } else {
      const exposers = this.#exposersOf(file);
      const plain = ts.isIdentifier(nameNode.compilerNode) ? this.#plain?.find(nameNode.compilerNode, [...exposers].map((f) => f.compilerNode)) : undefined;
      if (plain !== undefined) {
        this.searches.plain++;
        return plain.map((id) => ({ fileName: id.getSourceFile().fileName, start: id.getStart(), node: id }));
      }
      for (const f of exposers) files.add(f);
    }
    this.searches.full++;
    const sourceFiles = [...files].map((f) => f.compilerNode);
    // the core of `findReferencedSymbols`, without the display text it builds for each definition (costly, unused)
    const position = nameNode.getStart();
    const found = getReferencedSymbolsForNode(position, touching(file.compilerNode, position), program, sourceFiles, NEVER_CANCELLED, { use: REFERENCES_USE }) ?? [];
    const spans: ReferenceSpan[] = [];
    for (const { definition, references } of found) {
      // as findReferencedSymbols: only the symbols with a definition
      if (definition === undefined) continue;
      for (const entry of references) spans.push(spanOf(entry));
    }
    if (memberKey !== undefined) this.#memberSearches.set(memberKey, spans);
    return spans;
  }

  /**
   * The files that may use a member: those that can see its declaring files (see `#search`), and that
   * hold its name as a word. A member is named by its own text wherever it is used (it has no
   * `import { a as b }`): a file without that word cannot refer to it, and TypeScript need not scan it.
   */
  #memberFiles(nameNode: Node, checker: ts.TypeChecker): Set<SourceFile> {
    const known = this.#memberFilesOf.get(nameNode);
    if (known !== undefined) return known;
    const files = new Set<SourceFile>();
    // asked twice for a member that becomes async: for its untyped uses, then for its references
    this.#memberFilesOf.set(nameNode, files);
    const name = nameNode.getText();
    for (const declaring of declaringFiles(nameNode, checker, this.project)) for (const f of this.#importersNaming(declaring, name)) files.add(f);
    return files;
  }

  /** The file and its importers (direct or not) that hold `name` as a word: shared by the members of that name it declares. */
  #importersNaming(declaring: SourceFile, name: string): SourceFile[] {
    let byName = this.#naming.get(declaring);
    if (byName === undefined) this.#naming.set(declaring, byName = new Map());
    let files = byName.get(name);
    if (files === undefined) byName.set(name, files = [...this.#importersOf(declaring)].filter((f) => this.#words.mayName(f.compilerNode, name)));
    return files;
  }

  /**
   * The uses of a member's name that the checker cannot link to any declaration because the value they
   * read it from is `any` (see untyped-uses.ts), in any file of the project that holds the name: an
   * untyped value can hold the member's object without its file importing anything (`this.adapter`
   * set from a parameter). None for a name that is not a member: imports link it by symbol, whatever its type.
   */
  untypedUses(nameNode: Node): Node[] {
    if (!isMemberName(nameNode.compilerNode) || !ts.isIdentifier(nameNode.compilerNode)) return [];
    this.#untyped ??= new UntypedMemberUses(this.project.getTypeChecker().compilerObject);
    const name = nameNode.compilerNode.text;
    let files = this.#ownNaming.get(name);
    if (files === undefined) {
      this.#ownFiles ??= this.project.getSourceFiles().filter(isOwnFile);
      this.#ownNaming.set(name, files = this.#ownFiles.filter((f) => this.#words.mayName(f.compilerNode, name)));
    }
    return files.flatMap((f) => this.#untyped!.in(f.compilerNode, name).map((node) => wrap(f, node)));
  }

  /**
   * For a name that is not a member: the file, the files that import it directly, and, through the
   * importers that may pass its exports on (`export … from`, `export { x }`, `export default x`,
   * `export =`, `export import`), their importers in turn. Only these can name it: a file further up
   * reaches it only through a member or a value, which is followed from that other name.
   */
  #exposersOf(file: SourceFile): Set<SourceFile> {
    return importerClosure(file, this.graph, this.#exposers, (importer) => mayReExport(importer.compilerNode));
  }

  /** The file and every file that imports it, directly or through others (re-exports included). */
  #importersOf(file: SourceFile): Set<SourceFile> {
    return importerClosure(file, this.graph, this.#importers, () => true);
  }
}

/**
 * ts-morph's `getDescendantAtPos`, without wrapping every node on the way down (a wrapper per ancestor,
 * per reference, is most of its cost): the same descent through the compiler's children, then one wrapper.
 */
function deepestNodeAt(sf: ts.SourceFile, pos: number): ts.Node | undefined {
  if (pos < sf.pos || pos >= sf.end) return undefined;
  let node: ts.Node = sf;
  for (;;) {
    const child = node.getChildren(sf).find((c) => pos >= c.pos && pos < c.end);
    if (child === undefined) return node === sf ? undefined : node;
    node = child;
  }
}

/**
 * The words of each file's text (maximal runs of ASCII identifier characters, in code, strings and
 * comments alike): the places TypeScript's reference search looks at are occurrences of the name as
 * such a word. Only ASCII names are looked up, and an identifier spelt with other letters too
 * (`é_name`) only adds words (`_name`): a file may be searched for nothing, never skipped wrongly.
 */
class WordIndex {
  readonly #words = new WeakMap<ts.SourceFile, Set<string>>();

  mayName(file: ts.SourceFile, name: string): boolean {
    // a name the pattern may split differently from TypeScript's scanner: no filtering
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return true;
    let words = this.#words.get(file);
    // ASCII: twice as fast as Unicode's identifier classes, on every file a member's search may look at
    if (words === undefined) this.#words.set(file, words = new Set(file.text.match(/[\w$]+/g)));
    return words.has(name);
  }
}

/** `file` and its importers, climbing further through the importers `climb` accepts; cached in `cache`. */
function importerClosure(file: SourceFile, graph: ImportGraph, cache: Map<SourceFile, Set<SourceFile>>, climb: (importer: SourceFile) => boolean): Set<SourceFile> {
  let closure = cache.get(file);
  if (closure !== undefined) return closure;
  closure = new Set([file]);
  const queue = [file];
  while (queue.length > 0) {
    for (const importer of graph.importersOf(queue.pop()!)) {
      if (closure.has(importer)) continue;
      closure.add(importer);
      if (climb(importer)) queue.push(importer);
    }
  }
  cache.set(file, closure);
  return closure;
}

/**
 * A name whose references can come from any code holding a value of its type (a class, interface or
 * object literal member), rather than only from code that names it through imports.
 */
function isMemberName(name: ts.Node): boolean {
  const parent = name.parent;
  if (parent === undefined) return true;
  // `export default function () {}`, `export default () => …`: imported under any name, never a word of its own
  if (name.kind === ts.SyntaxKind.DefaultKeyword) return false;
  if (ts.isFunctionDeclaration(parent) || ts.isVariableDeclaration(parent) || ts.isBindingElement(parent)
    || ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent)) {
    // a binding inside a destructuring pattern names a member of what is destructured too
    if (ts.isBindingElement(parent) || parent.name !== name) return true;
    // in a namespace or `declare global`, it is reached as a member of the namespace, or globally
    for (let n: ts.Node | undefined = parent.parent; n !== undefined; n = n.parent) if (ts.isModuleDeclaration(n)) return true;
    return false;
  }
  return true;
}

/**
 * Whether a module may pass on bindings of the modules it imports to its own importers: by re-exporting
 * them, or by holding a whole module as a value (`import * as m`, `import m = require()`, `import()`),
 * which can be handed on and read as `value.name` anywhere.
 */
function mayReExport(file: ts.SourceFile): boolean {
  // CommonJS passes exports on through plain assignments (`module.exports = require('./a')`)
  const commonJs = (file as { commonJsModuleIndicator?: ts.Node }).commonJsModuleIndicator !== undefined || /\.[cm]?jsx?$/.test(file.fileName);
  if (commonJs || /\bimport\s*\(/.test(file.text)) return true;
  return file.statements.some((s) => ts.isExportDeclaration(s) || ts.isExportAssignment(s) || ts.isImportEqualsDeclaration(s)
    || (ts.isImportDeclaration(s) && s.importClause?.namedBindings !== undefined && ts.isNamespaceImport(s.importClause.namedBindings))
    || ts.isModuleDeclaration(s));
}

interface ReferenceSpan {
  fileName: string;
  start: number;
  /** The identifier there, when the search has it (the deepest node at `start`). */
  node?: ts.Identifier;
}

/** TypeScript's internal reference entries: a span, or a node (a string literal's span is inside its quotes). */
type ReferenceEntry = { kind: 0; fileName: string; textSpan: ts.TextSpan } | { kind: 1 | 2 | 3 | 4; node: ts.Node };

interface FindAllReferencesInternals {
  Core?: {
    getReferencedSymbolsForNode?: (
      position: number, node: ts.Node, program: ts.Program, sourceFiles: readonly ts.SourceFile[], cancellationToken: ts.CancellationToken,
      options: { use: number },
    ) => { definition: unknown; references: ReferenceEntry[] }[] | undefined;
  };
}

/** FindReferencesUse.References */
const REFERENCES_USE = 1;

function spanOf(entry: ReferenceEntry): ReferenceSpan {
  if (entry.kind === 0) return { fileName: entry.fileName, start: entry.textSpan.start };
  const sourceFile = entry.node.getSourceFile();
  let start = entry.node.getStart(sourceFile);
  if (ts.isStringLiteralLike(entry.node) && entry.node.getEnd() - start > 2) start += 1;
  return { fileName: sourceFile.fileName, start };
}

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
