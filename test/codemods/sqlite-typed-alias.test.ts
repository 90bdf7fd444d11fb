import type { TSESTree } from '@typescript-eslint/utils';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolverFor } from '../../src/analysis/resolve.js';
import { SiteCollector } from '../../src/codemod/collect.js';

/**
 * A database reached through a type alias of another module (`import type { Db } from './db.js'`,
 * `type Db = Database.Database`), as in the knowledge service: the syntax cannot follow the alias, the
 * checker can, so the resolver asks it when type information is there (as it is for the codemods).
 */

const REPO = fileURLToPath(new URL('../../', import.meta.url));
let root: string;
let project: Project;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'unblock-alias-'));
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }');
  writeFileSync(join(root, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2023', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, esModuleInterop: true, skipLibCheck: true, types: ['node'], noEmit: true },
  }));
  writeFileSync(join(root, 'db.ts'), `import Database from 'better-sqlite3';
export type Db = Database.Database;
export interface Row { id: number }
`);
  writeFileSync(join(root, 'repo.ts'), `import type { Db, Row } from './db.js';
export class Repo {
  constructor(private readonly db: Db, private readonly row: Row) {}
  count(): unknown { return this.db.prepare('SELECT 1').get(); }
  id(): number { return this.row.id; }
}
`);
  project = new Project({ tsConfigFilePath: join(root, 'tsconfig.json') });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** What the resolver makes of `this.<field>` in repo.ts, through ESLint's typed view of the file. */
function resolveField(field: string): unknown {
  const collector = new SiteCollector(project.getProgram().compilerObject);
  const view = collector.estree(project.getSourceFileOrThrow(join(root, 'repo.ts')));
  const resolver = resolverFor(view.sourceCode);
  let found: TSESTree.MemberExpression | undefined;
  const visit = (node: TSESTree.Node): void => {
    if (node.type === 'MemberExpression' && node.object.type === 'ThisExpression' && node.property.type === 'Identifier' && node.property.name === field) found ??= node;
    for (const value of Object.values(node)) {
      if (value === node.parent) continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (child !== null && typeof child === 'object' && typeof (child as TSESTree.Node).type === 'string') visit(child as TSESTree.Node);
      }
    }
  };
  visit(view.sourceCode.ast);
  return found === undefined ? undefined : resolver.resolve(found);
}

describe('a database typed through an imported alias', () => {
  it('resolves to a better-sqlite3 Database', () => {
    expect(resolveField('db')).toEqual({ kind: 'instance', of: 'better-sqlite3.Database' });
  });

  it('leaves a project type alone', () => {
    expect(resolveField('row')).toBeNull();
  });
});
