/**
 * `npm run migrate:fixtures`: runs unblock's codemods over the reference services and writes the result
 * to fixtures/migrated/, which is committed so a reader sees the diff. Nothing there is written by hand:
 * test/services/migrated.test.ts regenerates it and fails on any difference.
 *
 * The services are migrated in a temporary copy, so a failed run never leaves fixtures/ half-written.
 * The copy gets the repository's `"type": "module"` (the services are ES modules, so their start-up may
 * use top-level await) and a link to its node_modules (their dependencies' types).
 */
import { cp, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate, type MigrateResult } from '../codemods/index.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVICES_DIR = path.join(repo, 'fixtures', 'services');
export const MIGRATED_DIR = path.join(repo, 'fixtures', 'migrated');

export async function migrateFixtures(outDir: string): Promise<MigrateResult> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'unblock-migrate-fixtures-'));
  try {
    const copy = path.join(work, 'services');
    await cp(SERVICES_DIR, copy, { recursive: true });
    await writeFile(path.join(work, 'package.json'), '{ "type": "module", "private": true }\n');
    await symlink(path.join(repo, 'node_modules'), path.join(work, 'node_modules'), 'dir');
    const result = await migrate({ root: copy, write: true });
    if (result.errors.length > 0) return result;
    await rm(outDir, { recursive: true, force: true });
    await cp(copy, outDir, { recursive: true });
    return result;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const result = await migrateFixtures(MIGRATED_DIR);
  const changed = result.changes.length;
  console.log(`fixtures/migrated: ${changed} files changed, ${result.unchanged} unchanged, ${result.sitesMigrated} sites migrated, `
    + `${result.propagated} awaits and async functions added, ${result.refusals.length} left for review, ${result.errors.length} errors`);
  for (const r of result.refusals) console.log(`  left for review: ${path.relative(repo, r.file)}:${r.line}:${r.column} ${r.api}: ${r.reason}`);
  for (const e of result.errors) console.error(`  error: ${e.file}${e.line === undefined ? '' : `:${e.line}`}: ${e.message}`);
  if (result.errors.length > 0) process.exitCode = 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
