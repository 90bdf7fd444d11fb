import { ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/codemod/project.js';
import { mayCall, UntypedMemberUses } from '../../src/codemod/untyped-uses.js';
import { removeTempProjects, tempProject } from './support.js';

/**
 * The calls of a member name on untyped values (src/codemod/untyped-uses.ts): what counts, what does
 * not, found the same from the name's spellings as by visiting every node (the oracle below).
 */

afterAll(removeTempProjects);

const SOURCE = `
function uses(value, typed = { load() { return 1; } }) {
  value.load();                 // a call: counts
  value.load?.();               // an optional call: counts
  (value.load)();               // through parentheses: counts
  value['load']('x');           // by its string: counts
  value.load.call(value);       // .call, .apply, .bind: count
  value.load\`tag\`;               // a tag: counts
  const { load } = value;       // destructured, then called: counts
  load();
  const { load: other } = value; // destructured, never called: does not
  if (value.load) return value.load.length; // reads: do not
  typed.load();                 // typed: does not
  value.reload();               // another name: does not
  // value.load() in a comment, 'value.load()' in a string: do not
  return value.loader();
}
module.exports = { uses };
`;

describe('UntypedMemberUses', () => {
  it('counts the calls of the name on untyped values, and nothing else, found the same both ways', async () => {
    const root = await tempProject({ 'uses.js': SOURCE }, { packageJson: { name: 'untyped' } });
    const project = await loadProject(root);
    const file = project.getSourceFileOrThrow(`${root}/uses.js`).compilerNode;
    const checker = project.getTypeChecker().compilerObject;
    const describe = (nodes: readonly ts.Node[]): string[] =>
      nodes.map((n) => `${file.getLineAndCharacterOfPosition(n.getStart(file)).line}: ${n.getText(file)}`).sort(); // 0-based lines
    const byTokens = describe(new UntypedMemberUses(checker).in(file, 'load'));
    expect(byTokens).toEqual([
      '2: value.load', '3: value.load', '4: value.load', '5: value[\'load\']', '6: value.load', '7: value.load', '8: load',
    ]);
    expect(describe(visitingEveryNode(file, checker, 'load'))).toEqual(byTokens);
  });
});

/** The same search, by visiting every node of the file. */
function visitingEveryNode(file: ts.SourceFile, checker: ts.TypeChecker, name: string): ts.Node[] {
  const untyped = (node: ts.Node): boolean => (checker.getTypeAtLocation(node).flags & ts.TypeFlags.Any) !== 0;
  const found: ts.Node[] = [];
  const bindings: ts.BindingElement[] = [];
  const called = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === name && mayCall(node) && untyped(node.expression)) found.push(node);
    else if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && node.argumentExpression.text === name
      && mayCall(node) && untyped(node.expression)) found.push(node);
    else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent)) {
      const key = node.propertyName ?? node.name;
      if ((ts.isIdentifier(key) || ts.isStringLiteral(key)) && key.text === name) bindings.push(node);
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) called.add(node.expression.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  for (const b of bindings) if (ts.isIdentifier(b.name) && called.has(b.name.text) && untyped(b.parent)) found.push(b);
  return found;
}
