import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint } from '@typescript-eslint/utils';
import { Node, SyntaxKind, ts } from '#ts-morph';
import type { SourceFile } from 'ts-morph';
import { BUSY_WAIT_FILTER, findBusyWaits, type BusyWaitLoop as DetectedBusyWait } from '../src/analysis/busy-wait.js';
import { resolverFor } from '../src/analysis/resolve.js';
import { SLEEP_REPLACEMENT } from '../src/catalog/index.js';
import { wrap } from '../src/codemod/wrap.js';
import type { AnalysisContext, PatternSite, RewriteContext, Site, SiteRewrite, TextEdit, Transform } from '../src/codemod/types.js';

/**
 * sleep: blocking sleeps → `await setTimeout(ms)` from node:timers/promises.
 *
 * - sleep packages (`sleep.sleep(s)`, `msleep`, `usleep`, system-sleep, sleep-sync, atomic-sleep,
 *   deasync.sleep): the catalog's `sleep` mapping converts the unit;
 * - `execSync('sleep 2')`, `execFileSync('sleep', ['2'])`, `spawnSync('sleep', ['2'])` as statements;
 * - busy-waits, the loops no-blocking-sleep reports (src/analysis/busy-wait.ts): `const end = Date.now() + ms;
 *   while (Date.now() < end) {}` (and `Date.now() - start < ms`, `performance.now()`, `new Date().getTime()`,
 *   `process.hrtime.bigint()`, `for`/`do…while` loops): the loop is replaced, and the clock variable is kept
 *   only if something else still reads it; one whose time left cannot be worked out is refused;
 * - `Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)` used as a sleep.
 */

interface BusyWait {
  kind: 'busy-wait';
  loop: Node;
  /** The clock variable's declaration statement, removed with the loop when nothing else reads it. */
  removable: Node | null;
  /** The remaining wait, in milliseconds, as source text. */
  ms: string;
  /** A `for` loop's initialiser, kept ahead of the wait. */
  init?: string | null;
}

/** A busy-wait the rule reports whose time left the codemod cannot work out. */
interface ManualBusyWait {
  kind: 'busy-wait-manual';
  reason: string;
}

interface AtomicsSleep {
  kind: 'atomics';
  statement: Node;
  ms: string;
  /** The declaration of a buffer used only to sleep on, removed with its waits. */
  removable: Node | null;
}

const CLOCK_FILTER = new RegExp(`${BUSY_WAIT_FILTER.source}|\\bAtomics\\.wait\\b`);

export const sleep: Transform = {
  name: 'sleep',
  description: 'busy-waits, Atomics.wait, sleep packages and `execSync("sleep …")` → await setTimeout(ms)',
  accepts(site) {
    return (site.entry.fix.automatic && site.entry.fix.transform === 'sleep' && site.entry.replacement?.mapping.kind === 'sleep')
      || site.sleepSeconds !== undefined;
  },
  rewrite(site, context) {
    return site.sleepSeconds !== undefined ? sleepCommand(site, context) : sleepPackage(site, context);
  },
  patternFilter: CLOCK_FILTER,
  findPatterns(file, context) {
    return [...busyWaits(file, context), ...atomicsSleeps(file, context)];
  },
  rewritePattern(site, context) {
    const data = site.data as BusyWait | ManualBusyWait | AtomicsSleep;
    if (data.kind === 'busy-wait-manual') return { refuse: data.reason };
    const setTimeout = context.importName(SLEEP_REPLACEMENT.module, SLEEP_REPLACEMENT.export);
    const target = data.kind === 'busy-wait' ? data.loop : data.statement;
    const wait = `await ${setTimeout}(${data.ms});`;
    const text = data.kind === 'busy-wait' && data.init != null ? `{ ${data.init}; ${wait} }` : wait;
    const edits: TextEdit[] = [{ start: target.getStart(), end: target.getEnd(), text }];
    if (data.removable !== null) edits.push(removeStatement(data.removable));
    return { edits, awaits: true };
  },
};

