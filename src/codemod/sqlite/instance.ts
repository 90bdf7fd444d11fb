import { Node } from '#ts-morph';
import type { CallExpression } from 'ts-morph';
import type { Site } from '../types.js';
import { isTypeScriptFile, isWriteReference, referencesInFile, snippet } from '../http/syntax.js';
import {
  climbModifiers, databaseHolder, enclosingClassOfThis, methodCallOn, prepareUnder, TERMINALS, thisAssignments, thisReads,
  unwrapExpression, type Creation, type DatabaseHolder,
} from './origin.js';
import { catalogReason } from './reasons.js';
import { FIELD_REASON, readMode, statementSource, storedUses, type Found } from './statement.js';

/**
 * One database instance, every use of it: all must have a counterpart in the async driver, or none is
 * migrated. An instance that stays in its module forms its own group; one that is passed around (and
 * every database reached through a type annotation) joins the project's shared group, because the type
 * annotations that carry it are rewritten together.
 */

const SHARED_GROUP = 'shared';

export interface Instance {
  holder: DatabaseHolder;
  group: string;
  /** Why the instance cannot migrate, if it cannot, and the code that is the reason. */
  problem?: { reason: string; at: Node };
  /**
   * The one site that carries the refusal of a database that cannot migrate (the problem itself when it
   * is a site, else the first site): one marker for a person, not one at every query.
   */
  representative?: Node;
}

const cache = new WeakMap<Node, Instance>();

/** The database a site works on, and whether all of that database can migrate. */
export function instanceOf(site: Site): Found<Instance> {
  const receiver = databaseExpression(site.node);
  if ('refuse' in receiver) return receiver;
  const holder = receiver.creation !== undefined ? holderOfCreation(receiver.creation) : databaseHolder(receiver.expression);
  if (holder === undefined) {
    return { refuse: 'unblock cannot see which database this is (its type or its `new Database()`): annotate it with Database.Database, or migrate by hand' };
  }
  const key = holderKey(holder);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const instance = analyse(holder);
  cache.set(key, instance);
  return instance;
}

/** The expression that evaluates to the site's database, or the creation itself. */
function databaseExpression(node: Node): Found<{ expression: Node; creation?: Creation }> {
  if (Node.isNewExpression(node) || (Node.isCallExpression(node) && !Node.isPropertyAccessExpression(node.getExpression()))) {
    return { expression: node, creation: node as Creation };
  }
  const callee = Node.isCallExpression(node) ? node.getExpression() : undefined;
  if (callee === undefined || !Node.isPropertyAccessExpression(callee)) return { refuse: 'an unusual call form: migrate it by hand' };
  if (!TERMINALS.has(callee.getName())) return { expression: callee.getExpression() };
  const source = statementSource(callee.getExpression());
  if ('refuse' in source) return source;
  const prepare = source.prepare.getExpression();
  return Node.isPropertyAccessExpression(prepare) ? { expression: prepare.getExpression() } : { refuse: 'an unusual call form' };
}

/** Where a `new Database()` goes: a variable, a field, or on (returned, passed, used on the spot). */
function holderOfCreation(creation: Creation): DatabaseHolder {
  let node: Node = creation;
  while (Node.isParenthesizedExpression(node.getParent()) || Node.isAsExpression(node.getParent())) node = node.getParentOrThrow();
  const parent = node.getParent();
  if (Node.isVariableDeclaration(parent) && Node.isIdentifier(parent.getNameNode())) {
    return databaseHolder(parent.getNameNode()) ?? { kind: 'inline', creation };
  }
  if (Node.isBinaryExpression(parent) && parent.getRight() === node) {
    const left = parent.getLeft();
    if (Node.isPropertyAccessExpression(left) && Node.isThisExpression(left.getExpression())) return databaseHolder(left) ?? { kind: 'inline', creation };
  }
  if (Node.isPropertyDeclaration(parent)) {
    const cls = parent.getParent();
    if (Node.isClassDeclaration(cls) || Node.isClassExpression(cls)) {
      return { kind: 'field', name: parent.getName(), cls, declaration: parent, creation };
    }
  }
  return { kind: 'inline', creation };
}

