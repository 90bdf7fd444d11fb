import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { ImportManager, moduleSyntax, type Edit, type ImportOptions } from '../../src/analysis/imports.js';
import { resolverFor } from '../../src/analysis/resolve.js';
import { unusedImportEdits } from '../../src/analysis/unused-imports.js';
import { allNodes, withSource, type SourceOptions } from './lint-source.js';

/** Applied from the end; at one offset, a removal before an insertion, so that the insertion takes its place. */
function applyEdits(text: string, edits: readonly Edit[]): string {
  let out = text;
  const ordered = [...edits].sort((a, b) => b.range[0] - a.range[0] || b.range[1] - a.range[1]);
  for (const edit of ordered) out = out.slice(0, edit.range[0]) + edit.text + out.slice(edit.range[1]);
  return out;
}

/** The range of the `n`th occurrence of `snippet` in `code`. */
function rangeOf(code: string, snippet: string, n = 1): [number, number] {
  let at = -1;
  for (let i = 0; i < n; i++) at = code.indexOf(snippet, at + 1);
  if (at === -1) throw new Error(`no ${snippet} in the code`);
  return [at, at + snippet.length];
}

interface Case extends SourceOptions, Pick<ImportOptions, 'blankLineAfter'> {
  /** Ask at the `mark()` call (default), or for the whole file. */
  site?: 'mark' | 'file';
  removals?: Edit[];
}

/** The names handed out for `wanted` ([module, export]) and the file with the new imports (and `removals`) applied. */
function manage(code: string, wanted: Array<[string, string]>, options: Case = {}): { names: string[]; output: string } {
  return withSource(code, (sourceCode) => {
    const mark = allNodes(sourceCode.ast, sourceCode.visitorKeys).find((n): n is TSESTree.CallExpression =>
      n.type === AST_NODE_TYPES.CallExpression && n.callee.type === AST_NODE_TYPES.Identifier && n.callee.name === 'mark');
    const imports = new ImportManager(sourceCode, resolverFor(sourceCode), { ...options, filename: options.filename ?? 'file.ts' });
    const names = wanted.map(([module, name]) => imports.reference(module, name, options.site === 'file' ? undefined : mark).name);
    const removals = options.removals ?? [];
    return { names, output: applyEdits(sourceCode.text, [...imports.additions(undefined, removals), ...removals]) };
  }, options);
}

const cjs: Case = { sourceType: 'commonjs', filename: 'file.cjs' };

describe('ImportManager: the bindings a file has', () => {
  it('reaches an export through an ESM namespace, with or without the node: prefix', () => {
    expect(manage(`import * as fs from 'node:fs';\nmark();`, [['fs', 'existsSync'], ['node:fs', 'default'], ['fs', '*']]).names)
      .toEqual(['fs.existsSync', 'fs.default', 'fs']);
    expect(manage(`import * as fsp from 'fs/promises';\nmark();`, [['node:fs/promises', 'readFile']]).names).toEqual(['fsp.readFile']);
  });

  it('knows fs/promises as require("fs").promises, destructured or not', () => {
    expect(manage(`const { promises: fsp } = require('fs');\nmark();`, [['node:fs/promises', 'readFile']], cjs).names).toEqual(['fsp.readFile']);
    expect(manage(`const fsp = require('node:fs').promises;\nmark();`, [['fs/promises', 'writeFile']], cjs).names).toEqual(['fsp.writeFile']);
  });

  it('never goes by a name alone: a local function, or a call of a require that is not the global one', () => {
    const local = manage(`const readFile = (p: string) => p;\nmark();`, [['node:fs/promises', 'readFile']]);
    expect(local.names).toEqual(['readFileAsync']);
    const ownRequire = manage(`const require = (m: string): any => m;\nconst { readFile } = require('fs/promises');\nmark();`,
      [['node:fs/promises', 'readFile']]);
    expect(ownRequire.names).toEqual(['readFileAsync']);
    const globalRequire = manage(`const { readFile } = require('fs/promises');\nmark();`, [['node:fs/promises', 'readFile']]);
    expect(globalRequire.names).toEqual(['readFile']);
  });

  it('reuses a binding only where it is not shadowed: at the site, or anywhere for the whole file', () => {
    const code = `import { readFile } from 'node:fs/promises';\nfunction f(readFile: string) { mark(); }\nfunction g() { readFile('x'); }`;
    expect(manage(code, [['node:fs/promises', 'readFile']])).toEqual({
      names: ['readFileAsync'],
      output: `import { readFile, readFile as readFileAsync } from 'node:fs/promises';\nfunction f(readFile: string) { mark(); }\nfunction g() { readFile('x'); }`,
    });
    const elsewhere = `import { readFile } from 'node:fs/promises';\nmark();\nfunction f(readFile: string) {}`;
    expect(manage(elsewhere, [['node:fs/promises', 'readFile']]).names).toEqual(['readFile']);
    expect(manage(elsewhere, [['node:fs/promises', 'readFile']], { site: 'file' }).names).toEqual(['readFileAsync']);
  });
});

