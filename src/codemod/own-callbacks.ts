import { Node, SyntaxKind, ts } from '#ts-morph';
import type { CallExpression, ParameterDeclaration, SourceFile } from 'ts-morph';
import { callSitesOf } from './call-sites.js';
import { wrap } from './wrap.js';
import type { ReferenceFinder } from './references.js';
import { describeFunction, isFunctionLike, skipOuterExpressionsUp, type FunctionLike } from './syntax.js';
import { calledExpression, isAwaitedCall, isConst, isDeclarationName, isThenable, nameNodeOf } from './flow.js';
import type { TextEdit } from './types.js';
import { implementationBehind, shadowCounterparts, sourceBehind } from './shadow-declarations.js';
import { symbolAt } from './symbols.js';

/**
 * A callback that becomes async, handed to one of the project's own functions (`withRetry(() => load())`):
 * the function can follow, if all it does with the callback is call it. Its calls of the parameter are
 * awaited (so a rejection reaches the same `try`/`catch` a throw did, and the result is the value), it
 * becomes async by the usual propagation, its callers are awaited, and the parameter's function type
 * `() => T` becomes `() => T | Promise<T>` (other callers still pass synchronous callbacks, and
 * `await` of a value is that value). Anything else with the callback, or a function that cannot be
 * pinned down, keeps the blocker, with the precise reason.
 */

export interface OwnCallbackHost {
  checker: ts.TypeChecker;
  references: ReferenceFinder;
  isOwn(file: SourceFile): boolean;
}

/** What a function does with its callback parameter: calls it, or hands it on to another function. */
export interface CallbackUses {
  /** `attempt()`, `attempt?.()`, `attempt.call(…)`: each to be awaited. */
  calls: Node[];
  /** `helper(attempt)`: the parameter handed on as an argument. */
  passes: Array<{ call: CallExpression; argument: Node }>;
  /** The edits that let the parameter's type return a promise (in the declaration file beside it too). */
  typeEdits: Array<TextEdit & { file?: SourceFile }>;
}

export type Refused = { node: Node; reason: string };

/**
 * The parameter of the project's own function that receives `argument` of `call`; a reason when the
 * callee is the project's but cannot follow; null when the callee is not the project's code (a
 * library, a `.d.ts`) or cannot be resolved at all: the generic blocker applies.
 */
export function ownCallbackParameter(call: CallExpression, argument: Node, host: OwnCallbackHost): ParameterDeclaration | { reason: string } | null {
  const checker = host.checker;
  const declaration = checker.getResolvedSignature(call.compilerNode)?.getDeclaration() as ts.Node | undefined;
  if (declaration === undefined || ts.isJSDocSignature(declaration)) return null;
  let declaringFile = call.getProject().getSourceFile(declaration.getSourceFile().fileName);
  if (declaringFile === undefined || declaringFile.isInNodeModules() || declaringFile.isFromExternalLibrary()) return null;
  let implementation: ts.Node = declaration;
  if (declaringFile.isDeclarationFile()) {
    // the declaration file beside the project's JavaScript module (compiled output): its function
    const behind = implementationBehind(declaration, declaringFile, checker);
    const source = sourceBehind(declaringFile);
    if (behind === undefined || source === undefined) return null;
    [implementation, declaringFile] = [behind, source];
  }
  const fn = wrap(declaringFile, implementation);
  const text = shortText(call.getExpression());
  if (!isFunctionLike(fn)) {
    return { reason: `an async callback would be passed to \`${text}\`, declared without a body (\`${firstLine(fn)}\`) whose implementations cannot all be followed: make them await their callback by hand` };
  }
  if (!host.isOwn(declaringFile)) return { reason: `an async callback would be passed to \`${text}\`, which is not part of the project's sources` };
  const unfixed = calleeReason(call, fn, host);
  if (unfixed !== undefined) return { reason: unfixed };
  const parameter = parameterOf(call, argument, fn);
  if (typeof parameter === 'string') return { reason: parameter };
  return parameter;
}

