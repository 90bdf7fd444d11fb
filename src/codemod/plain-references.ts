import { ts } from '#ts-morph';
import { spellingsOf } from './spellings.js';
import { aliasTarget } from './symbols.js';

/**
 * The references of a module's own function or variable, found directly where the answer is plain, in
 * a fraction of the time TypeScript's find-all-references takes (it sets up an import tracker and
 * resolves every import of every file it is given, once per search).
 *
 * Plain means: a TypeScript ES module declares the name (a function, or a variable named by an
 * identifier) and passes it on by nothing but an `export` modifier, and the files that may refer to it
 * import it by named imports only (`import { f }`, `import { f as g }`; whole imports of other
 * modules, such as `import * as fs from 'node:fs'`, do not matter). Then a reference is an
 * identifier, in one of those files, spelt as the name or as one of its local import names, that the
 * checker resolves (through the imports) to the same symbol. Anything else, and any occurrence of such
 * a spelling that is not an identifier (a comment, a string, JSDoc), gives `undefined`: the caller asks
 * find-all-references, whose answer this one equals wherever it gives one (test/codemods/plain-references.test.ts).
 */
export class PlainReferenceSearch {
  readonly #imports = new WeakMap<ts.SourceFile, FileImports>();
  readonly #resolvedSymbols = new Map<ts.Symbol, ts.Symbol>();

  /** The project's modules that a `declare module '…'` elsewhere adds to: their exports are not plain. */
  readonly #augmented = new Set<ts.SourceFile>();

  constructor(program: ts.Program, private readonly checker: ts.TypeChecker) {
    for (const file of program.getSourceFiles()) {
      for (const name of (file as { moduleAugmentations?: readonly (ts.StringLiteral | ts.Identifier)[] }).moduleAugmentations ?? []) {
        if (!ts.isStringLiteral(name)) continue; // `declare global`
        for (const d of checker.getSymbolAtLocation(name)?.declarations ?? []) if (ts.isSourceFile(d)) this.#augmented.add(d);
      }
    }
  }

  /**
   * The identifiers referring to the symbol declared at `name` (its declaration included) in `files`,
   * which must hold every file that imports the declaring one; `undefined` when the case is not plain.
   */
  find(name: ts.Identifier, files: readonly ts.SourceFile[]): ts.Identifier[] | undefined {
    const declaring = name.getSourceFile();
    const exportName = this.#exportName(name);
    const moduleSymbol = (declaring as { symbol?: ts.Symbol }).symbol;
    if (exportName === undefined || moduleSymbol === undefined || !this.#plainFor(declaring, moduleSymbol)) return undefined;
    // a module importing itself by name: another spelling in the declaring file
    if (this.#importsOf(declaring).named.some((n) => n.module === moduleSymbol)) return undefined;
    const target = this.#resolved(this.checker.getSymbolAtLocation(name));
    if (target === undefined) return undefined;
    const found: ts.Identifier[] = [];
    // a declaration that is not exported can only be named in its own file
    for (const file of exportName === null ? [declaring] : files) {
      const spellings = file === declaring || exportName === null ? [name.text] : this.#localNames(file, moduleSymbol, exportName);
      if (spellings === undefined) return undefined;
      const inFile: ts.Identifier[] = [];
      for (const spelling of spellings) {
        const identifiers = identifiersSpelt(file, spelling);
        if (identifiers === undefined) return undefined;
        for (const id of identifiers) if (this.#resolved(this.#symbolOf(id)) === target) inFile.push(id);
      }
      found.push(...inFile.sort((a, b) => a.pos - b.pos));
    }
    return found;
  }

  /**
   * The name importers know the declaration by: its own, for `export function f` / `export const f` at
   * the top level; `null` when it is not exported (or not at the top level); `undefined` when the case
   * is not plain.
   */
  #exportName(name: ts.Identifier): string | null | undefined {
    const declaration = name.parent;
    let statement: ts.Node;
    if (ts.isFunctionDeclaration(declaration) && declaration.name === name) statement = declaration;
    else if (ts.isVariableDeclaration(declaration) && declaration.name === name && ts.isVariableDeclarationList(declaration.parent)) statement = declaration.parent.parent;
    else return undefined;
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) ?? [] : [];
    if (modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword || m.kind === ts.SyntaxKind.DeclareKeyword)) return undefined;
    const exported = ts.isSourceFile(statement.parent) && modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    return exported ? name.text : null;
  }

  /**
   * The local names `file` imports `exportName` of the module under, by named imports; `undefined`
   * when the file may reach it otherwise (see `#plainFor`).
   */
  #localNames(file: ts.SourceFile, moduleSymbol: ts.Symbol, exportName: string): string[] | undefined {
    if (!this.#plainFor(file, moduleSymbol)) return undefined;
    const names: string[] = [];
    for (const named of this.#importsOf(file).named) {
      if (named.imported !== exportName || named.module !== moduleSymbol) continue;
      if (!names.includes(exportName)) names.push(exportName);
      if (!names.includes(named.local)) names.push(named.local);
    }
    return names;
  }

