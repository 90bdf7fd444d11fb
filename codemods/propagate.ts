import { Node, SyntaxKind, ts } from '#ts-morph';
import type { CallExpression, ExportSpecifier, ParameterDeclaration, SourceFile } from 'ts-morph';
import { wrapEdits, type FileEdit } from '../src/codemod/edits.js';
import { where, type Blocker } from '../src/codemod/records.js';
import type { PropagationHost } from '../src/codemod/engine.js';
import {
  asyncEdit, assignmentTarget, containerOf, describeFunction, functionTypeEdits, isFunctionLike, needsParentheses,
  promiseReturnTypeEdits, skipOuterExpressionsUp, type FunctionLike,
} from '../src/codemod/syntax.js';
import { isPromiseAwareReceiver } from '../src/codemod/receivers.js';
import { unseenBaseOf } from '../src/codemod/unseen-base.js';
import { counterpartsOf, exportPathOf, shadowOf, sourceBehind, type ExportPath } from '../src/codemod/shadow-declarations.js';
import { wrap } from '../src/codemod/wrap.js';
import { rewriteArrayCallback, unknownReceiverReason } from '../src/codemod/array-callbacks.js';
import { callbackUses, ownCallbackParameter, type OwnCallbackHost } from '../src/codemod/own-callbacks.js';
import {
  Collection, callbackReason, collectionOf, continuesOptionalChain, escapes, exportTarget, freshName, hasFunctionScopedDeclarations, isAwaitedCall, isConst, isDeclarationName, isInsideInnerLoop, isReassigned, isThenable, hiddenRequireOf, isTypeOrModuleReference, nameNodeOf, newArgumentReason, ownReturns, requireCallsOf, shortPath, skipInnerExpressions, usesOwnThisOrArguments,
} from '../src/codemod/flow.js';

/**
 * propagate: what follows when code starts to await. The function that holds the `await` becomes
 * `async`, its declared return type `T` becomes `Promise<T>`, every call of it the type checker finds is
 * awaited, and the functions holding those calls follow, across files: functions, arrows, class and
 * object methods, overriding methods and the interface members they implement, the module top level
 * of an ES module (top-level await). Array callbacks are rewritten (`forEach` → `for…of`, `map` →
 * `await Promise.all(…)`, `filter`/`some`/`every`/`find*`/`reduce*` → a helper that awaits each call
 * in turn). Anything that cannot follow — a constructor, an accessor, CommonJS top level, a callback
 * handed to code that ignores promises — is a blocker: the whole migration group that reaches it is left
 * as it was, marked, and reported.
 */

/**
 * A function that becomes async, a module whose top level starts to await, or the callback parameter of
 * one of the project's functions that now receives an async function (its calls are awaited).
 */
export type Unit = FunctionLike | SourceFile | ParameterDeclaration;

export type { Blocker } from '../src/codemod/records.js';

export interface Effect {
  edits: FileEdit[];
  next: Unit[];
  blockers: Blocker[];
}

export interface Closure {
  edits: FileEdit[];
  blockers: Blocker[];
  units: Unit[];
}


const ARRAY_ORDERED = new Set(['filter', 'some', 'every', 'find', 'findIndex', 'findLast', 'findLastIndex', 'reduce', 'reduceRight', 'sort', 'toSorted']);

export class Propagation {
  readonly #effects = new Map<Unit, Effect>();
  readonly #hiddenRequires = new Map<SourceFile, CallExpression | undefined>();
  /** The functions whose value some code of the project uses: calls it, hands it on, keeps it. */
  readonly #used = new Set<Node>();
  /** The function each `async` edit is for, by file and position. */
  readonly #madeAsyncAt = new Map<string, FunctionLike>();
  /** Declaration files that stand for a JavaScript file of the project (see shadow-declarations.ts). */
  readonly #shadows = new Map<SourceFile, boolean>();
  readonly #checker: ts.TypeChecker;

  constructor(private readonly host: PropagationHost) {
    this.#checker = host.checker.compilerObject;
  }

  /** Everything that follows from placing an `await` at `node`. */
  closureAt(node: Node): Closure {
    const start = this.#enter(node);
    if ('reason' in start) return { edits: [], blockers: [start], units: [] };
    return this.closure(start.unit === null ? [] : [start.unit]);
  }

  closure(start: readonly Unit[]): Closure {
    const seen = new Set<Unit>();
    const stack = [...start];
    const result: Closure = { edits: [], blockers: [], units: [] };
    while (stack.length > 0) {
      const unit = stack.pop()!;
      if (seen.has(unit)) continue;
      seen.add(unit);
      result.units.push(unit);
      const effect = this.effect(unit);
      result.edits.push(...effect.edits);
      result.blockers.push(...effect.blockers);
      stack.push(...effect.next);
    }
    return result;
  }

  /** What making one unit async changes, directly (memoised: groups share units). */
  effect(unit: Unit): Effect {
    let effect = this.#effects.get(unit);
    if (effect === undefined) {
      effect = { edits: [], next: [], blockers: [] };
      this.#effects.set(unit, effect);
      if (Node.isParameterDeclaration(unit)) this.#callbackParameterEffect(unit, effect);
      else if (!Node.isSourceFile(unit)) this.#functionEffect(unit, effect);
    }
    return effect;
  }

