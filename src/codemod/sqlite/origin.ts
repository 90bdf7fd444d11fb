import { Node, SyntaxKind } from '#ts-morph';
import type { CallExpression, ClassDeclaration, ClassExpression, Identifier, NewExpression, ParameterDeclaration, PropertyDeclaration, VariableDeclaration } from 'ts-morph';
import { importedFrom } from '../http/syntax.js';

/**
 * Where a better-sqlite3 database or statement comes from, read off the syntax and the checker's symbols:
 * the variable, parameter or class field that holds it, and the `new Database()` that made it.
 */

export type Driver = 'better-sqlite3' | 'node:sqlite';

/** `new Database(file)` or `Database(file)` (better-sqlite3 allows both), `new DatabaseSync(file)` (node:sqlite). */
export function creationDriver(node: Node): Driver | undefined {
  if (!Node.isNewExpression(node) && !Node.isCallExpression(node)) return undefined;
  let callee: Node = node.getExpression();
  const path: string[] = [];
  while (Node.isPropertyAccessExpression(callee)) {
    path.unshift(callee.getName());
    callee = callee.getExpression();
  }
  while (Node.isParenthesizedExpression(callee)) callee = callee.getExpression();
  if (!Node.isIdentifier(callee)) return undefined;
  const bound = importedFrom(callee);
  if (bound === undefined) return undefined;
  const full = [...bound.path, ...path].filter((p) => p !== 'default');
  if (bound.module === 'better-sqlite3' && (full.length === 0 || (full.length === 1 && full[0] === 'Database'))) return 'better-sqlite3';
  if (bound.module === 'node:sqlite' && full.length === 1 && full[0] === 'DatabaseSync' && Node.isNewExpression(node)) return 'node:sqlite';
  return undefined;
}

export type Creation = NewExpression | CallExpression;

export type DatabaseHolder =
  /** `const db = new Database(f)`, or a variable typed as a database. */
  | { kind: 'variable'; name: Identifier; declaration: VariableDeclaration; creation?: Creation }
  /** A parameter typed as a database. */
  | { kind: 'parameter'; name: Identifier; declaration: ParameterDeclaration }
  /** `this.db`: a field, or a constructor parameter property. */
  | { kind: 'field'; name: string; cls: ClassDeclaration | ClassExpression; declaration: PropertyDeclaration | ParameterDeclaration; creation?: Creation }
  /** A `new Database()` used on the spot. */
  | { kind: 'inline'; creation: Creation };

export function unwrapExpression(node: Node): Node {
  let n = node;
  while (Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isNonNullExpression(n) || Node.isSatisfiesExpression(n)) {
    n = n.getExpression();
  }
  return n;
}

/** What holds the database an expression evaluates to, if the syntax tells. */
export function databaseHolder(expression: Node): DatabaseHolder | undefined {
  const node = unwrapExpression(expression);
  if (creationDriver(node) !== undefined) return { kind: 'inline', creation: node as Creation };
  if (Node.isIdentifier(node)) {
    const declaration = node.getSymbol()?.getValueDeclaration();
    if (declaration === undefined) return undefined;
    if (Node.isVariableDeclaration(declaration)) {
      const name = declaration.getNameNode();
      if (!Node.isIdentifier(name)) return undefined;
      const init = declaration.getInitializer();
      const creation = init !== undefined && creationDriver(unwrapExpression(init)) !== undefined ? unwrapExpression(init) as Creation : undefined;
      return creation === undefined ? { kind: 'variable', name, declaration } : { kind: 'variable', name, declaration, creation };
    }
    if (Node.isParameterDeclaration(declaration)) {
      const name = declaration.getNameNode();
      if (!Node.isIdentifier(name)) return undefined;
      if (declaration.isParameterProperty()) {
        const cls = declaration.getFirstAncestor((a) => Node.isClassDeclaration(a) || Node.isClassExpression(a));
        if (cls !== undefined) return { kind: 'field', name: name.getText(), cls: cls as ClassDeclaration, declaration };
      }
      return { kind: 'parameter', name, declaration };
    }
    return undefined;
  }
  if (Node.isPropertyAccessExpression(node) && Node.isThisExpression(node.getExpression())) return fieldHolder(node);
  return undefined;
}

function fieldHolder(access: Node & { getName(): string }): DatabaseHolder | undefined {
  const cls = enclosingClassOfThis(access);
  if (cls === undefined) return undefined;
  const name = access.getName();
  const property = cls.getProperty(name);
  const parameter = cls.getConstructors()[0]?.getParameters().find((p) => p.isParameterProperty() && p.getName() === name);
  const declaration = property ?? parameter;
  if (declaration === undefined) return undefined;
  const creation = fieldCreation(cls, name, property);
  return creation === undefined ? { kind: 'field', name, cls, declaration } : { kind: 'field', name, cls, declaration, creation };
}

