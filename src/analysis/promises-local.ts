import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import * as ASTUtils from '@typescript-eslint/utils/ast-utils';
import { propertyName, staticString } from './resolve.js';

export type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

const MAX_DEPTH = 8;

export function isFunctionNode(node: TSESTree.Node): node is FunctionNode {
  return node.type === AST_NODE_TYPES.FunctionDeclaration || node.type === AST_NODE_TYPES.FunctionExpression
    || node.type === AST_NODE_TYPES.ArrowFunctionExpression;
}

/** Strips what changes a type but not a value: `x as T`, `x!`, `<T>x`, `x satisfies T`, and `a?.b` chains. */
export function unwrapTs(node: TSESTree.Node): TSESTree.Node {
  let n = node;
  while (n.type === AST_NODE_TYPES.TSAsExpression || n.type === AST_NODE_TYPES.TSNonNullExpression
    || n.type === AST_NODE_TYPES.TSTypeAssertion || n.type === AST_NODE_TYPES.TSSatisfiesExpression
    || n.type === AST_NODE_TYPES.ChainExpression || n.type === AST_NODE_TYPES.TSInstantiationExpression) n = n.expression;
  return n;
}

/**
 * What a callee can be, when this file says so: the functions and initialisers a name, `this.m`, `obj.m`
 * or `Class.m` refers to, found through scope analysis. The project's other files are out of reach
 * (type information covers them); an empty list means "unknown".
 */
export class LocalValues {
  constructor(private readonly sourceCode: Readonly<TSESLint.SourceCode>) {}

  /** Function nodes and other initialisers (`promisify(exec)`) the expression may hold. */
  valuesOf(node: TSESTree.Node, depth = 0): TSESTree.Node[] {
    if (depth > MAX_DEPTH) return [];
    const n = unwrapTs(node);
    switch (n.type) {
      case AST_NODE_TYPES.FunctionExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.ClassExpression:
      case AST_NODE_TYPES.ObjectExpression:
        return [n];
      case AST_NODE_TYPES.Identifier:
        return this.#follow(this.#variableValues(n), depth);
      case AST_NODE_TYPES.MemberExpression: {
        const name = memberName(n);
        if (name === null) return [];
        if (n.object.type === AST_NODE_TYPES.ThisExpression) {
          const owner = thisOwner(n);
          if (owner === null) return [];
          const found = owner.type === AST_NODE_TYPES.ObjectExpression
            ? objectMember(owner, name)
            : this.#classMember(owner.cls, name, owner.isStatic, depth + 1);
          return this.#follow(found, depth);
        }
        const found: TSESTree.Node[] = [];
        for (const owner of this.valuesOf(n.object, depth + 1)) {
          if (owner.type === AST_NODE_TYPES.ClassDeclaration || owner.type === AST_NODE_TYPES.ClassExpression) {
            found.push(...this.#classMember(owner, name, true, depth + 1));
          } else if (owner.type === AST_NODE_TYPES.ObjectExpression) {
            found.push(...objectMember(owner, name));
          } else if (owner.type === AST_NODE_TYPES.NewExpression) {
            for (const cls of this.valuesOf(owner.callee, depth + 1)) {
              if (cls.type === AST_NODE_TYPES.ClassDeclaration || cls.type === AST_NODE_TYPES.ClassExpression) {
                found.push(...this.#classMember(cls, name, false, depth + 1));
              }
            }
          }
        }
        return this.#follow(found, depth);
      }
      default:
        return [];
    }
  }

  /** A value that is itself a name (`{ save }`, `m = this.other`) is followed to what it names. */
  #follow(values: TSESTree.Node[], depth: number): TSESTree.Node[] {
    return values.flatMap((v) => {
      const u = unwrapTs(v);
      return u.type === AST_NODE_TYPES.Identifier || u.type === AST_NODE_TYPES.MemberExpression ? this.valuesOf(u, depth + 1) : [u];
    });
  }

  #variableValues(id: TSESTree.Identifier): TSESTree.Node[] {
    const variable = ASTUtils.findVariable(this.sourceCode.getScope(id), id);
    if (variable === null || variable.defs.length === 0) return [];
    const defs = variable.defs;
    if (defs.every((d) => d.type === 'FunctionName')) {
      // Overloads are several definitions; the one with a body is the function. Babel's hoisted async
      // helpers reassign the function (`_f = _asyncToGenerator(…)`): those values count too.
      const bodies = defs.map((d) => d.node).filter((n) => n.type === AST_NODE_TYPES.FunctionDeclaration);
      const writes = variable.references.flatMap((r) => r.isWrite() && r.init !== true && r.writeExpr ? [r.writeExpr] : []);
      return [...bodies, ...writes];
    }
    if (defs.length !== 1) return [];
    const def = defs[0]!;
    if (def.type === 'ClassName') return [def.node];
    if (def.type !== 'Variable') return [];
    const declarator = def.node;
    if (declarator.id.type !== AST_NODE_TYPES.Identifier || declarator.init === null) return [];
    if (!variable.references.every((r) => !r.isWrite() || r.init === true)) return [];
    return [unwrapTs(declarator.init)];
  }

