import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ts } from '#ts-morph';
import type { Project } from 'ts-morph';

/**
 * Node.js's types for a project that has none. Verified mode compares a program's type errors before and
 * after a migration: without @types/node, `require('fs')` is untyped before and `node:fs/promises` an
 * unknown module after (TS2591), so every fs migration would be rolled back — safe, but useless. Such a
 * project gets, in memory only, the @types/node its own module resolution finds (a copy its type roots
 * leave out, or one hoisted above them), else unblock's: both programs are checked against real Node.js
 * types. Nothing is written into the project.
 *
 * A tsconfig.json whose `types` lists packages without `node` (`"types": []` included) has chosen the
 * global types its code sees: it gets none.
 */
export function addNodeTypes(project: Project, root: string, fromTsconfig: boolean): void {
  const options = project.getCompilerOptions();
  if (fromTsconfig && options.types !== undefined && !options.types.some((name) => /^node(\/|$)/.test(name))) return;
  if (hasNodeTypes(project.getProgram().compilerObject)) return;
  const entry = ownNodeTypes(root, options) ?? unblockNodeTypes();
  if (entry === undefined) return;
  project.addSourceFileAtPath(entry);
  project.resolveSourceFileDependencies();
}

/** Modules every @types/node declares, under both names. */
const NODE_MODULES = new Set(['fs', 'node:fs']);

/** Whether some declaration file of the program declares Node's modules (from @types/node, or a copy of it anywhere). */
function hasNodeTypes(program: ts.Program): boolean {
  return program.getSourceFiles().some((sf) => sf.isDeclarationFile && !program.isSourceFileDefaultLibrary(sf)
    && sf.statements.some((s) => ts.isModuleDeclaration(s) && ts.isStringLiteral(s.name) && NODE_MODULES.has(s.name.text)));
}

/** The @types/node the project would resolve by itself from its root, if any. */
function ownNodeTypes(root: string, options: ts.CompilerOptions): string | undefined {
  return ts.resolveTypeReferenceDirective('node', join(root, 'package.json'), options, resolutionHost(root))
    .resolvedTypeReferenceDirective?.resolvedFileName;
}

/** unblock's own @types/node (a dependency of unblock), wherever the package manager put it. */
function unblockNodeTypes(): string | undefined {
  let manifest: string;
  try {
    manifest = createRequire(import.meta.url).resolve('@types/node/package.json');
  } catch {
    return undefined;
  }
  // its type root, so that TypeScript picks the entry point for its own version (`typesVersions`)
  const typeRoot = dirname(dirname(manifest));
  return ts.resolveTypeReferenceDirective('node', undefined, { typeRoots: [typeRoot] }, resolutionHost(typeRoot))
    .resolvedTypeReferenceDirective?.resolvedFileName;
}

function resolutionHost(currentDirectory: string): ts.ModuleResolutionHost {
  return {
    fileExists: (path) => ts.sys.fileExists(path),
    readFile: (path) => ts.sys.readFile(path),
    directoryExists: (path) => ts.sys.directoryExists(path),
    getDirectories: (path) => ts.sys.getDirectories(path),
    realpath: (path) => ts.sys.realpath?.(path) ?? path,
    getCurrentDirectory: () => currentDirectory,
  };
}
