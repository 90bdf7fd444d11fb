import { Node, SyntaxKind } from '#ts-morph';
import type { Block, CallExpression, Identifier, VariableDeclaration, VariableStatement } from 'ts-morph';
import { catalogReason } from './reasons.js';
import {
  climbModifiers, enclosingBody, methodCallOn, prepareUnder, TERMINALS, unwrapExpression, type Modifier,
} from './origin.js';
import { isWithin, isWriteReference, referencesInFile } from '../http/syntax.js';

/**
 * A prepared statement as the code uses it: straight off `db.prepare(sql)` (a chain), or kept in a
 * variable. Its modifiers (`pluck`, `bind`…) must all have a counterpart in the async driver.
 */

export type Found<T> = T | { refuse: string };

export interface ReadMode {
  /** `.pluck()`: the first column instead of the row. */
  pluck: boolean;
  /** `.bind(…)` arguments, bound once for every run. */
  bound: Node[];
}

export type StatementSource =
  | { kind: 'chain'; prepare: CallExpression; modifiers: Modifier[] }
  | { kind: 'stored'; strategy: 'local' | 'module'; declaration: VariableDeclaration; name: Identifier; prepare: CallExpression; declared: Modifier[]; modifiers: Modifier[] };

/** What statement the receiver of `run/get/all` is: `receiver` is the expression before `.get`. */
export function statementSource(receiver: Node): Found<StatementSource> {
  // modifiers written at the use: `stmt.pluck().get()`
  const used: Modifier[] = [];
  let base = unwrapExpression(receiver);
  while (Node.isCallExpression(base)) {
    const callee = base.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !['pluck', 'raw', 'expand', 'bind', 'safeIntegers'].includes(callee.getName())) break;
    used.unshift({ name: callee.getName(), call: base });
    base = unwrapExpression(callee.getExpression());
  }
  const chain = prepareUnder(base);
  if (chain !== undefined) return { kind: 'chain', prepare: chain.prepare, modifiers: [...chain.modifiers, ...used] };
  if (Node.isIdentifier(base)) {
    const declaration = base.getSymbol()?.getValueDeclaration();
    if (declaration !== undefined && Node.isVariableDeclaration(declaration)) {
      const init = declaration.getInitializer();
      const prepared = init === undefined ? undefined : prepareUnder(init);
      const name = declaration.getNameNode();
      if (prepared !== undefined && Node.isIdentifier(name)) {
        const body = enclosingBody(declaration);
        if (Node.isClassStaticBlockDeclaration(body)) return { refuse: 'the statement is prepared in a static block, which cannot await: prepare it where it runs' };
        return {
          kind: 'stored', strategy: Node.isSourceFile(body) ? 'module' : 'local', declaration, name,
          prepare: prepared.prepare, declared: prepared.modifiers, modifiers: [...prepared.modifiers, ...used],
        };
      }
    }
    if (declaration !== undefined && Node.isParameterDeclaration(declaration)) {
      return { refuse: 'the statement is a parameter, prepared elsewhere: pass the SQL (or a function that runs it) instead' };
    }
  }
  if (Node.isPropertyAccessExpression(base) && Node.isThisExpression(base.getExpression())) return { refuse: FIELD_REASON };
  return { refuse: `unblock cannot see where the statement \`${base.getText().slice(0, 40)}\` is prepared: migrate it by hand` };
}

export const FIELD_REASON =
  'the statement is prepared in a class field, and a constructor cannot await: prepare it where it runs (`await this.db.prepare(sql)` in the method, or lazily on first use), then migrate';

/** The effect of a chain of modifiers, or why the async driver has none. */
export function readMode(modifiers: readonly Modifier[]): Found<ReadMode> {
  const mode: ReadMode = { pluck: false, bound: [] };
  for (const { name, call } of modifiers) {
    const args = call.getArguments();
    const toggle = args.length === 0 ? true : args[0]!.getText() === 'true' ? true : args[0]!.getText() === 'false' ? false : undefined;
    switch (name) {
      case 'pluck':
        if (toggle === undefined) return { refuse: '`.pluck()` takes a value that is not a literal: write true or false' };
        mode.pluck = toggle;
        break;
      case 'raw':
      case 'expand':
        if (toggle === false) break;
        return { refuse: `\`.${name}()\` has no counterpart: sqlite3 gives every row as an object keyed by column name (same-named columns collapse), so select distinct aliases and read them by name` };
      case 'safeIntegers':
        if (toggle === false) break;
        return { refuse: '`.safeIntegers()` has no counterpart: sqlite3 reads every integer as a JavaScript number' };
      case 'bind':
        if (mode.bound.length > 0) return { refuse: '`.bind()` is called twice on one statement' };
        mode.bound = args;
        break;
      default:
        return { refuse: `\`.${name}()\` has no counterpart in the sqlite driver` };
    }
  }
  return mode;
}

