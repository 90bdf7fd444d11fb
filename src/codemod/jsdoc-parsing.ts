import { ts } from '#ts-morph';
import type { Project } from 'ts-morph';

/**
 * ts-morph parses the JSDoc of every file into syntax nodes, as an editor's language service does.
 * The type checker reads JSDoc only in JavaScript files, and `tsc` parses the others without it
 * (`JSDocParsingMode.ParseForTypeErrors`, which keeps the few comments that matter to errors: `@see`
 * and `@link` name imports). A project's declarations are mostly JSDoc (lib.*.d.ts and @types/node:
 * 100,000 lines), so the project's files are parsed as `tsc` parses them, which saves a tenth of the
 * loading; the engine reads JSDoc in JavaScript files only, where it is still parsed.
 *
 * ts-morph has no option for it. Its document registry, which parses every file of a project (for the
 * program and the language service alike), passes the compiler options' `target` on to TypeScript as
 * the parser's language version, which may be an options object instead: the registry of `project` is
 * given one. Where a later ts-morph parses otherwise, the files are parsed as before, JSDoc and all.
 */
export function parseJsDocAsTsc(project: Project): void {
  const registry = (project as unknown as { _context?: { compilerFactory?: { documentRegistry?: Registry } } })._context?.compilerFactory?.documentRegistry;
  if (registry === undefined || typeof registry.createOrUpdateSourceFile !== 'function' || typeof registry.acquireDocument !== 'function') return;
  const create = registry.createOrUpdateSourceFile.bind(registry);
  const acquire = registry.acquireDocument.bind(registry);
  registry.createOrUpdateSourceFile = (fileName, settings, ...rest) => create(fileName, asTsc(settings), ...rest);
  registry.acquireDocument = (fileName, settings, ...rest) => acquire(fileName, asTsc(settings), ...rest);
}

interface Registry {
  createOrUpdateSourceFile(fileName: string, settings: ts.CompilerOptions, ...rest: unknown[]): ts.SourceFile;
  acquireDocument(fileName: string, settings: ts.CompilerOptions, ...rest: unknown[]): ts.SourceFile;
}

function asTsc(settings: ts.CompilerOptions): ts.CompilerOptions {
  const languageVersion = typeof settings.target === 'number' ? settings.target : ts.ScriptTarget.Latest;
  const options: ts.CreateSourceFileOptions = { languageVersion, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeErrors };
  return { ...settings, target: options as unknown as ts.ScriptTarget };
}
