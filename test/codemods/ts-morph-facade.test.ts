import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as facade from '#ts-morph';
import { REPO } from './support.js';

/**
 * The engine takes ts-morph's values from src/vendor/ts-morph.js (`#ts-morph`), which requires
 * ts-morph rather than importing it, and its types from ts-morph itself.
 */

const declared = /export \{([^}]*)\} from 'ts-morph'/.exec(readFileSync(join(REPO, 'src', 'vendor', 'ts-morph.d.ts'), 'utf8'))![1]!
  .split(',').map((name) => name.trim()).filter((name) => name !== '');

describe('#ts-morph', () => {
  it("passes on ts-morph's very values, those its declarations name and no other", () => {
    const morph = createRequire(import.meta.url)('ts-morph') as Record<string, unknown>;
    expect(Object.keys(facade).sort()).toEqual([...declared].sort());
    for (const name of declared) {
      expect((facade as Record<string, unknown>)[name], name).toBeDefined();
      expect((facade as Record<string, unknown>)[name], name).toBe(morph[name]);
    }
  });

  it("is not named by the built package's public declarations (a project resolving modules the older way could not follow it)", () => {
    const entries = ['dist/codemods/index.d.ts', 'dist/src/index.d.ts', 'dist/src/catalog/index.d.ts'].map((p) => join(REPO, p));
    if (!entries.every((entry) => existsSync(entry))) throw new Error('build the package first (npm run build)');
    const seen = new Set<string>();
    const naming: string[] = [];
    const walk = (file: string): void => {
      if (seen.has(file) || !existsSync(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      if (text.includes("'#ts-morph'")) naming.push(file);
      for (const [, specifier] of text.matchAll(/from '(\.[^']+)'/g)) walk(resolve(dirname(file), specifier!.replace(/\.js$/, '.d.ts')));
    };
    for (const entry of entries) walk(entry);
    expect(seen.size).toBeGreaterThan(entries.length);
    expect(naming).toEqual([]);
  });
});
