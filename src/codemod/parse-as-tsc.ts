import { ts } from '#ts-morph';
import type { Project } from 'ts-morph';

/**
 * ts-morph parses a project's files as an editor's language service does: every JSDoc comment into
 * syntax nodes, and every node's parent set by a second walk of the tree. `tsc` does neither:
 * - the type checker reads JSDoc only in JavaScript files, and `tsc` parses the others without it
 *   (`JSDocParsingMode.ParseForTypeErrors`, which keeps the few comments that matter to errors:
 *   `@see` and `@link` name imports). A project's declarations are mostly JSDoc (lib.*.d.ts and
 *   @types/node: 100,000 lines). The engine reads JSDoc in JavaScript files only, where it is parsed.
 * - binding sets every parent anyway, and the engine binds the whole program (`bindParents`) before
 *   it walks a tree.
 * Parsing as `tsc` does makes loading a project a sixth faster.
 *
 * ts-morph has no option for it: the document registry of `project`, which parses each of its files
 * for the program and the language service alike, is taken over here. It keeps one source file per
 * path, with the version ts-morph gives it, as ts-morph's own does. Where a later ts-morph has no such
 * registry, the files are parsed as before.
 */
export function parseAsTsc(project: Project): void {
  const context = (project as unknown as { _context?: Context })._context;
  const registry = context?.compilerFactory?.documentRegistry;
  const paths = context?.fileSystemWrapper;
  if (registry === undefined || paths === undefined || typeof paths.getStandardizedAbsolutePath !== 'function'
    || REGISTRY_METHODS.some((method) => typeof registry[method] !== 'function')) return;
  const files = new Map<string, ts.SourceFile>();
  const parse = (fileName: string, settings: ts.CompilerOptions, snapshot: ts.IScriptSnapshot, version: string, scriptKind?: ts.ScriptKind): ts.SourceFile => {
    const sourceFile = ts.createLanguageServiceSourceFile(fileName, snapshot, tscParsing(settings.target ?? ts.ScriptTarget.Latest), version, false, scriptKind);
    files.set(fileName, sourceFile);
    return sourceFile;
  };
  registry.createOrUpdateSourceFile = (fileName, settings, snapshot, scriptKind) => {
    const previous = files.get(fileName);
    const version = previous === undefined ? '0' : String((Number.parseInt(registry.getSourceFileVersion(previous), 10) || 0) + 1);
    return parse(fileName, settings, snapshot, version, scriptKind);
  };
  registry.acquireDocument = (fileName, settings, snapshot, version, scriptKind) => {
    const path = paths.getStandardizedAbsolutePath(fileName);
    const cached = files.get(path);
    return cached !== undefined && registry.getSourceFileVersion(cached) === version ? cached : parse(path, settings, snapshot, version, scriptKind);
  };
  registry.removeSourceFile = (fileName) => {
    files.delete(fileName);
  };
}

/**
 * How a project's file is parsed here: with its target alone (no module format: ts-morph gives none),
 * JSDoc as tsc reads it. The verifier parses rewritten files so too, so that their errors compare.
 */
export function tscParsing(languageVersion: ts.ScriptTarget): ts.CreateSourceFileOptions {
  return { languageVersion, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors };
}

/**
 * Every node's parent, which the parser no longer sets (see above): the binder sets them, for every
 * file of the program at once.
 */
export function bindParents(project: Project): void {
  project.getProgram().compilerObject.getTypeChecker();
}

interface Context {
  compilerFactory?: { documentRegistry?: Registry };
  fileSystemWrapper?: { getStandardizedAbsolutePath(fileName: string): string };
}

/** ts-morph's DocumentRegistry: the methods that parse, and the one that forgets. */
interface Registry {
  createOrUpdateSourceFile(fileName: string, settings: ts.CompilerOptions, snapshot: ts.IScriptSnapshot, scriptKind?: ts.ScriptKind): ts.SourceFile;
  acquireDocument(fileName: string, settings: ts.CompilerOptions, snapshot: ts.IScriptSnapshot, version: string, scriptKind?: ts.ScriptKind): ts.SourceFile;
  removeSourceFile(fileName: string): void;
  getSourceFileVersion(sourceFile: ts.SourceFile): string;
}

const REGISTRY_METHODS = ['createOrUpdateSourceFile', 'acquireDocument', 'removeSourceFile', 'getSourceFileVersion'] as const;
