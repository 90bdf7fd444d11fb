import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root and manifest. Found by walking up, because this module runs both from src/ (tests)
 * and from dist/src/ (the published package). Read once, when the plugin is loaded.
 */
function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'unblock') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('unblock: cannot find its own package.json');
    dir = parent;
  }
}

export const packageRoot = findRoot();
export const packageJson = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  repository?: { url: string };
};

/** Where a rule's or codemod's documentation lives; `docs.url` of every rule points here. */
export const DOCS_BASE = 'https://github.com/unblock-dev/unblock/blob/main/docs';