/** Why the function `call` runs may not be `fn` (or `fn` cannot follow as a whole), or undefined. */
function calleeReason(call: CallExpression, fn: FunctionLike, host: OwnCallbackHost): string | undefined {
  const name = describeFunction(fn);
  if ((Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) && (fn.isOverload() || fn.getOverloads().length > 0)) {
    return `${name} has overloads: make it await its callback by hand, then migrate`;
  }
  if (Node.isMethodDeclaration(fn) && fn.isAbstract()) return `${name} is abstract: make its implementations await their callback by hand`;
  if (fn.getBody() === undefined) return `${name} has no body to await its callback in`;
  if (!Node.isArrowFunction(fn) && usesArguments(fn)) return `${name} reads \`arguments\`, so its callback may be used in ways that cannot be followed: migrate by hand`;
  const callee = calledExpression(call.getExpression());
  if (callee.compilerNode === fn.compilerNode) return undefined; // an immediately called function
  const checker = host.checker;
  const nameNode = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
  const declarations = symbolAt(checker, nameNode.compilerNode)?.declarations ?? [];
  const [only] = declarations;
  if (declarations.length !== 1 || only === undefined) return `\`${shortText(call.getExpression())}\` may call other functions than ${name}: make them await their callback by hand`;
  // called through the declaration file beside its module: that declaration, and no other value, is it
  if ((shadowCounterparts(fn.compilerNode as ts.FunctionLikeDeclaration, fn.getSourceFile(), checker) ?? []).includes(only)) {
    const holder = skipOuterExpressionsUp(fn).getParent();
    return Node.isFunctionDeclaration(fn) || (Node.isVariableDeclaration(holder) && isConst(holder)) ? undefined
      : `${name} is held where another function may replace it: make it a function declaration or a \`const\`, then migrate`;
  }
  if (Node.isFunctionDeclaration(fn) || Node.isMethodDeclaration(fn)) {
    if (only !== fn.compilerNode) return `\`${shortText(call.getExpression())}\` may call other functions than ${name}: migrate by hand`;
  } else {
    const holder = skipOuterExpressionsUp(fn).getParent();
    if (!Node.isVariableDeclaration(holder) || holder.compilerNode !== only || !isConst(holder)) {
      return `${name} is held where another function may replace it: make it a function declaration or a \`const\`, then migrate`;
    }
  }
  if (Node.isMethodDeclaration(fn)) {
    // overriding, overridden or implementing: another body may run for the same call
    const linked = host.references.find(fn.getNameNode()).some((ref) => {
      const parent = ref.getParent();
      return parent !== undefined && parent !== fn && isDeclarationName(ref, parent);
    });
    if (linked) return `${name} overrides, implements or is overridden by other members, which may run instead and ignore the promise: make them await their callback by hand`;
  }
  return undefined;
}

/** The plain parameter that receives `argument`, or why there is none. */
function parameterOf(call: CallExpression, argument: Node, fn: FunctionLike): ParameterDeclaration | string {
  const name = describeFunction(fn);
  const args = call.getArguments();
  const index = args.findIndex((a) => a === argument);
  if (index < 0) return `the callback is not an argument of \`${shortText(call.getExpression())}\``;
  if (args.slice(0, index).some((a) => Node.isSpreadElement(a))) return `an argument before the callback is spread, so which parameter of ${name} receives it is unknown: migrate by hand`;
  const parameters = fn.getParameters().filter((p) => p.getName() !== 'this');
  const parameter = parameters[index];
  const last = parameters.at(-1);
  if (parameter === undefined || parameter.isRestParameter()) {
    return last?.isRestParameter() === true
      ? `${name} receives the callback in its rest parameter \`...${last.getName()}\`: make it await its callbacks by hand, then migrate`
      : `no parameter of ${name} receives the callback: migrate by hand`;
  }
  if (!Node.isIdentifier(parameter.getNameNode())) return `${name} destructures the parameter that receives the callback: migrate by hand`;
  return parameter;
}

/**
 * What the function does with its callback parameter, or the first use that cannot follow: anything but
 * a call, a hand-on to another call (the caller decides), or a test that an async function passes as
 * the synchronous one did (`if (cb)`, `cb === undefined`, `typeof cb`).
 */
