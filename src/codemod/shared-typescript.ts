import { createRequire, Module } from 'node:module';
import { ts } from '#ts-morph';

/**
 * The site collector hands ts-morph's syntax trees to typescript-estree, which reads them with the
 * TypeScript it requires itself: that must be the very TypeScript ts-morph bundles, because syntax kind
 * numbers differ between versions (209 of 756 between TypeScript 5.4 and 6.0), and the project's own
 * `typescript` may be any version. So, before typescript-estree is first loaded, the module it would
 * load as `typescript` is given ts-morph's copy, through Node's module cache. (It also spares loading a
 * second 9 MB TypeScript.) Imported first by the collector, for that reason.
 */

const require = createRequire(import.meta.url);

const sharing = shareTypeScript();

function shareTypeScript(): { path: string; version: string } | undefined {
  let path: string;
  try {
    const parser = require.resolve('@typescript-eslint/parser');
    const estree = createRequire(parser).resolve('@typescript-eslint/typescript-estree');
    path = createRequire(estree).resolve('typescript');
  } catch {
    return undefined; // no `typescript` where typescript-estree looks: it fails to load on its own, with its own message
  }
  const cached = require.cache[path];
  if (cached === undefined) {
    const entry = new Module(path);
    entry.filename = path;
    entry.loaded = true;
    entry.exports = ts;
    require.cache[path] = entry;
  } else if (!cached.loaded) {
    // Node's ESM loader caches an empty entry when it links an `import` of typescript, to load the module
    // into when the import runs (replacing the entry breaks an assertion of Node's). That import asked for
    // the real TypeScript, whose default libraries are on disk (ts-morph's are not): it is loaded now, and
    // checked as one loaded earlier is
    require(path);
  }
  const version = (require.cache[path]!.exports as { version?: unknown }).version;
  return { path, version: typeof version === 'string' ? version : 'of an unknown version' };
}

function majorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}

/** Why site collection cannot work in this process, if it cannot (see above). */
export function typeScriptMismatch(): string | undefined {
  // patch releases keep the syntax kinds
  if (sharing === undefined || majorMinor(sharing.version) === ts.versionMajorMinor) return undefined;
  return `TypeScript ${sharing.version} was loaded before unblock's migration engine, which reads syntax trees made by TypeScript ${ts.version}: `
    + 'run the migration in a process of its own (the unblock CLI does)';
}