function sleepPackage(site: Site, context: RewriteContext): SiteRewrite {
  const mapping = site.entry.replacement!.mapping;
  if (mapping.kind !== 'sleep' || !Node.isCallExpression(site.node)) return { refuse: `\`${site.entry.name}\`: migrate by hand` };
  const call = site.node;
  const args = call.getArguments();
  const arg = args[mapping.argIndex];
  if (arg === undefined || args.length !== mapping.argIndex + 1 || Node.isSpreadElement(arg)) {
    return { refuse: `\`${site.entry.name}\` is not called with just a duration: migrate by hand` };
  }
  const setTimeout = context.importName(SLEEP_REPLACEMENT.module, SLEEP_REPLACEMENT.export);
  const parens = context.needsParentheses(call);
  const edits: TextEdit[] = [
    { start: call.getStart(), end: call.getStart(), text: parens ? '(await ' : 'await ' },
    { start: call.getExpression().getStart(), end: call.getExpression().getEnd(), text: setTimeout },
    ...durationEdits(arg, mapping.toMs),
  ];
  if (parens) edits.push({ start: call.getEnd(), end: call.getEnd(), text: ')' });
  return { edits, awaits: true };
}

/** The argument in milliseconds: a literal is converted, an expression multiplied or divided. */
function durationEdits(arg: Node, toMs: number): TextEdit[] {
  if (toMs === 1) return [];
  if (Node.isNumericLiteral(arg)) return [{ start: arg.getStart(), end: arg.getEnd(), text: formatNumber(arg.getLiteralValue() * toMs) }];
  const simple = Node.isIdentifier(arg) || Node.isPropertyAccessExpression(arg) || Node.isCallExpression(arg)
    || Node.isElementAccessExpression(arg) || Node.isParenthesizedExpression(arg);
  const operator = toMs >= 1 ? ` * ${formatNumber(toMs)}` : ` / ${formatNumber(1 / toMs)}`;
  return simple
    ? [{ start: arg.getEnd(), end: arg.getEnd(), text: operator }]
    : [{ start: arg.getStart(), end: arg.getStart(), text: '(' }, { start: arg.getEnd(), end: arg.getEnd(), text: `)${operator}` }];
}

function formatNumber(n: number): string {
  return String(Math.round(n * 1e6) / 1e6);
}

/** `execSync('sleep 2')` as a statement → `await setTimeout(2000);` (its result, an empty output, was unused). */
function sleepCommand(site: Site, context: RewriteContext): SiteRewrite {
  const statement = site.node.getParent();
  if (!Node.isExpressionStatement(statement)) {
    return { refuse: `this \`${site.entry.name}\` runs \`sleep\` and its result is used: replace it with \`await setTimeout(ms)\` by hand` };
  }
  const setTimeout = context.importName(SLEEP_REPLACEMENT.module, SLEEP_REPLACEMENT.export);
  const ms = formatNumber(site.sleepSeconds! * 1000);
  return { edits: [{ start: site.node.getStart(), end: site.node.getEnd(), text: `await ${setTimeout}(${ms})` }], awaits: true };
}

/** Removes a statement, with its line when it has one to itself (the same edit whatever else is removed). */
function removeStatement(statement: Node): TextEdit {
  const text = statement.getSourceFile().getFullText();
  let start = statement.getStart();
  let end = statement.getEnd();
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', end);
  const after = lineEnd === -1 ? text.length : lineEnd + 1;
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*\r?\n?$/.test(text.slice(end, after))) {
    start = lineStart;
    end = after;
    // first in its block, followed by a blank line: the blank line goes too
    const before = text.slice(0, start).replace(/[ \t]*$/, '');
    const blank = /^[ \t]*\r?\n/.exec(text.slice(end));
    if (blank !== null && (before === '' || before.endsWith('{\n') || before.endsWith('{\r\n'))) end += blank[0].length;
  }
  return { start, end, text: '' };
}

// ---------------------------------------------------------------------------------------------------
// busy-waits

interface Clock {
  /** How the clock is read, e.g. `Date.now()`: the text to reuse. */
  text: string;
}

/** `Date.now()`, `performance.now()`, `new Date().getTime()` reading the global clocks. */
function clockRead(node: Node, checker: ts.TypeChecker): Clock | null {
  let n = node;
  while (Node.isParenthesizedExpression(n)) n = n.getExpression();
  if (!Node.isCallExpression(n) || n.getArguments().length > 0) return null;
  const callee = n.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return null;
  const object = callee.getExpression();
  const method = callee.getName();
  if (method === 'now' && Node.isIdentifier(object) && (object.getText() === 'Date' || object.getText() === 'performance')
    && isGlobal(object, checker)) return { text: n.getText() };
  if (method === 'getTime' && Node.isNewExpression(object) && (object.getArguments()?.length ?? 0) === 0) {
    const cls = object.getExpression();
    if (Node.isIdentifier(cls) && cls.getText() === 'Date' && isGlobal(cls, checker)) return { text: n.getText() };
  }
  return null;
}

