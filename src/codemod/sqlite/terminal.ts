import { Node, SyntaxKind, ts } from '#ts-morph';
import type { Block, CallExpression, SourceFile, VariableStatement } from 'ts-morph';
import type { TextEdit } from '../types.js';
import { applyEdits, awaitNeedsParens, indentationOf, indentUnit, insert, isTypeScriptFile, statementRemoval } from '../http/syntax.js';
import { argumentEdits } from './params.js';
import { runResultEdits } from './run-result.js';
import { staticSql } from './sql-text.js';
import {
  localPlacement, readMode, rowType, statementSource, storedUses, typeArgumentRange, type Found, type StatementSource,
} from './statement.js';

/**
 * `stmt.run/get/all(…)` → `await db.run/get/all(sql, …)` (a chain off prepare, or a statement kept at module
 * level, whose SQL goes to each use), or `await stmt.run/get/all(…)` (a statement kept in a local variable,
 * prepared with `await db.prepare(sql)` and finalized when its block ends).
 */
export function terminalEdits(call: CallExpression): Found<TextEdit[]> {
  const access = call.getExpression();
  if (!Node.isPropertyAccessExpression(access)) return { refuse: 'the statement is run through an unusual callee: migrate it by hand' };
  const method = access.getName();
  const source = statementSource(access.getExpression());
  if ('refuse' in source) return source;
  const mode = readMode(source.modifiers);
  if ('refuse' in mode) return mode;
  const sqlArgs = source.prepare.getArguments();
  if (sqlArgs.length !== 1) return { refuse: 'prepare() is called with other than one argument: migrate it by hand' };
  const sqlNode = sqlArgs[0]!;
  const args = call.getArguments();
  if (mode.bound.length > 0 && args.length > 0) {
    return { refuse: 'the statement is bound with .bind() and run with more values (better-sqlite3 throws on that): fix it, then migrate' };
  }
  const sql = staticSql(sqlNode);
  const bound = argumentEdits(mode.bound.length > 0 ? mode.bound : args, sql);
  if ('refuse' in bound) return bound;
  const typescript = isTypeScriptFile(call.getSourceFile());
  const result = method === 'run' ? runResultEdits(call, typescript) : [];
  if ('refuse' in result) return result;

  const boundText = mode.bound.length > 0 ? boundArgumentsText(mode.bound, bound.edits) : undefined;
  const argEdits = mode.bound.length > 0 ? [] : bound.edits;
  const then = mode.pluck && method !== 'run' ? pluckThen(method) : '';
  const typeArgs = rowTypeArguments(source, method);
  const parens = awaitNeedsParens(call);
  const edits: TextEdit[] = [insert(call.getStart(), parens ? '(await ' : 'await ')];

  if (source.kind === 'chain') {
    const prepareAccess = source.prepare.getExpression();
    if (!Node.isPropertyAccessExpression(prepareAccess)) return { refuse: 'prepare is reached through an unusual callee' };
    edits.push({ start: prepareAccess.getNameNode().getStart(), end: sqlNode.getStart(), text: `${method}${typeArgs}(` });
    edits.push(argsJoin(sqlNode.getEnd(), call, boundText));
  } else if (source.strategy === 'local') {
    const receiver = access.getExpression();
    if (receiver.getText() !== source.name.getText()) edits.push({ start: receiver.getStart(), end: receiver.getEnd(), text: source.name.getText() });
    if (boundText !== undefined) return { refuse: 'a kept statement with .bind() values: pass the values to each run instead, then migrate' };
  } else {
    const reach = reachableAt(source, call);
    if (reach !== undefined) return { refuse: reach };
    const db = dbReceiver(source);
    if (db === undefined) return { refuse: 'prepare is reached through an unusual callee' };
    const end = args[0]?.getStart() ?? call.getEnd();
    const tail = args.length > 0 ? ', ' : boundText === undefined ? ')' : `, ${boundText})`;
    edits.push({ start: access.getExpression().getStart(), end, text: `${db}.${method}${typeArgs}(${sqlNode.getText()}${tail}` });
  }
  edits.push(...argEdits, ...result);
  if (then !== '' || parens) edits.push(insert(call.getEnd(), `${then}${parens ? ')' : ''}`));

  if (source.kind === 'stored') {
    const uses = storedUses(source);
    if ('refuse' in uses) return uses;
    // the declaration changes once, with the first of its uses
    if (uses[0] === call) {
      const declaration = declarationEdits(source, uses);
      if ('refuse' in declaration) return declaration;
      edits.push(...declaration);
    }
  }
  return edits;
}

/** From the end of the SQL argument to the end of the call: `).get(` → `, `, or `).get()` → `)`. */
function argsJoin(sqlEnd: number, call: CallExpression, boundText: string | undefined): TextEdit {
  const first = call.getArguments()[0];
  if (first !== undefined) return { start: sqlEnd, end: first.getStart(), text: ', ' };
  return { start: sqlEnd, end: call.getEnd(), text: boundText === undefined ? ')' : `, ${boundText})` };
}

function boundArgumentsText(bound: readonly Node[], edits: readonly TextEdit[]): string {
  const first = bound[0]!;
  const last = bound[bound.length - 1]!;
  const text = first.getSourceFile().getFullText().slice(first.getStart(), last.getEnd());
  return applyEdits(text, first.getStart(), edits);
}

function rowTypeArguments(source: StatementSource, method: string): string {
  if (source.kind !== 'chain') return '';
  const row = rowType(source.prepare);
  if (row === undefined || method === 'run') return '';
  return method === 'get' ? `<${row}>` : `<${row}[]>`;
}

