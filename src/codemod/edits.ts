import type { SourceFile } from 'ts-morph';
import type { TextEdit } from './types.js';

/**
 * Edits against a file's original text, and how they apply. Insertions at one offset are ordered by the
 * nodes they wrap: a closing text of an inner node comes before that of an outer one, an opening text
 * of an outer node before that of an inner one (`await Promise.all((await list()).map(f))`).
 */

export interface FileEdit extends TextEdit {
  file: SourceFile;
  /** What the edit does, for the counts of the result. */
  kind: 'site' | 'await' | 'async' | 'type' | 'rewrite' | 'import' | 'marker';
  /** For an insertion that opens or closes a wrapper around a node of this width. */
  anchor?: { side: 'open' | 'close'; span: number };
  /** The migration group(s) the edit belongs to (set by the engine). */
  groups?: Set<string>;
}

export class EditConflict extends Error {
  constructor(readonly first: TextEdit, readonly second: TextEdit) {
    super(`overlapping edits at ${second.start}`);
  }
}

/** Opening and closing insertions around `[start, end)`. */
export function wrapEdits(file: SourceFile, start: number, end: number, open: string, close: string, kind: FileEdit['kind']): FileEdit[] {
  const span = end - start;
  const edits: FileEdit[] = [];
  if (open !== '') edits.push({ file, start, end: start, text: open, kind, anchor: { side: 'open', span } });
  if (close !== '') edits.push({ file, start: end, end, text: close, kind, anchor: { side: 'close', span } });
  return edits;
}

function rank(edit: TextEdit & { anchor?: FileEdit['anchor'] }): [number, number] {
  if (edit.end > edit.start) return [2, 0];
  const anchor = edit.anchor;
  if (anchor === undefined) return [1, 0];
  return anchor.side === 'close' ? [0, anchor.span] : [1, -anchor.span];
}

/** Sorted for application, identical edits merged, and a deletion inside another deletion dropped. */
export function orderEdits<T extends TextEdit & { anchor?: FileEdit['anchor'] }>(edits: readonly T[]): T[] {
  const unique = new Map<string, T>();
  for (const e of edits) {
    const key = `${e.start}:${e.end}:${e.text}`;
    if (!unique.has(key)) unique.set(key, e);
  }
  const deletions = [...unique.values()].filter(isDeletion);
  const subsumed = (e: T): boolean => isDeletion(e) && deletions.some((d) => d !== e && d.start <= e.start && e.end <= d.end);
  return [...unique.values()].filter((e) => !subsumed(e)).map((e, i) => ({ e, i })).sort((a, b) => {
    if (a.e.start !== b.e.start) return a.e.start - b.e.start;
    const [ra, sa] = rank(a.e);
    const [rb, sb] = rank(b.e);
    return ra !== rb ? ra - rb : sa !== sb ? sa - sb : a.i - b.i;
  }).map(({ e }) => e);
}

function isDeletion(e: TextEdit): boolean {
  return e.end > e.start && e.text === '';
}

/** The text with the edits applied; throws EditConflict when two replacements overlap. */
export function applyEdits<T extends TextEdit & { anchor?: FileEdit['anchor'] }>(text: string, edits: readonly T[], eol = '\n'): string {
  const ordered = orderEdits(edits);
  let out = '';
  let cursor = 0;
  let previous: T | undefined;
  for (const edit of ordered) {
    if (edit.start < cursor) throw new EditConflict(previous!, edit);
    out += text.slice(cursor, edit.start) + (eol === '\n' ? edit.text : edit.text.replace(/\r?\n/g, eol));
    cursor = Math.max(cursor, edit.end);
    previous = edit;
  }
  return out + text.slice(cursor);
}

/** The line ending a text mostly uses. */
export function lineEnding(text: string): '\n' | '\r\n' {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? '\r\n' : '\n';
}
