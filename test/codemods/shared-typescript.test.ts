import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TSCONFIG, REPO, removeTempProjects, tempProject } from './support.js';

afterAll(removeTempProjects);

const run = promisify(execFile);
const ENGINE = pathToFileURL(`${REPO}codemods/index.ts`).href;

/**
 * The site collector gives ts-morph's syntax trees to typescript-estree, which must read them with
 * ts-morph's own TypeScript, whatever `typescript` the project has. Each case runs in a process of its
 * own (Node's module cache is per process).
 */
async function inFreshProcess(script: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO });
  return stdout.trim();
}

const WHERE_ESTREE_FINDS_TYPESCRIPT = `
  import { createRequire } from 'node:module';
  const require = createRequire(${JSON.stringify(`${REPO}package.json`)});
  const estree = createRequire(require.resolve('@typescript-eslint/parser')).resolve('@typescript-eslint/typescript-estree');
  const typescriptPath = createRequire(estree).resolve('typescript');
`;

describe("typescript-estree reads the engine's trees with ts-morph's TypeScript", () => {
  it('is given ts-morph\'s TypeScript when the engine loads first', async () => {
    const root = await tempProject({ 'a.ts': "import { readFileSync } from 'node:fs';\nexport async function f() { return readFileSync('x'); }\n", 'tsconfig.json': JSON.stringify(DEFAULT_TSCONFIG) });
    const output = await inFreshProcess(`${WHERE_ESTREE_FINDS_TYPESCRIPT}
      const { migrate } = await import(${JSON.stringify(ENGINE)});
      const { ts } = require('ts-morph');
      const result = await migrate({ root: ${JSON.stringify(root)} });
      console.log(JSON.stringify({ same: createRequire(estree)('typescript') === ts, migrated: result.sitesMigrated }));
    `);
    expect(JSON.parse(output)).toEqual({ same: true, migrated: 1 });
  });

  it('works when a static import of typescript is linked before the engine runs, which gets the real TypeScript', async () => {
    const root = await tempProject({ 'a.ts': "import { readFileSync } from 'node:fs';\nexport async function f() { return readFileSync('x'); }\n", 'tsconfig.json': JSON.stringify(DEFAULT_TSCONFIG) });
    // ESM links both imports first (Node caches an empty entry for typescript then), and runs the engine
    // before typescript, in their order
    const output = await inFreshProcess(`
      import { migrate } from ${JSON.stringify(ENGINE)};
      import ts from 'typescript';
      import { existsSync } from 'node:fs';
      import { createRequire } from 'node:module';
      const result = await migrate({ root: ${JSON.stringify(root)} });
      const morph = createRequire(${JSON.stringify(`${REPO}package.json`)})('ts-morph').ts;
      console.log(JSON.stringify({ migrated: result.sitesMigrated, own: ts !== morph, libraries: existsSync(ts.getDefaultLibFilePath({})) }));
    `);
    expect(JSON.parse(output)).toEqual({ migrated: 1, own: true, libraries: true });
  });

  it('refuses to collect sites with another TypeScript version loaded before it, and says why', async () => {
    const root = await tempProject({ 'a.ts': "import { readFileSync } from 'node:fs';\nexport async function f() { return readFileSync('x'); }\n", 'tsconfig.json': JSON.stringify(DEFAULT_TSCONFIG) });
    const output = await inFreshProcess(`${WHERE_ESTREE_FINDS_TYPESCRIPT}
      // another version, loaded first where typescript-estree will look for it
      const { Module } = await import('node:module');
      const entry = new Module(typescriptPath);
      entry.exports = { ...require('typescript'), version: '5.4.5', versionMajorMinor: '5.4' };
      entry.loaded = true;
      require.cache[typescriptPath] = entry;
      const { migrate } = await import(${JSON.stringify(ENGINE)});
      const outcome = await migrate({ root: ${JSON.stringify(root)} }).then(() => 'migrated', (error) => error.message);
      console.log(outcome);
    `);
    expect(output).toMatch(/^TypeScript 5\.4\.5 was loaded before unblock's migration engine, which reads syntax trees made by TypeScript 6\.0\.\d+: run the migration in a process of its own/);
  });
});
