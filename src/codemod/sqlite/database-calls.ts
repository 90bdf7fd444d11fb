import { Node } from '#ts-morph';
import type { CallExpression } from 'ts-morph';
import type { TextEdit } from '../types.js';
import { awaitNeedsParens, insert, staticText } from '../http/syntax.js';
import type { Found } from './statement.js';

/**
 * `db.exec(sql)` and `db.close()` → awaited; `db.pragma('x = y')` → `await db.exec('PRAGMA x = y')`, or
 * `db.all('PRAGMA x')` when its rows are used, or the first column of `db.get(…)` with `{ simple: true }`.
 */
export function databaseCallEdits(call: CallExpression): Found<TextEdit[]> {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return { refuse: 'an unusual call form: migrate it by hand' };
  const method = callee.getName();
  const discarded = isDiscarded(call);
  if (method === 'exec' || method === 'close') {
    // better-sqlite3 returns the database for chaining; sqlite resolves to nothing
    if (!discarded) return { refuse: `the result of ${method}() (the database itself) is used: call it as a statement of its own, then migrate` };
    return [insert(call.getStart(), 'await ')];
  }
  if (method === 'pragma') return pragmaEdits(call, callee.getNameNode(), discarded);
  return { refuse: `\`${method}()\` has no counterpart in the sqlite driver` };
}

function isDiscarded(call: Node): boolean {
  let node = call;
  while (Node.isParenthesizedExpression(node.getParent())) node = node.getParentOrThrow();
  return Node.isExpressionStatement(node.getParent());
}

function pragmaEdits(call: CallExpression, name: Node, discarded: boolean): Found<TextEdit[]> {
  const [source, options] = call.getArguments();
  if (source === undefined || call.getArguments().length > 2) return { refuse: 'pragma() with unusual arguments: migrate it by hand' };
  const simple = options === undefined ? false : simpleOption(options);
  if (simple === undefined) return { refuse: 'the pragma options are not `{ simple: true }` or `{ simple: false }` literally' };
  const method = simple ? 'get' : discarded ? 'exec' : 'all';
  const parens = awaitNeedsParens(call);
  const edits: TextEdit[] = [
    insert(call.getStart(), parens ? '(await ' : 'await '),
    { start: name.getStart(), end: name.getEnd(), text: method },
  ];
  if (staticText(source) !== undefined || Node.isTemplateExpression(source)) {
    edits.push(insert(source.getStart() + 1, 'PRAGMA '));
  } else {
    edits.push(insert(source.getStart(), '`PRAGMA ${'), insert(source.getEnd(), '}`'));
  }
  if (options !== undefined) edits.push({ start: source.getEnd(), end: options.getEnd(), text: '' });
  // better-sqlite3's simple mode: the first column of the first row
  const then = simple ? '.then((row) => (row === undefined ? undefined : Object.values(row)[0]))' : '';
  if (then !== '' || parens) edits.push(insert(call.getEnd(), `${then}${parens ? ')' : ''}`));
  return edits;
}

function simpleOption(options: Node): boolean | undefined {
  if (!Node.isObjectLiteralExpression(options)) return undefined;
  const properties = options.getProperties();
  if (properties.length === 0) return false;
  const [only] = properties;
  if (properties.length !== 1 || !Node.isPropertyAssignment(only) || only.getName() !== 'simple') return undefined;
  const value = only.getInitializerOrThrow().getText();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}
