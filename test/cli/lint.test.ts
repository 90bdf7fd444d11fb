import AjvDraft04 from 'ajv-draft-04';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ensureBuilt, git, makeProject, REPO, removeProjects, runCli, writeProjectFile } from './support.js';

beforeAll(ensureBuilt, 120_000);
afterAll(removeProjects);

const BLOCKING = 'import { readFileSync } from "node:fs";\n\nexport async function load(path) {\n  return readFileSync(path, "utf8");\n}\n';
const CLEAN = 'import { readFile } from "node:fs/promises";\n\nexport async function load(path) {\n  return readFile(path, "utf8");\n}\n';
const BROKEN = 'export const x = ;\n';

interface JsonResult {
  filePath: string;
  messages: Array<{ ruleId: string | null; line: number; column: number; fatal?: boolean; message: string; severity: number }>;
}

describe.concurrent('unblock lint', { timeout: 90_000 }, () => {
  it('reports a blocking call, skips git-ignored files without an ESLint config, and exits 1', async ({ expect }) => {
    const dir = await makeProject({ 'src/load.js': BLOCKING, 'src/ok.js': CLEAN, '.gitignore': 'node_modules/\ndist/\n', 'dist/load.js': BLOCKING });
    const result = await runCli(['lint'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(join(dir, 'src', 'load.js'));
    expect(result.stdout).toMatch(/^ {2}4:10 +error +`readFileSync` blocks the event loop.*unblock\/no-sync-io$/m);
    expect(result.stdout).not.toContain('ok.js');
    expect(result.stdout).not.toContain('dist');
    expect(result.stderr).toBe('');
  });

  it('exits 0 and prints nothing on clean code', async ({ expect }) => {
    const dir = await makeProject({ 'src/ok.js': CLEAN, 'src/types.ts': 'export type T = { a: string };\n' });
    const result = await runCli(['lint', 'src'], { cwd: dir });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('--format json prints ESLint results as JSON', async ({ expect }) => {
    const dir = await makeProject({ 'load.ts': BLOCKING.replace('(path)', '(path: string)'), 'ok.js': CLEAN });
    const result = await runCli(['lint', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    const results = JSON.parse(result.stdout) as JsonResult[];
    expect(results.map((r) => r.filePath).sort()).toEqual([join(dir, 'load.ts'), join(dir, 'ok.js')]);
    const load = results.find((r) => r.filePath.endsWith('load.ts'))!;
    expect(load.messages.map((m) => [m.ruleId, m.line, m.column])).toEqual([['unblock/no-sync-io', 4, 10]]);
  });

  it('--format sarif prints a SARIF 2.1.0 log that validates against the official schema', async ({ expect }) => {
    const dir = await makeProject({ 'load.js': BLOCKING, 'broken.js': BROKEN });
    const result = await runCli(['lint', '--format', 'sarif'], { cwd: dir });
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as {
      version: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<{ id: string; helpUri: string }> } };
        results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }> }>;
        invocations?: Array<{ toolConfigurationNotifications: Array<{ message: { text: string } }> }>;
      }>;
    };
    const schemaPath = join(REPO, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(await readFile(schemaPath, 'utf8')) as object;
    // The official schema is draft-04, with a pattern that only compiles without the `u` flag.
    const validate = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false }).compile(schema);
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('unblock');
    expect(run.results.map((r) => [r.ruleId, r.level, r.locations[0]!.physicalLocation.region.startLine])).toEqual([['unblock/no-sync-io', 'error', 4]]);
    expect(run.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe(`file://${join(dir, 'load.js')}`);
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(['unblock/no-sync-io']);
    expect(run.tool.driver.rules[0]!.helpUri).toMatch(/docs\/rules\/no-sync-io\.md$/);
    // The parse error is a tool notification, not a result.
    expect(run.invocations?.[0]?.toolConfigurationNotifications[0]?.message.text).toMatch(/^Parsing error/);
  });

  it('--format github prints workflow annotations', async ({ expect }) => {
    const dir = await makeProject({ 'src/load.js': BLOCKING });
    const result = await runCli(['lint', '--format', 'github'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      expect.stringMatching(/^::error file=src\/load\.js,line=4,col=10,endLine=4,endColumn=\d+,title=unblock\/no-sync-io::`readFileSync` blocks the event loop/),
      '',
    ]);
  });

  it('reports a file that does not parse with its line, and still lints the others', async ({ expect }) => {
    const dir = await makeProject({ 'a-broken.js': BROKEN, 'b-load.js': BLOCKING });
    const result = await runCli(['lint'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/a-broken\.js\n {2}1:17 +error +Parsing error: /);
    expect(result.stdout).toContain('unblock/no-sync-io');
    expect(result.stderr).toBe('');
  });

  it('without an ESLint config, leaves the project\'s comments for its other linting alone, and keeps its own', async ({ expect }) => {
    // an older code base: ESLint 10 refuses `eslint-env`; the other comments name rules unblock does not run
    const legacy = `/* eslint-env node */\n/* eslint no-var: "error" */\nvar unused = 1;\n// eslint-disable-next-line no-console\nconsole.log(unused);\n${BLOCKING}`;
    const silenced = BLOCKING.replace('  return readFileSync', '  // eslint-disable-next-line unblock/no-sync-io -- read once, at start-up\n  return readFileSync');
    const dir = await makeProject({ 'legacy.js': legacy, 'silenced.js': silenced, 'broken.js': `/* eslint-env browser */\n${BROKEN}` });
    const result = await runCli(['lint', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    const results = JSON.parse(result.stdout) as Array<JsonResult & { errorCount: number; fatalErrorCount: number; warningCount: number }>;
    const byFile = Object.fromEntries(results.map((r) => [r.filePath.slice(dir.length + 1), r]));
    expect(byFile['legacy.js']!.messages.map((m) => [m.ruleId, m.line])).toEqual([['unblock/no-sync-io', 9]]);
    expect(byFile['legacy.js']).toMatchObject({ errorCount: 1, fatalErrorCount: 0, warningCount: 0 });
    expect(byFile['silenced.js']!.messages).toEqual([]);
    expect(byFile['broken.js']!.messages.map((m) => [m.fatal, m.message.split(':')[0]])).toEqual([[true, 'Parsing error']]);
  });

  it('a missing path is a one-line usage error (exit 2)', async ({ expect }) => {
    const dir = await makeProject({ 'ok.js': CLEAN });
    const result = await runCli(['lint', 'ok.js', 'nope'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('error: no such file or directory: nope\n');
  });

  it('an unknown format lists the valid ones (exit 2)', async ({ expect }) => {
    const dir = await makeProject({ 'ok.js': CLEAN });
    const result = await runCli(['lint', '--format', 'xml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('stylish, json, sarif, github');
  });

  it('a broken eslint.config is exit 2 with the file name and the first line of the error', async ({ expect }) => {
    const dir = await makeProject({ 'eslint.config.js': 'throw new Error("no config today\\nsecond line");\n', 'load.js': BLOCKING });
    const result = await runCli(['lint'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: eslint.config.js: no config today\n');
  });

  it('merges unblock into the project\'s config, whose own rules and settings apply', async ({ expect }) => {
    const config = 'export default [\n  { rules: { "no-debugger": "error", "unblock/no-sync-io": "warn" } },\n];\n';
    const dir = await makeProject({ 'eslint.config.js': config, 'load.js': `debugger;\n${BLOCKING}` });
    const result = await runCli(['lint', '--format', 'json', 'load.js'], { cwd: dir });
    const [load] = JSON.parse(result.stdout) as JsonResult[];
    expect(load!.messages.map((m) => [m.ruleId, m.severity])).toEqual([['no-debugger', 2], ['unblock/no-sync-io', 1]]);
  });

  it('does not register the plugin twice when the project\'s config already has unblock', async ({ expect }) => {
    const config = 'import unblock from "unblock";\n\nexport default [\n  unblock.configs.recommended,\n];\n';
    const dir = await makeProject({ 'eslint.config.js': config, 'load.js': BLOCKING, 'package.json': '{ "type": "module" }\n' }, { linkUnblock: true });
    const result = await runCli(['lint', '--format', 'json', 'load.js'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const [load] = JSON.parse(result.stdout) as JsonResult[];
    expect(load!.messages.map((m) => m.ruleId)).toEqual(['unblock/no-sync-io']);
  });

  it('--max-warnings turns too many warnings into exit 1', async ({ expect }) => {
    const config = 'export default [{ rules: { "unblock/no-sync-io": "warn" } }];\n';
    const dir = await makeProject({ 'eslint.config.js': config, 'load.js': BLOCKING });
    const allowed = await runCli(['lint', '--max-warnings', '1'], { cwd: dir });
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('1 problem (0 errors, 1 warning)');
    const tooMany = await runCli(['lint', '--max-warnings', '0'], { cwd: dir });
    expect(tooMany.code).toBe(1);
    expect(tooMany.stderr).toContain('1 warning, more than --max-warnings 0 allows');
    const bad = await runCli(['lint', '--max-warnings', 'many'], { cwd: dir });
    expect(bad.code).toBe(2);
  });

  it('--type-checked needs a tsconfig.json (exit 2) and uses it when there is one', async ({ expect }) => {
    const source = BLOCKING.replace('(path)', '(path: string)');
    const without = await makeProject({ 'src/load.ts': source });
    const refused = await runCli(['lint', '--type-checked'], { cwd: without });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^error: --type-checked needs the project's tsconfig\.json, and there is none in .+\n$/);

    const tsconfig = JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', noEmit: true }, include: ['src'] });
    const withTsconfig = await makeProject({ 'src/load.ts': source, 'tsconfig.json': tsconfig });
    const result = await runCli(['lint', '--type-checked', '--format', 'json'], { cwd: withTsconfig });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const [load] = JSON.parse(result.stdout) as JsonResult[];
    expect(load!.messages.map((m) => m.ruleId)).toEqual(['unblock/no-sync-io']);
  });

  it('--type-checked lints JavaScript files with the syntax rules and TypeScript files with type information', async ({ expect }) => {
    // Only the checker sees that `queue.flush()` returns a promise: its type is declared in another file.
    const files = {
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', target: 'es2022', noEmit: true }, include: ['src'] }),
      'src/queue.ts': 'export const queue = { flush: (): Promise<void> => Promise.resolve() };\n',
      'src/main.ts': "import { queue } from './queue.js';\n\nexport async function main(): Promise<void> {\n  queue.flush();\n}\n",
      'src/load.js': BLOCKING,
    };
    const dir = await makeProject(files);
    const findings = (stdout: string): Record<string, Array<string | null>> => Object.fromEntries(
      (JSON.parse(stdout) as JsonResult[]).map((r) => [r.filePath.slice(dir.length + 1), r.messages.map((m) => m.ruleId)]),
    );
    // Without an ESLint config, and merged under the project's own.
    const alone = await runCli(['lint', '--type-checked', '--format', 'json'], { cwd: dir });
    expect(alone.stderr).toBe('');
    expect(findings(alone.stdout)).toEqual({ 'src/load.js': ['unblock/no-sync-io'], 'src/main.ts': ['unblock/no-floating-promises'], 'src/queue.ts': [] });
    await writeProjectFile(dir, 'eslint.config.js', 'export default [{ rules: {} }];\n');
    const merged = await runCli(['lint', '--type-checked', '--format', 'json', 'src'], { cwd: dir });
    expect(merged.stderr).toBe('');
    expect(findings(merged.stdout)).toEqual({ 'src/load.js': ['unblock/no-sync-io'], 'src/main.ts': ['unblock/no-floating-promises'], 'src/queue.ts': [] });
  });

  it('warns when a path named on the command line is all ignored, and --no-ignore lints it', async ({ expect }) => {
    const dir = await makeProject({ 'eslint.config.js': 'export default [{ ignores: ["vendor/"] }];\n', 'vendor/load.js': BLOCKING });
    const ignored = await runCli(['lint', 'vendor'], { cwd: dir });
    expect(ignored.code).toBe(0);
    expect(ignored.stderr).toBe('warning: vendor: nothing linted, its files are ignored (eslint.config.js); add --no-ignore to lint them\n');
    const linted = await runCli(['lint', '--no-ignore', 'vendor'], { cwd: dir });
    expect(linted.code).toBe(1);
    expect(linted.stdout).toContain('unblock/no-sync-io');
  });

  it('honours NO_COLOR and FORCE_COLOR', async ({ expect }) => {
    const dir = await makeProject({ 'load.js': BLOCKING });
    const ESC = '\u001b[';
    const plain = await runCli(['lint'], { cwd: dir, env: { NO_COLOR: '1' } });
    expect(plain.stdout).toContain('unblock/no-sync-io');
    expect(plain.stdout).not.toContain(ESC);
    const forced = await runCli(['lint'], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain(ESC);
  });
});

describe.concurrent('unblock lint --staged', { timeout: 90_000 }, () => {
  it('lints the staged content, not the working tree', async ({ expect }) => {
    const dir = await makeProject({ 'src/load.js': CLEAN, 'notes.md': '# notes\n' });
    await writeProjectFile(dir, 'src/load.js', BLOCKING);
    await git(dir, 'add', 'src/load.js');
    await writeProjectFile(dir, 'src/load.js', CLEAN);
    // An unstaged blocking file is not part of the commit.
    await writeProjectFile(dir, 'src/other.js', BLOCKING);

    const result = await runCli(['lint', '--staged', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    const results = JSON.parse(result.stdout) as JsonResult[];
    expect(results.map((r) => [r.filePath, r.messages.map((m) => [m.ruleId, m.line])])).toEqual([
      [join(dir, 'src', 'load.js'), [['unblock/no-sync-io', 4]]],
    ]);
  });

  it('passes a clean staged version even when the working tree blocks', async ({ expect }) => {
    const dir = await makeProject({ 'src/load.js': BLOCKING });
    await writeProjectFile(dir, 'src/load.js', CLEAN);
    await git(dir, 'add', 'src/load.js');
    await writeProjectFile(dir, 'src/load.js', BLOCKING);
    const result = await runCli(['lint', '--staged'], { cwd: dir });
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('keeps to the paths given, to JS/TS files, and works from a subfolder', async ({ expect }) => {
    const dir = await makeProject({ 'package.json': '{}\n' });
    await writeProjectFile(dir, 'a/load.js', BLOCKING);
    await writeProjectFile(dir, 'b/load.ts', BLOCKING);
    await writeProjectFile(dir, 'b/readme.md', 'readFileSync\n');
    await git(dir, 'add', '-A');
    const onlyA = await runCli(['lint', '--staged', '--format', 'json', 'a'], { cwd: dir });
    expect((JSON.parse(onlyA.stdout) as JsonResult[]).map((r) => r.filePath)).toEqual([join(dir, 'a', 'load.js')]);
    const fromB = await runCli(['lint', '--staged', '--format', 'json'], { cwd: join(dir, 'b') });
    expect((JSON.parse(fromB.stdout) as JsonResult[]).map((r) => r.filePath)).toEqual([join(dir, 'b', 'load.ts')]);
  });

  it('outside git is a usage error', async ({ expect }) => {
    const dir = await makeProject({ 'load.js': BLOCKING }, { git: false });
    const result = await runCli(['lint', '--staged'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('error: --staged needs a git repository, and this folder is not in one\n');
  });
});
