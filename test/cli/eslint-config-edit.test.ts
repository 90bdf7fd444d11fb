import { describe, expect, it } from 'vitest';
import { addUnblockToConfig } from '../../src/cli/init/eslint-config.js';

/** Each shape of eslint.config that `unblock init` edits, and what it leaves to a person. */

function edited(name: string, text: string): string {
  const result = addUnblockToConfig(name, text);
  if (result.kind !== 'edited') throw new Error(`expected an edit, got ${JSON.stringify(result)}`);
  // Idempotent: the edited text is recognised as set up.
  expect(addUnblockToConfig(name, result.text).kind).toBe('present');
  return result.text;
}

describe('adding unblock to an eslint.config', () => {
  it('a CommonJS config: require after the other requires, after "use strict"', () => {
    const text = "'use strict';\nconst js = require('@eslint/js');\n\nmodule.exports = [js.configs.recommended];\n";
    expect(edited('eslint.config.cjs', text)).toBe(
      "'use strict';\nconst js = require('@eslint/js');\nconst unblock = require('unblock');\n\nmodule.exports = [js.configs.recommended, unblock.configs.recommended];\n",
    );
  });

  it('a CommonJS config without requires: at the top, after the directive', () => {
    expect(edited('eslint.config.cjs', '"use strict";\nmodule.exports = [\n  { rules: {} },\n];\n')).toBe(
      '"use strict";\nconst unblock = require(\'unblock\');\n\nmodule.exports = [\n  { rules: {} },\n  unblock.configs.recommended,\n];\n',
    );
  });

  it('tseslint.config(...) with configs as arguments, without semicolons', () => {
    const text = "import tseslint from 'typescript-eslint'\n\nexport default tseslint.config(\n  tseslint.configs.recommended,\n  { rules: {} }\n)\n";
    expect(edited('eslint.config.mjs', text)).toBe(
      "import tseslint from 'typescript-eslint'\nimport unblock from 'unblock'\n\nexport default tseslint.config(\n  tseslint.configs.recommended,\n  { rules: {} },\n  unblock.configs.recommended,\n)\n",
    );
  });

  it('an array in a variable, with a comment after the last element', () => {
    const text = 'const config = [\n\t{ rules: {} }, // ours\n];\n\nexport default config;\n';
    expect(edited('eslint.config.js', text)).toBe(
      "import unblock from 'unblock';\n\nconst config = [\n\t{ rules: {} }, // ours\n\tunblock.configs.recommended,\n];\n\nexport default config;\n",
    );
  });

  it('a TypeScript config with satisfies, and an empty array', () => {
    expect(edited('eslint.config.ts', "import type { Linter } from 'eslint';\n\nexport default [] satisfies Linter.Config[];\n")).toBe(
      "import type { Linter } from 'eslint';\nimport unblock from 'unblock';\n\nexport default [unblock.configs.recommended] satisfies Linter.Config[];\n",
    );
  });

  it('a file that already binds `unblock` gets another name', () => {
    expect(edited('eslint.config.js', 'const unblock = 1;\nexport default [{ rules: {} }];\n')).toBe(
      "import unblockPlugin from 'unblock';\n\nconst unblock = 1;\nexport default [{ rules: {} }, unblockPlugin.configs.recommended];\n",
    );
  });

  it('an existing import of unblock is reused', () => {
    expect(edited('eslint.config.js', "import blocking from 'unblock';\n\nexport default [\n  { rules: {} },\n];\n")).toBe(
      "import blocking from 'unblock';\n\nexport default [\n  { rules: {} },\n  blocking.configs.recommended,\n];\n",
    );
  });

  it('recognises unblock already set up, whatever the binding', () => {
    expect(addUnblockToConfig('eslint.config.js', "import u from 'unblock';\nexport default [u.configs.strict];\n").kind).toBe('present');
    expect(addUnblockToConfig('eslint.config.js', "import * as u from 'unblock';\nexport default [u.default.configs.strict];\n").kind).toBe('present');
    expect(addUnblockToConfig('eslint.config.cjs', "const u = require('unblock');\nmodule.exports = [u.configs.recommended];\n").kind).toBe('present');
    expect(addUnblockToConfig('eslint.config.cts', "import u = require('unblock');\nmodule.exports = [u.configs.recommended];\n").kind).toBe('present');
  });

  it('an existing require of unblock is reused: it is the plugin itself, not a module namespace', () => {
    expect(edited('eslint.config.cjs', "const u = require('unblock');\nmodule.exports = [{ rules: {} }];\n")).toBe(
      "const u = require('unblock');\nmodule.exports = [{ rules: {} }, u.configs.recommended];\n",
    );
  });

  it("repairs a legacy `require('unblock').default` (undefined) rather than requiring unblock a second time", () => {
    // Already used: only the `.default` goes.
    const used = addUnblockToConfig('eslint.config.cjs', "const u = require('unblock').default;\nmodule.exports = [u.configs.recommended];\n");
    expect(used).toEqual({
      kind: 'edited',
      text: "const u = require('unblock');\nmodule.exports = [u.configs.recommended];\n",
      added: [],
      replaced: [{ from: "require('unblock').default", to: "require('unblock')" }],
    });
    // Not used yet: the binding is repaired and reused.
    expect(edited('eslint.config.cjs', "const u = require('unblock').default;\nmodule.exports = [\n  { rules: {} },\n];\n")).toBe(
      "const u = require('unblock');\nmodule.exports = [\n  { rules: {} },\n  u.configs.recommended,\n];\n",
    );
  });

  it('a subpath of the package (unblock/catalog) is not the plugin', () => {
    expect(edited('eslint.config.js', "import * as catalog from 'unblock/catalog';\n\nexport default [{ rules: {} }];\n")).toBe(
      "import * as catalog from 'unblock/catalog';\nimport unblock from 'unblock';\n\nexport default [{ rules: {} }, unblock.configs.recommended];\n",
    );
  });

  it('leaves other shapes to a person, with the lines to add', () => {
    const result = addUnblockToConfig('eslint.config.js', "import make from './make.js';\nexport default make();\n");
    expect(result).toEqual({
      kind: 'unrecognised',
      why: 'its exported config is not an array nor a defineConfig() call',
      lines: ["import unblock from 'unblock';", '// … and, in the exported config array:', 'unblock.configs.recommended,'],
    });
    expect(addUnblockToConfig('eslint.config.js', 'console.log(1);\n').kind).toBe('unrecognised');
  });
});
