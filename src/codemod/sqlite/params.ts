import { Node } from '#ts-morph';
import type { ObjectLiteralExpression, Type } from 'ts-morph';
import type { TextEdit } from '../types.js';
import { editObjectLiteral } from '../http/object-edits.js';
import { isPure, propertyNameOf } from '../http/syntax.js';
import { sqlParameters } from './sql-text.js';

/**
 * Binding arguments, better-sqlite3 → sqlite3. Positional values (`?`) bind the same way. Named values
 * differ: better-sqlite3 takes `{ id: 1 }` for `@id`, `:id` or `$id` and ignores keys the SQL does not
 * name; sqlite3 wants the prefix in the key (`{ '@id': 1 }`) and fails on a key it cannot place.
 */

export type ArgsResult = { edits: TextEdit[] } | { refuse: string };

/** `args` are the arguments of the call that runs the statement; `sql` its text when known statically. */
export function argumentEdits(args: readonly Node[], sql: string | undefined): ArgsResult {
  if (args.length === 0) return { edits: [] };
  if (args.some((a) => Node.isSpreadElement(a))) {
    return { refuse: 'the statement is run with spread arguments: unblock cannot tell positional from named parameters' };
  }
  if (sql === undefined) {
    const object = args.find((a) => !isScalarOrArray(a.getType()));
    return object === undefined ? { edits: [] }
      : { refuse: `the SQL is not a literal, so unblock cannot give the named parameters of \`${object.getText()}\` the prefixes sqlite3 needs: use a literal or a const` };
  }
  const { named, positional } = sqlParameters(sql);
  if (named.size === 0) return { edits: [] };
  if (positional || args.length !== 1) {
    return { refuse: 'the statement mixes positional and named parameters, which sqlite3 cannot bind together: use one kind' };
  }
  const arg = args[0]!;
  return Node.isObjectLiteralExpression(arg) ? literalEdits(arg, named) : rebuiltObject(arg, named);
}

function prefixedKey(prefix: string, name: string): string {
  return prefix === '$' ? `$${name}` : `'${prefix}${name}'`;
}

/** `{ id, title: t }` → `{ '@id': id, '@title': t }`, in place. */
function literalEdits(object: ObjectLiteralExpression, named: Map<string, Set<string>>): ArgsResult {
  const edits: TextEdit[] = [];
  const unused: Node[] = [];
  for (const property of object.getProperties()) {
    const name = propertyNameOf(property);
    if (name === undefined || !(Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property))) {
      return { refuse: 'the named parameters are given with a spread, a computed key or a method: write them as plain properties' };
    }
    const prefixes = named.get(name);
    const value = Node.isPropertyAssignment(property) ? property.getInitializerOrThrow() : property.getNameNode();
    if (prefixes === undefined) {
      // better-sqlite3 ignores a key the SQL does not name; sqlite3 would fail on it
      if (!isPure(value)) return { refuse: `\`${name}\` is not a parameter of the SQL, and its value may have effects: remove it` };
      unused.push(property);
      continue;
    }
    if (prefixes.size > 1 && !isPure(value)) {
      return { refuse: `\`${name}\` is written with several prefixes in the SQL; give each its own key` };
    }
    const keys = [...prefixes].map((p) => prefixedKey(p, name));
    const text = keys.map((k) => `${k}: ${value.getText()}`).join(', ');
    if (Node.isShorthandPropertyAssignment(property) || keys.length > 1) {
      edits.push({ start: property.getStart(), end: property.getEnd(), text });
    } else {
      const key = property.getNameNode();
      edits.push({ start: key.getStart(), end: key.getEnd(), text: keys[0]! });
    }
  }
  if (unused.length > 0) edits.push(...editObjectLiteral(object, { remove: unused }));
  return { edits };
}

/** `user` → `{ '@name': user.name, '@email': user.email }`: exactly the keys better-sqlite3 reads. */
function rebuiltObject(arg: Node, named: Map<string, Set<string>>): ArgsResult {
  if (!isPure(arg)) {
    return { refuse: `the named parameters come from \`${arg.getText()}\`, which unblock would have to read once per parameter: put it in a variable first` };
  }
  const base = Node.isIdentifier(arg) || Node.isPropertyAccessExpression(arg) || Node.isThisExpression(arg) ? arg.getText() : `(${arg.getText()})`;
  const entries: string[] = [];
  for (const [name, prefixes] of named) {
    const read = /^[A-Za-z_$][\w$]*$/.test(name) ? `${base}.${name}` : `${base}['${name}']`;
    for (const p of prefixes) entries.push(`${prefixedKey(p, name)}: ${read}`);
  }
  return { edits: [{ start: arg.getStart(), end: arg.getEnd(), text: `{ ${entries.join(', ')} }` }] };
}

/** Values that bind positionally: primitives, Buffers, arrays of them (better-sqlite3 spreads arrays). */
function isScalarOrArray(type: Type): boolean {
  if (type.isAny() || type.isUnknown()) return false;
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  return parts.every((t) => t.isString() || t.isNumber() || t.isBoolean() || t.isStringLiteral() || t.isNumberLiteral()
    || t.isBooleanLiteral() || t.isNull() || t.isUndefined() || t.isTemplateLiteral() || t.isArray() || t.isTuple()
    || (t.getFlags() & 64) !== 0 /* bigint */ || t.getSymbol()?.getName() === 'Buffer' || t.getSymbol()?.getName() === 'Uint8Array');
}
