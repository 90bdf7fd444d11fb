import type { ts } from 'ts-morph';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../src/codemod/project.js';
import { UntypedMemberUses } from '../../src/codemod/untyped-uses.js';
import { removeTempProjects, tempProject } from './support.js';

/**
 * The calls of a member name on untyped values (src/codemod/untyped-uses.ts): what counts, what does
 * not, found the same from the name's spellings as by visiting every node.
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
    expect(describe(new UntypedMemberUses(checker, { walk: true }).in(file, 'load'))).toEqual(byTokens);
  });
});
