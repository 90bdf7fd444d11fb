import { Node, SyntaxKind, ts } from '#ts-morph';
import type { CallExpression, ObjectLiteralExpression } from 'ts-morph';
import type { CallMapping } from '../src/catalog/index.js';
import { isAwaited } from '../src/codemod/syntax.js';
import type { RewriteContext, Site, SiteRewrite, TextEdit, Transform } from '../src/codemod/types.js';

/**
 * sync-io: the catalog's synchronous file system, child process, compression, crypto, glob and execa
 * calls → their async forms, awaited.
 *
 * - `same`:        `readFileSync(p, 'utf8')` → `await readFile(p, 'utf8')` (node:fs/promises; fs-extra,
 *                  glob, execa: their promise forms);
 * - `exists`:      `existsSync(p)` → `await access(p).then(() => true, () => false)`;
 * - `promisify`:   `gzipSync(b)` → `await promisify(gzip)(b)` (zlib, crypto);
 * - `exec-stdout`: `execSync(c)` → `(await promisify(exec)(c, { encoding: 'buffer' })).stdout`: the same
 *                  Buffer (or string with an encoding), a non-zero exit status rejects as execSync throws.
 * - `mkdir-recursive`: `mkdirp.sync(d, mode)` → `await mkdir(d, { recursive: true, mode })`.
 *
 * Only the callee and the text around the call change: the arguments stay as they are, so a blocking
 * call nested in another's arguments is rewritten too.
 */

const MAPPINGS = new Set<CallMapping['kind']>(['same', 'exists', 'promisify', 'exec-stdout', 'mkdir-recursive']);

/** fs functions whose first argument may be a file descriptor: fs/promises takes FileHandles instead. */
const FD_TAKING = new Set(['fs.readFileSync', 'fs.writeFileSync', 'fs.appendFileSync']);

export const syncIo: Transform = {
  name: 'sync-io',
  description: 'sync fs, child_process, zlib, crypto, glob and execa calls → awaited async forms',
  accepts(site) {
    const { entry } = site;
    return entry.fix.automatic && entry.fix.transform === 'sync-io' && site.sleepSeconds === undefined
      && entry.replacement !== null && MAPPINGS.has(entry.replacement.mapping.kind);
  },
  rewrite(site, context) {
    const call = site.node;
    if (!Node.isCallExpression(call)) return { refuse: `\`${site.entry.name}\` is not called directly here: migrate by hand` };
    const replacement = site.entry.replacement!;
    const refusal = argumentRefusal(site, call, context);
    if (refusal !== undefined) return { refuse: refusal };
    switch (replacement.mapping.kind) {
      case 'same':
        return awaited(call, context.importName(replacement.module, replacement.export), '', context);
      case 'exists':
        return awaited(call, context.importName(replacement.module, replacement.export), '.then(() => true, () => false)', context);
      case 'promisify': {
        const promisify = context.importName('node:util', 'promisify');
        const fn = context.importName(replacement.module, replacement.export);
        const cast = promisifiedCast(call, replacement.module, replacement.export, context);
        return awaited(call, `${promisify}(${fn})`, cast, context, cast !== '');
      }
      case 'exec-stdout':
        return execStdout(site, call, context);
      case 'mkdir-recursive':
        return recursiveMkdir(site, call, context);
      default:
        return { refuse: `no rewrite for the ${replacement.mapping.kind} mapping` };
    }
  },
};

/** `callee(args)` → `await newCallee(args)<suffix>`, parenthesised where the call's value is used further. */
function awaited(call: CallExpression, callee: string, suffix: string, context: RewriteContext, castSuffix = false): SiteRewrite {
  // `await x as T` inside a larger expression: `(await x as T)`, as `as` binds looser than member access
  const parens = context.needsParentheses(call) || (castSuffix && !isStatementLevel(call));
  // `await readFileSync(p)` (awaiting a value) keeps its one await
  const keyword = isAwaited(call) && !parens ? '' : 'await ';
  const edits: TextEdit[] = [
    { start: call.getStart(), end: call.getStart(), text: parens ? `(${keyword}` : keyword },
    { start: call.getExpression().getStart(), end: call.getExpression().getEnd(), text: callee },
  ];
  if (suffix !== '' || parens) edits.push({ start: call.getEnd(), end: call.getEnd(), text: `${suffix}${parens ? ')' : ''}` });
  return { edits, awaits: true };
}