/** A name that reaches the global object's binding (lib or @types/node), not a local one. */
function isGlobal(id: Node, checker: ts.TypeChecker): boolean {
  const symbol = checker.getSymbolAtLocation(id.compilerNode);
  return symbol?.declarations?.every((d) => d.getSourceFile().isDeclarationFile) ?? false;
}

/**
 * The loops no-blocking-sleep reports (src/analysis/busy-wait.ts finds them for both). An empty loop on a
 * clock variable declared for it gets the shortest form (the variable goes with the loop when nothing
 * else reads it); any other the time left the detector works out; a loop whose time left cannot be
 * worked out is found all the same, and refused.
 */
function busyWaits(file: SourceFile, context: AnalysisContext): PatternSite[] {
  const view = context.estree(file);
  const checker = context.checker.compilerObject;
  return findBusyWaits(view.sourceCode, resolverFor(view.sourceCode)).map((found) => {
    const loop = view.tsNodeOf(found.loop);
    const data: BusyWait | ManualBusyWait = shortestWait(loop, checker) ?? detectedWait(loop, found, view.sourceCode)
      ?? { kind: 'busy-wait-manual', reason: manualReason(found) };
    return { file, node: loop, api: 'busy-wait', category: 'sleep', data };
  });
}

function shortestWait(loop: Node, checker: ts.TypeChecker): BusyWait | null {
  if (!(Node.isWhileStatement(loop) || Node.isDoStatement(loop) || Node.isForStatement(loop)) || !isEmptyBody(loop.getStatement())) return null;
  const condition = Node.isForStatement(loop) ? loop.getCondition() : loop.getExpression();
  if (condition === undefined) return null;
  return Node.isForStatement(loop) ? forLoopWait(loop, checker) : deadlineWait(loop, condition, checker);
}

/** The detector's time left; a `for` loop's initialiser still runs first, as it may declare what the time reads. */
function detectedWait(loop: Node, found: DetectedBusyWait, sourceCode: TSESLint.SourceCode): BusyWait | null {
  if (found.remaining === null) return null;
  const init = found.loop.type === AST_NODE_TYPES.ForStatement && found.loop.init !== null ? sourceCode.getText(found.loop.init) : null;
  return { kind: 'busy-wait', loop, removable: null, ms: found.remaining, init };
}

function manualReason(found: DetectedBusyWait): string {
  const how = found.unit === 'tuple' ? 'reads `[seconds, nanoseconds]` pairs'
    : found.unit === 'date' ? 'compares `Date` objects'
      : 'tests more than one bound, or updates variables read after it';
  return `this busy-wait on \`${found.clock}\` ${how}: replace it with \`await setTimeout(ms)\` by hand`;
}

function isEmptyBody(body: Node): boolean {
  return Node.isEmptyStatement(body) || (Node.isBlock(body) && body.getStatements().every((s) => Node.isEmptyStatement(s)));
}

/** `NOW < end` / `end > NOW` (deadline), or `NOW - start < ms` / `ms > NOW - start` (elapsed). */
type Comparison = { kind: 'deadline'; variable: Node; clock: Clock } | { kind: 'elapsed'; variable: Node; clock: Clock; ms: Node };

function comparison(condition: Node, checker: ts.TypeChecker): Comparison | null {
  if (!Node.isBinaryExpression(condition)) return null;
  const op = condition.getOperatorToken().getKind();
  let now: Node;
  let bound: Node;
  if (op === SyntaxKind.LessThanToken || op === SyntaxKind.LessThanEqualsToken) [now, bound] = [condition.getLeft(), condition.getRight()];
  else if (op === SyntaxKind.GreaterThanToken || op === SyntaxKind.GreaterThanEqualsToken) [now, bound] = [condition.getRight(), condition.getLeft()];
  else return null;
  const clock = clockRead(now, checker);
  if (clock !== null && Node.isIdentifier(bound)) return { kind: 'deadline', variable: bound, clock };
  if (Node.isBinaryExpression(now) && now.getOperatorToken().getKind() === SyntaxKind.MinusToken) {
    const elapsedClock = clockRead(now.getLeft(), checker);
    const start = now.getRight();
    if (elapsedClock !== null && Node.isIdentifier(start)) return { kind: 'elapsed', variable: start, clock: elapsedClock, ms: bound };
  }
  return null;
}