/** The terminal calls (`stmt.get(…)`) of a stored statement, or why one of its uses cannot follow. */
export function storedUses(source: Extract<StatementSource, { kind: 'stored' }>): Found<CallExpression[]> {
  const { name, declaration } = source;
  if (declaration.getVariableStatement()?.isExported() === true) {
    return { refuse: `the statement \`${name.getText()}\` is exported: other modules run it where unblock cannot follow` };
  }
  const terminals: CallExpression[] = [];
  for (const ref of referencesInFile(name)) {
    if (ref.getParent() === declaration) continue;
    if (isWriteReference(ref)) return { refuse: `the statement \`${name.getText()}\` is reassigned: migrate it by hand` };
    const { top, modifiers } = climbModifiers(ref);
    const run = methodCallOn(top);
    if (run !== undefined && TERMINALS.has(run.name)) {
      const mode = readMode(modifiers);
      if ('refuse' in mode) return mode;
      terminals.push(run.call);
      continue;
    }
    if (run?.name === 'iterate') return { refuse: catalogReason('better-sqlite3.Statement#iterate') };
    return { refuse: `the statement \`${name.getText()}\` is used as \`${ref.getParentOrThrow().getText().slice(0, 40)}\`, which the sqlite driver's Statement does not offer: migrate it by hand` };
  }
  const placement = source.strategy === 'local' ? localPlacement(source.declaration, terminals) : undefined;
  if (placement !== undefined && 'refuse' in placement) return placement;
  return terminals.sort((a, b) => a.getStart() - b.getStart());
}

/**
 * A statement kept in a local variable is finalized in a `finally` around the rest of its block: sqlite3
 * refuses to close a database while a statement is alive (SQLITE_BUSY), where better-sqlite3 did not care.
 * So the declaration must stand in a block, and every use run before that block ends.
 */
export function localPlacement(declaration: VariableDeclaration, uses: readonly Node[]): Found<{ statement: VariableStatement; block: Block }> {
  const statement = declaration.getVariableStatement();
  const block = statement?.getParent();
  if (statement === undefined || block === undefined || !Node.isBlock(block) || statement.getDeclarations().length !== 1) {
    return { refuse: 'the statement is declared where no `finally` can follow it (several declarators, or outside a block): give it a declaration of its own' };
  }
  for (const use of uses) {
    if (!isWithin(use, block)) return { refuse: 'the statement is used outside the block that declares it (a `var`)' };
    for (let f = use.getParent(); f !== undefined && f !== block; f = f.getParent()) {
      if (Node.isFunctionLikeDeclaration(f) && !isCallback(f)) {
        return { refuse: 'the statement is used in a function that may run after its block ends, when it is finalized: prepare it inside that function' };
      }
    }
  }
  return { statement, block };
}

/** A function passed straight to a call (`rows.forEach((r) => …)`), which runs while the block runs. */
function isCallback(fn: Node): boolean {
  const parent = fn.getParent();
  return (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) && Node.isCallExpression(parent) && parent.getArguments().includes(fn);
}

/** `prepare<[number], Row>(…)`: the row type, for `get<Row>` / `all<Row[]>`. */
export function rowType(prepare: CallExpression): string | undefined {
  const args = prepare.getTypeArguments();
  return args.length === 2 ? args[1]!.getText() : undefined;
}

/** The range of `<…>` after `prepare`, if any. */
export function typeArgumentRange(call: CallExpression): { start: number; end: number } | undefined {
  const open = call.getFirstChildByKind(SyntaxKind.LessThanToken);
  const close = call.getFirstChildByKind(SyntaxKind.GreaterThanToken);
  return open !== undefined && close !== undefined ? { start: open.getStart(), end: close.getEnd() } : undefined;
}