describe('ImportManager: new names', () => {
  it('avoids every name a scope declares, parameters and nested functions included', () => {
    const code = `function f(readFile: string) { function writeFile() {} }\nmark();`;
    expect(manage(code, [['node:fs/promises', 'readFile'], ['node:fs/promises', 'writeFile']]).names).toEqual(['readFileAsync', 'writeFileAsync']);
  });

  it('takes a name used only as a property or a destructuring key', () => {
    const code = `const { readFile: x } = { readFile: 1 };\nx.readFile;\nmark();`;
    expect(manage(code, [['node:fs/promises', 'readFile']]).names).toEqual(['readFile']);
  });

  it('names timers/promises setTimeout `sleep` where the file calls the global one', () => {
    expect(manage(`setTimeout(() => {}, 1);\nmark();`, [['node:timers/promises', 'setTimeout']]).names).toEqual(['sleep']);
    expect(manage(`mark();`, [['node:timers/promises', 'setTimeout']]).names).toEqual(['setTimeout']);
  });

  it('names a default export or a namespace after its module', () => {
    expect(manage(`mark();`, [['better-sqlite3', 'default'], ['node:child_process', '*']])).toEqual({
      names: ['betterSqlite3', 'childProcess'],
      output: `import * as childProcess from 'node:child_process';\nimport betterSqlite3 from 'better-sqlite3';\nmark();`,
    });
  });
});

describe('ImportManager: the statements', () => {
  it('merges the requests of one module into one statement, in the order of their export names', () => {
    const esm = manage(`import a from 'a';\nconst writeFile = 1;\nmark();`, [['node:fs/promises', 'writeFile'], ['node:fs/promises', 'readFile']]);
    expect(esm.output).toBe(`import a from 'a';\nimport { readFile, writeFile as writeFileAsync } from 'node:fs/promises';\nconst writeFile = 1;\nmark();`);
    const commonjs = manage(`const a = require('a');\nconst writeFile = 1;\nmark();`, [['node:fs/promises', 'writeFile'], ['node:fs/promises', 'readFile']], cjs);
    expect(commonjs.output).toBe(`const a = require('a');\nconst { readFile, writeFile: writeFileAsync } = require('node:fs/promises');\nconst writeFile = 1;\nmark();`);
  });

  it('extends a named import of the module, or a default import with named ones', () => {
    expect(manage(`import { writeFile } from 'fs/promises';\nmark();`, [['node:fs/promises', 'rm'], ['node:fs/promises', 'readFile']]).output)
      .toBe(`import { writeFile, readFile, rm } from 'fs/promises';\nmark();`);
    expect(manage(`import fse from 'fs-extra';\nfunction f(fse: number) { mark(); }`, [['fs-extra', 'copy']]).output)
      .toBe(`import fse, { copy } from 'fs-extra';\nfunction f(fse: number) { mark(); }`);
  });

  it('never extends a destructuring past a rest element', () => {
    expect(manage(`const { a, ...rest } = require('fs/promises');\nmark();`, [['node:fs/promises', 'readFile']], cjs).output)
      .toBe(`const { a, ...rest } = require('fs/promises');\nconst { readFile } = require('node:fs/promises');\nmark();`);
  });

  it('goes after the last import, past a comment ending its line; right after it when code follows on the line', () => {
    expect(manage(`import a from "a" // the a\nmark()`, [['node:util', 'promisify']]).output)
      .toBe(`import a from "a" // the a\nimport { promisify } from "node:util"\nmark()`);
    expect(manage(`const a = require('a'); mark();`, [['node:util', 'promisify']], cjs).output)
      .toBe(`const a = require('a');\nconst { promisify } = require('node:util'); mark();`);
  });

  it('in a file without imports: after a shebang, the directives and a header, before the comments of the first statement', () => {
    const code = `#!/usr/bin/env node\n'use strict';\n// Copyright header\n\n/** Loads. */\nmodule.exports = () => mark();`;
    expect(manage(code, [['node:fs/promises', 'readFile']], cjs).output)
      .toBe(`#!/usr/bin/env node\n'use strict';\n// Copyright header\n\nconst { readFile } = require('node:fs/promises');\n/** Loads. */\nmodule.exports = () => mark();`);
    expect(manage(`/** Loads. */\nexport const load = () => mark();`, [['node:fs/promises', 'readFile']], { blankLineAfter: true }).output)
      .toBe(`import { readFile } from 'node:fs/promises';\n\n/** Loads. */\nexport const load = () => mark();`);
  });

  it('replaces in place an import of the module that is removed whole, and never extends a removed specifier', () => {
    const code = `import a from 'a';\nimport { readFileSync } from 'fs';\nimport { x } from 'b';\nmark();`;
    const whole = manage(code, [['fs', 'promises']], { removals: [{ range: rangeOf(code, `import { readFileSync } from 'fs';\n`), text: '' }] });
    expect(whole.output).toBe(`import a from 'a';\nimport { promises } from 'fs';\nimport { x } from 'b';\nmark();`);
    const named = `import { a, b } from 'm';\nmark();`;
    const partly = manage(named, [['m', 'c']], { removals: [{ range: [rangeOf(named, 'a')[1], rangeOf(named, 'b')[1]], text: '' }] });
    expect(partly.output).toBe(`import { a, c } from 'm';\nmark();`);
  });

  it('writes only the requests asked for', () => {
    withSource(`mark();`, (sourceCode) => {
      const imports = new ImportManager(sourceCode, resolverFor(sourceCode));
      imports.reference('node:fs/promises', 'readFile');
      const { request } = imports.reference('node:util', 'promisify');
      expect(applyEdits(sourceCode.text, imports.additions(new Set([request!])))).toBe(`import { promisify } from 'node:util';\nmark();`);
    });
  });
});

