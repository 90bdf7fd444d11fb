import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ensureBuilt, git, makeProject, REPO, removeProjects, runCli, runCommand, writeProjectFile } from './support.js';

beforeAll(ensureBuilt, 120_000);
afterAll(removeProjects);

const read = (dir: string, path: string): Promise<string> => readFile(join(dir, path), 'utf8');
const modeOf = async (dir: string, path: string): Promise<number> => (await stat(join(dir, path))).mode & 0o777;

/** Every file init may touch, with its mode, to show a second run changes nothing. */
async function snapshot(dir: string, paths: string[]): Promise<Record<string, string>> {
  const entries = await Promise.all(paths.map(async (p) => [p, `${(await modeOf(dir, p)).toString(8)}\n${await read(dir, p)}`] as const));
  return Object.fromEntries(entries);
}

const NEW_CONFIG = `import unblock from 'unblock';

export default [
  unblock.configs.recommended,
];
`;

describe.concurrent('unblock init', { timeout: 90_000 }, () => {
  it('creates eslint.config.js and a git pre-commit hook, then changes nothing the second time', async ({ expect }) => {
    const dir = await makeProject({ 'package.json': '{ "name": "app", "type": "module" }\n' });
    const first = await runCli(['init'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(await read(dir, 'eslint.config.js')).toBe(NEW_CONFIG);
    const hook = await read(dir, '.git/hooks/pre-commit');
    expect(hook.startsWith('#!/bin/sh\n')).toBe(true);
    expect(hook.trimEnd().split('\n').at(-1)).toBe('npx unblock lint --staged');
    expect(await modeOf(dir, '.git/hooks/pre-commit')).toBe(0o755);
    expect(first.stdout).toContain('changed eslint.config.js: created');
    expect(first.stdout).toContain('changed .git/hooks/pre-commit: runs `npx unblock lint --staged`');

    const before = await snapshot(dir, ['eslint.config.js', '.git/hooks/pre-commit', 'package.json']);
    const second = await runCli(['init'], { cwd: dir });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('nothing to change');
    expect(second.stdout).not.toMatch(/^changed /m);
    expect(await snapshot(dir, ['eslint.config.js', '.git/hooks/pre-commit', 'package.json'])).toEqual(before);
  });

  it('creates eslint.config.mjs when package.json is not type: module', async ({ expect }) => {
    const dir = await makeProject({ 'package.json': '{ "name": "app" }\n' });
    const result = await runCli(['init', '--no-hook'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(await read(dir, 'eslint.config.mjs')).toBe(NEW_CONFIG);
    await expect(stat(join(dir, 'eslint.config.js'))).rejects.toThrow();
    await expect(stat(join(dir, '.git/hooks/pre-commit'))).rejects.toThrow();
  });

  it('adds the import and the config to an existing eslint.config, keeping its style', async ({ expect }) => {
    const config = [
      'import js from "@eslint/js";',
      '',
      'export default defineConfig([',
      '    js.configs.recommended,',
      '    { rules: { "no-console": "off" } }',
      ']);',
      '',
    ].join('\n');
    const dir = await makeProject({ 'eslint.config.js': config });
    const result = await runCli(['init', '--no-hook'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(await read(dir, 'eslint.config.js')).toBe([
      'import js from "@eslint/js";',
      'import unblock from "unblock";',
      '',
      'export default defineConfig([',
      '    js.configs.recommended,',
      '    { rules: { "no-console": "off" } },',
      '    unblock.configs.recommended,',
      ']);',
      '',
    ].join('\n'));
    const again = await runCli(['init', '--no-hook'], { cwd: dir });
    expect(again.stdout).toContain('nothing to change');
  });

  it('a CommonJS eslint.config it edits loads in ESLint, which then reports the blocking call', async ({ expect }) => {
    // unblock installed in the project (node_modules/unblock links to this repository), and ESLint run on
    // its own, as `npx eslint` would: the config must load without unblock's CLI around it.
    const blocking = "'use strict';\nconst fs = require('node:fs');\n\nexports.load = async (path) => fs.readFileSync(path, 'utf8');\n";
    const eslint = async (dir: string): Promise<{ code: number | null; ruleIds: Array<string | null>; stderr: string }> => {
      const result = await runCommand(process.execPath, [join(REPO, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', 'src'], { cwd: dir });
      const files = result.stdout === '' ? [] : JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string | null }> }>;
      return { code: result.code, ruleIds: files.flatMap((f) => f.messages.map((m) => m.ruleId)), stderr: result.stderr };
    };

    const fresh = await makeProject({
      'package.json': '{ "name": "app", "devDependencies": { "unblock": "*" } }\n',
      'eslint.config.cjs': "'use strict';\n\nmodule.exports = [\n  { rules: {} },\n];\n",
      'src/load.js': blocking,
    }, { linkUnblock: true });
    const init = await runCli(['init', '--no-hook'], { cwd: fresh });
    expect(init.code).toBe(0);
    expect(await read(fresh, 'eslint.config.cjs')).toBe("'use strict';\n\nconst unblock = require('unblock');\n\nmodule.exports = [\n  { rules: {} },\n  unblock.configs.recommended,\n];\n");
    const linted = await eslint(fresh);
    expect(linted.stderr).toBe('');
    expect(linted.code).toBe(1);
    expect(linted.ruleIds).toEqual(['unblock/no-sync-io']);

    // A config an earlier version set up with `require('unblock').default` fails to load; init repairs it.
    const legacy = await makeProject({
      'package.json': '{ "name": "app", "devDependencies": { "unblock": "*" } }\n',
      'eslint.config.cjs': "const unblock = require('unblock').default;\n\nmodule.exports = [unblock.configs.recommended];\n",
      'src/load.js': blocking,
    }, { linkUnblock: true });
    expect((await eslint(legacy)).code).toBe(2);
    const repaired = await runCli(['init', '--no-hook'], { cwd: legacy });
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toContain("changed eslint.config.cjs: replaced `require('unblock').default`");
    expect(await read(legacy, 'eslint.config.cjs')).toBe("const unblock = require('unblock');\n\nmodule.exports = [unblock.configs.recommended];\n");
    expect((await eslint(legacy)).ruleIds).toEqual(['unblock/no-sync-io']);
  });

  it('in a monorepo package, edits the repository\'s config rather than hiding it behind a new one', async ({ expect }) => {
    const dir = await makeProject({ 'eslint.config.js': 'export default [\n  { rules: {} },\n];\n', 'packages/app/package.json': '{ "type": "module" }\n' });
    const result = await runCli(['init', '--no-hook'], { cwd: join(dir, 'packages', 'app') });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('changed ../../eslint.config.js: added');
    expect(await read(dir, 'eslint.config.js')).toBe("import unblock from 'unblock';\n\nexport default [\n  { rules: {} },\n  unblock.configs.recommended,\n];\n");
    await expect(stat(join(dir, 'packages', 'app', 'eslint.config.js'))).rejects.toThrow();
  });

  it('prints what to add, exits 2 and leaves the file alone when the config is not recognisable', async ({ expect }) => {
    const config = 'import make from "./make.js";\nexport default make();\n';
    const dir = await makeProject({ 'eslint.config.js': config });
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("import unblock from 'unblock';");
    expect(result.stderr).toContain('unblock.configs.recommended,');
    expect(await read(dir, 'eslint.config.js')).toBe(config);
    // The rest of the set-up is still done.
    expect(await read(dir, '.git/hooks/pre-commit')).toContain('npx unblock lint --staged');
  });

  it('goes through lint-staged and husky when the project uses them', async ({ expect }) => {
    const manifest = `${JSON.stringify({ name: 'app', type: 'module', 'lint-staged': { '*.css': 'stylelint' } }, null, 2)}\n`;
    const dir = await makeProject({ 'package.json': manifest, '.husky/pre-commit': 'npm test\n' });
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(0);
    const updated = JSON.parse(await read(dir, 'package.json')) as Record<string, unknown>;
    expect(updated['lint-staged']).toEqual({ '*.css': 'stylelint', '*.{js,mjs,cjs,ts,mts,cts,tsx,jsx}': 'unblock lint' });
    expect((await read(dir, 'package.json')).startsWith('{\n  "name": "app",\n')).toBe(true);
    expect(await read(dir, '.husky/pre-commit')).toBe('npm test\nnpx lint-staged\n');
    await expect(stat(join(dir, '.git/hooks/pre-commit'))).rejects.toThrow();

    const again = await runCli(['init'], { cwd: dir });
    expect(again.stdout).toContain('nothing to change');
    expect(await read(dir, '.husky/pre-commit')).toBe('npm test\nnpx lint-staged\n');
  });

  it('appends to an existing hook before its closing exit, in the folder core.hooksPath names', async ({ expect }) => {
    const dir = await makeProject({ 'githooks/pre-commit': '#!/bin/bash\n./check-format.sh\nexit 0\n' });
    await git(dir, 'config', 'core.hooksPath', 'githooks');
    const result = await runCli(['init', '--no-hook'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(await read(dir, 'githooks/pre-commit')).toBe('#!/bin/bash\n./check-format.sh\nexit 0\n');

    await runCli(['init'], { cwd: dir });
    const hook = await read(dir, 'githooks/pre-commit');
    expect(hook.split('\n')).toEqual([
      '#!/bin/bash',
      './check-format.sh',
      '# unblock: refuse commits that add code blocking the event loop (added by `unblock init`)',
      'npx unblock lint --staged',
      'exit 0',
      '',
    ]);
    await expect(stat(join(dir, '.git/hooks/pre-commit'))).rejects.toThrow();
  });

  it('leaves a hook written in another language to a person', async ({ expect }) => {
    const dir = await makeProject({});
    const original = '#!/usr/bin/env node\nconsole.log("checks");\n';
    await writeProjectFile(dir, '.git/hooks/pre-commit', original);
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a shell script');
    expect(result.stderr).toContain('npx unblock lint --staged');
    expect(await read(dir, '.git/hooks/pre-commit')).toBe(original);
  });

  it('--dry-run changes nothing', async ({ expect }) => {
    const dir = await makeProject({ 'package.json': '{ "name": "app", "type": "module" }\n' });
    const result = await runCli(['init', '--dry-run'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('would change eslint.config.js: created');
    await expect(stat(join(dir, 'eslint.config.js'))).rejects.toThrow();
    await expect(stat(join(dir, '.git/hooks/pre-commit'))).rejects.toThrow();
  });

  it('outside git, writes the config and says the hook was not installed', async ({ expect }) => {
    const dir = await makeProject({ 'package.json': '{ "name": "app", "type": "module" }\n' }, { git: false });
    const result = await runCli(['init'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(await read(dir, 'eslint.config.js')).toBe(NEW_CONFIG);
    expect(result.stderr).toContain('not a git repository: no pre-commit hook installed');
  });
});