function isStatementLevel(call: Node): boolean {
  const parent = call.getParent();
  return parent === undefined || Node.isExpressionStatement(parent) || Node.isVariableDeclaration(parent)
    || Node.isReturnStatement(parent) || (Node.isBinaryExpression(parent) && parent.getRight() === call
      && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken);
}

/**
 * util.promisify types an overloaded callback function by its last overload, which resolves `unknown`
 * (`randomFill`, `scrypt`), unless the function declares its promisified form (`__promisify__`). There
 * the result keeps the synchronous call's type with `as`: ` as Buffer`. (JavaScript needs no cast.)
 */
function promisifiedCast(call: CallExpression, module: string, exportName: string, context: RewriteContext): string {
  if (/\.[cm]?jsx?$/.test(call.getSourceFile().getFilePath())) return '';
  const callee = call.getExpression();
  const syncSymbol = context.checker.getSymbolAtLocation(Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee);
  const syncDeclaration = (syncSymbol?.isAlias() ? syncSymbol.getAliasedSymbol() : syncSymbol)?.getDeclarations()[0];
  const moduleSymbol = syncDeclaration?.getSourceFile().getSymbol() ?? syncDeclaration?.getFirstAncestorByKind(SyntaxKind.ModuleDeclaration)?.getSymbol();
  const asyncSymbol = moduleSymbol?.getExport(exportName);
  if (asyncSymbol === undefined) return '';
  const asyncType = context.checker.getTypeOfSymbolAtLocation(asyncSymbol, call);
  if (asyncType.getCallSignatures().length < 2 || asyncType.getProperty('__promisify__') !== undefined) return '';
  void module;
  const type = context.checker.getTypeAtLocation(call);
  return ` as ${type.getText(call, ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope)}`;
}

/**
 * execSync → promisified exec, resolving `{ stdout, stderr }`: `.stdout` is the value execSync returned.
 * Without an `encoding`, execSync returns a Buffer and exec a string: `encoding: 'buffer'` keeps the Buffer.
 */
function execStdout(site: Site, call: CallExpression, context: RewriteContext): SiteRewrite {
  const replacement = site.entry.replacement!;
  const args = call.getArguments();
  const optionsIndex = site.entry.id === 'child_process.execFileSync' ? execFileOptionsIndex(call, context) : 1;
  const options = args[optionsIndex];
  const edits: TextEdit[] = [];
  if (options === undefined) {
    const last = args[args.length - 1];
    if (last === undefined) return { refuse: `\`${site.entry.name}\` without arguments: migrate by hand` };
    const missing = optionsIndex - args.length; // execFileSync(file) → execFile(file, [], options)
    edits.push({ start: last.getEnd(), end: last.getEnd(), text: `${missing > 0 ? ', []' : ''}, { encoding: 'buffer' }` });
  } else if (Node.isObjectLiteralExpression(options)) {
    const why = unsupportedOption(options);
    if (why !== undefined) return { refuse: why };
    const piped = options.getProperty('stdio');
    const remaining = options.getProperties().filter((p) => p !== piped);
    if (piped !== undefined && remaining.length === 0) {
      edits.push({ start: options.getStart(), end: options.getEnd(), text: "{ encoding: 'buffer' }" });
    } else {
      if (piped !== undefined) edits.push(...removeProperty(options, piped));
      if (options.getProperty('encoding') === undefined) edits.push(...addBufferEncoding(options, remaining));
    }
  } else {
    const type = context.checker.getTypeAtLocation(options);
    if (type.getProperty('input') !== undefined || type.getProperty('stdio') !== undefined) {
      return { refuse: `these options may set \`input\` or \`stdio\`, which ${replacement.export} does not take: migrate by hand` };
    }
    if (type.getProperty('encoding') === undefined) {
      edits.push({ start: options.getStart(), end: options.getStart(), text: `{ encoding: 'buffer', ...` }, { start: options.getEnd(), end: options.getEnd(), text: ' }' });
    }
  }
  const promisify = context.importName('node:util', 'promisify');
  const fn = context.importName(replacement.module, replacement.export);
  edits.push(
    { start: call.getStart(), end: call.getStart(), text: '(await ' },
    { start: call.getExpression().getStart(), end: call.getExpression().getEnd(), text: `${promisify}(${fn})` },
    { start: call.getEnd(), end: call.getEnd(), text: ').stdout' },
  );
  return { edits, awaits: true };
}

