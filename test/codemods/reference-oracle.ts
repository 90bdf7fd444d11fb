import { Node, type Project } from 'ts-morph';
import { ImportGraph } from '../../src/codemod/import-graph.js';
import { ReferenceFinder } from '../../src/codemod/references.js';

/**
 * The oracle of the reference searches that skip find-all-references: for every name `nameOf` picks in
 * the project's own files (in file order), what the engine's finder finds and what find-all-references
 * alone finds, compared.
 */
export function compareWithFindAllReferences(project: Project, nameOf: (node: Node) => Node | undefined): {
  names: number;
  searches: ReferenceFinder['searches'];
  differences: string[];
} {
  const graph = new ImportGraph(project);
  const engine = new ReferenceFinder(project, graph);
  const oracle = new ReferenceFinder(project, graph, { plainSearch: false, shareMemberSearches: false });
  const at = (n: Node): string => `${n.getSourceFile().getBaseName()}:${n.getStartLineNumber()}:${n.getStart() - n.getStartLinePos() + 1}`;
  const differences: string[] = [];
  let names = 0;
  for (const file of project.getSourceFiles()) {
    if (file.isInNodeModules() || file.isDeclarationFile()) continue;
    file.forEachDescendant((node) => {
      const name = nameOf(node);
      if (name === undefined || !Node.isIdentifier(name)) return;
      names++;
      const got = engine.find(name).map(at).sort();
      const expected = oracle.find(name).map(at).sort();
      if (got.join() !== expected.join()) differences.push(`${at(name)} ${name.getText()}: ${got.join(' ')} ≠ ${expected.join(' ')}`);
    });
  }
  return { names, searches: engine.searches, differences };
}