/** The class whose instance `this` is at a node (arrow functions see through, other functions do not). */
export function enclosingClassOfThis(node: Node): ClassDeclaration | ClassExpression | undefined {
  for (let current = node.getParent(); current !== undefined; current = current.getParent()) {
    if (Node.isClassDeclaration(current) || Node.isClassExpression(current)) return current;
    if (Node.isFunctionDeclaration(current) || Node.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

/** `db = new Database(f)` as a field initialiser, or `this.db = new Database(f)` in the constructor. */
function fieldCreation(cls: ClassDeclaration | ClassExpression, name: string, property: PropertyDeclaration | undefined): Creation | undefined {
  const init = property?.getInitializer();
  if (init !== undefined && creationDriver(unwrapExpression(init)) !== undefined) return unwrapExpression(init) as Creation;
  for (const assignment of thisAssignments(cls, name)) {
    const value = unwrapExpression(assignment.getRight());
    if (creationDriver(value) !== undefined) return value as Creation;
  }
  return undefined;
}

/** Assignments `this.name = …` anywhere in the class. */
export function thisAssignments(cls: ClassDeclaration | ClassExpression, name: string) {
  return cls.getDescendantsOfKind(SyntaxKind.BinaryExpression).filter((b) => {
    const left = b.getLeft();
    return b.getOperatorToken().getKind() === SyntaxKind.EqualsToken && Node.isPropertyAccessExpression(left)
      && Node.isThisExpression(left.getExpression()) && left.getName() === name && enclosingClassOfThis(left) === cls;
  });
}

/** Reads of `this.name` in a class (its own methods and arrow functions). */
export function thisReads(cls: ClassDeclaration | ClassExpression, name: string): Node[] {
  return cls.getDescendantsOfKind(SyntaxKind.PropertyAccessExpression).filter((p) =>
    Node.isThisExpression(p.getExpression()) && p.getName() === name && enclosingClassOfThis(p) === cls
    && !(Node.isBinaryExpression(p.getParent()) && (p.getParent() as Node & { getLeft(): Node }).getLeft() === p));
}

/** A statement modifier call (`.pluck()`, `.bind(…)`) between `prepare()` and the call that runs it. */
export interface Modifier {
  name: string;
  call: CallExpression;
}

export const MODIFIERS = new Set(['pluck', 'raw', 'expand', 'bind', 'safeIntegers']);
export const TERMINALS = new Set(['run', 'get', 'all']);

/** `x.name(…)` with x being `node`: the call, if that is how node is used. */
export function methodCallOn(node: Node): { name: string; call: CallExpression; access: Node } | undefined {
  const access = node.getParent();
  if (access === undefined || !Node.isPropertyAccessExpression(access) || access.getExpression() !== node) return undefined;
  const call = access.getParent();
  if (!Node.isCallExpression(call) || call.getExpression() !== access) return undefined;
  return { name: access.getName(), call, access };
}

/** Climbs modifiers from a statement-valued node: `db.prepare(s).pluck().get()` → the pluck, then the get. */
export function climbModifiers(node: Node): { top: Node; modifiers: Modifier[] } {
  const modifiers: Modifier[] = [];
  let top = node;
  for (let m = methodCallOn(top); m !== undefined && MODIFIERS.has(m.name); m = methodCallOn(top)) {
    modifiers.push({ name: m.name, call: m.call });
    top = m.call;
  }
  return { top, modifiers };
}

/** `db.prepare(sql)`: the call, when a node is one (through parentheses). */
export function prepareCall(node: Node): CallExpression | undefined {
  const n = unwrapExpression(node);
  if (!Node.isCallExpression(n)) return undefined;
  const callee = n.getExpression();
  return Node.isPropertyAccessExpression(callee) && callee.getName() === 'prepare' ? n : undefined;
}

/** Walks down modifier calls to the prepare call under them: `db.prepare(s).pluck()` → `db.prepare(s)`. */
export function prepareUnder(node: Node): { prepare: CallExpression; modifiers: Modifier[] } | undefined {
  const modifiers: Modifier[] = [];
  let n = unwrapExpression(node);
  for (;;) {
    const prepare = prepareCall(n);
    if (prepare !== undefined) return { prepare, modifiers: modifiers.reverse() };
    if (!Node.isCallExpression(n)) return undefined;
    const callee = n.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !MODIFIERS.has(callee.getName())) return undefined;
    modifiers.push({ name: callee.getName(), call: n });
    n = unwrapExpression(callee.getExpression());
  }
}

/** The function, class static block or file whose body a node runs in. */
export function enclosingBody(node: Node): Node {
  for (let current = node.getParent(); current !== undefined; current = current.getParent()) {
    if (Node.isFunctionLikeDeclaration(current) || Node.isClassStaticBlockDeclaration(current) || Node.isSourceFile(current)) return current;
  }
  return node.getSourceFile();
}
