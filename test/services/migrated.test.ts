import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import unblock from '../../src/index.js';
import type { MigrateResult } from '../../codemods/index.js';
import { MIGRATED_DIR, SERVICES_DIR, migrateFixtures } from '../../scripts/migrate-fixtures.js';

/** fixtures/migrated/ is the codemods' output, never hand-edited: regenerating it must reproduce it exactly. */

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

describe('fixtures/migrated', () => {
  let out: string;
  let result: MigrateResult;

  beforeAll(async () => {
    out = path.join(await mkdtemp(path.join(os.tmpdir(), 'unblock-migrated-')), 'migrated');
    result = await migrateFixtures(out);
  }, 120_000);

  afterAll(async () => {
    await rm(path.dirname(out), { recursive: true, force: true });
  });

  it('is migrated completely: nothing left for review, no errors', () => {
    expect(result.errors).toEqual([]);
    expect(result.refusals).toEqual([]);
    expect(result.sitesMigrated).toBeGreaterThan(0);
  });

  it('is exactly what `npm run migrate:fixtures` produces', async () => {
    const expected = await filesUnder(MIGRATED_DIR);
    expect(await filesUnder(out)).toEqual(expected);
    for (const file of expected) {
      expect(await readFile(path.join(out, file), 'utf8'), file).toBe(await readFile(path.join(MIGRATED_DIR, file), 'utf8'));
    }
  });

  it('differs from the blocking originals', async () => {
    const changed = [];
    for (const file of await filesUnder(SERVICES_DIR)) {
      const before = await readFile(path.join(SERVICES_DIR, file), 'utf8');
      if (before !== await readFile(path.join(MIGRATED_DIR, file), 'utf8')) changed.push(file);
    }
    expect(changed.length).toBe(result.changes.length);
  });

  it('type-checks', async () => {
    const tsc = path.resolve('node_modules/typescript/bin/tsc');
    await expect(promisify(execFile)(process.execPath, [tsc, '-p', MIGRATED_DIR, '--noEmit'])).resolves.toBeDefined();
  }, 120_000);

  it("has no findings under unblock's recommended config, while the originals have", async () => {
    const eslint = new ESLint({
      cwd: path.dirname(MIGRATED_DIR),
      overrideConfigFile: true,
      overrideConfig: [unblock.configs.recommended],
    });
    const count = async (dir: string): Promise<number> =>
      (await eslint.lintFiles([`${path.basename(dir)}/**/*.ts`])).reduce((n, r) => n + r.messages.length, 0);
    expect(await count(MIGRATED_DIR)).toBe(0);
    expect(await count(SERVICES_DIR)).toBeGreaterThan(0);
  }, 120_000);
});