  /**
   * Whether `file` can name the declarations of `module` only by named imports (or, declaring them,
   * by their own names): a TypeScript ES module that passes no binding on but by `export` modifiers
   * (no `export { … }`, `export =`, `export default x`, `export * from`), that reaches no module by
   * `import()` nor has namespaces or `declare module`, and that holds no whole module it could read
   * them from (`import * as m`, `import m = require()`), unless that module is another one.
   */
  #plainFor(file: ts.SourceFile, module: ts.Symbol): boolean {
    const imports = this.#importsOf(file);
    return imports.plain && !imports.whole.includes(module);
  }

  /** What a file imports, resolved once per file. */
  #importsOf(file: ts.SourceFile): FileImports {
    let imports = this.#imports.get(file);
    if (imports !== undefined) return imports;
    imports = { plain: this.#plainSyntax(file), named: [], whole: [] };
    this.#imports.set(file, imports);
    if (!imports.plain) return imports;
    for (const statement of file.statements) {
      if (ts.isImportEqualsDeclaration(statement)) {
        const reference = statement.moduleReference;
        if (!ts.isExternalModuleReference(reference)) imports.plain = false; // `import x = N.y`: a namespace's member
        else this.#addWhole(imports, this.checker.getSymbolAtLocation(reference.expression));
        continue;
      }
      const bindings = ts.isImportDeclaration(statement) ? statement.importClause?.namedBindings : undefined;
      if (bindings === undefined) continue;
      const module = this.checker.getSymbolAtLocation((statement as ts.ImportDeclaration).moduleSpecifier);
      if (ts.isNamespaceImport(bindings)) {
        this.#addWhole(imports, module);
        continue;
      }
      for (const specifier of bindings.elements) {
        const imported = specifier.propertyName ?? specifier.name;
        if (ts.isIdentifier(imported)) imports.named.push({ module, imported: imported.text, local: specifier.name.text });
      }
    }
    return imports;
  }

  /** A module imported whole; one that does not resolve cannot be a module of the project. */
  #addWhole(imports: FileImports, module: ts.Symbol | undefined): void {
    if (module !== undefined) imports.whole.push(module);
  }

  #plainSyntax(file: ts.SourceFile): boolean {
    return !this.#augmented.has(file) && !/\.[cm]?jsx?$/.test(file.fileName) && !file.isDeclarationFile && ts.isExternalModule(file)
      && (file as { commonJsModuleIndicator?: ts.Node }).commonJsModuleIndicator === undefined
      && !/\bimport\s*\(/.test(file.text)
      && file.statements.every((s) => !ts.isExportDeclaration(s) && !ts.isExportAssignment(s) && !ts.isModuleDeclaration(s));
  }

  #symbolOf(id: ts.Identifier): ts.Symbol | undefined {
    // `{ f }` names a property and reads the variable: find-all-references counts it for the variable
    if (ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id) return this.checker.getShorthandAssignmentValueSymbol(id.parent);
    return this.checker.getSymbolAtLocation(id);
  }

  /** The symbol behind imports, as its module exports it (once per symbol: most identifiers name a few). */
  #resolved(symbol: ts.Symbol | undefined): ts.Symbol | undefined {
    if (symbol === undefined) return undefined;
    let resolved = this.#resolvedSymbols.get(symbol);
    if (resolved === undefined) {
      this.#resolvedSymbols.set(symbol, resolved = this.checker.getExportSymbolOfSymbol(aliasTarget(symbol, this.checker)));
    }
    return resolved;
  }
}

interface FileImports {
  /** The file's syntax allows the plain search at all (see `#plainFor`). */
  plain: boolean;
  named: NamedImport[];
  /** The modules imported whole. */
  whole: ts.Symbol[];
}

interface NamedImport {
  module: ts.Symbol | undefined;
  /** The export's name; `local`, the file's name for it. */
  imported: string;
  local: string;
}

/**
 * The identifiers of `file` spelt `spelling`, wherever the text has it as a whole word; `undefined` if
 * one such word is not an identifier of the syntax tree (it stands in a comment, a string, JSDoc, …).
 */
function identifiersSpelt(file: ts.SourceFile, spelling: string): ts.Identifier[] | undefined {
  const found: ts.Identifier[] = [];
  for (const { pos, node } of spellingsOf(file, spelling)) {
    if (node === undefined || !ts.isIdentifier(node) || node.getStart(file) !== pos || node.end !== pos + spelling.length) return undefined;
    found.push(node);
  }
  return found;
}