function holderKey(holder: DatabaseHolder): Node {
  return holder.kind === 'inline' ? holder.creation : holder.declaration;
}

function analyse(holder: DatabaseHolder): Instance {
  const key = holderKey(holder);
  const local = `${key.getSourceFile().getFilePath()}:${key.getStart()}`;
  const uses = databaseUses(holder);
  if ('refuse' in uses) {
    // the creation (a site itself) carries the refusal when there is one
    const creation = holder.kind === 'parameter' ? undefined : holder.creation;
    return creation === undefined
      ? { holder, group: local, problem: { reason: uses.refuse, at: key } }
      : { holder, group: local, problem: { reason: uses.refuse, at: creation }, representative: creation };
  }
  let escapes = holder.kind === 'parameter' || (holder.kind !== 'inline' && holder.creation === undefined);
  let problem: Instance['problem'];
  const sites: Node[] = holder.kind !== 'parameter' && holder.creation !== undefined ? [holder.creation] : [];
  for (const use of uses) {
    const verdict = classifyUse(use);
    if (verdict.kind === 'escapes') {
      escapes = true;
      if (!isTypeScriptFile(use.getSourceFile())) {
        const where = use.getParent() ?? use;
        problem ??= { reason: `the database leaves unblock's sight in \`${snippet(where)}\` (returned, passed or stored): in JavaScript the code that receives it cannot be checked, so migrate it by hand`, at: where };
      }
    } else if (verdict.kind === 'refuse') {
      problem ??= { reason: verdict.reason, at: verdict.at };
    } else {
      sites.push(...verdict.sites);
    }
  }
  const group = escapes ? SHARED_GROUP : local;
  if (problem === undefined) return { holder, group };
  const ordered = sites.sort((a, b) => a.getStart() - b.getStart());
  const representative = ordered.find((s) => s === problem.at) ?? ordered[0];
  return representative === undefined ? { holder, group, problem } : { holder, group, problem, representative };
}

/** The reason a site of a database that cannot migrate gives. */
export function problemReason(problem: NonNullable<Instance['problem']>, site: Node): string {
  return site === problem.at ? problem.reason : `this database stays on better-sqlite3 because of \`${snippet(problem.at)}\`: ${problem.reason}`;
}

/** Every place the database's value is read. */
function databaseUses(holder: DatabaseHolder): Found<Node[]> {
  switch (holder.kind) {
    case 'inline':
      return [holder.creation];
    case 'variable': {
      if (holder.declaration.getVariableStatement()?.isExported() === true) {
        return { refuse: `the database \`${holder.name.getText()}\` is exported, and unblock cannot follow it into the modules that import it: migrate by hand` };
      }
      return readsOf(holder.name);
    }
    case 'parameter':
      return readsOf(holder.name);
    case 'field': {
      if (holder.creation !== undefined) {
        return { refuse: 'the database is opened in a constructor or a field initialiser, which cannot await: open it in an async factory (e.g. `static async open()`) and pass it to the constructor' };
      }
      const writes = thisAssignments(holder.cls, holder.name);
      if (writes.length > 0) return { refuse: `\`this.${holder.name}\` is assigned in \`${snippet(writes[0]!)}\`: unblock cannot tell which database it holds` };
      const reads: Node[] = thisReads(holder.cls, holder.name);
      const declared = holder.declaration;
      if (Node.isParameterDeclaration(declared)) {
        const name = declared.getNameNode();
        const refs = readsOf(name);
        if ('refuse' in refs) return refs;
        reads.push(...refs);
      }
      return reads;
    }
  }
}

