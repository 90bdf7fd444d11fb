import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../codemods/index.js';
import { DEFAULT_TSCONFIG, readTree, removeTempProjects, tempProject } from './support.js';

/**
 * The helpers propagate appends for array callbacks that become async (src/codemod/array-callbacks.ts),
 * where the fixtures cannot show it: a file's own indentation and line endings, a helper a first run
 * added used again by a second one, and helpers ordered the same whatever the order of the groups.
 * (What the helpers do is checked by running them: fixtures/codemods/propagate/array-callbacks-behaviour.)
 */

afterAll(removeTempProjects);

const TSCONFIG = JSON.stringify(DEFAULT_TSCONFIG);

describe('array callback helpers', () => {
  it('are written in the file\'s indentation and line endings', async () => {
    const text = [
      "import { existsSync } from 'node:fs';",
      '',
      'function isPresent(name: string): boolean {',
      '\treturn existsSync(name);',
      '}',
      '',
      'export function present(names: string[]): string[] {',
      '\treturn names.filter(isPresent);',
      '}',
      '',
    ].join('\r\n');
    const root = await tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': text });
    const result = await migrate({ root, write: true });
    expect(result.rolledBack).toEqual([]);
    const after = (await readTree(root))['src/a.ts']!;
    expect(after).toContain('\treturn await filterAsync(names, isPresent);\r\n');
    expect(after).toContain('\tconst kept: A[number][] = [];\r\n');
    expect(after).toContain('\t\tif (!(index in items)) continue;\r\n');
    expect(after.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('are used again by a later migration of the same file, not added twice', async () => {
    const root = await tempProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': [
        "import { existsSync } from 'node:fs';",
        '',
        '// a name of the file\'s own: the helper takes another',
        'export function filterAsync(): void {}',
        '',
        'export function present(names: string[]): string[] {',
        '  return names.filter((name) => existsSync(name));',
        '}',
        '',
      ].join('\n'),
    });
    await migrate({ root, write: true });
    const first = (await readTree(root))['src/a.ts']!;
    expect(first).toContain('return await filterAsync2(names, async (name) => await access(name).then(() => true, () => false));');
    expect(first.match(/async function filterAsync2/g)).toHaveLength(1);
    // a new blocking filter in the migrated file
    await writeFile(join(root, 'src/a.ts'), `import { readFileSync } from 'node:fs';\n${first}\nexport function nonEmpty(names: string[]): string[] {\n  return names.filter((name) => readFileSync(name, 'utf8') !== '');\n}\n`);
    const second = await migrate({ root, write: true });
    expect(second.rolledBack).toEqual([]);
    const after = (await readTree(root))['src/a.ts']!;
    expect(after).toContain("return await filterAsync2(names, async (name) => await readFile(name, 'utf8') !== '');");
    expect(after.match(/async function filterAsync2/g)).toHaveLength(1);
    expect(after).not.toContain('filterAsync3');
  });

  it('come in one order, whichever group adds them first', async () => {
    const body = (first: string, second: string): string => [
      "import { existsSync } from 'node:fs';",
      '',
      'export function a(names: string[]) {',
      `  return names.${first}((name) => existsSync(\`a/\${name}\`));`,
      '}',
      '',
      'export function b(names: string[]) {',
      `  return names.${second}((name) => existsSync(\`b/\${name}\`));`,
      '}',
      '',
    ].join('\n');
    const helpers = async (text: string): Promise<string[]> => {
      const root = await tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': text });
      await migrate({ root, write: true });
      return [...(await readTree(root))['src/a.ts']!.matchAll(/^async function (\w+)/gm)].map((m) => m[1]!);
    };
    expect(await helpers(body('some', 'filter'))).toEqual(['filterAsync', 'someAsync']);
    expect(await helpers(body('filter', 'some'))).toEqual(['filterAsync', 'someAsync']);
  });
});