export function callbackUses(parameter: ParameterDeclaration, host: OwnCallbackHost): CallbackUses | Refused {
  const fn = parameter.getParentOrThrow() as FunctionLike;
  const callback = `the callback \`${parameter.getName()}\` of ${describeFunction(fn)}`;
  const uses: CallbackUses = { calls: [], passes: [], typeEdits: [] };
  for (const use of usesOf(parameter, host.checker)) {
    const outer = skipOuterExpressionsUp(use);
    const parent = outer.getParentOrThrow();
    if (Node.isCallExpression(parent) && parent.getExpression() === outer) {
      uses.calls.push(parent);
    } else if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === outer) {
      const member = parent.getName();
      const call = parent.getParent();
      if ((member === 'call' || member === 'apply') && Node.isCallExpression(call) && call.getExpression() === parent) uses.calls.push(call);
      else if (member !== 'name' && member !== 'length') {
        return { node: parent, reason: `${callback} would become async, and \`.${member}\` hands it on here: make sure whatever calls it awaits it, then migrate by hand` };
      }
    } else if (Node.isCallExpression(parent)) {
      uses.passes.push({ call: parent, argument: outer });
    } else if (!isTest(outer, parent)) {
      return { node: outer, reason: `${callback} would become async, and is kept or handed on here, not only called: make sure whatever calls it awaits it, then migrate by hand` };
    }
  }
  const types = callbackTypeEdits(parameter, host.checker);
  if (typeof types === 'string') return { node: parameter, reason: `${callback} would become async, but ${types}` };
  const index = fn.getParameters().filter((p) => p.getName() !== 'this').indexOf(parameter);
  const counterparts = shadowCounterparts(fn.compilerNode as ts.FunctionLikeDeclaration, fn.getSourceFile(), host.checker) ?? [];
  const declared = declaredParameterTypeEdits(fn, counterparts, index, host.checker);
  if (typeof declared === 'string') return { node: parameter, reason: `${callback} would become async, but ${declared}` };
  uses.typeEdits = [...types, ...declared];
  if (uses.passes.length > 0 || uses.calls.some((c) => !isAwaitedCall(c))) {
    const promised = callersPassingPromises(fn, counterparts, index, host);
    if (promised !== undefined) return { node: parameter, reason: `${callback} would become async, but ${promised}` };
  }
  return uses;
}

/**
 * The parameter's type in the declaration file beside `fn`'s module (`fn: () => T` in
 * `export declare const f: <T>(fn: () => T) => T`), which the project's callers are checked against:
 * made to take a promise too, or the reason it cannot be.
 */
function declaredParameterTypeEdits(fn: FunctionLike, counterparts: readonly ts.Declaration[], index: number, checker: ts.TypeChecker): Array<TextEdit & { file: SourceFile }> | string {
  const edits: Array<TextEdit & { file: SourceFile }> = [];
  for (const declaration of counterparts) {
    const file = fn.getProject().getSourceFile(declaration.getSourceFile().fileName);
    const signature = ts.isVariableDeclaration(declaration) ? declaration.type : declaration;
    const parameters = signature !== undefined && (ts.isFunctionTypeNode(signature) || ts.isFunctionDeclaration(signature))
      ? signature.parameters.filter((p) => !ts.isIdentifier(p.name) || p.name.text !== 'this') : undefined;
    const typeNode = parameters?.[index]?.type;
    const found = file === undefined || typeNode === undefined ? null : functionTypeAcceptingPromise(wrap(file, typeNode), checker);
    if (found === null) {
      return `${file?.getBaseName() ?? 'its declaration file'} declares it as \`${declaration.getText().split('\n')[0]!.slice(0, 60)}\`: let the callback's type return a promise there too (\`T | Promise<T>\`), then migrate`;
    }
    edits.push(...found.map((e) => ({ ...e, file: file! })));
  }
  return edits;
}

/** The identifiers in `parameter`'s function that refer to it (a shorthand `{ cb }` included). */
function usesOf(parameter: ParameterDeclaration, checker: ts.TypeChecker): Node[] {
  const fn = parameter.getParentOrThrow();
  const file = parameter.getSourceFile();
  const nameNode = parameter.getNameNode().compilerNode;
  const symbol = checker.getSymbolAtLocation(nameNode);
  const name = parameter.getName();
  const found: Node[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && node !== nameNode) {
      const parent = node.parent;
      const target = ts.isShorthandPropertyAssignment(parent) && parent.name === node
        ? checker.getShorthandAssignmentValueSymbol(parent)
        : checker.getSymbolAtLocation(node);
      if (target === symbol) found.push(file.getDescendantAtPos(node.getStart(file.compilerNode))!);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.compilerNode, visit);
  return found;
}

