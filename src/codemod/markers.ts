import { Node } from '#ts-morph';
import type { FileEdit } from './edits.js';
import { indentationAt, statementOf } from './syntax.js';

/**
 * Marker comments: `/* unblock: <what a person should do> *\/` on the line before the statement the
 * codemod left alone. Never added twice: a statement that carries the same marker keeps it as it is.
 */

export const MARKER_PREFIX = 'unblock:';

/** A marker comes before any other text inserted at the start of its statement. */
const FIRST = { side: 'open', span: Number.POSITIVE_INFINITY } as const;

export function markerText(reason: string): string {
  return `/* ${MARKER_PREFIX} ${reason.replace(/\*\//g, '* /').replace(/\s*\n\s*/g, ' ')} */`;
}

/** The edit placing a marker before the statement holding `node`, or null if it is there already. */
export function markerEdit(node: Node, reason: string): FileEdit | null {
  const statement = statementOf(node);
  const file = statement.getSourceFile();
  const marker = markerText(reason);
  const text = file.getFullText();
  const leading = text.slice(statement.getPos(), statement.getStart());
  if (leading.includes(marker)) return null;
  const start = statement.getStart();
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const onOwnLine = /^[ \t]*$/.test(text.slice(lineStart, start));
  if (!onOwnLine || Node.isSourceFile(statement)) {
    // the statement shares its line with other code (`if (x) f();`): the marker goes inline
    return { file, start, end: start, text: `${marker} `, kind: 'marker', anchor: FIRST };
  }
  return { file, start, end: start, text: `${marker}\n${indentationAt(file, start)}`, kind: 'marker', anchor: FIRST };
}
