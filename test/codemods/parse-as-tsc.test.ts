import { afterAll, describe, expect, it } from 'vitest';
import { ts, type SourceFile } from 'ts-morph';
import { loadProject } from '../../src/codemod/project.js';
import { DEFAULT_TSCONFIG, removeTempProjects, tempProject } from './support.js';

/**
 * The project's files are parsed as tsc parses them (src/codemod/parse-as-tsc.ts): JSDoc in JavaScript
 * files, where it types the code; elsewhere only where it names imports (`@see`, `@link`); parents set
 * by binding. Should a ts-morph release take the document registry away, the first tests fail: the
 * engine would still work, slower.
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

  it('leaves no node without its parent once loaded, JSDoc included', async () => {
    const root = await tempProject({
      'tsconfig.json': JSON.stringify({ ...DEFAULT_TSCONFIG, compilerOptions: { ...DEFAULT_TSCONFIG.compilerOptions, allowJs: true, checkJs: true } }),
      'a.ts': DOCUMENTED,
      'b.js': DOCUMENTED,
    });
    const program = (await loadProject(root)).getProgram().compilerObject;
    let orphans = 0;
    let checked = 0;
    const visit = (node: ts.Node): void => {
      for (const child of [...((node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? []), ...childrenOf(node)]) {
        checked++;
        if (child.parent !== node) orphans++;
        visit(child);
      }
    };
    for (const sf of program.getSourceFiles()) visit(sf);
    expect(checked).toBeGreaterThan(100_000);
    expect(orphans).toBe(0);
  });

  it('gives the language service the very files of the program', async () => {
    const root = await tempProject({
      'tsconfig.json': JSON.stringify(DEFAULT_TSCONFIG),
      'a.ts': DOCUMENTED,
      'b.ts': "import { hello } from './a.js';\nexport const greeting = hello();\n",
    });
    const project = await loadProject(root);
    const b = project.getSourceFileOrThrow('b.ts');
    const references = project.getSourceFileOrThrow('a.ts').getFunctions()[0]!.getNameNodeOrThrow().findReferencesAsNodes();
    expect(references.map((r) => `${r.getSourceFile().getBaseName()}:${r.getStartLineNumber()}`)).toEqual(['b.ts:1', 'b.ts:2']);
    expect(references.every((r) => r.getSourceFile() === b)).toBe(true);
    const service = project.getLanguageService().compilerObject.getProgram()!;
    for (const file of project.getSourceFiles()) expect(service.getSourceFile(file.getFilePath())).toBe(file.compilerNode);
  });
});

function childrenOf(node: ts.Node): ts.Node[] {
  const children: ts.Node[] = [];
  ts.forEachChild(node, (child) => {
    children.push(child);
  }, (nodes) => {
    children.push(...nodes);
  });
  return children;
}
