import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

const ENTRY = join(repoRoot, 'src', 'index.ts');
const CACHE = join(repoRoot, 'node_modules', '.cache', 'unblock-plugin-tests');
/** The files besides the plugin's sources that decide what the build holds. */
const BUILD_INPUTS = ['package.json', 'tsconfig.json', 'tsconfig.build.json'];
/** Builds of other source states are kept this long after their last use, for runs on those states. */
const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * The repository's own source files the plugin's entry imports, transitively: a build of exactly these
 * is the plugin as published. Found from the import specifiers, without a type check, so that the cache
 * key is known before any build.
 */
function pluginSources(): string[] {
  const seen = new Set<string>([ENTRY]);
  const queue = [ENTRY];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolve(dirname(file), fileName).replace(/\.js$/, '.ts');
      if (!seen.has(target) && existsSync(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return [...seen].sort();
}

function cacheKey(sources: readonly string[]): string {
  const hash = createHash('sha256').update(ts.version).update('\0');
  for (const file of [...sources, ...BUILD_INPUTS.map((name) => join(repoRoot, name))]) {
    hash.update(relative(repoRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Compiles the plugin with the options of tsconfig.build.json into `outDir`; fails when it emits nothing. */
function compile(sources: readonly string[], outDir: string): void {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(repoRoot, 'tsconfig.build.json'),
    { outDir, rootDir: repoRoot, sourceMap: false, noEmit: false },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } },
  );
  if (parsed === undefined) throw new Error('cannot read tsconfig.build.json');
  const program = ts.createProgram({ rootNames: [ENTRY], options: parsed.options });
  // The cache key covers only what the import scan found: it must be all the program compiled of ours.
  const compiled = program.getSourceFiles()
    .filter((file) => !file.isDeclarationFile && !program.isSourceFileFromExternalLibrary(file))
    .map((file) => resolve(file.fileName));
  const missed = compiled.filter((file) => !sources.includes(file));
  if (missed.length > 0) throw new Error(`the import scan missed ${missed.join(', ')}`);
  const result = program.emit();
  if (result.emitSkipped) {
    throw new Error(ts.formatDiagnostics(result.diagnostics, {
      getCanonicalFileName: (f) => f, getCurrentDirectory: () => repoRoot, getNewLine: () => '\n',
    }));
  }
}

function pruneOldBuilds(keep: string): void {
  for (const name of readdirSync(CACHE)) {
    const dir = join(CACHE, name);
    const lastUse = statSync(dir, { throwIfNoEntry: false })?.mtimeMs; // another run may be pruning too
    if (dir !== keep && lastUse !== undefined && Date.now() - lastUse > STALE_AFTER_MS) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The package as npm would install it: package.json and a `dist/` built from the current sources with the
 * build's own compiler options. Built privately (not into the checkout's dist/, which other runs may be
 * reading and which may be stale) and cached by the sources' content, so only the first run after a change
 * pays for the compile. It sits under the checkout's node_modules, so its dependencies resolve as when
 * installed next to them.
 */
export function builtPackage(): string {
  const sources = pluginSources();
  const dir = join(CACHE, cacheKey(sources));
  if (existsSync(join(dir, 'package.json'))) {
    const now = new Date();
    utimesSync(dir, now, now); // a use: see pruneOldBuilds
    return dir;
  }
  mkdirSync(CACHE, { recursive: true });
  const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    compile(sources, join(staging, 'dist'));
    cpSync(join(repoRoot, 'package.json'), join(staging, 'package.json'));
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another test file built the same sources meanwhile: its build is as good as ours.
      if (!existsSync(join(dir, 'package.json'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  pruneOldBuilds(dir);
  return dir;
}
