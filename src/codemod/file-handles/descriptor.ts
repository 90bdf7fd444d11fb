import { Node, SyntaxKind } from '#ts-morph';
import type { CallExpression, Identifier, SourceFile, ts, VariableDeclaration } from 'ts-morph';
import type { CatalogEntry } from '../../catalog/index.js';
import { isWriteReference, referencesInFile, snippet } from '../http/syntax.js';
import { skipInnerExpressions } from '../flow.js';
import { skipOuterExpressionsUp } from '../syntax.js';
import type { Site } from '../types.js';

/**
 * One file descriptor from `openSync` to its `closeSync`, and every call that uses it: all of them
 * become one FileHandle's methods, or none does. The descriptor is followed only where it stays in
 * sight: a variable of one file that `openSync` initialises or is assigned to (once or more), which may
 * also be emptied (`fd = null`) and tested for (`if (fd)`); or the argument of the one call that uses it
 * (`closeSync(openSync(p, 'w'))`). A descriptor used as a number (compared, passed, returned, stored,
 * logged) keeps every call of its group as it is.
 */

export type Found<T> = T | { refuse: string };

/** What an fs descriptor call becomes on a FileHandle (the catalog's `file-handle` mapping). */
export interface HandleMethod {
  method: string;
  result?: 'bytesRead' | 'bytesWritten';
}

export interface Descriptor {
  /** Its first `openSync(…)` (in the text): where a refusal is reported. A variable may be opened more than once. */
  open: CallExpression;
  group: string;
  /** Why the descriptor's calls cannot migrate (reported at `open`, its other calls following through the group). */
  problem?: string;
}

export const NOT_OPENED_HERE = 'unblock cannot follow this descriptor to an `openSync` of a variable of this file (it is a parameter, a field, '
  + 'or `process.stdout.fd`): move its open, reads, writes and close to one FileHandle by hand';

/**
 * fs functions that take a path or a descriptor (sync-io's sites with a path): given a descriptor, the
 * FileHandle method that reads or writes the whole file from its current position, as they do.
 */
const WHOLE_FILE_METHODS: Readonly<Record<string, string>> = {
  'fs.readFileSync': 'readFile', 'fs.writeFileSync': 'writeFile', 'fs.appendFileSync': 'appendFile',
};

/**
 * The catalog calls of each file, as the site collector resolved them (Site.fileCalls): an open or a
 * call on a descriptor is recognised in every form of import the collector follows (ESM, require,
 * interop helpers such as tslib's `tslib_1.__importStar(require('fs'))`, aliases), and exactly the
 * calls that are sites join a descriptor's group, so that none is left unmigrated.
 */
const catalogCalls = new WeakMap<SourceFile, ReadonlyMap<ts.Node, CatalogEntry>>();

/** Remembers the catalog calls of a site's file: each entry point of the transform (accepts, groupKey, rewrite) passes its site here first. */
export function knowCallsOf(site: Site): void {
  if (site.fileCalls !== undefined) catalogCalls.set(site.file, site.fileCalls);
}

/** Whether a catalog call takes its descriptor from a variable or an open this transform follows: then it joins that descriptor's group. */
export function onFollowedDescriptor(site: Site): boolean {
  const call = site.node;
  // most such calls take a path, in files that open nothing: spare them the search for opens
  if (WHOLE_FILE_METHODS[site.entry.id] === undefined || !Node.isCallExpression(call) || !call.getSourceFile().getFullText().includes('openSync')) return false;
  knowCallsOf(site);
  const arg = call.getArguments()[0];
  if (arg === undefined) return false;
  if (isOpenCall(arg)) return true;
  const declaration = Node.isIdentifier(arg) ? variableOf(arg) : undefined;
  return declaration !== undefined && opensOf(declaration).length > 0;
}

/** The catalog mapping of an fs call on descriptors (`method` absent: `openSync`), from the collector's entry for it. */
export function handleMapping(call: CallExpression): HandleMethod | { method?: undefined } | undefined {
  const entry = catalogCalls.get(call.getSourceFile())?.get(call.compilerNode);
  const whole = entry === undefined ? undefined : WHOLE_FILE_METHODS[entry.id];
  if (whole !== undefined) return { method: whole };
  const mapping = entry?.replacement?.mapping;
  if (mapping?.kind !== 'file-handle') return undefined;
  return mapping.method === undefined ? {} : mapping.result === undefined ? { method: mapping.method } : { method: mapping.method, result: mapping.result };
}