/** The declaration of a clock variable: `const end = NOW + ms` (deadline) or `const start = NOW` (elapsed). */
function clockDeclaration(variable: Node, expected: Comparison, checker: ts.TypeChecker): { statement: Node; ms: Node | null; declaration: Node } | null {
  const symbol = checker.getSymbolAtLocation(variable.compilerNode);
  const declarations = symbol?.declarations ?? [];
  if (declarations.length !== 1) return null;
  const tsDeclaration = declarations[0]!;
  if (!ts.isVariableDeclaration(tsDeclaration) || tsDeclaration.initializer === undefined) return null;
  if (tsDeclaration.getSourceFile() !== variable.getSourceFile().compilerNode) return null;
  const decl = wrap(variable.getSourceFile(), tsDeclaration);
  if (!Node.isVariableDeclaration(decl)) return null;
  const list = decl.getParent();
  if (!Node.isVariableDeclarationList(list) || (list.getFlags() & ts.NodeFlags.Const) === 0 && isWrittenLater(decl)) return null;
  const init = decl.getInitializerOrThrow();
  let ms: Node | null = null;
  if (expected.kind === 'deadline') {
    if (!Node.isBinaryExpression(init) || init.getOperatorToken().getKind() !== SyntaxKind.PlusToken) return null;
    const [left, right] = [init.getLeft(), init.getRight()];
    if (clockRead(left, checker)?.text === expected.clock.text) ms = right;
    else if (clockRead(right, checker)?.text === expected.clock.text) ms = left;
    else return null;
  } else if (clockRead(init, checker)?.text !== expected.clock.text) return null;
  const statement = list.getParent();
  if (!Node.isVariableStatement(statement) && !Node.isForStatement(statement)) return null;
  return { statement, ms, declaration: decl };
}

function isWrittenLater(decl: Node): boolean {
  const name = (decl as never as { getNameNode(): Node }).getNameNode();
  if (!Node.isIdentifier(name)) return true;
  return name.findReferencesAsNodes().some((ref) => {
    const parent = ref.getParent();
    return (Node.isBinaryExpression(parent) && parent.getLeft() === ref && parent.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment
      && parent.getOperatorToken().getKind() <= SyntaxKind.LastAssignment)
      || ((Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent))
        && [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes(parent.getOperatorToken()));
  });
}

function deadlineWait(loop: Node, condition: Node, checker: ts.TypeChecker): BusyWait | null {
  const found = comparison(condition, checker);
  if (found === null) return null;
  const declared = clockDeclaration(found.variable, found, checker);
  if (declared === null || !Node.isVariableStatement(declared.statement)) return null;
  const onlyInLoop = declared.statement.getDeclarations().length === 1 && referencesOutside(declared.declaration, loop) === 0;
  const adjacent = declared.statement.getNextSibling() === loop;
  const name = found.variable.getText();
  if (found.kind === 'deadline') {
    if (adjacent && onlyInLoop) return { kind: 'busy-wait', loop, removable: declared.statement, ms: declared.ms!.getText() };
    return { kind: 'busy-wait', loop, removable: null, ms: `${name} - ${found.clock.text}` };
  }
  if (adjacent && onlyInLoop && isPure(found.ms)) return { kind: 'busy-wait', loop, removable: declared.statement, ms: found.ms.getText() };
  return { kind: 'busy-wait', loop, removable: null, ms: `${parenthesised(found.ms)} - (${found.clock.text} - ${name})` };
}

/** `for (const end = NOW + ms; NOW < end;) {}` → the wait is the whole statement. */
function forLoopWait(loop: Node, checker: ts.TypeChecker): BusyWait | null {
  if (!Node.isForStatement(loop) || loop.getIncrementor() !== undefined) return null;
  const condition = loop.getCondition();
  if (condition === undefined) return null;
  const found = comparison(condition, checker);
  if (found === null) return null;
  const initializer = loop.getInitializer();
  if (initializer === undefined) {
    return deadlineWait(loop, condition, checker);
  }
  const declared = clockDeclaration(found.variable, found, checker);
  if (declared === null || declared.statement !== loop || referencesOutside(declared.declaration, loop) !== 0) return null;
  if (!Node.isVariableDeclarationList(initializer) || initializer.getDeclarations().length !== 1) return null;
  const ms = found.kind === 'deadline' ? declared.ms! : found.ms;
  return { kind: 'busy-wait', loop, removable: null, ms: ms.getText() };
}

/** References of a variable outside `scope` (its declaration excluded). */
function referencesOutside(declaration: Node, scope: Node): number {
  const name = (declaration as never as { getNameNode(): Node }).getNameNode();
  if (!Node.isIdentifier(name)) return Number.POSITIVE_INFINITY;
  return name.findReferencesAsNodes().filter((ref) => ref !== name && !(ref.getPos() >= scope.getPos() && ref.getEnd() <= scope.getEnd())).length;
}

