import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtPackage } from './support/package.js';
import { createProject, type Project } from './support/project.js';

// A user's TypeScript config files: every way of putting unblock's configs and plugin into a config array
// that ESLint's and typescript-eslint's types check.
const ESM_CONFIG = `import { defineConfig } from 'eslint/config';
import type { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import unblock, { type UnblockConfig } from 'unblock';

export const plain: Linter.Config[] = [unblock.configs.recommended, unblock.configs.strict, unblock.configs['recommended-type-checked']];
export const satisfying = [unblock.configs.recommended] satisfies Linter.Config[];
export const registered: Linter.Config = { plugins: { unblock }, rules: { 'unblock/no-sync-io': ['error', { context: 'all' }] } };
export const withTseslint = tseslint.config(tseslint.configs.recommended, unblock.configs.recommended, { plugins: { unblock } });
export const named: string = unblock.configs.strict.name;
export const own: UnblockConfig = { ...unblock.configs.recommended, files: ['src/**/*.ts'] };

export default defineConfig(
  tseslint.configs.recommended,
  unblock.configs.recommended,
  { files: ['src/**/*.ts'], extends: [unblock.configs['recommended-type-checked']] },
  { plugins: { unblock }, extends: ['unblock/strict'] },
);
`;
const COMMONJS_CONFIG = `import unblock = require('unblock');
import type { Linter } from 'eslint';

const config: Linter.Config[] = [unblock.configs.recommended];
export = config;
`;

const MISSPELT = "import unblock from 'unblock';\n\nexport default [unblock.configs.recomended];\n";

/** TypeScript's errors on the files, compiled as a user's project with its node_modules would be. */
function typeErrors(dir: string, files: string[]): string[] {
  const program = ts.createProgram({
    rootNames: files.map((file) => join(dir, file)),
    options: {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2023,
      strict: true,
      noEmit: true,
      // Checks the user's files against unblock's declarations, not the dependencies' among themselves.
      skipLibCheck: true,
      types: ['node'],
    },
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.slice(dir.length + 1)}:${d.file.getLineAndCharacterOfPosition(d.start!).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

beforeAll(() => {
  builtPackage();
});

describe.each([10, 9] as const)("the package's types with ESLint %i's", (major) => {
  let project: Project;
  let errors: string[];

  beforeAll(() => {
    project = createProject('app', major);
    project.write('eslint.config.ts', ESM_CONFIG);
    project.write('eslint.config.cts', COMMONJS_CONFIG);
    project.write('misspelt.ts', MISSPELT);
    errors = typeErrors(project.dir, ['eslint.config.ts', 'eslint.config.cts', 'misspelt.ts']);
  });

  afterAll(() => project.remove());

  it('accept its configs and plugin in eslint.config.ts: defineConfig, Linter.Config, tseslint.config, import = require', () => {
    expect(errors.filter((e) => e.startsWith('eslint.config.'))).toEqual([]);
  });

  it('still catch a misspelt config name (the types are not `any`)', () => {
    expect(errors.filter((e) => !e.startsWith('eslint.config.'))).toEqual([
      expect.stringMatching(/^misspelt\.ts:3 Property 'recomended' does not exist on type 'Record<ConfigName, UnblockConfig>'/),
    ]);
  });
});
