import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { transforms } from '../../codemods/index.js';
import { ensureBuilt, git, makeMonorepo, makeProject, removeProjects, runCli, runCommand, writeProjectFile } from './support.js';

beforeAll(ensureBuilt, 120_000);
afterAll(removeProjects);

const PACKAGE = '{ "name": "app", "type": "module" }\n';
const BLOCKING = "import { readFileSync } from 'node:fs';\n\nexport async function load(path) {\n  return readFileSync(path, 'utf8');\n}\n";

const ASYNC = "import { readFile } from 'node:fs/promises';\n\nexport async function load(path) {\n  return readFile(path, 'utf8');\n}\n";

const read = (dir: string, path: string): Promise<string> => readFile(join(dir, path), 'utf8');

describe.concurrent('unblock migrate: usage', { timeout: 180_000 }, () => {
  it('an unknown transform is exit 2 and lists the valid ones', async ({ expect }) => {
    const dir = await makeProject({ 'package.json': PACKAGE, 'src/load.js': BLOCKING });
    const result = await runCli(['migrate', '--transforms', 'sync-io,teleport'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('error: unknown transform: teleport');
    expect(lines[1]).toBe('Valid transforms:');
    for (const name of ['sync-io', 'sleep', 'sync-http', 'floating-promises']) {
      expect(lines.some((l) => l.trimStart().startsWith(`${name} `))).toBe(true);
    }
  });

  it('--help lists every transform of the registry, with its description', async ({ expect }) => {
    const dir = await makeProject({}, { git: false });
    const result = await runCli(['migrate', '--help'], { cwd: dir });
    expect(result.code).toBe(0);
    for (const t of transforms) expect(result.stdout).toContain(`  ${t.name.padEnd(18)} ${t.description}`);
  });

  it('a missing path and a bad --timeout-ms are usage errors', async ({ expect }) => {
    const dir = await makeProject({ 'package.json': PACKAGE });
    const missing = await runCli(['migrate', 'src/nope'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('error: no such file or directory: src/nope\n');
    const timeout = await runCli(['migrate', '--timeout-ms', '-5'], { cwd: dir });
    expect(timeout.code).toBe(2);
    expect(timeout.stderr).toContain("option '--timeout-ms <ms>' argument '-5' is invalid");
  });

  it('--write refuses a git tree with uncommitted changes in the paths, unless --force', async ({ expect }) => {
    // Nothing to migrate: what is checked is only whether --write runs.
    const dir = await makeProject({ 'package.json': PACKAGE, 'src/load.js': ASYNC, 'docs/notes.md': '# notes\n' });
    await writeProjectFile(dir, 'src/load.js', `${ASYNC}// work in progress\n`);
    const refused = await runCli(['migrate', '--write', '--no-verify'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr.split('\n').slice(0, 2)).toEqual([
      'error: --write refuses to run on a git working tree with uncommitted changes',
      '   M src/load.js',
    ]);
    expect(await read(dir, 'src/load.js')).toBe(`${ASYNC}// work in progress\n`);

    // Changes outside the paths to migrate do not matter.
    await git(dir, 'checkout', '--', 'src/load.js');
    await writeProjectFile(dir, 'docs/notes.md', '# notes, edited\n');
    const elsewhere = await runCli(['migrate', '--write', '--no-verify', 'src'], { cwd: dir });
    expect(elsewhere.code).toBe(0);

    await writeProjectFile(dir, 'src/draft.js', 'export const draft = 1;\n');
    const untracked = await runCli(['migrate', '--write', '--no-verify', 'src'], { cwd: dir });
    expect(untracked.code).toBe(2);
    expect(untracked.stderr).toContain('?? src/draft.js');

    const forced = await runCli(['migrate', '--write', '--force', '--no-verify', 'src'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('warning: the git working tree has uncommitted changes (1): writing anyway (--force)');
  });

  it('says why it found no file: build output is skipped unless a path names it', async ({ expect }) => {
    const dir = await makeProject({ 'package.json': PACKAGE, 'dist/load.js': BLOCKING });
    const skipped = await runCli(['migrate', '--no-verify'], { cwd: dir });
    expect(skipped.code).toBe(0);
    expect(skipped.stderr.trim().split('\n').slice(-2)).toEqual([
      'No JavaScript or TypeScript file to migrate in the project.',
      'dist/ is skipped as build output: to migrate compiled code, name it (unblock migrate dist)',
    ]);
    const named = await runCli(['migrate', 'dist', '--no-verify'], { cwd: dir });
    expect(named.stderr).toContain('Dry run: 1 file changed');
    expect(named.stderr).not.toContain('No JavaScript');
    // a folder whose name begins like dist's does not name it
    await writeProjectFile(dir, 'distribution/notes.md', '# notes\n');
    const other = await runCli(['migrate', 'distribution', '--no-verify'], { cwd: dir });
    expect(other.stderr).toContain('dist/ is skipped as build output');
  });

  it('--write outside git needs --force; a dry run does not', async ({ expect }) => {
    const dir = await makeProject({ 'package.json': PACKAGE, 'src/load.js': BLOCKING }, { git: false });
    const refused = await runCli(['migrate', '--write'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: --write refuses to run outside a git repository/);
    const dryRun = await runCli(['migrate', '--no-verify'], { cwd: dir });
    expect(dryRun.code).toBe(0);
    const forced = await runCli(['migrate', '--write', '--force', '--no-verify'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('warning: not a git repository: writing anyway (--force)');
  });

  it('--write checks the repository of the paths, not the one it runs from', async ({ expect }) => {
    const here = await makeProject({ 'package.json': PACKAGE, 'notes.md': '# clean\n' });
    const outside = await makeProject({ 'package.json': PACKAGE, 'src/load.js': BLOCKING }, { git: false });
    const refused = await runCli(['migrate', '--write', outside], { cwd: here });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: --write refuses to run outside a git repository/);

    const other = await makeProject({ 'package.json': PACKAGE, 'src/load.js': ASYNC });
    await writeProjectFile(other, 'src/load.js', `${ASYNC}// work in progress\n`);
    const dirty = await runCli(['migrate', '--write', '--no-verify', join(other, 'src')], { cwd: here });
    expect(dirty.code).toBe(2);
    expect(dirty.stderr.split('\n').slice(0, 2)).toEqual([
      'error: --write refuses to run on a git working tree with uncommitted changes',
      '   M src/load.js',
    ]);
    expect(await read(other, 'src/load.js')).toBe(`${ASYNC}// work in progress\n`);
  });
});

const TSCONFIG = `${JSON.stringify({ compilerOptions: { allowJs: true, module: 'nodenext', target: 'es2022', noEmit: true }, include: ['src'] })}\n`;
const PROJECT = { 'package.json': PACKAGE, 'tsconfig.json': TSCONFIG, 'src/load.js': BLOCKING };
const MIGRATED = "import { readFile } from 'node:fs/promises';\n\nexport async function load(path) {\n  return await readFile(path, 'utf8');\n}\n";
const PATCH = [
  '--- a/src/load.js',
  '+++ b/src/load.js',
  '@@ -1,5 +1,5 @@',
  "-import { readFileSync } from 'node:fs';",
  "+import { readFile } from 'node:fs/promises';",
  ' ',
  ' export async function load(path) {',
  "-  return readFileSync(path, 'utf8');",
  "+  return await readFile(path, 'utf8');",
  ' }',
  '',
].join('\n');
const STORE = "import { readFileSync } from 'node:fs';\n\nexport class Store {\n  constructor(path) {\n    this.data = readFileSync(path, 'utf8');\n  }\n}\n";

describe.concurrent('unblock migrate', { timeout: 180_000 }, () => {
  it('a dry run prints the unified diff on stdout, the summary on stderr, and writes nothing', async ({ expect }) => {
    const dir = await makeProject(PROJECT);
    const result = await runCli(['migrate'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(PATCH);
    expect(result.stderr).toBe('\nDry run: 1 file changed, 0 unchanged, 1 site migrated, 0 left for review, 0 errors\nNothing was written. Apply with: unblock migrate --write\n');
    expect(await read(dir, 'src/load.js')).toBe(BLOCKING);
  });

  it('--write applies exactly the dry run\'s diff', async ({ expect }) => {
    const dir = await makeProject(PROJECT);
    const dryRun = await runCli(['migrate'], { cwd: dir });
    const result = await runCli(['migrate', '--write'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('wrote src/load.js\n');
    expect(result.stderr).toContain('1 file changed, 0 unchanged, 1 site migrated, 0 left for review, 0 errors');
    expect(await read(dir, 'src/load.js')).toBe(MIGRATED);
    const gitDiff = (await git(dir, 'diff', '--no-color', '--no-ext-diff'))
      .split('\n').filter((l) => !l.startsWith('diff --git') && !l.startsWith('index ')).join('\n');
    expect(gitDiff).toBe(dryRun.stdout);
  });

  it('--json prints the result with paths relative to the current folder', async ({ expect }) => {
    const dir = await makeProject({ ...PROJECT, 'src/store.js': STORE });
    const result = await runCli(['migrate', '--json'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const json = JSON.parse(result.stdout) as {
      dryRun: boolean;
      summary: Record<string, number>;
      changes: Array<{ file: string; diff: string }>;
      sites: Array<Record<string, unknown>>;
      refusals: Array<{ file: string; line: number; api: string; reason: string }>;
      errors: unknown[];
    };
    expect(json.dryRun).toBe(true);
    expect(json.summary).toMatchObject({ filesChanged: 2, unchanged: 0, sitesMigrated: 1, errors: 0 });
    expect(json.summary.leftForReview).toBe(json.refusals.length);
    expect(json.changes.find((c) => c.file === 'src/load.js')?.diff).toBe(PATCH);
    expect(json.sites).toContainEqual({ file: 'src/load.js', line: 4, column: 10, api: 'fs.readFileSync', category: 'fs', transform: 'sync-io', status: 'migrated' });
    expect(json.sites).toContainEqual(expect.objectContaining({ file: 'src/store.js', line: 5, api: 'fs.readFileSync', status: 'refused' }));
    expect(json.refusals).toContainEqual(expect.objectContaining({ file: 'src/store.js', line: 5, api: 'fs.readFileSync', reason: expect.stringContaining('constructor') }));
    expect(json.errors).toEqual([]);
  });

  it('names the functions made async that nothing in the project calls, on stderr and in --json', async ({ expect }) => {
    const sync = BLOCKING.replace('export async function', 'export function');
    const dir = await makeProject({ ...PROJECT, 'package.json': '{ "name": "app", "type": "module", "private": true }\n', 'src/load.js': sync });
    const dryRun = await runCli(['migrate'], { cwd: dir });
    expect(dryRun.code).toBe(0);
    expect(dryRun.stderr).toContain('\nNow async, and called by nothing in the project (what calls them elsewhere must await them):\n  src/load.js:3  load\n');
    const json = JSON.parse((await runCli(['migrate', '--json'], { cwd: dir })).stdout) as { uncalledMadeAsync: unknown[] };
    expect(json.uncalledMadeAsync).toEqual([{ file: 'src/load.js', line: 3, name: 'load' }]);
  });

  it('lists what is left for review with file:line and reason, and still exits 0', async ({ expect }) => {
    const dir = await makeProject({ 'package.json': PACKAGE, 'tsconfig.json': TSCONFIG, 'src/store.js': STORE });
    const result = await runCli(['migrate'], { cwd: dir });
    expect(result.code).toBe(0);
    const lines = result.stderr.split('\n');
    expect(lines).toContain('Left for review:');
    expect(lines.some((l) => /^ {2}src\/store\.js:5:17 {2}fs\.readFileSync {2}.*constructor/.test(l))).toBe(true);
    expect(result.stderr).toMatch(/Dry run: 1 file changed, 0 unchanged, 0 sites migrated, [1-9]\d* left for review, 0 errors\n/);
    // The marker comment is part of the diff.
    expect(result.stdout).toMatch(/^\+ {4}\/\* unblock: .*constructor.* \*\/$/m);
  });

  it('a file that cannot be processed is listed with its line, and exits 1', async ({ expect }) => {
    const broken = "import { readFileSync } from 'node:fs';\nexport const x = ;\n";
    const dir = await makeProject({ ...PROJECT, 'src/broken.js': broken });
    const result = await runCli(['migrate'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\nErrors:\n {2}src\/broken\.js:2 {2}Parsing error: /);
    expect(result.stderr).toMatch(/1 file changed, \d+ unchanged, 1 site migrated, 0 left for review, 1 error\n/);
    expect(result.stdout).toBe(PATCH);
  });

  it('--transforms restricts the run', async ({ expect }) => {
    const dir = await makeProject(PROJECT);
    const result = await runCli(['migrate', '--transforms', 'sleep'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Dry run: 0 files changed');
  });

  it('colours the diff under FORCE_COLOR, and not under NO_COLOR', async ({ expect }) => {
    const dir = await makeProject(PROJECT);
    const colored = await runCli(['migrate'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(colored.stdout).toContain("\u001b[32m+  return await readFile(path, 'utf8');\u001b[39m");
    expect(colored.stdout).toContain("\u001b[31m-  return readFileSync(path, 'utf8');\u001b[39m");
    const plain = await runCli(['migrate'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(plain.stdout).toBe(PATCH);
  });
});

interface JsonMigration {
  summary: Record<string, number>;
  changes: Array<{ file: string; diff: string }>;
  sites: Array<Record<string, unknown>>;
}

const headers = (patch: string): string[] => patch.split('\n').filter((l) => l.startsWith('--- ') || l.startsWith('+++ '));

describe.concurrent('unblock migrate in a repository of several TypeScript projects', { timeout: 180_000 }, () => {
  it("`migrate packages/api` from the top loads the package's tsconfig.json, and shows paths from the current folder", async ({ expect }) => {
    const dir = await makeMonorepo();
    const result = await runCli(['migrate', 'packages/api'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Dry run: 2 files changed, 0 unchanged, 1 site migrated, 0 left for review, 0 errors');
    expect(headers(result.stdout)).toEqual([
      '--- a/packages/api/src/main.ts',
      '+++ b/packages/api/src/main.ts',
      '--- a/packages/api/src/x.ts',
      '+++ b/packages/api/src/x.ts',
    ]);
    expect(result.stdout).toContain("+  return await readFile(path, 'utf8');");
    // The caller imports `load` through the package's `paths` alias, which only its tsconfig.json knows.
    expect(result.stdout).toContain("+  return (await load('a')).length;");
    // The patch applies from where it was printed.
    await writeFile(join(dir, '.git', 'migration.patch'), result.stdout);
    const check = await runCommand('git', ['apply', '--check', '.git/migration.patch'], { cwd: dir });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);

    const json = await runCli(['migrate', '--json', 'packages/api'], { cwd: dir });
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout) as JsonMigration;
    expect(data.summary).toMatchObject({ filesChanged: 2, sitesMigrated: 1, leftForReview: 0, errors: 0 });
    expect(data.changes.map((c) => c.file).sort()).toEqual(['packages/api/src/main.ts', 'packages/api/src/x.ts']);
    expect(headers(data.changes.find((c) => c.file.endsWith('x.ts'))!.diff)).toEqual(['--- a/packages/api/src/x.ts', '+++ b/packages/api/src/x.ts']);
    expect(data.sites).toEqual([{ file: 'packages/api/src/x.ts', line: 4, column: 10, api: 'fs.readFileSync', category: 'fs', transform: 'sync-io', status: 'migrated' }]);
  });

  it("without paths, in a folder inside a project, migrates that folder through the project's tsconfig.json", async ({ expect }) => {
    const dir = await makeMonorepo();
    const result = await runCli(['migrate', '--json'], { cwd: join(dir, 'packages', 'api', 'src') });
    expect(result.code).toBe(0);
    const data = JSON.parse(result.stdout) as JsonMigration;
    // Without the package's tsconfig.json, the alias import is not resolved and the caller is left broken.
    expect(data.changes.map((c) => c.file).sort()).toEqual(['main.ts', 'x.ts']);
    expect(data.summary).toMatchObject({ sitesMigrated: 1, errors: 0 });
  });

  it('a tsconfig.json above the git repository is not the project', async ({ expect }) => {
    const outer = await makeProject({ 'tsconfig.json': '{ "include": ["lib"] }\n', 'app/package.json': PACKAGE, 'app/src/load.js': BLOCKING }, { git: false });
    const app = join(outer, 'app');
    await git(app, 'init', '-q');
    // verified, without @types/node in the project: it is type-checked against unblock's copy
    const result = await runCli(['migrate', 'src'], { cwd: app });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(PATCH);
  });
});

/** A service in a repository: `src/lib.ts` is called from `app/`, `src/ready.ts`'s migration adds a type error. */
const SERVICE = {
  'package.json': '{ "name": "repo", "private": true, "type": "module" }\n',
  'services/chat/package.json': '{ "name": "chat", "type": "module" }\n',
  'services/chat/tsconfig.json': '{ "compilerOptions": { "strict": true, "module": "nodenext", "target": "es2022", "noEmit": true } }\n',
  'services/chat/src/lib.ts': "import { readFileSync } from 'node:fs';\nexport function read(): string {\n  return readFileSync('x', 'utf8');\n}\n",
  'services/chat/src/ready.ts': "import { existsSync } from 'node:fs';\nexport function ready(): boolean {\n  return existsSync('f');\n}\nexport const last: ReturnType<typeof ready> = false;\n",
  'services/chat/app/main.ts': "import { read } from '../src/lib.js';\nexport async function main() { return read(); }\n",
};

const OUTSIDE_MARKER = '+  /* unblock: the migration reaches app/main.ts, outside the paths to migrate: migrate with a wider path */';

/** The file paths a text names (`src/a.ts`, `../app/main.ts`), without their `:line:column`. */
const pathsIn = (text: string): string[] => [...text.matchAll(/(?:\.\.\/)*[\w-][\w./-]*\.[cm]?[jt]s\b/g)].map((m) => m[0]);

describe.concurrent('unblock migrate: paths in the summary open from the current folder', { timeout: 180_000 }, () => {
  it('run from the top of the repository, above the project', async ({ expect }) => {
    const dir = await makeProject(SERVICE);
    const result = await runCli(['migrate', 'services/chat/src'], { cwd: dir });
    expect(result.code).toBe(0);
    const lines = result.stderr.split('\n');
    expect(lines).toContain('  services/chat/src/lib.ts:3:10  propagation  the migration reaches services/chat/app/main.ts, outside the paths to migrate: migrate with a wider path');
    expect(lines).toContain('  fs.existsSync at services/chat/src/ready.ts:3:10');
    expect(lines).toContainEqual(expect.stringMatching(/^ {4}services\/chat\/src\/ready\.ts:5:14 TS2322: /));
    const paths = pathsIn(result.stderr);
    expect(new Set(paths)).toEqual(new Set(['services/chat/src/lib.ts', 'services/chat/app/main.ts', 'services/chat/src/ready.ts']));
    for (const path of paths) expect(existsSync(resolve(dir, path)), path).toBe(true);
    // the marker written into the file names the path from the project's root, whatever the folder
    expect(result.stdout.split('\n')).toContain(OUTSIDE_MARKER);

    const json = await runCli(['migrate', '--json', 'services/chat/src'], { cwd: dir });
    const data = JSON.parse(json.stdout) as {
      refusals: Array<{ file: string; line: number; api: string; reason: string }>;
      rolledBack: Array<{ group: string; errors: string[] }>;
    };
    expect(data.refusals).toContainEqual(expect.objectContaining({
      file: 'services/chat/src/lib.ts', line: 3, api: 'propagation',
      reason: 'the migration reaches services/chat/app/main.ts, outside the paths to migrate: migrate with a wider path',
    }));
    expect(data.rolledBack).toEqual([{ group: 'fs.existsSync at services/chat/src/ready.ts:3:10', errors: [expect.stringMatching(/^services\/chat\/src\/ready\.ts:5:14 TS2322: /)] }]);
  });

  it('run from a folder inside the project', async ({ expect }) => {
    const dir = await makeProject(SERVICE);
    const cwd = join(dir, 'services', 'chat', 'src');
    const result = await runCli(['migrate'], { cwd });
    expect(result.code).toBe(0);
    const lines = result.stderr.split('\n');
    expect(lines).toContain('  lib.ts:3:10  fs.readFileSync  not migrated: the migration reaches ../app/main.ts, outside the paths to migrate: migrate with a wider path (lib.ts:3:10)');
    expect(lines).toContain('  fs.existsSync at ready.ts:3:10');
    const paths = pathsIn(result.stderr);
    expect(new Set(paths)).toEqual(new Set(['lib.ts', '../app/main.ts', 'ready.ts']));
    for (const path of paths) expect(existsSync(resolve(cwd, path)), path).toBe(true);
    expect(result.stdout.split('\n')).toContain(OUTSIDE_MARKER);
  });
});