/** `.pluck()`: the first column of the row, or of every row (sqlite3 keys columns in SELECT order). */
function pluckThen(method: string): string {
  return method === 'get'
    ? '.then((row) => (row === undefined ? undefined : Object.values(row)[0]))'
    : '.then((rows) => rows.map((row) => Object.values(row)[0]))';
}

function dbReceiver(source: StatementSource): string | undefined {
  const callee = source.prepare.getExpression();
  return Node.isPropertyAccessExpression(callee) ? callee.getExpression().getText() : undefined;
}

/**
 * A module-level statement's SQL and database go to each use: every name in them must mean the same
 * there (not shadowed by a local of the same name).
 */
function reachableAt(source: Extract<StatementSource, { kind: 'stored' }>, use: Node): string | undefined {
  const callee = source.prepare.getExpression();
  const names = [callee, ...source.prepare.getArguments()].flatMap((n) => [n, ...n.getDescendants()])
    .filter((n) => Node.isIdentifier(n) && !isPropertyName(n));
  if (names.length === 0) return undefined;
  const checker = use.getProject().getTypeChecker();
  const visible = new Map(checker.getSymbolsInScope(use, ts.SymbolFlags.Value).map((s) => [s.getName(), s.compilerSymbol]));
  for (const id of names) {
    const symbol = id.getSymbol()?.compilerSymbol;
    if (symbol === undefined || visible.get(id.getText()) !== symbol) {
      return `the statement's SQL or database (\`${id.getText()}\`) is not reachable where it runs: prepare it there`;
    }
  }
  return undefined;
}

function isPropertyName(id: Node): boolean {
  const parent = id.getParent();
  return Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id;
}

/** The declaration of a kept statement: awaited (local) or removed (module level, its SQL moved to the uses). */
function declarationEdits(source: Extract<StatementSource, { kind: 'stored' }>, uses: readonly Node[]): Found<TextEdit[]> {
  const statement = source.declaration.getVariableStatement();
  if (statement === undefined || statement.getDeclarations().length !== 1) {
    return { refuse: 'the statement shares its declaration with other variables: give it a declaration of its own' };
  }
  if (source.strategy === 'module') return [statementRemoval(statement)];
  const placement = localPlacement(source.declaration, uses);
  if ('refuse' in placement) return placement;
  const init = source.declaration.getInitializerOrThrow();
  const edits: TextEdit[] = [insert(init.getStart(), 'await ')];
  const typeArgs = typeArgumentRange(source.prepare);
  if (typeArgs !== undefined) edits.push({ ...typeArgs, text: '' });
  if (source.declared.length > 0) edits.push({ start: source.prepare.getEnd(), end: source.declared[source.declared.length - 1]!.call.getEnd(), text: '' });
  edits.push(...finallyEdits(placement.statement, placement.block, source.name.getText()));
  return edits;
}

/**
 * `try { …rest of the block… } finally { await stmt.finalize(); }`, the rest re-indented one level
 * (lines inside string and template literals keep their text).
 */
function finallyEdits(statement: VariableStatement, block: Block, name: string): TextEdit[] {
  const rest = block.getStatements().slice(block.getStatements().indexOf(statement) + 1);
  const last = rest[rest.length - 1];
  if (last === undefined) return [];
  const file = statement.getSourceFile();
  const text = file.getFullText();
  const regionEnd = last.getEnd();
  if (rest[0]!.getStartLineNumber() === statement.getEndLineNumber()) {
    // code written on one line stays on one line
    return [insert(statement.getEnd(), ' try {'), insert(regionEnd, ` } finally { await ${name}.finalize(); }`)];
  }
  const indent = indentationOf(statement);
  const unit = indentUnit(file);
  const regionStart = text.indexOf('\n', statement.getEnd()) + 1;
  const edits: TextEdit[] = [insert(regionStart, `${indent}try {\n`)];
  const queries = queryCalls(rest);
  for (let at = regionStart; at < regionEnd; at = text.indexOf('\n', at) + 1) {
    const lineEnd = text.indexOf('\n', at);
    const line = text.slice(at, lineEnd === -1 ? undefined : lineEnd);
    const inQuery = queries.some((q) => q.getStart() < at && at < q.getEnd());
    if (line.trim() !== '' && !inQuery && !insideLiteral(file, at)) edits.push(insert(at, unit));
    if (lineEnd === -1) break;
  }
  edits.push(insert(regionEnd, `\n${indent}} finally {\n${indent}${unit}await ${name}.finalize();\n${indent}}`));
  return edits;
}

const QUERY_METHODS = new Set(['prepare', 'run', 'get', 'all', 'exec', 'pragma', 'close']);

/**
 * Calls that other sites of the database rewrite, possibly across lines (`db\n  .prepare(sql)\n  .get()`):
 * their inner lines keep their indentation, so that no insertion lands inside a replaced range.
 */
function queryCalls(statements: readonly Node[]): Node[] {
  return statements.flatMap((s) => s.getDescendantsOfKind(SyntaxKind.CallExpression)).filter((call) => {
    const callee = call.getExpression();
    return Node.isPropertyAccessExpression(callee) && QUERY_METHODS.has(callee.getName()) && call.getStartLineNumber() !== call.getEndLineNumber();
  });
}

function insideLiteral(file: SourceFile, at: number): boolean {
  const token = file.getDescendantAtPos(at);
  if (token === undefined || token.getStart() >= at) return false;
  return Node.isStringLiteral(token) || Node.isNoSubstitutionTemplateLiteral(token) || Node.isTemplateHead(token)
    || Node.isTemplateMiddle(token) || Node.isTemplateTail(token) || Node.isJsxText(token);
}