function isPure(node: Node): boolean {
  return Node.isNumericLiteral(node) || Node.isIdentifier(node) || (Node.isPropertyAccessExpression(node) && isPure(node.getExpression()))
    || (Node.isBinaryExpression(node) && isPure(node.getLeft()) && isPure(node.getRight()))
    || (Node.isParenthesizedExpression(node) && isPure(node.getExpression()));
}

function parenthesised(node: Node): string {
  return Node.isIdentifier(node) || Node.isNumericLiteral(node) || Node.isPropertyAccessExpression(node) ? node.getText() : `(${node.getText()})`;
}

// ---------------------------------------------------------------------------------------------------
// Atomics.wait

/**
 * `Atomics.wait(buffer, index, value, ms)` as a statement sleeps when nothing ever wakes `buffer`: a
 * fresh `new Int32Array(new SharedArrayBuffer(n))`, inline or in a const used only by such waits.
 */
function atomicsSleeps(file: SourceFile, context: AnalysisContext): PatternSite[] {
  const checker = context.checker.compilerObject;
  const found: PatternSite[] = [];
  for (const statement of file.getDescendantsOfKind(SyntaxKind.ExpressionStatement)) {
    const call = statement.getExpression();
    if (!Node.isCallExpression(call)) continue;
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'wait') continue;
    const object = callee.getExpression();
    if (!Node.isIdentifier(object) || object.getText() !== 'Atomics' || !isGlobal(object, checker)) continue;
    const args = call.getArguments();
    const [buffer, , , ms] = args;
    if (args.length !== 4 || buffer === undefined || ms === undefined || Node.isSpreadElement(ms)) continue;
    if (isFreshBuffer(buffer)) {
      found.push({ file, node: statement, api: 'Atomics.wait', category: 'sleep', data: { kind: 'atomics', statement, ms: ms.getText(), removable: null } satisfies AtomicsSleep });
      continue;
    }
    if (!Node.isIdentifier(buffer)) continue;
    const declaration = bufferDeclaration(buffer, checker);
    if (declaration === null) continue;
    const waits = onlySleptOn(declaration);
    if (waits === null) continue;
    const statementOfDeclaration = declaration.getParent()?.getParent();
    const removable = Node.isVariableStatement(statementOfDeclaration) && statementOfDeclaration.getDeclarations().length === 1 ? statementOfDeclaration : null;
    found.push({
      file, node: statement, api: 'Atomics.wait', category: 'sleep', group: `atomics:${file.getFilePath()}:${declaration.getStart()}`,
      data: { kind: 'atomics', statement, ms: ms.getText(), removable } satisfies AtomicsSleep,
    });
  }
  return found;
}

function isFreshBuffer(node: Node): boolean {
  if (!Node.isNewExpression(node) || node.getExpression().getText() !== 'Int32Array') return false;
  const [inner] = node.getArguments() ?? [];
  return inner !== undefined && Node.isNewExpression(inner) && inner.getExpression().getText() === 'SharedArrayBuffer';
}

function bufferDeclaration(buffer: Node, checker: ts.TypeChecker): Node | null {
  const symbol = checker.getSymbolAtLocation(buffer.compilerNode);
  const declarations = symbol?.declarations ?? [];
  if (declarations.length !== 1 || !ts.isVariableDeclaration(declarations[0]!)) return null;
  if (declarations[0]!.getSourceFile() !== buffer.getSourceFile().compilerNode) return null;
  const decl = wrap(buffer.getSourceFile(), declarations[0]!);
  if (!Node.isVariableDeclaration(decl)) return null;
  const list = decl.getParent();
  if (!Node.isVariableDeclarationList(list) || (list.getFlags() & ts.NodeFlags.Const) === 0) return null;
  const init = decl.getInitializer();
  return init !== undefined && isFreshBuffer(init) ? decl : null;
}

/** The waits on a buffer, when waiting is all that is ever done with it (so nothing can wake them). */
function onlySleptOn(declaration: Node): Node[] | null {
  const name = (declaration as never as { getNameNode(): Node }).getNameNode();
  if (!Node.isIdentifier(name)) return null;
  const waits: Node[] = [];
  for (const ref of name.findReferencesAsNodes()) {
    if (ref === name) continue;
    const call = ref.getParent();
    if (!Node.isCallExpression(call) || call.getArguments()[0] !== ref || call.getExpression().getText() !== 'Atomics.wait'
      || !Node.isExpressionStatement(call.getParent())) return null;
    waits.push(call.getParentOrThrow());
  }
  return waits;
}
