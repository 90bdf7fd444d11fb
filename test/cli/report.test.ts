import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ensureBuilt, git, makeMonorepo, makeProject, removeProjects, runCli } from './support.js';

afterAll(removeProjects);

const TSCONFIG = `${JSON.stringify({ compilerOptions: { allowJs: true, module: 'nodenext', target: 'es2022', noEmit: true }, include: ['src'] })}\n`;
/** Three sites: two the codemods migrate, one (in a constructor, which cannot await) for a person. */
const FILES = {
  'package.json': '{ "name": "app", "type": "module" }\n',
  'tsconfig.json': TSCONFIG,
  'src/load.js': "import { readFileSync } from 'node:fs';\n\nexport async function load(path) {\n  return readFileSync(path, 'utf8');\n}\n",
  'src/rev.js': "import { execSync } from 'node:child_process';\n\nexport async function rev() {\n  return execSync('git rev-parse HEAD').toString();\n}\n",
  'src/store.js': "import { readFileSync } from 'node:fs';\n\nexport class Store {\n  constructor(path) {\n    this.data = readFileSync(path, 'utf8');\n  }\n}\n",
};

let dir: string;
beforeAll(async () => {
  await ensureBuilt();
  dir = await makeProject(FILES);
}, 120_000);

describe.concurrent('unblock report', { timeout: 180_000 }, () => {
  it('--json: sites by category and file, what is automatic, what needs a person, lint now and after', async ({ expect }) => {
    const result = await runCli(['report', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout) as {
      totals: Record<string, number>;
      lint: unknown[];
      byCategory: unknown[];
      byFile: unknown[];
      review: Array<{ file: string; line: number; column: number; api: string; reason: string }>;
      errors: unknown[];
    };
    expect(data.totals).toMatchObject({ sites: 3, automatic: 2, review: 1, files: 3, errors: 0 });
    // The linter's own count (strict: any function), on the code now and on the dry run's output: the
    // site left in the constructor is still there after.
    expect(data.lint).toEqual([{ rule: 'unblock/no-sync-io', before: 3, after: 1 }]);
    expect(data.byCategory).toEqual([
      { category: 'fs', sites: 2, automatic: 1, review: 1 },
      { category: 'child-process', sites: 1, automatic: 1, review: 0 },
    ]);
    expect(data.byFile).toEqual([
      { file: 'src/load.js', sites: 1, automatic: 1, review: 0 },
      { file: 'src/rev.js', sites: 1, automatic: 1, review: 0 },
      { file: 'src/store.js', sites: 1, automatic: 0, review: 1 },
    ]);
    expect(data.review).toEqual([
      { file: 'src/store.js', line: 5, column: 17, api: 'fs.readFileSync', reason: expect.stringContaining('constructor cannot await') },
    ]);
    expect(data.errors).toEqual([]);
    // A report never writes.
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    expect(await readFile(join(dir, 'src/load.js'), 'utf8')).toBe(FILES['src/load.js']);
  });

  it('--markdown: tables for a pull-request comment', async ({ expect }) => {
    const result = await runCli(['report', '--markdown'], { cwd: dir });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('## unblock: blocking calls');
    expect(lines).toContain('**3 blocking sites** in 3 files: **2 can be migrated automatically** (`unblock migrate --write`), **1 needs a person**.');
    expect(lines).toContain('| Lint findings (strict rules) | Now | After `unblock migrate --write` |');
    expect(lines).toContain('| unblock/no-sync-io | 3 | 1 |');
    expect(lines).toContain('| Category | Sites | Automatic | Needs a person |');
    expect(lines).toContain('|---|---:|---:|---:|');
    expect(lines).toContain('| fs | 2 | 1 | 1 |');
    expect(lines).toContain('| `src/store.js` | 1 | 0 | 1 |');
    expect(lines.some((l) => l.startsWith('| `src/store.js:5` | `fs.readFileSync` | ') && l.includes('constructor cannot await'))).toBe(true);
  });

  it('prints the same on a terminal page, without colour under NO_COLOR', async ({ expect }) => {
    const result = await runCli(['report'], { cwd: dir });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('3 blocking sites in 3 files: 2 can be migrated automatically (`unblock migrate --write`), 1 needs a person.');
    expect(lines).toContain('  unblock/no-sync-io    3                      1');
    expect(lines).toContain('  src/store.js      1          0               1');
    expect(lines.some((l) => /^ {2}src\/store\.js:5:17 {2}fs\.readFileSync {2}.*constructor cannot await/.test(l))).toBe(true);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('--json and --markdown together are a usage error', async ({ expect }) => {
    const result = await runCli(['report', '--json', '--markdown'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("option '--json' cannot be used with option '--markdown'");
  });

  it("`report packages/api` from the top counts the package's sites, through its own tsconfig.json", async ({ expect }) => {
    const repo = await makeMonorepo();
    const result = await runCli(['report', '--json', 'packages/api'], { cwd: repo });
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout) as { totals: Record<string, number>; lint: unknown[]; byFile: unknown[] };
    expect(data.totals).toMatchObject({ sites: 1, automatic: 1, review: 0, files: 1, errors: 0 });
    expect(data.byFile).toEqual([{ file: 'packages/api/src/x.ts', sites: 1, automatic: 1, review: 0 }]);
    expect(data.lint).toEqual([{ rule: 'unblock/no-sync-io', before: 1, after: 0 }]);
  });

  it('says so when nothing blocks', async ({ expect }) => {
    const clean = await makeProject({ 'package.json': FILES['package.json'], 'tsconfig.json': TSCONFIG, 'src/ok.js': 'export const ok = 1;\n' });
    const result = await runCli(['report'], { cwd: clean });
    expect(result).toEqual({ code: 0, stdout: 'No blocking call found.\n', stderr: '' });
  });
});