function isOpenCall(node: Node): boolean {
  if (!Node.isCallExpression(node)) return false;
  const mapping = handleMapping(node);
  return mapping !== undefined && mapping.method === undefined;
}

/** The call that uses `node` as its descriptor (first) argument, if it is an fs descriptor call. */
function descriptorCallOf(node: Node): CallExpression | undefined {
  const call = node.getParent();
  if (!Node.isCallExpression(call) || call.getArguments()[0] !== node) return undefined;
  const mapping = handleMapping(call);
  return mapping?.method === undefined ? undefined : call;
}

const cache = new WeakMap<Node, Found<Descriptor>>();

/** The descriptor a site (one of its opens, or a call on it) works on. */
export function descriptorOf(site: CallExpression): Found<Descriptor> {
  let holder: Node | undefined;
  if (isOpenCall(site)) {
    holder = holderOfOpen(site);
    if (holder === undefined) {
      return { refuse: `the descriptor \`${snippet(site)}\` returns is passed, returned or stored where unblock cannot follow it: move its calls to one FileHandle by hand` };
    }
  } else {
    const arg = site.getArguments()[0];
    holder = arg === undefined ? undefined : isOpenCall(arg) ? arg : Node.isIdentifier(arg) ? variableOf(arg) : undefined;
    if (holder === undefined) return { refuse: NOT_OPENED_HERE };
  }
  let found = cache.get(holder);
  if (found === undefined) cache.set(holder, found = analyse(holder));
  return found;
}

/**
 * What holds the descriptor an open returns: its variable (declared with it, or assigned it later), or,
 * for `closeSync(openSync(p))`, the open itself.
 */
function holderOfOpen(open: CallExpression): Node | undefined {
  const parent = open.getParent();
  if (descriptorCallOf(open) !== undefined) return open;
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === open && Node.isIdentifier(parent.getNameNode())) return parent;
  if (Node.isBinaryExpression(parent) && Node.isIdentifier(parent.getLeft()) && assignedBy(parent.getLeft()) === open) return variableOf(parent.getLeft() as Identifier);
  return undefined;
}

/** The opens whose descriptors a variable holds: its initializer, and every `name = openSync(…)`. */
function opensOf(declaration: VariableDeclaration): CallExpression[] {
  const init = declaration.getInitializer();
  const opens = init !== undefined && isOpenCall(init) ? [init as CallExpression] : [];
  for (const ref of referencesInFile(declaration.getNameNode())) {
    const right = assignedBy(ref);
    if (right !== undefined && isOpenCall(right)) opens.push(right as CallExpression);
  }
  return opens.sort((a, b) => a.getStart() - b.getStart());
}

/** The variable (of this file, named by a plain identifier) `name` refers to. */
function variableOf(name: Identifier): VariableDeclaration | undefined {
  const declaration = name.getSymbol()?.getDeclarations()[0];
  return Node.isVariableDeclaration(declaration) && declaration.getSourceFile() === name.getSourceFile()
    && Node.isIdentifier(declaration.getNameNode()) ? declaration : undefined;
}

/** What `ref = value` assigns, when `ref` is the target of a plain assignment. */
function assignedBy(ref: Node): Node | undefined {
  const parent = ref.getParent();
  return Node.isBinaryExpression(parent) && parent.getLeft() === ref && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken
    ? skipInnerExpressions(parent.getRight())
    : undefined;
}

function isNullish(node: Node | undefined): boolean {
  if (node === undefined) return false;
  const value = skipInnerExpressions(node);
  return Node.isNullLiteral(value) || (Node.isIdentifier(value) && value.getText() === 'undefined');
}

