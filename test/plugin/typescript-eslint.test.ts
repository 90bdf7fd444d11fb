import { join } from 'node:path';
import { clearCaches } from '@typescript-eslint/parser';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FLOATING_WITH_TYPES, inLintOrder, RECOMMENDED } from './support/app.js';
import { eslintIn, lintProject, located } from './support/lint.js';
import { builtPackage } from './support/package.js';
import { createProject, type EslintMajor, type Project } from './support/project.js';

// The common setup: typescript-eslint's recommended config and unblock's in one flat config array.
const TSESLINT_THEN_UNBLOCK = `import tseslint from 'typescript-eslint';
import unblock from 'unblock';

export default [...tseslint.configs.recommended, unblock.configs.recommended];
`;
const UNBLOCK_THEN_TSESLINT = `import tseslint from 'typescript-eslint';
import unblock from 'unblock';

export default [unblock.configs.recommended, ...tseslint.configs.recommended];
`;
// Typed linting as typescript-eslint documents it (its type-checked rules off for JavaScript), with
// unblock's typed config for TypeScript files after its untyped one for all.
const TYPE_CHECKED = `import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import unblock from 'unblock';

export default defineConfig(
  tseslint.configs.recommendedTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked] },
  unblock.configs.recommended,
  unblock.configs['recommended-type-checked'],
);
`;

/** typescript-eslint's recommended rules on the fixture: require() in the CommonJS file. */
const TSESLINT_RECOMMENDED = [
  'src/legacy.cjs:1:12 @typescript-eslint/no-require-imports',
  'src/legacy.cjs:2:22 @typescript-eslint/no-require-imports',
];
/** And its type-checked ones: the async handler that awaits nothing, and the same dropped promise as unblock's. */
const TSESLINT_TYPE_CHECKED = [
  'src/handlers.ts:4:8 @typescript-eslint/require-await',
  'src/handlers.ts:6:3 @typescript-eslint/no-floating-promises',
];

let project: Project | undefined;

/** A fixture project with this eslint.config.js, in a process state as fresh as a user's `npx eslint`. */
function projectWith(major: EslintMajor, config: string): Project {
  // typescript-eslint keeps, per process, the folder of each config file that read its configs, and refuses
  // to guess a tsconfigRootDir once there are two: these tests lint several projects in one process.
  clearCaches();
  project = createProject('app', major);
  project.write('eslint.config.js', config);
  return project;
}

beforeAll(() => {
  builtPackage();
});

afterEach(() => {
  project?.remove();
  project = undefined;
});

describe.each([10, 9] as const)('with typescript-eslint on ESLint %i', (major) => {
  it("typescript-eslint's recommended config, then unblock's: both plugins' findings, no parse error", async () => {
    const { dir } = projectWith(major, TSESLINT_THEN_UNBLOCK);
    expect(located(await lintProject(major, dir))).toEqual(inLintOrder([...RECOMMENDED, ...TSESLINT_RECOMMENDED]));
  });

  it('the other way round: the same findings (both set the same parser, neither redefines the other plugin)', async () => {
    const { dir } = projectWith(major, UNBLOCK_THEN_TSESLINT);
    expect(located(await lintProject(major, dir))).toEqual(inLintOrder([...RECOMMENDED, ...TSESLINT_RECOMMENDED]));
  });

  it("typed: typescript-eslint's type-checked config with unblock's, merged parser options, types for TypeScript files only", async () => {
    const { dir } = projectWith(major, TYPE_CHECKED);
    expect(located(await lintProject(major, dir)))
      .toEqual(inLintOrder([...RECOMMENDED, ...TSESLINT_RECOMMENDED, ...TSESLINT_TYPE_CHECKED, FLOATING_WITH_TYPES]));

    interface Calculated {
      plugins: Record<string, { meta?: { name?: string } }>;
      languageOptions: { parser: { meta: { name: string } }; parserOptions: Record<string, unknown> };
      rules: Record<string, unknown>;
    }
    const eslint = eslintIn(major, dir);
    const typescript = await eslint.calculateConfigForFile(join(dir, 'src/handlers.ts')) as Calculated;
    expect(Object.keys(typescript.plugins)).toEqual(expect.arrayContaining(['@typescript-eslint', 'unblock']));
    expect(typescript.plugins.unblock!.meta!.name).toBe('unblock');
    expect(typescript.languageOptions.parser.meta.name).toBe('typescript-eslint/parser');
    // unblock's `projectService: true` merges into the user's parser options: their tsconfigRootDir stays.
    expect(typescript.languageOptions.parserOptions).toMatchObject({ projectService: true, tsconfigRootDir: dir });
    for (const rule of ['unblock/no-floating-promises', '@typescript-eslint/no-floating-promises']) {
      expect(typescript.rules[rule], rule).toEqual(expect.arrayContaining([2]));
    }

    const javascript = await eslint.calculateConfigForFile(join(dir, 'src/server.js')) as Calculated;
    expect(javascript.languageOptions.parserOptions).toMatchObject({ projectService: false });
    expect(javascript.rules['unblock/no-floating-promises']).toEqual(expect.arrayContaining([2]));
  });
});
