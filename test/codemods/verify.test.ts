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

/**
 * `text` with `from` replaced by `to` once, and maps of the new text's positions back to the old: inside
 * the replacement, `original` gives nothing and `near` the replaced text's start.
 */
function rewrite(text: string, from: string, to: string): {
  after: string;
  original: (file: string, pos: number) => number | undefined;
  near: (file: string, pos: number) => number;
} {
  const start = text.indexOf(from);
  const after = text.slice(0, start) + to + text.slice(start + from.length);
  const shift = to.length - from.length;
  return {
    after,
    original: (_file, pos) => (pos < start ? pos : pos < start + to.length ? undefined : pos - shift),
    near: (_file, pos) => (pos < start ? pos : pos < start + to.length ? start : pos - shift),
  };
}

// overloads that fail at different arguments: the error stands on the callee's name
const ON_THE_NAME = `declare function writeA(fd: number, buffer: Uint8Array, offset?: number, length?: number): number;
declare function writeA(fd: number, text: string, position?: number, encoding?: 'utf8' | 'latin1'): number;
declare const handle: {
  write(buffer: Uint8Array, offset?: number, length?: number): Promise<number>;
  write(text: string, position?: number, encoding?: 'utf8' | 'latin1'): Promise<number>;
};
const encoding = 'utf8' as string;
export async function save(): Promise<number> {
  return writeA(1, 'x', 0, encoding);
}
`;

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

  it('keeps an error the project had that now stands on the rewritten callee, on the same line', async () => {
    const { verifier, file } = await verifierFor(ON_THE_NAME);
    const { after, original, near } = rewrite(ON_THE_NAME, 'writeA(1, ', 'await handle.write(');
    expect(verifier.newErrors(new Map([[file, after]]), [file], original, near)).toEqual([]);
    // inside inserted text, without the line it stands on, it is another error
    expect(verifier.newErrors(new Map([[file, after]]), [file], original).map((e) => e.text)).toEqual([expect.stringMatching(/a\.ts:9:\d+ TS2769/)]);
  });

  it('reports an error on the rewritten callee whose reasons changed, on the same line', async () => {
    const { verifier, file } = await verifierFor(ON_THE_NAME);
    const { after, original, near } = rewrite(ON_THE_NAME, 'writeA(1, \'x\', 0, encoding)', 'await handle.write(\'x\', 0, 7)');
    expect(verifier.newErrors(new Map([[file, after]]), [file], original, near).map((e) => e.text)).toEqual([expect.stringMatching(/a\.ts:9:\d+ TS2769: .*Argument of type '7' is not assignable/)]);
  });

  it('reports an error inside inserted text as new, whatever stood there', async () => {
    const { verifier, file } = await verifierFor(ORIGINAL);
    const { after, original } = rewrite(ORIGINAL, `readA('x', options)`, `readA('x', { encoding: 1 })`);
    expect(verifier.newErrors(new Map([[file, after]]), [file], original).map((e) => e.text)).toEqual([expect.stringMatching(/TS2769/)]);
  });
});
