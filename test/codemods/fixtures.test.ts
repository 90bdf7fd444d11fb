import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, transforms } from '../../codemods/index.js';
import type { TransformName } from '../../src/catalog/index.js';
import type { MigrateResult } from '../../src/codemod/types.js';
import { DEFAULT_TSCONFIG, FIXTURES, readTree, removeTempProjects, tempCopy, tempProject } from './support.js';

/**
 * Every fixture pair under fixtures/codemods/<transform>/: `<case>.input.<ext>` → `<case>.output.<ext>`,
 * or a folder `<case>/input/**` → `<case>/output/**`. A `no-transform-*` case without an output must
 * stay as it is. A case may state what the result reports in `<case>.expect.json` (or `<case>/expect.json`):
 * `{ "refusals": ["text in a reason", …], "rolledBack": n, "sitesMigrated": n }`.
 *
 * The transform folder's name selects the transform (`propagate` runs them all). The TypeScript
 * single-file cases of a folder share one project (they are modules, each its own file); JavaScript
 * cases and folders get a project each. Each output is migrated again: nothing may change.
 */

interface Expectations {
  refusals?: string[];
  rolledBack?: number;
  sitesMigrated?: number;
}

interface Case {
  name: string;
  /** Relative path → text. */
  input: Record<string, string>;
  output: Record<string, string> | null;
  expect: Expectations;
}

const INPUT = /^(.+)\.input\.([cm]?[jt]sx?)$/;
const TRANSFORM_NAMES = new Set<string>(transforms.map((t) => t.name));

function casesOf(folder: string): { modules: Case[]; projects: Case[] } {
  const modules: Case[] = [];
  const projects: Case[] = [];
  for (const entry of readdirSync(folder).sort()) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) {
      if (!existsSync(join(path, 'input'))) continue;
      projects.push({
        name: entry,
        input: treeSync(join(path, 'input')),
        output: existsSync(join(path, 'output')) ? treeSync(join(path, 'output')) : null,
        expect: readExpectations(join(path, 'expect.json')),
      });
      continue;
    }
    const m = INPUT.exec(entry);
    if (m === null) continue;
    const [, name, ext] = m as unknown as [string, string, string];
    const outputPath = join(folder, `${name}.output.${ext}`);
    const file = `${name}.${ext}`;
    const item: Case = {
      name,
      input: { [file]: readFileSync(path, 'utf8') },
      output: existsSync(outputPath) ? { [file]: readFileSync(outputPath, 'utf8') } : null,
      expect: readExpectations(join(folder, `${name}.expect.json`)),
    };
    (/^[cm]?ts$/.test(ext) ? modules : projects).push(item);
  }
  return { modules, projects };
}

function treeSync(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = readFileSync(path, 'utf8');
    }
  };
  walk(root, '');
  return out;
}

function readExpectations(path: string): Expectations {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) as Expectations : {};
}

interface Run {
  first: MigrateResult;
  second: MigrateResult;
  tree: Record<string, string>;
}

/** Migrates a copy of the input twice (the second run must change nothing), with `tsconfig.json` added to TypeScript inputs. */
async function run(files: Record<string, string>, transform: string, folder: string | null): Promise<Run> {
  const onlyJs = Object.keys(files).every((f) => !/\.[cm]?tsx?$/.test(f) || /\.d\.[cm]?ts$/.test(f));
  const extra: Record<string, string> = {};
  if (!onlyJs && !('tsconfig.json' in files)) extra['tsconfig.json'] = JSON.stringify(DEFAULT_TSCONFIG);
  const root = folder !== null
    ? await tempCopy(folder, extra)
    : await tempProject({ ...files, ...extra }, onlyJs ? { packageJson: Object.keys(files).some((f) => f.endsWith('.mjs')) ? { type: 'module' } : {} } : {});
  const selected = TRANSFORM_NAMES.has(transform) ? [transform as TransformName] : undefined;
  const first = await migrate({ root, write: true, transforms: selected });
  const second = await migrate({ root, write: true, transforms: selected });
  return { first, second, tree: await readTree(root) };
}

function checkExpectations(result: MigrateResult, expect_: Expectations, files: readonly string[]): void {
  const mine = (file: string): boolean => files.some((f) => file.endsWith(`/${f}`));
  const refusals = result.refusals.filter((r) => mine(r.file));
  for (const text of expect_.refusals ?? []) {
    expect(refusals.map((r) => r.reason), `a refusal mentioning "${text}"`).toEqual(expect.arrayContaining([expect.stringContaining(text)]));
  }
  if (expect_.rolledBack !== undefined) {
    const rolled = result.rolledBack.filter((g) => files.some((f) => g.group.includes(f)));
    expect(rolled).toHaveLength(expect_.rolledBack);
  }
  if (expect_.sitesMigrated !== undefined) {
    expect(result.sites.filter((s) => mine(s.file) && s.status === 'migrated')).toHaveLength(expect_.sitesMigrated);
  }
}

afterAll(removeTempProjects);

for (const transform of readdirSync(FIXTURES).filter((f) => statSync(join(FIXTURES, f)).isDirectory()).sort()) {
  const { modules, projects } = casesOf(join(FIXTURES, transform));
  describe(transform, () => {
    if (modules.length > 0) {
      describe('single-file cases', () => {
        let shared: Run;
        beforeAll(async () => {
          const files: Record<string, string> = {};
          for (const c of modules) Object.assign(files, c.input);
          shared = await run(files, transform, null);
        }, 300_000);
        for (const c of modules) {
          const file = Object.keys(c.input)[0]!;
          const expected = c.output ?? (c.name.startsWith('no-transform-') ? c.input : null);
          if (expected === null) {
            it.skip(`${c.name} (no output file)`, () => undefined);
            continue;
          }
          it(c.name, () => {
            expect(shared.first.errors.filter((e) => e.file.endsWith(`/${file}`))).toEqual([]);
            expect(shared.tree[file]).toBe(expected[file]);
            checkExpectations(shared.first, c.expect, [file]);
          });
          it(`${c.name}: a second run changes nothing`, () => {
            expect(shared.second.changes.filter((ch) => ch.file.endsWith(`/${file}`)).map((ch) => ch.after)).toEqual([]);
          });
        }
      });
    }
    for (const c of projects) {
      const isFolder = existsSync(join(FIXTURES, transform, c.name, 'input'));
      const expected = c.output ?? (c.name.startsWith('no-transform-') ? c.input : null);
      if (expected === null) {
        it.skip(`${c.name} (no output)`, () => undefined);
        continue;
      }
      describe(c.name, () => {
        let result: Run;
        beforeAll(async () => {
          result = await run(c.input, transform, isFolder ? join(FIXTURES, transform, c.name, 'input') : null);
        }, 300_000);
        it('migrates to the expected output', () => {
          expect(result.first.errors).toEqual([]);
          for (const [file, text] of Object.entries(expected)) expect(result.tree[file], file).toBe(text);
          checkExpectations(result.first, c.expect, Object.keys(expected));
        });
        it('a second run changes nothing', () => {
          expect(result.second.changes.map((ch) => ch.file)).toEqual([]);
        });
      });
    }
  });
}
