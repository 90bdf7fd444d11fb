import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadProject } from '../../src/codemod/project.js';
import { Verifier } from '../../src/codemod/verify.js';
import { DEFAULT_TSCONFIG, removeTempProjects, tempProject } from './support.js';

/**
 * The verifier tells the errors a rewrite adds from those the project had: by message wherever they
 * stand, and by code, position and innermost reasons where the message changed.
 */

const ORIGINAL = `interface Options { encoding: 'utf8' | 'latin1' }
declare function readA(path: string, options: Options): string;
declare function readA(path: string, options: 'utf8'): string;
declare function readB(path: string, options: Options): Promise<string>;
declare function readB(path: string, options: 'utf8'): Promise<string>;
const options = { encoding: 'utf8' as string };
export function load(): string {
  return readA('x', options);
}
`;

afterAll(removeTempProjects);

async function verifierFor(text: string): Promise<{ verifier: Verifier; file: string }> {
  const root = await tempProject({ 'a.ts': text, 'tsconfig.json': JSON.stringify(DEFAULT_TSCONFIG) });
  const project = await loadProject(root);
  return { verifier: new Verifier(project.getProgram().compilerObject), file: join(root, 'a.ts') };
}

/** `text` with `from` replaced by `to` once, and a map of the new text's positions back to the old. */
function rewrite(text: string, from: string, to: string): { after: string; original: (file: string, pos: number) => number | undefined } {
  const start = text.indexOf(from);
  const after = text.slice(0, start) + to + text.slice(start + from.length);
  const shift = to.length - from.length;
  return { after, original: (_file, pos) => (pos < start ? pos : pos < start + to.length ? undefined : pos - shift) };
}

describe('Verifier', () => {
  it('keeps an error the project had whose message names other overloads after the rewrite', async () => {
    const { verifier, file } = await verifierFor(ORIGINAL);
    const { after, original } = rewrite(ORIGINAL, `function load(): string {
  return readA(`, `async function load(): Promise<string> {
  return await readB(`);
    expect(verifier.newErrors(new Map([[file, after]]), [file], original)).toEqual([]);
    // without the positions, the changed message makes it another error
    expect(verifier.newErrors(new Map([[file, after]]), [file])).toEqual([
      expect.objectContaining({ text: expect.stringMatching(/a\.ts:8:\d+ TS2769: No overload matches this call\. … .*Type 'string' is not assignable to type/) }),
    ]);
  });

  it('reports an error with the same code at the same place whose reasons changed', async () => {
    const { verifier, file } = await verifierFor(ORIGINAL);
    // the call matches no overload still, at the same argument, but for another reason
    const { after, original } = rewrite(ORIGINAL, `'utf8' as string`, `1 as number`);
    const errors = verifier.newErrors(new Map([[file, after]]), [file], original);
    expect(errors.map((e) => e.text)).toEqual([expect.stringMatching(/a\.ts:8:\d+ TS2769: No overload matches this call\. … .*Type 'number' is not assignable/)]);
  });

  it('reports an error inside inserted text as new, whatever stood there', async () => {
    const { verifier, file } = await verifierFor(ORIGINAL);
    const { after, original } = rewrite(ORIGINAL, `readA('x', options)`, `readA('x', { encoding: 1 })`);
    expect(verifier.newErrors(new Map([[file, after]]), [file], original).map((e) => e.text)).toEqual([expect.stringMatching(/TS2769/)]);
  });
});
