import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../codemods/index.js';
import { FIXTURES, readTree, removeTempProjects, tempCopy } from './support.js';

/**
 * A migrated program does what the original did: each fixture project runs (with tsx) before and after
 * the migration, in fresh folders, and prints the same thing.
 */

const run = promisify(execFile);

async function output(root: string, env: Record<string, string>): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { ...process.env, ...env }, timeout: 60_000 });
  return stdout;
}

afterAll(removeTempProjects);

describe.each([
  ['propagate/behaviour', 'WORK_DIR'],
  ['propagate/across-files', 'NOTES_DIR'],
  ['propagate/array-callbacks-behaviour', 'WORK_DIR'],
  ['propagate/compiled-behaviour', 'WORK_DIR'],
  ['file-handles/behaviour', 'WORK_DIR'],
  ['sync-io/password-behaviour', 'WORK_DIR'],
])('%s', (name, variable) => {
  it('prints the same before and after the migration', async () => {
    const root = await tempCopy(join(FIXTURES, name, 'input'));
    await mkdir(join(root, 'before'));
    await mkdir(join(root, 'after'));
    const before = await output(root, { [variable]: join(root, 'before') });

    const result = await migrate({ root, write: true });
    expect(result.changes.length).toBeGreaterThan(0);
    expect(result.refusals).toEqual([]);
    const migrated = await readTree(root);
    expect(migrated['src/main.ts']).toContain('await ');

    const after = await output(root, { [variable]: join(root, 'after') });
    expect(before.trim()).not.toBe('');
    expect(after).toBe(before);
  }, 180_000);
});
