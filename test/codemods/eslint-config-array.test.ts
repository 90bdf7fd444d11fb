import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { configArrayOnce } from '../../src/codemod/eslint-config-array.js';

/**
 * Site collection lints file after file with one configuration: normalised once (configArrayOnce), not
 * by ESLint for every file. The installed ESLint must take that path, and lint alike either way.
 */
describe('configArrayOnce', () => {
  const configs: Linter.Config[] = [{ files: ['**/*.js'], rules: { 'no-unused-vars': 'error', semi: 'error' } }];

  it("gives the installed ESLint's own normalised array", () => {
    const array = configArrayOnce(configs, '/');
    expect(array).not.toBe(configs);
    expect(typeof (array as unknown as { getConfig?: unknown }).getConfig).toBe('function');
  });

  it('lints as the plain configuration does, file after file', () => {
    const linter = new Linter({ configType: 'flat', cwd: '/' });
    const once = configArrayOnce(configs, '/');
    for (const [filename, text] of [['/a/one.js', 'const x = 1\n'], ['/b/two.js', 'let y = 2; y++;\n'], ['/c/three.ts', 'const z = 1\n']] as const) {
      const plain = linter.verify(text, configs, { filename }).map((m) => `${m.ruleId}:${m.line}:${m.column}`);
      expect(linter.verify(text, once, { filename }).map((m) => `${m.ruleId}:${m.line}:${m.column}`)).toEqual(plain);
    }
    expect(linter.verify('const x = 1\n', once, { filename: '/a/one.js' }).map((m) => m.ruleId)).toEqual(['no-unused-vars', 'semi']);
  });
});
