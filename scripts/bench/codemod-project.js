/**
 * The codemod benchmark's project: LEVELS levels of PER_LEVEL TypeScript modules. Level 0 does the sync
 * I/O (fs and child_process, imported in three styles); every module of level L calls functions of three
 * modules of level L-1, so migrating the leaves carries async/await up ten levels, across files. Every
 * tenth module of a level has a class implementing that level's interface (interfaces.ts), and modules of
 * the level above call it through the interface: the migration must change the interface and every
 * implementation together. Pure helpers follow the same graph and must stay synchronous.
 * The project type-checks cleanly before migration (the bench checks it with tsc).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRandom } from './random.js';
import { GENERATED_TSCONFIG } from './tsconfig.js';

export const LEVELS = 10;

export async function generateCodemodProject(root, { perLevel = 100, seed = 7 } = {}) {
  await rm(root, { recursive: true, force: true });
  const random = createRandom(seed);
  const files = new Map();
  files.set('src/interfaces.ts', interfacesFile());
  for (let k = 0; k < perLevel; k++) files.set(`src/l0/mod-${k}.ts`, leafFile(k, random));
  for (let level = 1; level < LEVELS; level++) {
    for (let k = 0; k < perLevel; k++) files.set(`src/l${level}/mod-${k}.ts`, levelFile(level, k, perLevel, random));
  }
  files.set('src/main.ts', mainFile(perLevel));
  files.set('package.json', JSON.stringify({ name: 'codemod-bench', private: true, type: 'module' }, null, 2));
  files.set('tsconfig.json', JSON.stringify(GENERATED_TSCONFIG, null, 2));
  for (const [path, text] of files) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  const tsFiles = [...files.keys()].filter((p) => p.endsWith('.ts'));
  // Per leaf: readFileSync, existsSync, statSync, plus execSync in every fourth.
  const blockingCalls = perLevel * 3 + Math.ceil(perLevel / 4);
  return { tsFiles, blockingCalls };
}

function interfacesFile() {
  const lines = ['/** One interface per level; each is implemented by classes whose method blocks, ten levels down. */'];
  for (let level = 1; level < LEVELS; level++) lines.push(`export interface Reader${level} {`, `  read(path: string): string;`, `}`);
  return `${lines.join('\n')}\n`;
}

const LEAF_IMPORTS = [
  { header: [`import { readFileSync, existsSync, statSync } from 'node:fs';`], fs: (n) => n },
  { header: [`import fs from 'fs';`], fs: (n) => `fs.${n}` },
  { header: [`import * as nodeFs from 'node:fs';`], fs: (n) => `nodeFs.${n}` },
];

function leafFile(k, random) {
  const style = random.pick(LEAF_IMPORTS);
  const exec = k % 4 === 0;
  return [
    ...style.header,
    ...(exec ? [`import { execSync } from 'node:child_process';`] : []),
    ``,
    `export function readL0_${k}(path: string): string {`,
    `  return ${style.fs('readFileSync')}(path, 'utf8');`,
    `}`,
    ``,
    `export function hasL0_${k}(path: string): boolean {`,
    `  return ${style.fs('existsSync')}(path);`,
    `}`,
    ``,
    `export function sizeL0_${k}(path: string): number {`,
    exec
      ? `  return ${style.fs('statSync')}(path).size + execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim().length;`
      : `  return ${style.fs('statSync')}(path).size;`,
    `}`,
    ``,
    `export function pureL0_${k}(values: number[]): number {`,
    `  return values.reduce((sum, value) => sum + value, 0);`,
    `}`,
    ``,
  ].join('\n');
}

function levelFile(level, k, perLevel, random) {
  const below = level - 1;
  const [a, b, c] = [random.int(0, perLevel - 1), random.int(0, perLevel - 1), random.int(0, perLevel - 1)];
  const imports = new Map();
  const use = (mod, name) => {
    const names = imports.get(mod) ?? new Set();
    names.add(name);
    imports.set(mod, names);
    return name;
  };
  const lines = [
    `export function readL${level}_${k}(path: string): string {`,
    `  const text = ${use(a, `readL${below}_${a}`)}(path);`,
    `  return text.length > 0 ? text : String(${use(b, `sizeL${below}_${b}`)}(path));`,
    `}`,
    ``,
    `export function hasL${level}_${k}(path: string): boolean {`,
    `  return ${use(a, `hasL${below}_${a}`)}(path) || ${use(c, `pureL${below}_${c}`)}([path.length]) > 3;`,
    `}`,
    ``,
    `export function sizeL${level}_${k}(path: string): number {`,
    `  return ${use(b, `sizeL${below}_${b}`)}(path) + ${use(c, `pureL${below}_${c}`)}([1, 2, 3]);`,
    `}`,
    ``,
    `export function pureL${level}_${k}(values: number[]): number {`,
    `  return ${use(c, `pureL${below}_${c}`)}(values) * 2;`,
    `}`,
    ``,
  ];
  const typeImports = [];
  if (k % 10 === 0) {
    typeImports.push(`Reader${level}`);
    lines.push(
      `export class ReaderL${level}_${k} implements Reader${level} {`,
      `  read(path: string): string {`,
      `    return ${use(a, `readL${below}_${a}`)}(path).toUpperCase();`,
      `  }`,
      `}`,
      ``,
    );
  }
  if (k % 10 === 5 && level >= 2) {
    // Calls a class of the level below through its interface.
    const implementer = Math.floor(random.int(0, perLevel - 1) / 10) * 10;
    typeImports.push(`Reader${below}`);
    lines.push(
      `export function viaReaderL${level}_${k}(reader: Reader${below}, path: string): string {`,
      `  return reader.read(path);`,
      `}`,
      ``,
      `export function readerTextL${level}_${k}(path: string): string {`,
      `  return viaReaderL${level}_${k}(new ${use(implementer, `ReaderL${below}_${implementer}`)}(), path);`,
      `}`,
      ``,
    );
  }
  const header = [...imports].sort(([x], [y]) => x - y)
    .map(([mod, names]) => `import { ${[...names].join(', ')} } from '../l${below}/mod-${mod}.js';`);
  if (typeImports.length > 0) header.push(`import type { ${typeImports.join(', ')} } from '../interfaces.js';`);
  return [...header, ``, ...lines].join('\n');
}

function mainFile(perLevel) {
  const top = LEVELS - 1;
  const picks = [0, Math.floor(perLevel / 3), Math.floor((2 * perLevel) / 3)];
  return [
    ...picks.map((k) => `import { readL${top}_${k}, sizeL${top}_${k} } from './l${top}/mod-${k}.js';`),
    ``,
    `export function main(path: string): number {`,
    ...picks.map((k) => `  console.log(readL${top}_${k}(path).length);`),
    `  return ${picks.map((k) => `sizeL${top}_${k}(path)`).join(' + ')};`,
    `}`,
    ``,
  ].join('\n');
}


