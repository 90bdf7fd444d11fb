/**
 * A published JavaScript package, copied to a work folder and given a tsconfig so that typed lint rules
 * can run on it: shared by the oracles that lint real packages (check:floating, check:migrated).
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../..');
const MAX_BYTES = 1024 * 1024;

/** The package's .js/.mjs/.cjs files, and those left out (minified, over 1 MB) with why. */
export function listFiles(root: string): { files: string[]; skipped: string[] } {
  const files: string[] = [];
  const skipped: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(full);
      } else if (entry.isFile() && /\.(c|m)?js$/.test(entry.name)) {
        if (/\.min\.js$/.test(entry.name)) skipped.push(`${path.relative(root, full)} (min)`);
        else if (statSync(full).size > MAX_BYTES) skipped.push(`${path.relative(root, full)} (> 1 MB)`);
        else files.push(full);
      }
    }
  };
  walk(root);
  return { files: files.sort(), skipped };
}

/** How Node loads `file`: by its extension, else the nearest package.json's `type`. */
export function sourceTypeOf(file: string, root: string): 'module' | 'commonjs' {
  if (file.endsWith('.mjs')) return 'module';
  if (file.endsWith('.cjs')) return 'commonjs';
  for (let dir = path.dirname(file); dir.startsWith(root); dir = path.dirname(dir)) {
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj)) {
      try {
        const type = (JSON.parse(readFileSync(pj, 'utf8')) as { type?: string }).type;
        if (type !== undefined) return type === 'module' ? 'module' : 'commonjs';
      } catch { /* a broken package.json: keep walking */ }
    }
    if (dir === root) break;
  }
  return 'commonjs';
}

/** How ESLint must parse `code`: a "commonjs" .js file with import/export (babel sources shipped as is) is a module. */
export function parsedSourceType(file: string, root: string, code: string): 'module' | 'commonjs' {
  const type = sourceTypeOf(file, root);
  return type === 'commonjs' && /^\s*(import\s[^(]|export\s)/m.test(code) ? 'module' : type;
}

/** The name a package folder is copied under: scoped packages inside node_modules keep their scope. */
export function packageName(dir: string): string {
  const abs = path.resolve(dir);
  return abs.includes(`${path.sep}node_modules${path.sep}`)
    ? abs.slice(abs.lastIndexOf(`node_modules${path.sep}`) + 'node_modules/'.length).replace(/[\\/]/g, '__')
    : path.basename(abs);
}

/** Copies `dir` (without node_modules) to `copy`, replacing what was there. */
export function copyPackage(dir: string, copy: string): string {
  const abs = path.resolve(dir);
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(path.dirname(copy), { recursive: true });
  cpSync(abs, copy, { recursive: true, filter: (src) => !src.slice(abs.length).split(path.sep).includes('node_modules') });
  return copy;
}

/**
 * Writes a tsconfig (allowJs, module nodenext, unblock's own @types/node) listing `files` into `root`,
 * under `name`; returns its path. `lib` (comma-separated, e.g. "es2022") replaces TypeScript's default
 * lib for the target, which includes the DOM.
 */
export function writeTsconfig(root: string, files: readonly string[], name: string, lib?: string): string {
  const tsconfig = path.join(root, name);
  writeFileSync(tsconfig, JSON.stringify({
    compilerOptions: {
      allowJs: true, checkJs: false, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022',
      types: ['node'], typeRoots: [path.join(REPO, 'node_modules/@types')], skipLibCheck: true, maxNodeModuleJsDepth: 0,
      ...(lib ? { lib: lib.split(',') } : {}),
    },
    files,
  }, null, 2));
  return tsconfig;
}