/**
 * mkdirp's sync forms → `mkdir(dir, { recursive: true })`, a mode (mkdirp's second argument, a number or
 * an octal string, or `{ mode }`) carried into the options. Refused where mkdirp and mkdir differ: other
 * options (`fs`: another file system), and a result that is used (the first directory made: `null` for
 * none in mkdirp 0.5, `undefined` in mkdir).
 */
function recursiveMkdir(site: Site, call: CallExpression, context: RewriteContext): SiteRewrite {
  const replacement = site.entry.replacement!;
  const [dir, mode, ...rest] = call.getArguments();
  const callee = call.getExpression().getText();
  if (dir === undefined || rest.length > 0 || call.getArguments().some((a) => Node.isSpreadElement(a))) {
    return { refuse: `\`${callee}\` with these arguments: migrate by hand to mkdir(dir, { recursive: true })` };
  }
  if (!isResultUnused(call, context)) {
    return { refuse: `the result of \`${callee}\` (the first directory made) is used: mkdir resolves to it too, but to undefined where mkdirp 0.5 returned null: migrate by hand` };
  }
  const edits: TextEdit[] = [];
  if (mode === undefined) {
    edits.push({ start: dir.getEnd(), end: dir.getEnd(), text: ', { recursive: true }' });
  } else if (Node.isObjectLiteralExpression(mode)) {
    const properties = mode.getProperties();
    if (properties.some((p) => !(Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) || p.getName() !== 'mode')) {
      return { refuse: "mkdirp's options may name another file system (`fs`), which mkdir does not take: migrate by hand" };
    }
    const inside = properties.map((p) => p.getText()).join(', ');
    edits.push({ start: mode.getStart(), end: mode.getEnd(), text: inside === '' ? '{ recursive: true }' : `{ recursive: true, ${inside} }` });
  } else {
    const flags = context.checker.getTypeAtLocation(mode).compilerType.flags;
    if ((flags & (ts.TypeFlags.NumberLike | ts.TypeFlags.StringLike)) === 0) {
      return { refuse: "mkdirp's options may name another file system (`fs`), which mkdir does not take: migrate by hand" };
    }
    edits.push({ start: mode.getStart(), end: mode.getStart(), text: '{ recursive: true, mode: ' }, { start: mode.getEnd(), end: mode.getEnd(), text: ' }' });
  }
  const rewrite = awaited(call, context.importName(replacement.module, replacement.export), '', context);
  if ('edits' in rewrite) rewrite.edits.push(...edits);
  return rewrite;
}

/**
 * A call whose value nobody reads: a statement of its own (or `void`ed, or awaited as one), or the body
 * of an arrow whose caller expects nothing back (`dirs.forEach((d) => mkdirp.sync(d))`: a `void` callback).
 */
function isResultUnused(call: Node, context: RewriteContext): boolean {
  let node = call;
  let parent = node.getParent();
  while (parent !== undefined && (Node.isAwaitExpression(parent) || Node.isParenthesizedExpression(parent) || Node.isVoidExpression(parent))) {
    node = parent;
    parent = node.getParent();
  }
  if (parent !== undefined && Node.isArrowFunction(parent) && parent.getBody() === node) {
    const checker = context.checker.compilerObject;
    const expected = checker.getContextualType(parent.compilerNode);
    const signatures = expected === undefined ? [] : checker.getSignaturesOfType(expected, ts.SignatureKind.Call);
    return signatures.length > 0 && signatures.every((s) => (checker.getReturnTypeOfSignature(s).flags & ts.TypeFlags.Void) !== 0);
  }
  return parent !== undefined && Node.isExpressionStatement(parent);
}

