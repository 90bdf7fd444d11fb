/**
 * The lint benchmark's corpus: files of about 100 lines in every module style of ./styles.js, made of the
 * blocks of ./blocks.js. Deterministic for a given seed. CommonJS files go under cjs/, ESM under esm/.
 * `typed: true` makes a TypeScript-only project (tsconfig.json included) whose files also import async
 * functions from one another, so that some floating promises are visible only to the type checker.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BLOCKS, BLOCK_WEIGHTS, routerLines } from './blocks.js';
import { createRandom, nameMaker } from './random.js';
import { STYLES } from './styles.js';
import { GENERATED_TSCONFIG } from './tsconfig.js';

const STYLE_WEIGHTS = {
  'esm-named': 20, 'esm-default': 12, 'esm-namespace': 8, 'ts-import-equals': 5,
  'cjs-require': 15, 'cjs-destructure': 12, 'tsc-commonjs': 16, 'babel-commonjs': 12,
};
const TYPED_STYLE_WEIGHTS = { 'esm-named': 3, 'esm-default': 2 };
const TARGET_LINES = 92;

/** Writes the corpus and returns its files' paths relative to dir. */
export async function generateLintCorpus(dir, { files, seed = 1, typed = false }) {
  await rm(dir, { recursive: true, force: true });
  const written = [];
  for (const sub of typed ? ['src'] : ['esm', 'cjs']) await mkdir(join(dir, sub), { recursive: true });
  if (typed) {
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'typed-corpus', type: 'module', private: true }, null, 2));
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(GENERATED_TSCONFIG, null, 2));
  } else {
    await writeFile(join(dir, 'cjs', 'package.json'), JSON.stringify({ type: 'commonjs' }));
    await writeFile(join(dir, 'esm', 'package.json'), JSON.stringify({ type: 'module' }));
  }
  for (let index = 0; index < files; index++) {
    const random = createRandom(seed * 100_003 + index);
    const style = STYLES[random.weighted(typed ? TYPED_STYLE_WEIGHTS : STYLE_WEIGHTS)];
    const relative = typed
      ? join('src', `file-${index}${style.ext}`)
      : join(style.commonjs ? 'cjs' : 'esm', `file-${index}${style.ext}`);
    await writeFile(join(dir, relative), corpusFile(style, random, index, typed));
    written.push(relative);
  }
  return written;
}

function corpusFile(style, random, index, typed) {
  const ts = style.dialect === 'ts';
  const ctx = { style, random, ts, t: (text) => (ts ? text : ''), exp: style.exportPrefix, name: nameMaker(random), needsRouter: false };
  const imports = [];
  const body = [];
  const exported = [];
  if (typed) {
    const own = crossFileLines(ctx, index);
    imports.push(...own.imports);
    body.push(...own.lines);
  }
  while (body.length < TARGET_LINES - 12) {
    const block = BLOCKS[random.weighted(BLOCK_WEIGHTS)](ctx);
    body.push(...block.lines);
    exported.push(...block.exported);
  }
  const header = [
    ...style.header(),
    ...imports,
    `const DATA_DIR = ${style.join}(process.cwd(), 'data');`,
    ...(ctx.needsRouter ? routerLines(ctx) : []),
    ``,
  ];
  return [...header, ...body, ...style.footer(exported)].join('\n') + '\n';
}

/** Every typed file exports an async function; later files call earlier ones, awaited or not. */
function crossFileLines(ctx, index) {
  const s = ctx.style;
  const lines = [
    `export async function record${index}(id: string): Promise<string> {`,
    `  return (await ${s.fsp('readFile')}(${s.join}(DATA_DIR, id), 'utf8')).trim();`,
    `}`,
    ``,
  ];
  if (index < 2) return { imports: [], lines };
  const a = ctx.random.int(0, index - 1);
  const b = ctx.random.int(0, index - 1);
  const imports = a === b
    ? [`import { record${a} } from './file-${a}.js';`]
    : [`import { record${a} } from './file-${a}.js';`, `import { record${b} } from './file-${b}.js';`];
  lines.push(
    `export function kick${index}(id: string): void {`,
    `  record${a}(id);`,
    `}`,
    `export async function chain${index}(id: string): Promise<string> {`,
    `  return \`\${await record${b}(id)}/\${id}\`;`,
    `}`,
    ``,
  );
  return { imports, lines };
}


