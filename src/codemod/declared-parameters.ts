import { ts } from '#ts-morph';
import type { SourceFile } from 'ts-morph';
import { shadowCounterparts } from './shadow-declarations.js';

/**
 * Compiled JavaScript leaves its parameters untyped (`(effects, opts) => { effects.forEach(…) }`), and
 * the declaration file beside it (`executeEffects: (effects: ParsedPatchFile, …) => void`) is what its
 * callers were checked against. The type declared there for a parameter, read where the JavaScript uses
 * it: so that an array callback on it is known to run over an array, as in the TypeScript source.
 */

/** The type that the declaration file beside `file` gives the parameter `node` refers to, if any. */
export function declaredParameterType(checker: ts.TypeChecker, node: ts.Node, file: SourceFile): ts.Type | undefined {
  if (!ts.isIdentifier(node) || !/\.[cm]?js$/.test(file.getFilePath())) return undefined;
  const parameter = checker.getSymbolAtLocation(node)?.valueDeclaration;
  if (parameter === undefined || !ts.isParameter(parameter) || !ts.isIdentifier(parameter.name) || parameter.dotDotDotToken !== undefined) return undefined;
  const fn = parameter.parent;
  if (!ts.isFunctionDeclaration(fn) && !ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn) && !ts.isMethodDeclaration(fn)) return undefined;
  // a parameter the function assigns holds what the declaration no longer speaks for
  if (isAssigned(fn, parameter.name.text)) return undefined;
  const index = fn.parameters.indexOf(parameter);
  const types = (shadowCounterparts(fn, file, checker) ?? []).map((declaration) => {
    const declared = parametersOf(declaration)?.[index];
    return declared?.type === undefined || declared.dotDotDotToken !== undefined ? undefined : checker.getTypeFromTypeNode(declared.type);
  });
  // overloads must agree
  const [first] = types;
  return first !== undefined && types.every((t) => t === first) ? first : undefined;
}

/** The parameters of a declaration of a function: a function or method, or a value typed by a function type. */
function parametersOf(declaration: ts.Declaration): readonly ts.ParameterDeclaration[] | undefined {
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration)) return declaration.parameters;
  const type = (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration)) ? declaration.type : undefined;
  return type !== undefined && ts.isFunctionTypeNode(type) ? type.parameters : undefined;
}

/** Whether `name` is assigned anywhere in `fn` (by name: a shadowing variable of the same name counts too). */
function isAssigned(fn: ts.Node, name: string): boolean {
  let assigned = false;
  const visit = (node: ts.Node): void => {
    if (assigned) return;
    if (ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && node.left.text === name
      && node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && node.operatorToken.kind <= ts.SyntaxKind.LastAssignment) assigned = true;
    else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand) && node.operand.text === name) assigned = true;
    else ts.forEachChild(node, visit);
  };
  const body = (fn as ts.FunctionLikeDeclaration).body;
  if (body !== undefined) visit(body);
  return assigned;
}