/** A use whose outcome is the same for an async function: truthiness, identity, `typeof`, a type query. */
function isTest(outer: Node, parent: Node): boolean {
  if (Node.isTypeQuery(parent) || Node.isTypeOfExpression(parent)) return true;
  if ((Node.isIfStatement(parent) || Node.isWhileStatement(parent) || Node.isDoStatement(parent)) && parent.getExpression() === outer) return true;
  if (Node.isConditionalExpression(parent)) return parent.getCondition() === outer;
  if (Node.isPrefixUnaryExpression(parent)) return parent.getOperatorToken() === SyntaxKind.ExclamationToken;
  if (Node.isBinaryExpression(parent)) {
    const op = parent.getOperatorToken().getKind();
    if (op === SyntaxKind.AmpersandAmpersandToken) return parent.getLeft() === outer;
    return op === SyntaxKind.EqualsEqualsEqualsToken || op === SyntaxKind.ExclamationEqualsEqualsToken
      || op === SyntaxKind.EqualsEqualsToken || op === SyntaxKind.ExclamationEqualsToken;
  }
  return false;
}

/**
 * The edits that let a callback parameter's function type return a promise as well: `() => T` becomes
 * `() => T | Promise<T>`, not `() => Promise<T>`, since the other callers still pass synchronous
 * callbacks; and with `T | Promise<T>` a generic `T` is inferred as the promised value, not as the
 * promise. A return type that takes a promise already (`void`, `unknown`, `any`, a union with a promise)
 * is left as it is. The reason when the type is declared elsewhere (an alias, an interface).
 */
export function callbackTypeEdits(parameter: ParameterDeclaration, checker: ts.TypeChecker): TextEdit[] | string {
  const typeNode = parameter.getTypeNode() ?? jsDocParameterType(parameter);
  if (typeNode === undefined) {
    if (/\.[cm]?jsx?$/.test(parameter.getSourceFile().getFilePath())) return [];
    const type = checker.getTypeAtLocation(parameter.getNameNode().compilerNode);
    return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0 ? [] : `its type comes from \`${firstLine(skipOuterExpressionsUp(parameter.getParentOrThrow()).getParentOrThrow())}\`: let that type's callback return a promise too, then migrate`;
  }
  const edits = functionTypeAcceptingPromise(typeNode, checker);
  return edits ?? `\`${parameter.getName()}: ${firstLine(typeNode)}\` types it as synchronous: let its return type include a promise (\`T | Promise<T>\`), then migrate`;
}

function functionTypeAcceptingPromise(typeNode: Node, checker: ts.TypeChecker): TextEdit[] | null {
  if (Node.isParenthesizedTypeNode(typeNode)) return functionTypeAcceptingPromise(typeNode.getTypeNode(), checker);
  if (Node.isFunctionTypeNode(typeNode)) {
    const returned = typeNode.getReturnTypeNode();
    if (returned === undefined) return null;
    if (acceptsPromise(checker.getTypeFromTypeNode(returned.compilerNode as ts.TypeNode), checker)) return [];
    const text = returned.getText();
    const bare = Node.isFunctionTypeNode(returned) || Node.isConstructorTypeNode(returned) || Node.isConditionalTypeNode(returned) || Node.isInferTypeNode(returned);
    return bare
      ? [{ start: returned.getStart(), end: returned.getStart(), text: '(' }, { start: returned.getEnd(), end: returned.getEnd(), text: `) | Promise<${text}>` }]
      : [{ start: returned.getEnd(), end: returned.getEnd(), text: ` | Promise<${text}>` }];
  }
  if (Node.isUnionTypeNode(typeNode)) {
    // `(() => T) | undefined`: each function member; the others cannot be called
    const edits: TextEdit[] = [];
    for (const member of typeNode.getTypeNodes()) {
      const kind = member.getKind();
      if (kind === SyntaxKind.UndefinedKeyword || (Node.isLiteralTypeNode(member) && member.getLiteral().getKind() === SyntaxKind.NullKeyword)) continue;
      const memberEdits = functionTypeAcceptingPromise(member, checker);
      if (memberEdits === null) return null;
      edits.push(...memberEdits);
    }
    return edits;
  }
  // an alias or an interface: fine only if every call signature takes a promise already
  const type = checker.getTypeFromTypeNode(typeNode.compilerNode as ts.TypeNode);
  if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) return [];
  // a type parameter `F extends () => unknown` is called as its constraint
  const apparent = checker.getApparentType(type);
  if (apparent.getSymbol()?.getName() === 'Function') return []; // a call of `Function` returns `any`
  const signatures = apparent.getCallSignatures();
  if (signatures.length > 0 && signatures.every((s) => acceptsPromise(checker.getReturnTypeOfSignature(s), checker))) return [];
  return null;
}

function acceptsPromise(type: ts.Type, checker: ts.TypeChecker): boolean {
  return (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Void)) !== 0 || isThenable(checker, type);
}

