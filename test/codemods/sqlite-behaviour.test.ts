import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../codemods/index.js';
import type { MigrateResult } from '../../src/codemod/types.js';

/**
 * The sqlite migration of a small notes service (fixtures/codemods/sqlite/notes-service), end to end:
 * migrated by `migrate()` with verification on, type-checked, and run before and after against real
 * SQLite files (better-sqlite3, then sqlite over sqlite3): both runs must print the same.
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const CASE = join(REPO, 'fixtures/codemods/sqlite/notes-service');
const TSX = join(REPO, 'node_modules/tsx/dist/cli.mjs');
const FILES = ['src/db.ts', 'src/notes.ts', 'src/main.ts'];

let scratch: string;
let before: string;
let after: string;
let result: MigrateResult;

function project(into: string): string {
  cpSync(join(CASE, 'input'), into, { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(into, 'node_modules'), 'dir');
  return into;
}

/** Runs the service's main.ts over a fresh database file and returns what it prints. */
function run(root: string): string {
  const db = join(scratch, `${root === before ? 'before' : 'after'}.db`);
  const child = spawnSync(process.execPath, [TSX, 'src/main.ts', db], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return child.stdout;
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'unblock-sqlite-'));
  before = project(join(scratch, 'before'));
  after = project(join(scratch, 'after'));
  result = await migrate({ root: after, transforms: ['sqlite'], write: true });
}, 120_000);

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('sqlite migration of the notes service', () => {
  it('migrates every site, refuses nothing, rolls nothing back', () => {
    expect(result.errors).toEqual([]);
    expect(result.refusals).toEqual([]);
    expect(result.rolledBack).toEqual([]);
    expect(result.sites.length).toBe(11);
    expect(result.sites.every((s) => s.status === 'migrated')).toBe(true);
  });

  it('writes the expected output', () => {
    for (const file of FILES) {
      expect(readFileSync(join(after, file), 'utf8'), file).toBe(readFileSync(join(CASE, 'output', file), 'utf8'));
    }
  });

  it('type-checks after the migration', () => {
    const diagnostics = new Project({ tsConfigFilePath: join(after, 'tsconfig.json') }).getPreEmitDiagnostics();
    expect(diagnostics.map((d) => d.getMessageText())).toEqual([]);
  });

  it('behaves the same on a real database file before and after', () => {
    const expected = run(before);
    expect(expected).toContain('ids 1 2,3');
    expect(run(after)).toBe(expected);
  }, 120_000);

  it('changes nothing when run again', async () => {
    const again = await migrate({ root: after, transforms: ['sqlite'] });
    expect(again.changes).toEqual([]);
  }, 120_000);
});
