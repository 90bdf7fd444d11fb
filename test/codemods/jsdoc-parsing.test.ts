import { afterAll, describe, expect, it } from 'vitest';
import { ts, type SourceFile } from 'ts-morph';
import { loadProject } from '../../src/codemod/project.js';
import { DEFAULT_TSCONFIG, removeTempProjects, tempProject } from './support.js';

/**
 * The project's files are parsed as tsc parses them (src/codemod/jsdoc-parsing.ts): JSDoc in JavaScript
 * files, where it types the code; elsewhere only where it names imports (`@see`, `@link`). Should a
 * ts-morph release take the parser setting away, these fail: the engine would still work, slower.
 */

afterAll(removeTempProjects);

const DOCUMENTED = '/** Says hello.\n * @returns {string} a greeting\n */\nexport function hello() {\n  return "hello";\n}\n';

/** The JSDoc nodes of a compiler syntax tree. */
function jsDocsOf(node: ts.Node): ts.JSDoc[] {
  const own = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  const found = [...own];
  ts.forEachChild(node, (child) => {
    found.push(...jsDocsOf(child));
  });
  return found;
}

function docsOf(file: SourceFile | undefined): number {
  const fn = file?.getFunctions()[0];
  if (fn === undefined) throw new Error('no function');
  return fn.getJsDocs().length;
}

describe('JSDoc parsing', () => {
  it('parses JSDoc in JavaScript files only, in a project with a tsconfig.json', async () => {
    const root = await tempProject({
      'tsconfig.json': JSON.stringify({ ...DEFAULT_TSCONFIG, compilerOptions: { ...DEFAULT_TSCONFIG.compilerOptions, allowJs: true, checkJs: true } }),
      'a.ts': DOCUMENTED,
      'b.js': DOCUMENTED,
      'c.ts': `/** See {@link hello}. */\nexport function linked() {}\n`,
    });
    const project = await loadProject(root);
    expect(docsOf(project.getSourceFile('a.ts'))).toBe(0);
    expect(docsOf(project.getSourceFile('b.js'))).toBe(1);
    expect(docsOf(project.getSourceFile('c.ts'))).toBe(1);
    // declarations too: Node.js's types are mostly JSDoc
    const nodeTypes = project.getProgram().compilerObject.getSourceFiles().find((sf) => sf.fileName.endsWith('/@types/node/fs.d.ts'));
    expect(nodeTypes).toBeDefined();
    const docs = jsDocsOf(nodeTypes!).map((doc) => doc.getText(nodeTypes));
    expect(nodeTypes!.text.split('/**').length - 1).toBeGreaterThan(100);
    expect(docs.filter((doc) => !/@see|@link/.test(doc))).toEqual([]);
    // and JavaScript's JSDoc types still type it
    const returned = project.getSourceFile('b.js')!.getFunctions()[0]!.getReturnType().getText();
    expect(returned).toBe('string');
  });

  it('parses JSDoc in JavaScript files, in a project without a tsconfig.json', async () => {
    const root = await tempProject({ 'a.js': DOCUMENTED, 'b.mts': DOCUMENTED });
    const project = await loadProject(root);
    expect(docsOf(project.getSourceFile('a.js'))).toBe(1);
    expect(docsOf(project.getSourceFile('b.mts'))).toBe(0);
  });
});
