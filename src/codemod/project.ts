import { access, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { Project, ts } from '#ts-morph';
import type { SourceFile } from 'ts-morph';
import { bindParents, parseAsTsc } from './parse-as-tsc.js';
import { addNodeTypes } from './node-types.js';
import { OUTPUT_FOLDERS } from './output-folders.js';

/**
 * The target project as one ts-morph Project: from its tsconfig.json, or, for a JavaScript project
 * without one, from its files with allowJs (and checkJs, so that verified mode has types to compare).
 * Either way, in memory, Node.js's types where the project has none (see node-types.ts).
 */

const JS_PROJECT_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: true,
  strict: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  esModuleInterop: true,
  skipLibCheck: true,
  resolveJsonModule: true,
};

const SOURCE_GLOB = ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'];
const SOURCE_FILE = /\.[cm]?[jt]sx?$/;
const NEVER_SOURCES = ['**/node_modules/**', '**/.git/**', '**/*.min.js'];
const IGNORED = [...NEVER_SOURCES, ...[...OUTPUT_FOLDERS].map((folder) => `**/${folder}/**`)];

/** `scopes`: the paths to migrate (absolute), when not the whole project. */
export async function loadProject(root: string, scopes?: readonly string[]): Promise<Project> {
  const tsConfigFilePath = join(root, 'tsconfig.json');
  const fromTsconfig = await exists(tsConfigFilePath);
  const project = fromTsconfig ? tsconfigProject(tsConfigFilePath) : await javaScriptProject(root, scopes ?? []);
  addNodeTypes(project, root, fromTsconfig);
  bindParents(project);
  return project;
}

function tsconfigProject(tsConfigFilePath: string): Project {
  // parsed as tsc parses (see parse-as-tsc.ts): the files are added once the parser is set
  const project = new Project({ tsConfigFilePath, skipAddingFilesFromTsConfig: true });
  parseAsTsc(project);
  project.addSourceFilesFromTsConfig(tsConfigFilePath);
  project.resolveSourceFileDependencies();
  return project;
}

async function javaScriptProject(root: string, scopes: readonly string[]): Promise<Project> {
  // without a tsconfig.json, the project's @types are not included by themselves: name them all
  const typeRoot = join(root, 'node_modules', '@types');
  const types: string[] = [];
  for (const name of await readdir(typeRoot).catch(() => [] as string[])) {
    if (name.startsWith('.')) continue;
    if (name.startsWith('@')) types.push(...(await readdir(join(typeRoot, name))).map((inner) => `${name}/${inner}`));
    else types.push(name);
  }
  const project = new Project({ compilerOptions: { ...JS_PROJECT_OPTIONS, typeRoots: [typeRoot], types } });
  parseAsTsc(project);
  const files = new Set(await glob(SOURCE_GLOB, { cwd: root, ignore: IGNORED, absolute: true }));
  // compiled output asked for by path (`unblock migrate dist/`) is what is to be migrated
  for (const scope of scopes) {
    if (!relative(root, scope).split(sep).some((segment) => OUTPUT_FOLDERS.has(segment))) continue;
    const info = await stat(scope).catch(() => undefined);
    const found = info?.isDirectory() === true
      ? await glob(SOURCE_GLOB, { cwd: scope, ignore: NEVER_SOURCES, absolute: true })
      : info !== undefined && SOURCE_FILE.test(scope) ? [scope] : [];
    for (const file of found) files.add(file);
  }
  for (const file of [...files].sort()) project.addSourceFileAtPath(file);
  project.resolveSourceFileDependencies();
  return project;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

export function isOwnFile(file: SourceFile): boolean {
  // a JSON file is in the program when code requires it (`resolveJsonModule`): it holds no code
  return !file.isDeclarationFile() && !file.isInNodeModules() && !file.isFromExternalLibrary() && SOURCE_FILE.test(file.getFilePath());
}

const TLA_MODULES = new Set([
  ts.ModuleKind.ES2022, ts.ModuleKind.ESNext, ts.ModuleKind.System, ts.ModuleKind.Preserve,
  ts.ModuleKind.Node16, ts.ModuleKind.Node18, ts.ModuleKind.Node20, ts.ModuleKind.NodeNext,
]);

/** Why `await` cannot stand at the top level of a CommonJS module (the reason markers give). */
export const COMMONJS_TOP_LEVEL = 'the top level of a CommonJS module cannot await: wrap the start-up code in an async function (`async function main() { … }`) or make the module ESM';

/**
 * Why `await` may not stand at the top level of `file`, or `undefined` where it may: an ES module (by its
 * syntax, and as Node.js will load it: .mjs/.mts, or "type": "module"), under a `module` and `target`
 * that allow top-level await. (Whether something `require()`s the module is the import graph's to say.)
 */
export function topLevelAwaitRefusal(file: SourceFile, options: ts.CompilerOptions): string | undefined {
  const sf = file.compilerNode;
  if (!ts.isExternalModule(sf)) return COMMONJS_TOP_LEVEL;
  const module = options.module ?? ts.ModuleKind.CommonJS;
  if ((options.target ?? ts.ScriptTarget.ES5) < ts.ScriptTarget.ES2017 || !TLA_MODULES.has(module)) {
    return 'the project compiles this module for a `module` or `target` (tsconfig.json) without top-level await: wrap the start-up code in an async function, or compile for ES2022 or NodeNext';
  }
  if (module >= ts.ModuleKind.Node16 && module <= ts.ModuleKind.NodeNext) {
    // ts-morph parses files itself, without the format Node.js will load them in: ask as the program does
    const format = sf.impliedNodeFormat ?? ts.getImpliedNodeFormatForFile(sf.fileName as ts.Path, undefined, ts.sys, options);
    return format === ts.ModuleKind.ESNext ? undefined : COMMONJS_TOP_LEVEL;
  }
  return /\.c[jt]s$/.test(sf.fileName) ? COMMONJS_TOP_LEVEL : undefined;
}

/** Whether the file is written as an ES module (imports), rather than CommonJS requires: decides how to add imports. */
export function usesImportSyntax(file: SourceFile): boolean {
  const sf = file.compilerNode;
  // TypeScript compiles `import` to `require` where the module format wants it, .cts included
  if (/\.[cm]?tsx?$/.test(sf.fileName)) return true;
  if (/\.mjs$/.test(sf.fileName)) return true;
  if (/\.cjs$/.test(sf.fileName)) return false;
  return sf.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s)
    || (ts.canHaveModifiers(s) && (ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false)));
}