function analyse(holder: Node): Found<Descriptor> {
  const group = `${holder.getSourceFile().getFilePath()}:${holder.getStart()}`;
  if (Node.isCallExpression(holder)) {
    // `closeSync(openSync(p, 'w'))`: the handle lives in that one call
    return handleMapping(holder.getParent() as CallExpression)?.method === 'close'
      ? { open: holder, group }
      : { open: holder, group, problem: `the descriptor of \`${snippet(holder)}\` is never closed: a FileHandle left open is closed on garbage collection, with a warning; close it, then migrate` };
  }
  const declaration = holder as VariableDeclaration;
  const opens = opensOf(declaration);
  const open = opens[0];
  if (open === undefined) return { refuse: NOT_OPENED_HERE };
  const init = declaration.getInitializer();
  if (init !== undefined && init !== open && !isNullish(init)) {
    return { open, group, problem: `\`${snippet(declaration)}\` starts as something other than a descriptor, \`null\` or \`undefined\`: unblock cannot tell what the variable holds, move its calls to one FileHandle by hand` };
  }
  const problem = variableProblem(declaration, declaration.getNameNode() as Identifier, new Set(opens));
  return problem === undefined ? { open, group } : { open, group, problem };
}

/**
 * Why a descriptor held in a variable cannot move to a FileHandle, if it cannot. Besides the calls on
 * it, the variable may be emptied (`fd = null`) and tested for a descriptor (`if (fd)`, `fd !== null`):
 * a handle or nothing reads the same there.
 */
function variableProblem(declaration: VariableDeclaration, name: Identifier, opens: ReadonlySet<Node>): string | undefined {
  const text = name.getText();
  if (declaration.getVariableStatement()?.isExported() === true) return `\`${text}\` is exported: unblock cannot follow the descriptor into the modules that import it`;
  if (declaration.getTypeNode() !== undefined) return `\`${snippet(declaration)}\` declares the descriptor's type: it becomes a FileHandle, migrate by hand`;
  let closed = false;
  for (const ref of referencesInFile(name)) {
    if (isWriteReference(ref)) {
      const value = assignedBy(ref);
      if ((value !== undefined && opens.has(value)) || isNullish(value)) continue;
      return `\`${text}\` is reassigned in \`${snippet(ref.getParent() ?? ref)}\`: unblock cannot tell which descriptor it holds`;
    }
    const call = descriptorCallOf(ref);
    if (call === undefined) {
      if (isPresenceTest(ref)) continue;
      return `\`${snippet(ref.getParent() ?? ref)}\` uses the descriptor \`${text}\` as a number (compared, passed, returned or stored): `
        + 'a FileHandle is not one, migrate by hand';
    }
    if (handleMapping(call)?.method === 'close') closed = true;
  }
  return closed ? undefined : `\`${text}\` is never closed with \`closeSync\`: a FileHandle left open is closed on garbage collection, with a warning; close it, then migrate`;
}

const NULL_TESTS = new Set([SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsToken]);

/** `if (fd)`, `!fd`, `fd && closeSync(fd)`, `if (threw && fd)`, `fd !== null`, `fd == undefined`: whether there is a descriptor, not which. */
function isPresenceTest(ref: Node): boolean {
  const node = skipOuterExpressionsUp(ref);
  const parent = node.getParent();
  if (Node.isBinaryExpression(parent) && NULL_TESTS.has(parent.getOperatorToken().getKind())) {
    return isNullish(parent.getLeft() === node ? parent.getRight() : parent.getLeft());
  }
  return isTruthinessTest(node);
}

/** Whether only the truthiness of `node`'s value is read. */
function isTruthinessTest(node: Node): boolean {
  const parent = node.getParent();
  if (parent === undefined) return false;
  if (Node.isConditionalExpression(parent) && parent.getCondition() === node) return true;
  if ((Node.isIfStatement(parent) || Node.isWhileStatement(parent) || Node.isDoStatement(parent)) && parent.getExpression() === node) return true;
  if (Node.isPrefixUnaryExpression(parent) && parent.getOperatorToken() === SyntaxKind.ExclamationToken) return true;
  if (!Node.isBinaryExpression(parent)) return false;
  const operator = parent.getOperatorToken().getKind();
  if (operator !== SyntaxKind.AmpersandAmpersandToken && operator !== SyntaxKind.BarBarToken) return false;
  // `fd && closeSync(fd);`: the left operand decides, the value is dropped
  const outer = skipOuterExpressionsUp(parent);
  if (operator === SyntaxKind.AmpersandAmpersandToken && parent.getLeft() === node && Node.isExpressionStatement(outer.getParent())) return true;
  return isTruthinessTest(outer);
}
