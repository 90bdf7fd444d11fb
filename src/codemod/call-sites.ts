import { Node, SyntaxKind } from '#ts-morph';
import type { CallExpression, SourceFile, ts } from 'ts-morph';
import type { ReferenceFinder } from './references.js';
import { exportTarget, isDeclarationName, isTypeOrModuleReference, requireCallsOf } from './flow.js';
import { skipOuterExpressionsUp } from './syntax.js';

/**
 * The calls of one of the project's functions, found from its name: through imports (the checker's
 * references), `const` destructuring, CommonJS exports (`module.exports = { f }`, `exports.f = f`) and the
 * `require()` calls that read them. A use that hands the function on as a value hides the calls made
 * through it: it is returned instead, for the caller to refuse.
 */

export interface CallSite {
  call: CallExpression;
  /** Where the function's own arguments start: 1 for `f.call(thisArg, …)`. */
  offset: number;
}

export type CallSearch = { calls: CallSite[] } | { hidden: Node };

interface CallSearchHost {
  checker: ts.TypeChecker;
  references: ReferenceFinder;
  isOwn(file: SourceFile): boolean;
}

export function callSitesOf(name: Node, host: CallSearchHost, requiredAs?: { file: SourceFile; exported: string }): CallSearch {
  const calls: CallSite[] = [];
  const visited = new Set<Node>();
  let hidden: Node | undefined;

  /** Where an expression that evaluates to the function goes. */
  const use = (expression: Node): void => {
    const outer = skipOuterExpressionsUp(expression);
    const parent = outer.getParentOrThrow();
    // compiled code's `(0, util_1.f)(…)`: the comma's value is the function, called without a `this`
    if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.CommaToken && parent.getRight() === outer) {
      use(parent);
      return;
    }
    if (Node.isCallExpression(parent) && parent.getExpression() === outer) {
      calls.push({ call: parent, offset: 0 });
      return;
    }
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === outer) {
      const member = parent.getName();
      const call = parent.getParent();
      if (member === 'call' && Node.isCallExpression(call) && call.getExpression() === parent) calls.push({ call, offset: 1 });
      else if (member !== 'name' && member !== 'length') hidden ??= parent;
      return;
    }
    if (Node.isTypeOfExpression(parent)) return;
    if (Node.isVariableDeclaration(parent) && parent.getInitializer() === outer && Node.isIdentifier(parent.getNameNode())
      && (parent.getVariableStatement()?.getDeclarationKind() === 'const')) {
      follow(parent.getNameNode());
      return;
    }
    if (Node.isBinaryExpression(parent) && parent.getRight() === outer && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
      const target = exportTarget(parent.getLeft());
      if (target !== undefined) {
        required(parent.getSourceFile(), target);
        return;
      }
    }
    if (Node.isPropertyAssignment(parent) && parent.getInitializer() === outer && isModuleExportsObject(parent.getParent())) {
      required(parent.getSourceFile(), parent.getName());
      return;
    }
    hidden ??= outer;
  };

  /** The references of a name the function is known by. */
  const follow = (nameNode: Node): void => {
    if (visited.has(nameNode)) return;
    visited.add(nameNode);
    for (const ref of host.references.find(nameNode)) {
      if (hidden !== undefined) return;
      const parent = ref.getParent();
      if (parent === undefined) continue;
      if (Node.isShorthandPropertyAssignment(parent)) {
        if (isModuleExportsObject(parent.getParent())) required(parent.getSourceFile(), parent.getName());
        else hidden ??= parent;
        continue;
      }
      if (Node.isBindingElement(parent) && parent.getNameNode() === ref) {
        follow(ref);
        continue;
      }
      if (isDeclarationName(ref, parent) || isTypeOrModuleReference(ref)) continue;
      const expression = (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === ref) ? parent : ref;
      use(expression);
    }
  };

  /** The reads of export `exported` (null: the module itself) in the files that require `file`. */
  const required = (file: SourceFile, exported: string | null): void => {
    for (const call of requireCallsOf(file, host.checker, host)) {
      const holder = skipOuterExpressionsUp(call).getParent();
      if (exported === null) {
        use(call);
        continue;
      }
      if (Node.isPropertyAccessExpression(holder) && holder.getExpression() === skipOuterExpressionsUp(call)) {
        if (holder.getName() === exported) use(holder);
        continue;
      }
      if (!Node.isVariableDeclaration(holder)) {
        hidden ??= call; // the module object handed on
        continue;
      }
      const binding = holder.getNameNode();
      if (Node.isObjectBindingPattern(binding)) {
        for (const element of binding.getElements()) {
          const key = element.getPropertyNameNode()?.getText() ?? element.getName();
          if (key === exported) follow(element.getNameNode());
        }
      } else if (Node.isIdentifier(binding)) {
        for (const ref of host.references.find(binding)) {
          const access = ref.getParent();
          if (Node.isPropertyAccessExpression(access) && access.getExpression() === ref) {
            if (access.getName() === exported) use(access);
          } else if (access !== undefined && !isTypeOrModuleReference(ref)) hidden ??= ref;
        }
      }
    }
  };

  follow(name);
  // `require('./a').f` where the declaration file beside `a.js` declares `f`: the checker links it from the requiring side only
  if (requiredAs !== undefined) required(requiredAs.file, requiredAs.exported);
  return hidden === undefined ? { calls } : { hidden };
}

function isModuleExportsObject(object: Node | undefined): boolean {
  const assignment = object?.getParent();
  return Node.isObjectLiteralExpression(object) && Node.isBinaryExpression(assignment) && assignment.getRight() === object
    && assignment.getLeft().getText() === 'module.exports';
}
