/**
 * The built plugin (dist/), as users get it. The scripts measure what is published, so they refuse to run
 * on a missing build rather than fall back to the sources.
 */
import { access } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export async function loadBuiltPlugin() {
  return (await importBuilt('dist/src/index.js')).default;
}

export async function importBuilt(relativePath) {
  const path = join(projectRoot, relativePath);
  await access(path).catch(() => {
    throw new Error(`${relativePath} is missing: run \`npm run build\` first`);
  });
  return import(pathToFileURL(path).href);
}
