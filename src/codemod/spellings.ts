import { ts } from '#ts-morph';
import { nodeAt } from './wrap.js';

/**
 * Where `file`'s text spells `word` as a whole word (in code, strings and comments alike), with the
 * innermost node of the syntax tree there: a name is looked for where it is written, rather than by
 * visiting every node (a file holds a name a few times, among thousands of nodes).
 */
export function* spellingsOf(file: ts.SourceFile, word: string): Generator<{ pos: number; node: ts.Node | undefined }> {
  const text = file.text;
  for (let pos = text.indexOf(word); pos >= 0; pos = text.indexOf(word, pos + 1)) {
    const end = pos + word.length;
    if ((pos > 0 && isWordPart(text, pos - 1)) || (end < text.length && isWordPart(text, end))) continue;
    // found one at a time: a caller may stop at the first that does not suit it
    yield { pos, node: nodeAt(file, pos) };
  }
}

function isWordPart(text: string, index: number): boolean {
  const code = text.codePointAt(index)!;
  // a low surrogate: the word goes on if the whole code point does
  if (code >= 0xdc00 && code <= 0xdfff && index > 0) return ts.isIdentifierPart(text.codePointAt(index - 1)!, ts.ScriptTarget.ESNext);
  return ts.isIdentifierPart(code, ts.ScriptTarget.ESNext);
}