/** `@param {() => T} attempt` in a JavaScript file. */
function jsDocParameterType(parameter: ParameterDeclaration): Node | undefined {
  if (!/\.[cm]?jsx?$/.test(parameter.getSourceFile().getFilePath())) return undefined;
  const fn = parameter.getParentOrThrow() as unknown as { getJsDocs?: () => Array<{ getTags(): Node[] }> };
  for (const tag of fn.getJsDocs?.().flatMap((doc) => doc.getTags()) ?? []) {
    if (!Node.isJSDocParameterTag(tag) || tag.getName() !== parameter.getName()) continue;
    const type = tag.getTypeExpression()?.getTypeNode();
    if (type !== undefined && Node.isFunctionTypeNode(type)) return type;
  }
  return undefined;
}

/**
 * Why awaiting the callback would change what `fn` does for one of its other callers, or undefined: a
 * caller that passes a callback returning a promise already (its rejections would now be caught, its
 * results awaited), or a use of `fn` as a value, where what it is given cannot be checked.
 */
function callersPassingPromises(fn: FunctionLike, counterparts: readonly ts.Declaration[], index: number, host: OwnCallbackHost): string | undefined {
  const holder = skipOuterExpressionsUp(fn).getParent();
  const name = nameNodeOf(fn) ?? (Node.isVariableDeclaration(holder) ? holder.getNameNode() : undefined);
  if (name === undefined) return undefined; // an immediately called function has no other caller
  // no line numbers: a marker's text must not change when markers above it move the line
  const where = (node: Node): string => {
    const holder = node.getParentWhile((n) => !isFunctionLike(n) && !Node.isSourceFile(n))?.getParent();
    const inside = holder !== undefined && isFunctionLike(holder) ? ` in ${describeFunction(holder)}` : '';
    const file = node.getSourceFile() === fn.getSourceFile() ? '' : `, ${node.getSourceFile().getBaseName()}`;
    return `\`${shortText(node)}\`${inside}${file}`;
  };
  // through the declaration file beside the module too: the callers that import it see that
  const searches = [callSitesOf(name, host), ...declaredNames(fn, counterparts).map(({ node, file, exported }) => callSitesOf(node, host, { file, exported }))];
  const hidden = searches.find((search) => 'hidden' in search);
  if (hidden !== undefined && 'hidden' in hidden) {
    return `${describeFunction(fn)} is also used as a value (${where(hidden.hidden)}), where the callbacks it is given cannot be checked: migrate by hand`;
  }
  for (const { call, offset } of searches.flatMap((search) => ('calls' in search ? search.calls : []))) {
    const position = index + offset;
    const args = call.getArguments();
    if (args.slice(0, position + 1).some((a) => Node.isSpreadElement(a))) {
      return `${describeFunction(fn)} is also called with spread arguments (${where(call)}), where its callback cannot be checked: migrate by hand`;
    }
    const argument = args[position];
    if (argument !== undefined && returnsThenable(host.checker.getTypeAtLocation(argument.compilerNode), host.checker)) {
      return `${describeFunction(fn)} is also given a callback that returns a promise (${where(argument)}): awaiting it would change what ${describeFunction(fn)} does there (its rejections would be caught, its result awaited): migrate by hand`;
    }
  }
  return undefined;
}

/** The names of `fn`'s declarations in the declaration file beside its module (`counterparts`), with the export they are. */
function declaredNames(fn: FunctionLike, counterparts: readonly ts.Declaration[]): Array<{ node: Node; file: SourceFile; exported: string }> {
  const found: Array<{ node: Node; file: SourceFile; exported: string }> = [];
  for (const declaration of counterparts) {
    const file = fn.getProject().getSourceFile(declaration.getSourceFile().fileName);
    const name = ts.getNameOfDeclaration(declaration);
    if (file !== undefined && name !== undefined && ts.isIdentifier(name)) found.push({ node: wrap(file, name), file, exported: name.text });
  }
  return found;
}

function returnsThenable(type: ts.Type, checker: ts.TypeChecker): boolean {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => part.getCallSignatures().some((s) => isThenable(checker, checker.getReturnTypeOfSignature(s))));
}

function usesArguments(fn: FunctionLike): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && node.text === 'arguments') found = true;
    // a nested non-arrow function has `arguments` of its own
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isMethodDeclaration(node) || ts.isClassLike(node)) return;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.compilerNode, visit);
  return found;
}

function shortText(node: Node): string {
  const text = node.getText();
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function firstLine(node: Node): string {
  return node.getText().split('\n')[0]!.slice(0, 60);
}
