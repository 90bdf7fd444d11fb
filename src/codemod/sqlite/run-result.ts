import { Node, SyntaxKind } from '#ts-morph';
import type { CallExpression } from 'ts-morph';
import type { TextEdit } from '../types.js';
import { isWriteReference, referencesInFile } from '../http/syntax.js';
import type { Found } from './statement.js';

/**
 * `run()`'s result: better-sqlite3's `{ changes, lastInsertRowid }` is sqlite's `{ changes, lastID }`.
 * The sqlite types mark both optional (they are set after every run), hence `!` in TypeScript.
 */
export function runResultEdits(run: CallExpression, typescript: boolean): Found<TextEdit[]> {
  let node: Node = run;
  while (Node.isParenthesizedExpression(node.getParent())) node = node.getParentOrThrow();
  const parent = node.getParentOrThrow();
  if (Node.isExpressionStatement(parent) || Node.isVoidExpression(parent)) return [];
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) return fieldEdits(parent, typescript);
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === node) {
    const name = parent.getNameNode();
    if (Node.isIdentifier(name)) {
      const edits: TextEdit[] = [];
      for (const ref of referencesInFile(name)) {
        if (ref === name) continue;
        const access = ref.getParent();
        if (isWriteReference(ref) || !Node.isPropertyAccessExpression(access) || access.getExpression() !== ref) {
          return { refuse: escapes(`\`${name.getText()}\` is used as a whole`) };
        }
        const mapped = fieldEdits(access, typescript);
        if ('refuse' in mapped) return mapped;
        edits.push(...mapped);
      }
      return edits;
    }
    if (Node.isObjectBindingPattern(name)) {
      const edits: TextEdit[] = [];
      for (const element of name.getElements()) {
        const key = element.getPropertyNameNode()?.getText() ?? element.getName();
        if (element.getDotDotDotToken() !== undefined || (key !== 'lastInsertRowid' && key !== 'changes')) {
          return { refuse: escapes(`its \`${element.getText()}\` is destructured`) };
        }
        if (key !== 'lastInsertRowid') continue;
        const property = element.getPropertyNameNode();
        edits.push(property === undefined
          ? { start: element.getStart(), end: element.getStart(), text: 'lastID: ' }
          : { start: property.getStart(), end: property.getEnd(), text: 'lastID' });
      }
      return edits;
    }
  }
  return { refuse: escapes('it is returned, passed on or stored') };
}

function fieldEdits(access: Node & { getName(): string; getNameNode(): Node }, typescript: boolean): Found<TextEdit[]> {
  const name = access.getName();
  if (isWriteReference(access)) return { refuse: escapes('it is written to') };
  const bang = typescript && access.getParent()?.getKind() !== SyntaxKind.NonNullExpression ? '!' : '';
  const nameNode = access.getNameNode();
  if (name === 'lastInsertRowid') return [{ start: nameNode.getStart(), end: nameNode.getEnd(), text: `lastID${bang}` }];
  if (name === 'changes') return bang === '' ? [] : [{ start: nameNode.getEnd(), end: nameNode.getEnd(), text: bang }];
  return { refuse: escapes(`its \`${name}\` is read`) };
}

function escapes(how: string): string {
  return `the result of run() cannot be carried over: ${how}, and sqlite's result has \`lastID\` where better-sqlite3's has \`lastInsertRowid\``;
}
