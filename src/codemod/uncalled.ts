import { Node } from '#ts-morph';
import { describeFunction, type FunctionLike } from './syntax.js';
import type { ExportedChange } from './types.js';

/**
 * The named functions and methods the kept migrations made async that nothing in the project uses, as
 * the propagation found (no call, no value handed on: only declarations — an override's, an interface's,
 * a shorthand property's — and exports). What calls them is elsewhere — another package calling a
 * library's method (`writer.copyFile()` on an object its API returns), a framework calling a hook — and
 * gets a promise now, where the migration could not add an `await`. The report names them, as it names
 * the entry modules' exports (those are not repeated).
 */
export function uncalledMadeAsync(functions: readonly FunctionLike[], listed: readonly ExportedChange[]): ExportedChange[] {
  const already = new Set(listed.map((e) => `${e.file}:${e.line}`));
  const found: ExportedChange[] = [];
  for (const fn of functions) {
    const sf = fn.getSourceFile().compilerNode;
    // the compiler's line map: ts-morph's line numbers count the newlines before the node, each time
    const line = sf.getLineAndCharacterOfPosition(fn.getStart()).line + 1;
    // named as the exports are: `Store#get`, and `Store.open` for a static method
    const name = describeFunction(fn).replace(/`/g, '').replace(/^the function /, '').replace('#', Node.isMethodDeclaration(fn) && fn.isStatic() ? '.' : '#');
    const change = { file: sf.fileName, line, name };
    if (!already.has(`${change.file}:${change.line}`)) found.push(change);
  }
  return found.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