/** execFileSync(file, args?, options?): the options are the second argument when it is not an array. */
function execFileOptionsIndex(call: CallExpression, context: RewriteContext): number {
  const second = call.getArguments()[1];
  if (second === undefined) return 2;
  if (Node.isArrayLiteralExpression(second)) return 2;
  const type = context.checker.getTypeAtLocation(second);
  return type.isArray() || type.isTuple() || context.checker.compilerObject.isArrayType(type.compilerType) ? 2 : 1;
}

function unsupportedOption(options: ObjectLiteralExpression): string | undefined {
  if (options.getProperties().some((p) => Node.isSpreadAssignment(p))) return 'options spread from another object may set `input` or `stdio`: migrate by hand';
  if (options.getProperty('input') !== undefined) return 'the child reads `input` from stdin, which exec does not take: write to its stdin by hand';
  const stdio = options.getProperty('stdio');
  // exec always pipes the three streams: `stdio: 'pipe'` says just that, and goes
  if (stdio !== undefined && !(Node.isPropertyAssignment(stdio) && isPipe(stdio.getInitializer()))) {
    return 'the `stdio` option has no exec counterpart (exec always pipes): migrate by hand, e.g. with spawn';
  }
  return undefined;
}

function isPipe(value: Node | undefined): boolean {
  if (value === undefined) return false;
  if (Node.isStringLiteral(value)) return value.getLiteralValue() === 'pipe';
  return Node.isArrayLiteralExpression(value) && value.getElements().every((e) => Node.isStringLiteral(e) && e.getLiteralValue() === 'pipe');
}

function removeProperty(options: ObjectLiteralExpression, property: Node): TextEdit[] {
  const properties = options.getProperties();
  const i = properties.indexOf(property as never);
  const next = properties[i + 1];
  const previous = properties[i - 1];
  if (next !== undefined) return [{ start: property.getStart(), end: next.getStart(), text: '' }];
  if (previous !== undefined) return [{ start: previous.getEnd(), end: property.getEnd(), text: '' }];
  return [{ start: property.getStart(), end: property.getEnd(), text: '' }];
}

function addBufferEncoding(options: ObjectLiteralExpression, remaining: readonly Node[]): TextEdit[] {
  const first = remaining[0];
  if (first === undefined) return [{ start: options.getStart(), end: options.getEnd(), text: "{ encoding: 'buffer' }" }];
  return [{ start: first.getStart(), end: first.getStart(), text: "encoding: 'buffer', " }];
}

/** Arguments the async form does not take the same way. */
function argumentRefusal(site: Site, call: CallExpression, context: RewriteContext): string | undefined {
  const [first] = call.getArguments();
  if (call.getArguments().some((a) => Node.isSpreadElement(a)) && site.entry.replacement!.mapping.kind !== 'same') {
    return 'spread arguments: migrate by hand';
  }
  if (FD_TAKING.has(site.entry.id) && first !== undefined) {
    const type = context.checker.getTypeAtLocation(first);
    if ((type.compilerType.flags & ts.TypeFlags.NumberLike) !== 0) {
      return `\`${site.entry.name}\` is given a file descriptor, which node:fs/promises takes as a FileHandle: migrate open, read/write and close together by hand`;
    }
  }
  if (site.entry.id === 'fs.statSync' || site.entry.id === 'fs.lstatSync') {
    const options = call.getArguments()[1];
    if (options !== undefined && Node.isObjectLiteralExpression(options) && options.getProperty('throwIfNoEntry') !== undefined) {
      return 'fs/promises stat has no `throwIfNoEntry`: catch the ENOENT rejection instead, by hand';
    }
  }
  if (site.entry.id === 'bcryptjs.hashSync' && call.getArguments().length < 2) {
    return "bcryptjs's `hash` has no default rounds (`hashSync` takes 10): pass the salt or rounds, then migrate";
  }
  if (call.getFirstChildByKind(SyntaxKind.QuestionDotToken) !== undefined) return 'an optional call: migrate by hand';
  return undefined;
}

