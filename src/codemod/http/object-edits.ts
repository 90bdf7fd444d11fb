import { SyntaxKind } from '#ts-morph';
import type { Node, ObjectLiteralExpression } from 'ts-morph';
import type { TextEdit } from '../types.js';
import { indentationOf, insert } from './syntax.js';

/**
 * Several changes to one object literal at once (properties removed, replaced, added first or last),
 * computed together so that commas come out right whatever combination is asked for.
 */
export interface ObjectChanges {
  remove?: readonly Node[];
  replace?: ReadonlyMap<Node, string>;
  prepend?: readonly string[];
  append?: readonly string[];
}

export function editObjectLiteral(object: ObjectLiteralExpression, changes: ObjectChanges): TextEdit[] {
  const properties: Node[] = object.getProperties();
  const removed = new Set(changes.remove ?? []);
  const kept = properties.filter((p) => !removed.has(p));
  const prepend = changes.prepend ?? [];
  const append = changes.append ?? [];
  if (kept.length === 0) {
    const all = [...prepend, ...append];
    return [{ start: object.getStart() + 1, end: object.getEnd() - 1, text: all.length === 0 ? '' : ` ${all.join(', ')} ` }];
  }
  const edits: TextEdit[] = [];
  for (const [property, text] of changes.replace ?? []) {
    if (!removed.has(property)) edits.push({ start: property.getStart(), end: property.getEnd(), text });
  }
  const multiline = kept[0]!.getStartLineNumber() !== object.getStartLineNumber();
  const separator = (p: Node): string => (multiline ? `\n${indentationOf(p)}` : ' ');
  const lastKept = kept[kept.length - 1]!;
  const trailingRun = properties.indexOf(lastKept) < properties.length - 1;
  // runs of removed properties: each ends at the next kept property, or (after the last one) trails
  for (let i = 0; i < properties.length;) {
    if (!removed.has(properties[i]!)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < properties.length && removed.has(properties[j + 1]!)) j++;
    const next = properties[j + 1];
    if (next !== undefined) {
      edits.push({ start: properties[i]!.getStart(), end: next.getStart(), text: '' });
    } else {
      const last = properties[j]!;
      const comma = last.getNextSiblingIfKind(SyntaxKind.CommaToken);
      const hadTrailingComma = comma !== undefined;
      edits.push({ start: lastKept.getEnd(), end: (comma ?? last).getEnd(), text: hadTrailingComma ? ',' : '' });
    }
    i = j + 1;
  }
  if (prepend.length > 0) {
    const first = kept[0]!;
    const at = properties[0]!.getStart();
    edits.push(insert(at, prepend.map((p) => `${p},${separator(first)}`).join('')));
  }
  if (append.length > 0) {
    const comma = lastKept.getNextSiblingIfKind(SyntaxKind.CommaToken);
    const text = append.map((p) => `,${separator(lastKept)}${p}`).join('');
    edits.push(trailingRun || comma === undefined
      ? insert(lastKept.getEnd(), text)
      : insert(comma.getEnd(), `${text.slice(1)},`));
  }
  return edits;
}