function readsOf(name: Node): Found<Node[]> {
  const reads: Node[] = [];
  for (const ref of referencesInFile(name)) {
    const parent = ref.getParent();
    if (Node.isVariableDeclaration(parent) && parent.getNameNode() === ref) continue;
    if (isWriteReference(ref)) return { refuse: `\`${name.getText()}\` is reassigned in \`${snippet(ref.getParent() ?? ref)}\`: unblock cannot tell which database it holds` };
    reads.push(ref);
  }
  return reads;
}

const SAME_METHODS = new Set(['exec', 'close', 'pragma']);
const CATALOG_METHODS: Record<string, string> = {
  transaction: 'better-sqlite3.Database#transaction',
  serialize: 'better-sqlite3.Database#serialize',
  loadExtension: 'better-sqlite3.Database#loadExtension',
};

type Verdict = { kind: 'ok'; sites: Node[] } | { kind: 'escapes' } | { kind: 'refuse'; reason: string; at: Node };

/** How one read of the database is used, and the blocking calls (sites) that use implies. */
function classifyUse(use: Node): Verdict {
  let node = use;
  while (Node.isParenthesizedExpression(node.getParent()) || Node.isNonNullExpression(node.getParent())) node = node.getParentOrThrow();
  const call = methodCallOn(node);
  if (call !== undefined) {
    if (SAME_METHODS.has(call.name)) return { kind: 'ok', sites: [call.call] };
    if (call.name === 'prepare') return classifyStatement(call.call);
    const id = CATALOG_METHODS[call.name];
    return {
      kind: 'refuse', at: call.call,
      reason: id !== undefined ? catalogReason(id) : `\`${call.name}()\` of better-sqlite3 has no counterpart in the sqlite driver: migrate this database by hand`,
    };
  }
  const parent = node.getParent();
  if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) {
    return { kind: 'refuse', at: parent, reason: `\`${snippet(parent)}\` has no counterpart in the sqlite driver: migrate this database by hand` };
  }
  if (Node.isExpressionStatement(parent)) return { kind: 'ok', sites: [] };
  return { kind: 'escapes' };
}

/** A `db.prepare(…)`: run on the spot, or kept in a local or module-level variable. */
function classifyStatement(prepare: CallExpression): Verdict {
  const refuse = (reason: string, at: Node = prepare): Verdict => ({ kind: 'refuse', reason, at });
  const { top, modifiers } = climbModifiers(prepare);
  const mode = readMode(modifiers);
  if ('refuse' in mode) return refuse(mode.refuse);
  const run = methodCallOn(top);
  if (run !== undefined && TERMINALS.has(run.name)) return { kind: 'ok', sites: [run.call] };
  if (run?.name === 'iterate') return refuse(catalogReason('better-sqlite3.Statement#iterate'), run.call);
  if (run !== undefined) return refuse(`\`.${run.name}()\` of a statement has no counterpart in the sqlite driver`);
  let node = top;
  while (Node.isParenthesizedExpression(node.getParent())) node = node.getParentOrThrow();
  const parent = node.getParent();
  if (Node.isVariableDeclaration(parent) && Node.isIdentifier(parent.getNameNode()) && prepareUnder(unwrapExpression(node)) !== undefined) {
    const source = statementSource(parent.getNameNode());
    if ('refuse' in source) return refuse(source.refuse);
    if (source.kind !== 'stored') return { kind: 'ok', sites: [] };
    const uses = storedUses(source);
    return 'refuse' in uses ? refuse(uses.refuse) : { kind: 'ok', sites: uses };
  }
  if (Node.isPropertyDeclaration(parent)
    || (Node.isBinaryExpression(parent) && Node.isPropertyAccessExpression(parent.getLeft()) && enclosingClassOfThis(parent) !== undefined)) {
    return refuse(FIELD_REASON);
  }
  return refuse(`the prepared statement \`${snippet(prepare)}\` is returned, passed or stored where unblock cannot follow it: migrate it by hand`);
}
