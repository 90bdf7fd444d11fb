import { afterAll, beforeAll, describe, it } from 'vitest';
import { ensureBuilt, git, makeProject, removeProjects, runCli, runCommand, writeProjectFile } from './support.js';

beforeAll(ensureBuilt, 120_000);
afterAll(removeProjects);

const BLOCKING = 'import { readFileSync } from "node:fs";\n\nexport async function load(path) {\n  return readFileSync(path, "utf8");\n}\n';
const CLEAN = 'import { readFile } from "node:fs/promises";\n\nexport async function load(path) {\n  return readFile(path, "utf8");\n}\n';

describe('the pre-commit hook installed by unblock init', { timeout: 120_000 }, () => {
  it('refuses a commit that stages a blocking call, and lets a clean one through', async ({ expect }) => {
    // `unblock` resolvable from the project as after `npm install -D unblock`: the hook's `npx unblock`
    // finds node_modules/.bin/unblock and never reaches the network (npm_config_offline is set).
    const manifest = '{ "name": "app", "type": "module", "devDependencies": { "unblock": "*" } }\n';
    const dir = await makeProject({ 'package.json': manifest }, { linkUnblock: true });
    const init = await runCli(['init'], { cwd: dir });
    expect(init.code).toBe(0);
    const commits = async (): Promise<number> => Number((await git(dir, 'rev-list', '--count', 'HEAD')).trim());

    // The hook lints the new eslint.config.js itself, which is clean.
    await git(dir, 'add', 'eslint.config.js');
    const setup = await runCommand('git', ['commit', '-m', 'lint with unblock'], { cwd: dir });
    expect(setup.code, setup.stderr).toBe(0);
    expect(await commits()).toBe(2);

    await writeProjectFile(dir, 'src/load.js', BLOCKING);
    await git(dir, 'add', 'src/load.js');
    const refused = await runCommand('git', ['commit', '-m', 'blocking'], { cwd: dir });
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toMatch(/src\/load\.js\n {2}4:10 +error +`readFileSync` blocks the event loop/);
    expect(await commits()).toBe(2);

    await writeProjectFile(dir, 'src/load.js', CLEAN);
    await git(dir, 'add', 'src/load.js');
    const accepted = await runCommand('git', ['commit', '-m', 'async'], { cwd: dir });
    expect(accepted.code, accepted.stdout + accepted.stderr).toBe(0);
    expect(await commits()).toBe(3);
  });
});