  /** A blocker when `file` (the function's module, or the declaration file importers see it through) is required where its value is lost. */
  #hiddenRequireBlocks(fn: FunctionLike, file: SourceFile, effect: Effect): boolean {
    const hidden = this.#hiddenRequire(file);
    if (hidden === undefined) return false;
    const holder = skipOuterExpressionsUp(hidden).getParentOrThrow().getText().split('\n')[0]!.slice(0, 60);
    // the report's path from the user's folder, the marker's from the project root (see Blocker)
    const text = (from: string): string => `${describeFunction(fn)} becomes async, but its module is required where the type checker loses its value `
      + `(\`${holder}\` in ${where(from, hidden)}), so calls through it cannot be found: migrate by hand`;
    effect.blockers.push({ node: fn, reason: text(this.host.folders.cwd), marker: text(this.host.folders.root) });
    return true;
  }

  #hiddenRequire(file: SourceFile): CallExpression | undefined {
    if (!this.#hiddenRequires.has(file)) this.#hiddenRequires.set(file, hiddenRequireOf(file, this.#checker, this.host));
    return this.#hiddenRequires.get(file);
  }

  /** The unit an `await` at `node` lands in (null: the top level of an ES module), or why none can. */
  #enter(node: Node): { unit: Unit | null } | Blocker {
    const container = containerOf(node, (f) => this.host.noTopLevelAwait(f));
    if (container.kind === 'blocked') return { node, reason: container.reason };
    if (container.kind === 'top-level') return { unit: container.file };
    return { unit: container.fn };
  }

  #functionEffect(fn: FunctionLike, effect: Effect): void {
    if (fn.isAsync()) return;
    if (!this.host.isOwn(fn.getSourceFile())) {
      effect.blockers.push({ node: fn, reason: `${describeFunction(fn)} is not part of the project's sources` });
      return;
    }
    if (this.#hiddenRequireBlocks(fn, fn.getSourceFile(), effect)) return;
    if ((Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) && this.#inlineForEach(fn, effect)) return;
    const unseen = Node.isMethodDeclaration(fn) ? unseenBaseOf(fn.compilerNode, this.#checker, (f) => this.#isOwnFile(fn, f)) : undefined;
    if (unseen !== undefined) {
      effect.blockers.push({ node: fn, reason: `${describeFunction(fn)} becomes async, but its class derives from \`${unseen.expression.getText().slice(0, 40)}\`, which the type checker cannot see (its package is not installed or has no types, or a declaration file beside it leaves it out): if the method overrides one of that class's, the class's own calls would not await it: migrate by hand` });
      return;
    }
    const file = fn.getSourceFile();
    const async = asyncEdit(fn);
    effect.edits.push({ file, ...async, kind: 'async' });
    this.#madeAsyncAt.set(`${file.getFilePath()}:${async.start}`, fn);
    const types = promiseReturnTypeEdits(fn);
    if (typeof types === 'string') {
      effect.blockers.push({ node: fn, reason: types });
      return;
    }
    effect.edits.push(...types.map((e) => ({ file, ...e, kind: 'type' as const })));
    // a function that returned a promise already keeps its type: its callers need nothing
    if (this.#returnsThenable(fn)) return;
    this.#declaredBeside(fn, effect);
    if (Node.isArrowFunction(fn) || Node.isFunctionExpression(fn)) {
      this.#valueFlow(fn, fn, effect, new Set());
      return;
    }
    const name = nameNodeOf(fn);
    if (name === undefined) {
      effect.blockers.push({ node: fn, reason: `${describeFunction(fn)} has no name its callers can be found by: name it` });
      return;
    }
    if (Node.isComputedPropertyName(name)) {
      // `['load']()` is named by its literal, which the checker's reference search starts from
      const key = name.getExpression();
      if (Node.isStringLiteral(key) || Node.isNoSubstitutionTemplateLiteral(key) || Node.isNumericLiteral(key)) {
        this.#followReferences(key, fn, effect, new Set());
        return;
      }
      // `[READDIR]()`: the search goes by names, and `this[READDIR]()` spells none
      effect.blockers.push({ node: fn, reason: `${describeFunction(fn)} has a computed name, \`${name.getText()}\`, by which its calls cannot be found: migrate them by hand` });
      return;
    }
    if (this.#untypedUse(name, fn, fn, effect) || this.#uncalledMember(name, fn, fn, effect)) return;
    this.#followReferences(name, fn, effect, new Set());
  }

  /**
   * A function of a JavaScript module with a declaration file beside it, which its importers see instead:
   * their calls are references of the declaration there. It becomes a promise's, and its callers follow.
   */
  #declaredBeside(fn: FunctionLike, effect: Effect): void {
    const file = fn.getSourceFile();
    const shadow = shadowOf(file);
    if (shadow === undefined) return;
    const path = exportPathOf(fn.compilerNode, this.#checker);
    if (path === undefined) return; // not exported: its importers cannot reach it by name
    this.#declaredAs(fn, file, shadow, path, effect);
  }

  /**
   * What `path` names in `shadow`, the declaration file beside `file`, which exports the function (its
   * own module, or one re-exporting it: `export { load } from './a'`): made a promise's, and its callers
   * followed, or a blocker.
   */
  #declaredAs(fn: FunctionLike, file: SourceFile, shadow: SourceFile, path: ExportPath, effect: Effect): void {
    const seenThrough = `the project's files see ${file.getBaseName()} through ${shadow.getBaseName()}`;
    const counterparts = counterpartsOf(path, shadow.compilerNode, this.#checker);
    if (counterparts === undefined) {
      effect.blockers.push({ node: fn, reason: `${describeFunction(fn)} becomes async, but ${seenThrough}, which does not declare it: declare it there, returning a promise, then migrate; or migrate by hand` });
      return;
    }
    if (this.#hiddenRequireBlocks(fn, shadow, effect)) return;
    // `require('./a').load`: the checker links requires from the requiring side only (see #requirers)
    const [exported, member] = path.names;
    const required = exported !== 'export=' ? (member === undefined ? exported : undefined) : member ?? null;
    if (required !== undefined) this.#requirers(shadow, required, fn, effect, new Set());
    for (const declaration of counterparts) {
      const declaring = file.getProject().getSourceFile(declaration.getSourceFile().fileName);
      const node = declaring === undefined ? undefined : wrap(declaring, declaration);
      const name = node === undefined ? undefined : declarationNameOf(node);
      const edits = node === undefined || !this.#isShadow(node.getSourceFile()) ? null : declaredTypeEdits(node);
      if (name === undefined || edits === null || typeof edits === 'string') {
        const what = node?.getText().split('\n')[0]!.slice(0, 60) ?? path.names.join('.');
        effect.blockers.push({ node: fn, reason: typeof edits === 'string' ? edits : `${describeFunction(fn)} becomes async, but ${seenThrough}, which declares it as \`${what}\`: make that a promise's type by hand, then migrate` });
        continue;
      }
      effect.edits.push(...edits.map((e) => ({ file: node!.getSourceFile(), ...e, kind: 'type' as const })));
      this.#followReferences(name, fn, effect, new Set());
    }
  }

  /** `export { load } from './a'` in another module of the project, whose declaration file beside it declares `load` itself. */
  #reExported(specifier: ExportSpecifier, fn: FunctionLike, effect: Effect): void {
    const file = specifier.getSourceFile();
    if (file === fn.getSourceFile() || !this.host.isOwn(file)) return;
    const shadow = shadowOf(file);
    if (shadow !== undefined) this.#declaredAs(fn, file, shadow, { names: [(specifier.getAliasNode() ?? specifier.getNameNode()).getText()] }, effect);
  }

  /** A declaration file beside one of the project's JavaScript files: its declarations follow the file's. */
  #isShadow(file: SourceFile): boolean {
    let shadow = this.#shadows.get(file);
    if (shadow === undefined) {
      const source = sourceBehind(file);
      this.#shadows.set(file, shadow = source !== undefined && this.host.isOwn(source));
    }
    return shadow;
  }

  /**
   * A function of an object literal that nothing in the project calls, where the object is handed on
   * (returned, passed) rather than exported: whatever calls it (an ESLint rule's `'Program:exit'`, a
   * framework's hook) is out of sight, and would not await it. A blocker, not a silent change.
   */
  #uncalledMember(name: Node, member: Node, fn: FunctionLike, effect: Effect): boolean {
    const object = member.getParent();
    if (!Node.isObjectLiteralExpression(object) || this.#exported(object) || this.#memberReferences(name, member).length > 0) return false;
    const holder = skipOuterExpressionsUp(object).getParentOrThrow();
    const where = Node.isReturnStatement(holder) ? 'is returned' : Node.isCallExpression(holder) || Node.isNewExpression(holder) ? `is passed to \`${holder.getExpression().getText().slice(0, 40)}\`` : 'is handed on';
    effect.blockers.push({
      node: member,
      reason: `${describeFunction(fn)} becomes async, but nothing in the project calls it: its object ${where}, and what calls it there would not await it: migrate by hand`,
    });
    return true;
  }

  /**
   * The references of an object literal's member. A shorthand `{ load }` names the variable `load` as
   * well: its references (the function's own name, its other uses) are not the member's.
   */
  #memberReferences(name: Node, member: Node): Node[] {
    const references = this.host.references.find(name);
    if (!Node.isShorthandPropertyAssignment(member)) return references;
    const variable = this.#checker.getShorthandAssignmentValueSymbol(member.compilerNode);
    return references.filter((ref) => this.#checker.getSymbolAtLocation(ref.compilerNode) !== variable);
  }

  /**
   * A use of the member's name the checker cannot link, on an untyped value (`slots.loader.load()`
   * where `slots` is `any`): it may call this function, and would not await it. A blocker.
   */
  #untypedUse(name: Node, at: Node, fn: FunctionLike, effect: Effect): boolean {
    const use = this.host.references.untypedUses(name)[0];
    if (use === undefined) return false;
    const text = (from: string): string => `${describeFunction(fn)} becomes async, but \`${use.getText().split('\n')[0]!.slice(0, 40)}\` (${where(from, use)}) `
      + "reads a member of its name from a value the type checker cannot type: if that is this function, its call would not await it: give the value a type (JSDoc, the package's types), or migrate by hand";
    effect.blockers.push({ node: at, reason: text(this.host.folders.cwd), marker: text(this.host.folders.root) });
    return true;
  }

  /** An object a module exports: directly, or through the variable it initialises (`module.exports = { api }`, `export { api }`). */
  #exported(object: Node): boolean {
    if (isModuleExport(object)) return true;
    const declaration = skipOuterExpressionsUp(object).getParent();
    if (!Node.isVariableDeclaration(declaration) || !Node.isIdentifier(declaration.getNameNode())) return false;
    return this.host.references.find(declaration.getNameNode()).some((ref) => {
      const parent = ref.getParent();
      if (parent === undefined) return false;
      if (Node.isExportSpecifier(parent)) return true;
      if (Node.isShorthandPropertyAssignment(parent) || (Node.isPropertyAssignment(parent) && parent.getInitializer() === ref)) {
        const holder = parent.getParent();
        return holder !== undefined && isModuleExport(holder);
      }
      return isModuleExport(ref);
    });
  }

  /** The references of a name a (now async) function is known by, each classified. */
  #followReferences(name: Node, fn: FunctionLike, effect: Effect, visited: Set<Node>): void {
    if (visited.has(name)) return;
    visited.add(name);
    for (const ref of this.host.references.find(name)) {
      if (visited.has(ref)) continue;
      this.#reference(ref, fn, effect, visited);
    }
  }

  #reference(ref: Node, fn: FunctionLike, effect: Effect, visited: Set<Node>): void {
    const parent = ref.getParent();
    if (parent === undefined) return;
    if (Node.isExportSpecifier(parent)) this.#reExported(parent, fn, effect);
    if (isDeclarationName(ref, parent)) {
      this.#linkedDeclaration(ref, parent, fn, effect, visited);
      return;
    }
    if (!this.host.isOwn(ref.getSourceFile())) return;
    if (isTypeOrModuleReference(ref)) return;
    // the expression the reference reads the function through: `f`, `obj.f`, `obj['f']`
    let expression: Node = ref;
    if ((Node.isPropertyAccessExpression(parent) && parent.getNameNode() === ref)
      || (Node.isElementAccessExpression(parent) && parent.getArgumentExpression() === ref)) expression = parent;
    this.#valueFlow(expression, fn, effect, visited);
  }

  /** The named functions among those made async by `edits` (its `async` edits) that nothing in the project uses. */
  unusedMadeAsync(edits: readonly FileEdit[]): FunctionLike[] {
    const found = new Set<FunctionLike>();
    for (const e of edits) {
      const fn = e.kind === 'async' ? this.#madeAsyncAt.get(`${e.file.getFilePath()}:${e.start}`) : undefined;
      if (fn !== undefined && !this.#used.has(fn) && (nameNodeOf(fn) !== undefined || commonJsExportOf(fn) !== undefined)) found.add(fn);
    }
    return [...found];
  }

  /** Where the value of a function goes from `expression`: a call, an argument, an alias, … */
  #valueFlow(expression: Node, fn: FunctionLike, effect: Effect, visited: Set<Node>): void {
    const outer = skipOuterExpressionsUp(expression);
    const parent = outer.getParent();
    // the function's own definition is where its value starts, not a use of it; nor is a CommonJS export
    // (`exports.load = load`), as an `export` modifier is not: what requires the module is followed
    // nor is a recursive call: a function only it calls is called by nothing in the project
    if (expression !== fn && commonJsExportOf(outer) === undefined && !isWithin(expression, fn)) this.#used.add(fn);
    if (parent === undefined) return;
    // `(0, util_1.load)(…)` (how compiled TypeScript calls an import), `(log(), load)`: the comma expression is the function
    if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.CommaToken && parent.getRight() === outer) {
      this.#valueFlow(parent, fn, effect, visited);
      return;
    }
    if (Node.isCallExpression(parent) && parent.getExpression() === outer) {
      this.#callSite(parent, effect);
      return;
    }
    if (Node.isTaggedTemplateExpression(parent) && parent.getTag() === outer) {
      this.#callSite(parent, effect);
      return;
    }
    if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === outer) {
      const member = parent.getName();
      const call = parent.getParent();
      if ((member === 'call' || member === 'apply') && Node.isCallExpression(call) && call.getExpression() === parent) {
        this.#callSite(call, effect);
      } else if (member === 'bind') {
        effect.blockers.push({ node: parent, reason: `${describeFunction(fn)} becomes async, and a bound copy of it is made here: update its callers by hand` });
      }
      return; // `f.name`, `f.length`: the value is not called
    }
    if (Node.isCallExpression(parent)) {
      this.#callback(parent, outer, fn, effect);
      return;
    }
    if (Node.isNewExpression(parent)) {
      effect.blockers.push({ node: parent, reason: newArgumentReason(parent, fn, parent.getExpression() === outer) });
      return;
    }
    if (Node.isVariableDeclaration(parent) && parent.getInitializer() === outer) {
      this.#alias(parent.getNameNode(), parent.getTypeNode(), fn, effect, visited, parent);
      return;
    }
    if ((Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent)) && parent.getInitializer() === outer) {
      if (Node.isPropertyAssignment(parent) && this.#uncalledMember(parent.getNameNode(), parent, fn, effect)) return;
      this.#commonJsExport(parent, fn, effect, visited);
      this.#alias(parent.getNameNode(), Node.isPropertyDeclaration(parent) ? parent.getTypeNode() : undefined, fn, effect, visited, parent);
      return;
    }
    if (Node.isShorthandPropertyAssignment(parent)) {
      if (this.#uncalledMember(parent.getNameNode(), parent, fn, effect)) return;
      this.#commonJsExport(parent, fn, effect, visited);
      this.#alias(parent.getNameNode(), undefined, fn, effect, visited, parent);
      return;
    }
    if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken && parent.getRight() === outer) {
      const left = parent.getLeft();
      const leftName = Node.isPropertyAccessExpression(left) ? left.getNameNode() : Node.isIdentifier(left) ? left : undefined;
      const exported = exportTarget(left);
      if (exported === null) {
        this.#requirers(parent.getSourceFile(), null, fn, effect, visited);
        return;
      }
      if (leftName === undefined) {
        effect.blockers.push({ node: parent, reason: `${describeFunction(fn)} becomes async and is assigned here: update the code that calls it through \`${left.getText()}\` by hand` });
        return;
      }
      if (exported !== undefined) {
        this.#requirers(parent.getSourceFile(), exported, fn, effect, visited);
      } else if (Node.isPropertyAccessExpression(left) && this.#checker.getSymbolAtLocation(left.getNameNode().compilerNode) === undefined) {
        // `mod.exports = load` on an untyped `mod` (a bundler's module wrapper), `handlers.load = load` on a
        // record: the property has no symbol, so the reads of it that call the function cannot be found
        effect.blockers.push({ node: parent, reason: `${describeFunction(fn)} becomes async and is assigned to \`${left.getText().slice(0, 40)}\`, a property the type checker cannot follow (its object is untyped, or a record): update the code that calls it through there by hand` });
        return;
      }
      this.#alias(leftName, undefined, fn, effect, visited, parent);
      return;
    }
    if (Node.isExportAssignment(parent) || Node.isExportSpecifier(parent)) {
      if (Node.isExportAssignment(parent) && (Node.isArrowFunction(outer) || Node.isFunctionExpression(outer))) {
        const keyword = parent.getFirstChildByKind(SyntaxKind.DefaultKeyword);
        if (keyword !== undefined) this.#followReferences(keyword, fn, effect, visited);
        else effect.blockers.push({ node: parent, reason: `${describeFunction(fn)} becomes async and is the module's export: update the modules that require it by hand` });
      }
      return; // importers are references of the function itself
    }
    const reExported = Node.isReturnStatement(parent) ? definedExportName(parent) : undefined;
    if (reExported !== undefined) {
      // compiled `export { load } from './a'`: the modules requiring this one (or its declaration file) read it by that name
      const file = parent.getSourceFile();
      this.#requirers(file, reExported, fn, effect, visited);
      const shadow = shadowOf(file);
      if (shadow !== undefined) this.#declaredAs(fn, file, shadow, { names: [reExported] }, effect);
      return;
    }
    if (escapes(outer, parent)) {
      effect.blockers.push({ node: outer, reason: `${describeFunction(fn)} becomes async, and its value is passed on here: make sure whatever calls it awaits it, then migrate by hand` });
    }
  }

  /** `const g = f`, `{ f }`, `obj.f = f`: the name the function is now also known by. */
  #alias(name: Node, typeNode: Node | undefined, fn: FunctionLike, effect: Effect, visited: Set<Node>, declaration: Node): void {
    if (typeNode !== undefined) {
      const edits = functionTypeEdits(typeNode);
      if (edits === null) {
        effect.blockers.push({ node: declaration, reason: `${describeFunction(fn)} becomes async, but \`${typeNode.getText()}\` types it as synchronous: change that type by hand` });
        return;
      }
      effect.edits.push(...edits.map((e) => ({ file: declaration.getSourceFile(), ...e, kind: 'type' as const })));
    }
    if (Node.isComputedPropertyName(name)) {
      effect.blockers.push({ node: declaration, reason: `${describeFunction(fn)} becomes async and is stored under a computed name: update its callers by hand` });
      return;
    }
    if (Node.isVariableDeclaration(declaration) && !Node.isIdentifier(name)) return;
    if (Node.isVariableDeclaration(declaration) && !isConst(declaration) && isReassigned(declaration, this.host.references)) {
      effect.blockers.push({ node: declaration, reason: `\`${declaration.getName()}\` holds ${describeFunction(fn)}, which becomes async, and is reassigned: migrate it by hand` });
      return;
    }
    if (this.#untypedUse(name, declaration, fn, effect)) return;
    this.#followReferences(name, fn, effect, visited);
  }

  /** `module.exports = { load }`: the files that require this one reach `load` by its property name. */
  #commonJsExport(property: Node, fn: FunctionLike, effect: Effect, visited: Set<Node>): void {
    const object = property.getParent();
    const assignment = object?.getParent();
    if (!Node.isObjectLiteralExpression(object) || !Node.isBinaryExpression(assignment) || assignment.getRight() !== object
      || assignment.getLeft().getText() !== 'module.exports') return;
    const name = (property as never as { getName(): string }).getName();
    this.#requirers(property.getSourceFile(), name, fn, effect, visited);
  }

  /**
   * The uses of export `name` (null: the module itself) in the files that `require()` this one. The
   * checker links them from the requiring side only, so they are found from there.
   */
  #requirers(file: SourceFile, name: string | null, fn: FunctionLike, effect: Effect, visited: Set<Node>): void {
    for (const call of requireCallsOf(file, this.#checker, this.host)) {
      const holder = skipOuterExpressionsUp(call).getParent();
      if (name === null) {
        this.#valueFlow(call, fn, effect, visited);
        continue;
      }
      if (Node.isPropertyAccessExpression(holder) && holder.getName() === name) {
        this.#valueFlow(holder, fn, effect, visited);
      } else if (Node.isVariableDeclaration(holder)) {
        const binding = holder.getNameNode();
        if (Node.isObjectBindingPattern(binding)) {
          for (const element of binding.getElements()) {
            const key = element.getPropertyNameNode()?.getText() ?? element.getName();
            if (key === name && Node.isIdentifier(element.getNameNode())) this.#followReferences(element.getNameNode(), fn, effect, visited);
          }
        } else if (Node.isIdentifier(binding)) {
          for (const ref of this.host.references.find(binding)) {
            const access = ref.getParent();
            if (Node.isPropertyAccessExpression(access) && access.getExpression() === ref && access.getName() === name) {
              this.#valueFlow(access, fn, effect, visited);
            }
          }
        }
      }
    }
  }

  /** A call of a function that now returns a promise: awaited, and its own function follows. */
  #callSite(call: Node, effect: Effect): void {
    if (!this.host.isOwn(call.getSourceFile())) return;
    if (isAwaitedCall(call)) return;
    if (continuesOptionalChain(call)) {
      effect.blockers.push({ node: call, reason: 'an optional chain continues after this call, which now returns a promise: await it by hand' });
      return;
    }
    const parens = needsParentheses(call);
    effect.edits.push(...wrapEdits(call.getSourceFile(), call.getStart(), call.getEnd(), parens ? '(await ' : 'await ', parens ? ')' : '', 'await'));
    this.#await(call, effect);
  }

  /** The unit an inserted `await` at `node` makes async. */
  #await(node: Node, effect: Effect): void {
    const entered = this.#enter(node);
    if ('reason' in entered) effect.blockers.push(entered);
    else if (entered.unit !== null) effect.next.push(entered.unit);
  }

  /** A function that becomes async handed to `call` as an argument. */
  #callback(call: CallExpression, argument: Node, fn: FunctionLike, effect: Effect): void {
    const callee = call.getExpression();
    if (Node.isPropertyAccessExpression(callee) && call.getArguments()[0] === argument) {
      const method = callee.getName();
      const receiver = callee.getExpression();
      const collection = collectionOf(this.#checker, receiver);
      if (collection !== null) {
        if (method === 'forEach') {
          this.#forEachReference(call, argument, fn, collection, effect);
          return;
        }
        if (this.#arrayMethodCallback(call, argument, effect)) return;
      }
      const unknownReceiver = ARRAY_ORDERED.has(method) ? unknownReceiverReason(call, this.#checker) : undefined;
      if (unknownReceiver !== undefined) {
        effect.blockers.push({ node: call, reason: unknownReceiver });
        return;
      }
    }
    const verdict = isPromiseAwareReceiver(call, this.host, argument);
    if (verdict === true) return;
    if (verdict === false && this.#ownCallback(call, argument, effect)) return;
    effect.blockers.push({ node: call, reason: typeof verdict === 'string' ? verdict : callbackReason(call, fn, this.#checker) });
  }

  /**
   * An async callback handed to the project's own function: its parameter's calls are awaited (a unit,
   * memoised like the others, so many call sites of one helper share the work). False when the callee
   * is not the project's: the generic blocker applies.
   */
  #ownCallback(call: CallExpression, argument: Node, effect: Effect): boolean {
    const target = ownCallbackParameter(call, argument, this.#ownCallbackHost);
    if (target === null) return false;
    if ('reason' in target) effect.blockers.push({ node: call, reason: target.reason });
    else effect.next.push(target);
    return true;
  }

  /** `withRetry(attempt)` now receives an async `attempt`: its calls are awaited, so `withRetry` follows. */
  #callbackParameterEffect(parameter: ParameterDeclaration, effect: Effect): void {
    const uses = callbackUses(parameter, this.#ownCallbackHost);
    if ('reason' in uses) {
      effect.blockers.push(uses);
      return;
    }
    const file = parameter.getSourceFile();
    effect.edits.push(...uses.typeEdits.map((e) => ({ file, ...e, kind: 'type' as const })));
    for (const call of uses.calls) this.#callSite(call, effect);
    for (const { call, argument } of uses.passes) {
      if (this.#arrayMethodCallback(call, argument, effect)) continue;
      const verdict = isPromiseAwareReceiver(call, this.host, argument);
      if (verdict === true) continue;
      if (verdict === false && this.#ownCallback(call, argument, effect)) continue;
      effect.blockers.push({
        node: call,
        reason: typeof verdict === 'string' ? verdict
          : `the callback \`${parameter.getName()}\` of ${describeFunction(parameter.getParentOrThrow())} would become async, and is handed on to \`${call.getExpression().getText().slice(0, 40)}\`, which does not await it: migrate by hand`,
      });
    }
  }

  get #ownCallbackHost(): OwnCallbackHost {
    return { checker: this.#checker, references: this.host.references, isOwn: (file) => this.host.isOwn(file) };
  }

  /**
   * `items.filter(f)`, `some`, `every`, `find*`, `reduce*` with `f` now async: `await filterAsync(items, f)`,
   * a helper added to the file that awaits each call in turn (src/codemod/array-callbacks.ts), or a blocker.
   */
  #arrayCallback(call: CallExpression, effect: Effect): void {
    const rewrite = rewriteArrayCallback(call, this.#checker);
    if ('refuse' in rewrite) {
      effect.blockers.push({ node: call, reason: rewrite.refuse });
      return;
    }
    effect.edits.push(...rewrite.edits);
    this.#await(call, effect);
  }

  /**
   * An async function handed to an array's `map`/`flatMap` (→ `await Promise.all(…)`) or to `filter`,
   * `some`, `find`, `reduce` and the like (→ a helper that awaits each call in turn, or a blocker).
   * False: not such a call.
   */
  #arrayMethodCallback(call: CallExpression, argument: Node, effect: Effect): boolean {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || call.getArguments()[0] !== argument) return false;
    if (collectionOf(this.#checker, callee.getExpression()) !== 'array') return false;
    const method = callee.getName();
    if (method === 'map' || method === 'flatMap') this.#promiseAll(call, method, effect);
    else if (ARRAY_ORDERED.has(method)) this.#arrayCallback(call, effect);
    else return false;
    return true;
  }

  /** `items.map(f)` with `f` now async: `await Promise.all(items.map(f))`. */
  #promiseAll(call: CallExpression, method: string, effect: Effect): void {
    const file = call.getSourceFile();
    const outer = skipOuterExpressionsUp(call);
    const holder = outer.getParent();
    // `Promise.all(items.map(f))` awaits the promises already
    if (Node.isCallExpression(holder) && /^Promise\.(all|allSettled)$/.test(holder.getExpression().getText())) return;
    const parens = needsParentheses(call) || method === 'flatMap';
    if (method === 'flatMap') {
      const name = (call.getExpression() as unknown as { getNameNode(): Node }).getNameNode();
      effect.edits.push({ file, start: name.getStart(), end: name.getEnd(), text: 'map', kind: 'rewrite' });
    }
    effect.edits.push(...wrapEdits(file, call.getStart(), call.getEnd(), parens ? '(await Promise.all(' : 'await Promise.all(',
      parens ? `))${method === 'flatMap' ? '.flat()' : ''}` : ')', 'await'));
    this.#await(call, effect);
  }

  /** `items.forEach(f)` with `f` now async, as a statement: `for (const item of items) await f(item);`. */
  #forEachReference(call: CallExpression, argument: Node, fn: FunctionLike, collection: Collection, effect: Effect): void {
    const statement = call.getParent();
    const receiver = (call.getExpression() as never as { getExpression(): Node }).getExpression();
    if (!Node.isExpressionStatement(statement) || call.getArguments().length !== 1 || fn.getParameters().length > 1 || collection !== 'array') {
      effect.blockers.push({ node: call, reason: `${describeFunction(fn)} becomes async, and forEach does not await it: rewrite this loop as for…of with await by hand` });
      return;
    }
    const file = call.getSourceFile();
    const item = freshName(file, 'item');
    effect.edits.push(
      { file, start: statement.getStart(), end: statement.getStart(), text: `for (const ${item} of `, kind: 'rewrite', anchor: { side: 'open', span: statement.getWidth() } },
      { file, start: receiver.getEnd(), end: statement.getEnd(), text: `) await ${argument.getText()}(${item});`, kind: 'rewrite' },
    );
    this.#await(statement, effect);
  }

  /**
   * An inline callback of a statement `items.forEach((item) => { … })` is not made async: the loop
   * becomes `for (const item of items) { … }`, so its awaits belong to the enclosing function.
   */
  #inlineForEach(fn: FunctionLike, effect: Effect): boolean {
    const outer = skipOuterExpressionsUp(fn);
    const call = outer.getParent();
    if (!Node.isCallExpression(call) || call.getArguments()[0] !== outer) return false;
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'forEach') return false;
    const collection = collectionOf(this.#checker, callee.getExpression());
    if (collection === null) return false;
    const statement = call.getParent();
    const refuse = (why: string): true => {
      effect.blockers.push({ node: call, reason: `this forEach callback would become async (${why}): rewrite the loop as for…of with await by hand` });
      return true;
    };
    if (!Node.isExpressionStatement(statement)) return refuse('its result is used');
    if (call.getArguments().length !== 1) return refuse('a thisArg is passed');
    const params = fn.getParameters();
    if (params.some((p) => p.getInitializer() !== undefined || p.isRestParameter())) return refuse('a parameter has a default or is a rest parameter');
    const body = fn.getBody();
    if (body === undefined) return false;
    if (Node.isFunctionExpression(fn) && usesOwnThisOrArguments(body)) return refuse('it uses its own `this` or `arguments`');
    if (Node.isBlock(body) && hasFunctionScopedDeclarations(body)) return refuse('it declares `var`s or functions');
    const returns = ownReturns(body);
    if (returns.some((r) => r.getExpression() !== undefined)) return refuse('it returns a value');
    if (returns.some((r) => isInsideInnerLoop(r, body))) return refuse('it returns from inside a loop');
    const file = call.getSourceFile();
    const names = params.map((p) => p.getNameNode().getText());
    const receiver = callee.getExpression();
    let binding: string;
    let iterate = '';
    if (collection === 'array') {
      if (names.length > 2) return refuse('it takes the array as a third parameter');
      binding = names.length === 2 ? `[${names[1]}, ${names[0]}]` : names[0] ?? freshName(file, 'item');
      if (names.length === 2) iterate = '.entries()';
    } else if (collection === 'map') {
      if (names.length > 2) return refuse('it takes the map as a third parameter');
      binding = names.length === 2 ? `[${names[1]}, ${names[0]}]` : names[0] ?? freshName(file, 'value');
      if (names.length < 2) iterate = '.values()';
    } else {
      if (names.length > 1) return refuse('it takes more than the value');
      binding = names[0] ?? freshName(file, 'value');
    }
    const span = statement.getWidth();
    effect.edits.push(
      { file, start: statement.getStart(), end: statement.getStart(), text: `for (const ${binding} of `, kind: 'rewrite', anchor: { side: 'open', span } },
      { file, start: receiver.getEnd(), end: body.getStart(), text: `${iterate}) `, kind: 'rewrite' },
      { file, start: body.getEnd(), end: statement.getEnd(), text: Node.isBlock(body) ? '' : ';', kind: 'rewrite' },
    );
    for (const r of returns) effect.edits.push({ file, start: r.getStart(), end: r.getEnd(), text: 'continue;', kind: 'rewrite' });
    this.#await(statement, effect);
    return true;
  }

  /** Another declaration the checker links to the function: an overload, an interface member, an override. */
  #linkedDeclaration(ref: Node, declaration: Node, fn: FunctionLike, effect: Effect, visited: Set<Node>): void {
    if (declaration === fn) return;
    const file = declaration.getSourceFile();
    const own = this.host.isOwn(file) || this.#isShadow(file);
    const libraryReason = (): string =>
      `${describeFunction(fn)} becomes async, but it ${Node.isMethodDeclaration(fn) ? 'implements or overrides' : 'is declared by'} \`${declaration.getText().split('\n')[0]!.slice(0, 60)}\` from ${shortPath(file.getFilePath())}, whose callers do not expect a promise`;
    if (Node.isFunctionDeclaration(declaration) || Node.isMethodDeclaration(declaration) || Node.isMethodSignature(declaration)) {
      if (!own) {
        effect.blockers.push({ node: fn, reason: libraryReason() });
        return;
      }
      const body = (declaration as { getBody?: () => Node | undefined }).getBody?.();
      if (body !== undefined && isFunctionLike(declaration)) {
        effect.next.push(declaration);
        return;
      }
      const edits = promiseReturnTypeEdits(declaration);
      if (typeof edits === 'string') effect.blockers.push({ node: declaration, reason: edits });
      else effect.edits.push(...edits.map((e) => ({ file, ...e, kind: 'type' as const })));
      return;
    }
    if (Node.isPropertySignature(declaration) || Node.isPropertyDeclaration(declaration) || Node.isPropertyAssignment(declaration)) {
      const initializer = Node.isPropertySignature(declaration) ? undefined : declaration.getInitializer();
      const value = initializer === undefined ? undefined : skipInnerExpressions(initializer);
      if (value !== undefined && (Node.isArrowFunction(value) || Node.isFunctionExpression(value))) {
        if (value !== fn) {
          if (!own) effect.blockers.push({ node: fn, reason: libraryReason() });
          else effect.next.push(value);
        }
      }
      const typeNode = Node.isPropertyAssignment(declaration) ? undefined : declaration.getTypeNode();
      if (typeNode !== undefined) {
        if (!own) {
          effect.blockers.push({ node: fn, reason: libraryReason() });
          return;
        }
        const edits = functionTypeEdits(typeNode);
        if (edits === null) effect.blockers.push({ node: declaration, reason: `${describeFunction(fn)} becomes async, but \`${typeNode.getText()}\` types it as synchronous: change that type by hand` });
        else effect.edits.push(...edits.map((e) => ({ file, ...e, kind: 'type' as const })));
      }
      if (value !== undefined && value !== fn && !Node.isArrowFunction(value) && !Node.isFunctionExpression(value) && !own) {
        effect.blockers.push({ node: fn, reason: libraryReason() });
      }
      return;
    }
    if (Node.isShorthandPropertyAssignment(declaration)) {
      if (this.#uncalledMember(declaration.getNameNode(), declaration, fn, effect)) return;
      this.#commonJsExport(declaration, fn, effect, visited);
      this.#alias(declaration.getNameNode(), undefined, fn, effect, visited, declaration);
      return;
    }
    // `const { load } = require('./store')`: the binding is another name for the function
    if (Node.isBindingElement(declaration) && Node.isIdentifier(declaration.getNameNode())) {
      this.#followReferences(declaration.getNameNode(), fn, effect, visited);
      return;
    }
    if (Node.isGetAccessorDeclaration(declaration) || Node.isSetAccessorDeclaration(declaration)) {
      effect.blockers.push({ node: declaration, reason: `${describeFunction(fn)} becomes async, but the accessor \`${declaration.getName()}\` shares its name in the class hierarchy: migrate by hand` });
      return;
    }
    // variable declarations (aliases being followed), parameters, classes: nothing to change
    void ref;
  }

  #isOwnFile(from: Node, file: ts.SourceFile): boolean {
    const wrapped = from.getProject().getSourceFile(file.fileName);
    return wrapped !== undefined && this.host.isOwn(wrapped);
  }

  #returnsThenable(fn: FunctionLike): boolean {
    const signature = this.#checker.getSignatureFromDeclaration(fn.compilerNode as ts.SignatureDeclaration);
    if (signature === undefined) return false;
    return isThenable(this.#checker, this.#checker.getReturnTypeOfSignature(signature));
  }
}


export { collectionKind, freshName, isThenable } from '../src/codemod/flow.js';

/** `module.exports = {…}`, `exports.x = {…}`, `export default {…}`, `export const x = {…}`: a module's exports. */
function isModuleExport(object: Node): boolean {
  const outer = skipOuterExpressionsUp(object);
  const parent = outer.getParent();
  if (parent === undefined) return false;
  if (Node.isExportAssignment(parent)) return true;
  if (Node.isBinaryExpression(parent) && parent.getRight() === outer && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
    return /^(module\.exports|exports)(\.|\[|$)/.test(parent.getLeft().getText());
  }
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === outer) return parent.getVariableStatement()?.isExported() === true;
  return false;
}

/** The name a declaration of a declaration file is referenced by (`export default function` has none but its keyword). */
function declarationNameOf(node: Node): Node | undefined {
  if (Node.isFunctionDeclaration(node)) return nameNodeOf(node);
  const named = node as { getNameNode?: () => Node | undefined };
  const name = typeof named.getNameNode === 'function' ? named.getNameNode() : undefined;
  return name !== undefined && (Node.isIdentifier(name) || Node.isStringLiteral(name)) ? name : undefined;
}

/**
 * The edits that make a declaration's type a promise's: a function's or method's return type, a
 * variable's or property's function type. A reason when it cannot be; null when it is no such declaration.
 */
function declaredTypeEdits(node: Node): ReturnType<typeof promiseReturnTypeEdits> | null {
  if (Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node) || Node.isMethodSignature(node)) return promiseReturnTypeEdits(node);
  if (Node.isVariableDeclaration(node) || Node.isPropertySignature(node) || Node.isPropertyDeclaration(node)) {
    const typeNode = node.getTypeNode();
    if (typeNode === undefined) return null;
    // `declare const resolveFrom: { (from: string, id: string): string; silent(…): … }`: its call signatures
    if (Node.isTypeLiteral(typeNode)) {
      const calls = typeNode.getCallSignatures();
      if (calls.length === 0) return null;
      const edits = calls.map((call) => promiseReturnTypeEdits(call));
      return edits.find((e) => typeof e === 'string') ?? edits.flatMap((e) => e as Exclude<typeof e, string>);
    }
    return functionTypeEdits(typeNode);
  }
  return null;
}

/**
 * `Object.defineProperty(exports, "load", { enumerable: true, get: function () { return a_1.load; } })`,
 * as TypeScript compiles `export { load } from './a'` to CommonJS: the export's name, when `ret` is
 * the getter's return.
 */
function definedExportName(ret: Node): string | undefined {
  const getter = ret.getParent()?.getParent();
  if (!(Node.isFunctionExpression(getter) || Node.isArrowFunction(getter) || Node.isMethodDeclaration(getter))) return undefined;
  const body = getter.getBody();
  if (!Node.isBlock(body) || body.getStatements().length !== 1) return undefined;
  const property = Node.isMethodDeclaration(getter) ? getter : getter.getParent();
  if (!(Node.isPropertyAssignment(property) || Node.isMethodDeclaration(property)) || property.getName() !== 'get') return undefined;
  const call = property.getParent()?.getParent();
  if (!Node.isCallExpression(call) || call.getExpression().getText() !== 'Object.defineProperty') return undefined;
  const [target, name, descriptor] = call.getArguments();
  if (descriptor !== property.getParent() || !/^(module\.)?exports$/.test(target?.getText() ?? '') || !Node.isStringLiteral(name)) return undefined;
  return name.getLiteralText();
}

/** The name a CommonJS assignment exports `value` under (`exports.load = value`; `null`: `module.exports = value`), if it does. */
function commonJsExportOf(value: Node): string | null | undefined {
  const target = assignmentTarget(value);
  return target === undefined ? undefined : exportTarget(target);
}

/** Whether `node` stands inside `fn` (its body or parameters). */
function isWithin(node: Node, fn: FunctionLike): boolean {
  return node.getSourceFile() === fn.getSourceFile() && node.getStart() >= fn.getStart() && node.getEnd() <= fn.getEnd();
}
