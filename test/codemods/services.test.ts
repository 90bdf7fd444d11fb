import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../codemods/index.js';
import { REPO, removeTempProjects, tempCopy } from './support.js';

/**
 * The reference services (fixtures/services: sync fs calls, busy-wait sleeps, sync-fetch, better-sqlite3,
 * un-awaited appendFile) migrate without errors, all of them, and a second run over the output
 * changes nothing.
 */

afterAll(removeTempProjects);

describe('fixtures/services', () => {
  it('migrates every transform\'s sites, and a second run changes nothing', async () => {
    const root = await tempCopy(join(REPO, 'fixtures', 'services'));
    const first = await migrate({ root, write: true });
    expect(first.errors).toEqual([]);
    expect(first.rolledBack).toEqual([]);
    const migratedApis = new Set(first.sites.filter((s) => s.status === 'migrated').map((s) => s.api));
    for (const api of ['fs.readFileSync', 'fs.existsSync', 'busy-wait', 'floating-promise']) expect(migratedApis).toContain(api);
    const second = await migrate({ root, write: true });
    expect(second.changes.map((c) => c.file)).toEqual([]);
  }, 240_000);
});
