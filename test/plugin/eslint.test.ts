import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOATING_WITH_TYPES, inLintOrder, RECOMMENDED, SYNC_IN_PLAIN_FUNCTION } from './support/app.js';
import { lintProject, located, type Finding } from './support/lint.js';
import { builtPackage } from './support/package.js';
import { createProject, type EslintMajor, type Project } from './support/project.js';

/** eslint.config files as a user writes them, by what the tests call them. */
const CONFIGS = {
  recommended: ['eslint.config.js', "import unblock from 'unblock';\n\nexport default [unblock.configs.recommended];\n"],
  strict: ['eslint.config.js', "import unblock from 'unblock';\n\nexport default [unblock.configs.strict];\n"],
  typed: ['eslint.config.js', "import unblock from 'unblock';\n\nexport default [unblock.configs['recommended-type-checked']];\n"],
  'recommended+typed': [
    'eslint.config.js',
    "import unblock from 'unblock';\n\nexport default [unblock.configs.recommended, unblock.configs['recommended-type-checked']];\n",
  ],
  commonjs: ['eslint.config.cjs', "'use strict';\nconst unblock = require('unblock');\n\nmodule.exports = [unblock.configs.recommended];\n"],
  // ESLint's defineConfig (9.22+): a config of the plugin by name, narrowed to some files.
  extends: [
    'eslint.config.js',
    "import { defineConfig } from 'eslint/config';\nimport unblock from 'unblock';\n\n"
      + "export default defineConfig({ files: ['src/**/*.ts'], plugins: { unblock }, extends: ['unblock/strict'] });\n",
  ],
} as const;
type Variant = keyof typeof CONFIGS;

const projects: Project[] = [];
const runs = new Map<string, Promise<Finding[]>>();

/** The findings of ESLint `major` on the fixture project with the `variant` config; each pair is linted once. */
function findings(major: EslintMajor, variant: Variant): Promise<Finding[]> {
  const key = `${major} ${variant}`;
  let run = runs.get(key);
  if (run === undefined) {
    const project = createProject('app', major);
    projects.push(project);
    const [file, text] = CONFIGS[variant];
    project.write(file, text);
    run = lintProject(major, project.dir);
    runs.set(key, run);
  }
  return run;
}

beforeAll(() => {
  builtPackage();
});

afterAll(() => {
  for (const project of projects) project.remove();
});

describe.each([10, 9] as const)('ESLint %i', (major) => {
  it('recommended: blocking calls in async code of ESM, CommonJS and TypeScript files; clean files and module top level quiet', async () => {
    expect(located(await findings(major, 'recommended'))).toEqual(RECOMMENDED);
  });

  it('the findings say what blocks and what to use instead, with a suggestion', async () => {
    const [readFileSync] = await findings(major, 'recommended');
    expect(readFileSync).toMatchObject({
      severity: 2,
      messageId: 'blocking',
      message: '`readFileSync` blocks the event loop (fs): use `await readFile(…)` (node:fs/promises) instead.',
      suggestions: [{ desc: expect.stringMatching(/^Replace with `await readFile\(…\)`/) }],
    });
  });

  it('strict also reports sync I/O in a plain function, which recommended does not', async () => {
    const strict = located(await findings(major, 'strict'));
    expect(strict).toEqual(inLintOrder([...RECOMMENDED, SYNC_IN_PLAIN_FUNCTION]));
    expect(RECOMMENDED).not.toContain(SYNC_IN_PLAIN_FUNCTION);
  });

  it('recommended-type-checked finds a dropped promise of an imported function, which recommended does not', async () => {
    // TypeScript files only: the JavaScript ones, eslint.config.js included, are in no tsconfig.json.
    expect(located(await findings(major, 'typed'))).toEqual(['src/handlers.ts:5:16 unblock/no-sync-io', FLOATING_WITH_TYPES]);
    expect(RECOMMENDED).not.toContain(FLOATING_WITH_TYPES);
  });

  it('recommended then recommended-type-checked: JavaScript files without types, TypeScript ones with', async () => {
    expect(located(await findings(major, 'recommended+typed'))).toEqual(inLintOrder([...RECOMMENDED, FLOATING_WITH_TYPES]));
  });

  it("a CommonJS eslint.config.cjs gets the plugin from require('unblock')", async () => {
    expect(located(await findings(major, 'commonjs'))).toEqual(RECOMMENDED);
  });

  it("defineConfig's `extends: ['unblock/strict']` finds the config in the registered plugin, narrowed to the files given", async () => {
    expect(located(await findings(major, 'extends'))).toEqual(['src/handlers.ts:5:16 unblock/no-sync-io', SYNC_IN_PLAIN_FUNCTION]);
  });
});

describe('ESLint 9 and 10', () => {
  it.each(Object.keys(CONFIGS) as Variant[])('report the same findings, messages and suggestions: %s', async (variant) => {
    const [ten, nine] = await Promise.all([findings(10, variant), findings(9, variant)]);
    expect(ten.length).toBeGreaterThan(0);
    expect(nine).toEqual(ten);
  });
});