  /**
   * Own or inherited (from a class of this file) member of a class: a method (its overload and abstract
   * signatures included, as bodiless functions), or a field's initialiser.
   */
  #classMember(cls: ClassNode, name: string, isStatic: boolean, depth: number): TSESTree.Node[] {
    if (depth > MAX_DEPTH) return [];
    const found: TSESTree.Node[] = [];
    for (const member of cls.body.body) {
      if ((member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.TSAbstractMethodDefinition)
        && member.kind === 'method' && member.static === isStatic && !member.computed && keyName(member.key) === name) {
        found.push(member.value);
      } else if (member.type === AST_NODE_TYPES.PropertyDefinition && member.static === isStatic && !member.computed
        && keyName(member.key) === name && member.value !== null) {
        found.push(member.value);
      }
    }
    if (found.length > 0 || cls.superClass === null) return found;
    return this.valuesOf(cls.superClass, depth + 1).flatMap((base) =>
      base.type === AST_NODE_TYPES.ClassDeclaration || base.type === AST_NODE_TYPES.ClassExpression
        ? this.#classMember(base, name, isStatic, depth + 1) : []);
  }
}

function objectMember(object: TSESTree.ObjectExpression, name: string): TSESTree.Node[] {
  let found: TSESTree.Node | null = null;
  for (const p of object.properties) {
    // a later property of the same name wins, as at run time
    if (p.type === AST_NODE_TYPES.Property && p.kind === 'init' && !p.computed && keyName(p.key) === name) found = p.value;
  }
  return found === null ? [] : [found];
}

/** What `this` is where `node` stands: a class (instance or static side) or an object literal. */
function thisOwner(node: TSESTree.Node): { type: 'class'; cls: ClassNode; isStatic: boolean } | TSESTree.ObjectExpression | null {
  for (let n = node.parent; n; n = n.parent) {
    switch (n.type) {
      case AST_NODE_TYPES.ArrowFunctionExpression:
        continue;
      case AST_NODE_TYPES.FunctionExpression: {
        const owner = n.parent;
        if (owner.type === AST_NODE_TYPES.MethodDefinition && owner.parent.type === AST_NODE_TYPES.ClassBody) {
          return { type: 'class', cls: owner.parent.parent, isStatic: owner.static };
        }
        if (owner.type === AST_NODE_TYPES.Property && owner.parent.type === AST_NODE_TYPES.ObjectExpression) return owner.parent;
        return null;
      }
      case AST_NODE_TYPES.PropertyDefinition:
        return n.parent.type === AST_NODE_TYPES.ClassBody ? { type: 'class', cls: n.parent.parent, isStatic: n.static } : null;
      case AST_NODE_TYPES.StaticBlock:
        return { type: 'class', cls: n.parent.parent, isStatic: true };
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.Program:
        return null;
      default:
        continue;
    }
  }
  return null;
}

/** A member's static name; `#x` for a private one. */
export function memberName(node: TSESTree.MemberExpression): string | null {
  return node.property.type === AST_NODE_TYPES.PrivateIdentifier ? `#${node.property.name}` : propertyName(node);
}

export function keyName(node: TSESTree.Node): string | null {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.PrivateIdentifier) return `#${node.name}`;
  return staticString(node);
}