describe('moduleSyntax', () => {
  it.each<[string, SourceOptions & { sourceType?: 'module' | 'commonjs' }, string]>([
    [`const a = require('a');`, { filename: 'file.ts' }, 'esm'],
    [`const a = require('a');`, { filename: 'file.mjs' }, 'esm'],
    [`const a = 1;`, { filename: 'file.cjs' }, 'cjs'],
    [`const a = 1;`, { filename: 'file.ts', sourceType: 'commonjs' }, 'cjs'],
    [`import a from 'a';`, { filename: 'file.cjs' }, 'esm'],
  ])('%s in %o', (code, options, expected) => {
    expect(withSource(code, (sourceCode) => moduleSyntax(sourceCode, options.sourceType, options.filename), options)).toBe(expected);
  });
});

describe('unusedImportEdits', () => {
  /** The file once `replace` ([snippet, occurrence, new text]) and the import removals it leads to are applied. */
  function removeUnused(code: string, replace: Array<[string, number, string]>, options?: SourceOptions): string {
    return withSource(code, (sourceCode) => {
      const edits: Edit[] = replace.map(([snippet, n, text]) => ({ range: rangeOf(code, snippet, n), text }));
      return applyEdits(code, [...edits, ...unusedImportEdits(sourceCode, resolverFor(sourceCode), edits)]);
    }, options);
  }

  it('removes a specifier, or the statement, whose every reference is replaced', () => {
    expect(removeUnused(`import { readFileSync, statSync } from 'fs';\nreadFileSync('a');\nstatSync('b');`, [[`readFileSync('a')`, 1, `f('a')`]]))
      .toBe(`import { statSync } from 'fs';\nf('a');\nstatSync('b');`);
    expect(removeUnused(`import fs from 'fs';\nfs.readFileSync('a');`, [[`fs.readFileSync`, 1, 'readFile']])).toBe(`readFile('a');`);
  });

  it('keeps a binding still used: a shorthand property, an export, a type, or the new text itself', () => {
    const code = `import { readFileSync } from 'fs';\nreadFileSync('a');\n`;
    const replaced: Array<[string, number, string]> = [[`readFileSync('a')`, 1, `f('a')`]];
    expect(removeUnused(`${code}export const api = { readFileSync };`, replaced)).toBe(`import { readFileSync } from 'fs';\nf('a');\nexport const api = { readFileSync };`);
    expect(removeUnused(`${code}export { readFileSync };`, replaced)).toBe(`import { readFileSync } from 'fs';\nf('a');\nexport { readFileSync };`);
    expect(removeUnused(`${code}type T = typeof readFileSync;`, replaced)).toBe(`import { readFileSync } from 'fs';\nf('a');\ntype T = typeof readFileSync;`);
    expect(removeUnused(code, [[`readFileSync('a')`, 1, `g(readFileSync)`]])).toBe(`import { readFileSync } from 'fs';\ng(readFileSync);\n`);
  });

  it('keeps a binding whose reference a rewrite carries into text it inserts elsewhere', () => {
    // the call is replaced without the argument, which moves into a statement inserted before it
    const code = `import path from 'path';\nfunction f() {\n  return g(path.join(a)).b();\n}`;
    const edits: Edit[] = [
      { range: [code.indexOf('  return'), code.indexOf('  return')], text: '  const r = h(path.join(a));\n' },
      { range: rangeOf(code, 'g(path.join(a)).b()'), text: 'r.b()' },
    ];
    expect(withSource(code, (sourceCode) => unusedImportEdits(sourceCode, resolverFor(sourceCode), edits))).toEqual([]);
  });

  it('removes a binding that only a marker comment names', () => {
    // a refusal's marker may name the API it refused, in a comment: no reference
    const code = `const { hashSync } = require('bcryptjs');\nconst bcrypt = require('bcryptjs');\nhashSync(a, 10);\nbcrypt.hashSync(b);`;
    const marker = code.indexOf('bcrypt.hashSync(b)');
    const edits: Edit[] = [{ range: rangeOf(code, 'hashSync(a, 10)'), text: 'await bcrypt.hash(a, 10)' }, { range: [marker, marker], text: '/* unblock: `hashSync` takes 10 */ ' }];
    expect(withSource(code, (sourceCode) => applyEdits(code, [...edits, ...unusedImportEdits(sourceCode, resolverFor(sourceCode), edits)]), cjs))
      .toBe(`const bcrypt = require('bcryptjs');\nawait bcrypt.hash(a, 10);\n/* unblock: \`hashSync\` takes 10 */ bcrypt.hashSync(b);`);
  });

  it('takes destructured requires apart, property by property', () => {
    expect(removeUnused(`const { a, b: c, d = 1 } = require('zlib');\na(); c(); d();`, [['a()', 1, 'x()'], ['d()', 1, 'y()']], cjs))
      .toBe(`const { b: c } = require('zlib');\nx(); c(); y();`);
    expect(removeUnused(`const m = require('zlib');\nm.a();`, [['m.a', 1, 'x']], cjs)).toBe(`x();`);
  });

  it('removes requires inside functions, and one declarator of several, with its indentation', () => {
    expect(removeUnused(`function f() {\n  const m = require('zlib');\n  return m.a();\n}`, [['m.a', 1, 'x']], cjs))
      .toBe(`function f() {\n  return x();\n}`);
    expect(removeUnused(`const p = require('os'), m = require('zlib');\nm.a(); p.b();`, [['m.a', 1, 'x']], cjs)).toBe(`const p = require('os');\nx(); p.b();`);
    expect(removeUnused(`const m = require('zlib'), p = require('os');\nm.a(); p.b();`, [['m.a', 1, 'x']], cjs)).toBe(`const p = require('os');\nx(); p.b();`);
    // a loop's head is no statement of its own: it stays
    expect(removeUnused(`for (const m = require('zlib'); ;) m.a();`, [['m.a', 1, 'x']], cjs)).toBe(`for (const m = require('zlib'); ;) x();`);
  });

  it('takes in a declarator that another edit deletes, when the statement goes whole; never cuts into it', () => {
    // a transform removed `request` (its client) from the statement: `fs` is unused too
    const code = `const fs = require('fs'), request = require('sync-request');\nfs.a(); request.b();`;
    const edits: Edit[] = [
      { range: rangeOf(code, `, request = require('sync-request')`), text: '' }, { range: rangeOf(code, 'fs.a'), text: 'x' }, { range: rangeOf(code, 'request.b'), text: 'y' },
    ];
    const removals = withSource(code, (sourceCode) => unusedImportEdits(sourceCode, resolverFor(sourceCode), edits), cjs);
    expect(removals).toEqual([{ range: [0, code.indexOf('\n') + 1], text: '' }]);
    // the removal of `fs` and `request` together takes the deletion in
    const three = `const p = require('os'), fs = require('fs'), request = require('sync-request');\nfs.a(); request.b(); p.c();`;
    const partial: Edit[] = [{ range: rangeOf(three, `, request = require('sync-request')`), text: '' }, { range: rangeOf(three, 'fs.a'), text: 'x' }, { range: rangeOf(three, 'request.b'), text: 'y' }];
    const found = withSource(three, (sourceCode) => unusedImportEdits(sourceCode, resolverFor(sourceCode), partial), cjs);
    expect(found).toEqual([{ range: [three.indexOf(', fs'), three.indexOf(';')], text: '' }]);
    // a client deleted while its calls keep their text (they now reach the global fetch)
    const client = `const fs = require('fs'), fetch = require('sync-fetch');\nfs.a(); fetch(u);`;
    const kept: Edit[] = [{ range: rangeOf(client, `, fetch = require('sync-fetch')`), text: '' }, { range: rangeOf(client, 'fs.a'), text: 'x' }];
    expect(withSource(client, (sourceCode) => unusedImportEdits(sourceCode, resolverFor(sourceCode), kept), cjs))
      .toEqual([{ range: [0, client.indexOf('\n') + 1], text: '' }]);
    // a statement another edit rewrites (not only deletes from) is left to it
    const rewritten: Edit[] = [{ range: rangeOf(code, `require('sync-request')`), text: `require('s')` }, { range: rangeOf(code, 'fs.a'), text: 'x' }];
    expect(withSource(code, (sourceCode) => unusedImportEdits(sourceCode, resolverFor(sourceCode), rewritten), cjs)).toEqual([]);
  });

  it('keeps loading a module that is not a builtin nor the catalog\'s once its bindings go: it may do something as it loads', () => {
    // a call made through the project's own module now reaches the builtin directly
    expect(removeUnused(`import { statSync } from './fsx.js';\nstatSync('a');`, [[`statSync('a')`, 1, `x('a')`]])).toBe(`import './fsx.js';\nx('a');`);
    // once per module, and not while another import still loads it
    expect(removeUnused(`import * as fsx from "./fsx.js";\nimport { statSync } from "./fsx.js";\nfsx.a(); statSync('b');`, [['fsx.a', 1, 'x'], [`statSync('b')`, 1, 'y()']]))
      .toBe(`import "./fsx.js";\nx(); y();`);
    expect(removeUnused(`import { a } from './fsx.js';\nimport { b } from './fsx.js';\na(); b();`, [['a()', 1, 'x()']])).toBe(`import { b } from './fsx.js';\nx(); b();`);
    expect(removeUnused(`import type { A } from './types.js';\nimport { statSync } from 'fs';\nstatSync('a');`, [[`statSync('a')`, 1, `x('a')`]]))
      .toBe(`import type { A } from './types.js';\nx('a');`);
    // CommonJS: the require stays, as written (through an interop helper too)
    expect(removeUnused(`const { statSync } = require('./fsx');\nstatSync('a');`, [[`statSync('a')`, 1, `x('a')`]], cjs)).toBe(`require('./fsx');\nx('a');`);
    expect(removeUnused(`const fsx = __importDefault(require("./fsx"));\nfsx.default.a();`, [['fsx.default.a', 1, 'x']], cjs)).toBe(`require("./fsx");\nx();`);
    // one declarator of several keeps its binding rather than its loading
    expect(removeUnused(`const os = require('os'), fsx = require('./fsx');\nfsx.a(); os.b();`, [['fsx.a', 1, 'x']], cjs)).toBe(`const os = require('os'), fsx = require('./fsx');\nx(); os.b();`);
    // a loader made by createRequire stays while it still loads one
    const head = `import { createRequire } from 'node:module';\nconst load = createRequire(import.meta.url);\nconst m = load('./m.cjs');\n`;
    expect(removeUnused(`${head}m.a();\n`, [['m.a', 1, 'x']])).toBe(`import { createRequire } from 'node:module';\nconst load = createRequire(import.meta.url);\nload('./m.cjs');\nx();\n`);
  });

  it('removes a createRequire loader, and its import, once the requires it made are gone', () => {
    const head = `import { createRequire } from 'node:module';\n\nconst load = createRequire(import.meta.url);\nconst m = load('zlib');\n\n`;
    expect(removeUnused(`${head}m.a();\n`, [['m.a', 1, 'x']])).toBe(`\nx();\n`);
    // the loader still makes another require; createRequire still makes another loader
    expect(removeUnused(`${head}const n = load('os');\nm.a(); n.b();\n`, [['m.a', 1, 'x']]))
      .toBe(`import { createRequire } from 'node:module';\n\nconst load = createRequire(import.meta.url);\n\nconst n = load('os');\nx(); n.b();\n`);
    expect(removeUnused(`${head}const other = createRequire(import.meta.url);\nm.a(); other('path');\n`, [['m.a', 1, 'x']]))
      .toBe(`import { createRequire } from 'node:module';\n\nconst other = createRequire(import.meta.url);\nx(); other('path');\n`);
    // a function named createRequire that is not node:module's makes no loader
    expect(removeUnused(`const createRequire = (u) => require;\nconst load = createRequire(1);\nconst m = load('zlib');\nm.a();\n`, [['m.a', 1, 'x']], cjs))
      .toBe(`const createRequire = (u) => require;\nconst load = createRequire(1);\nconst m = load('zlib');\nx();\n`);
  });
});
