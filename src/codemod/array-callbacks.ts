import { Node, ts } from '#ts-morph';
import type { CallExpression, PropertyAccessExpression, SourceFile } from 'ts-morph';
import { wrapEdits, type FileEdit } from './edits.js';
import { freshName, isAwaitedCall, isThenable } from './flow.js';
import { needsParentheses } from './syntax.js';

/**
 * `items.filter(f)`, `some`, `every`, `find`, `findIndex`, `findLast`, `findLastIndex`, `reduce` and
 * `reduceRight`, once `f` returns a promise: the call becomes `await filterAsync(items, f)`, and the file
 * gains the helper — a loop that does what the array method does, awaiting each callback before the next
 * call. Sequential, not `Promise.all`: `some`/`every`/`find*` stop at the same item, and the callbacks'
 * side effects keep their order. The receiver and the callback are still evaluated once, in that order
 * (they become the helper's arguments), and the helpers follow the specification step for step: the
 * length read once at the start, holes skipped (filter, some, every, reduce*) or visited as `undefined`
 * (find*), each element read once, the same TypeError for `reduce` without an initial value on an array
 * without elements. What cannot be made equivalent is refused, with the reason.
 */

export type ArrayCallbackRewrite = { edits: FileEdit[] } | { refuse: string };

const TEST = '(item: A[number], index: number, array: A) => unknown';
const ARRAY = 'A extends readonly unknown[]';
const EMPTY_REDUCE = "throw new TypeError('Reduce of empty array with no initial value');";

interface Helper {
  doc: string;
  typeParameters: string[];
  parameters: Array<[name: string, type: string]>;
  /** What the helper's promise resolves to. */
  resolves: string;
  /** The body, indented by two spaces a level; `KEPT` stands for the kept array's type annotation. */
  body: string[];
}

function testHelper(doc: string, resolves: string, body: string[]): Helper {
  return { doc, typeParameters: [ARRAY], parameters: [['items', 'A'], ['test', TEST]], resolves, body };
}

const FORWARD = ['const length = items.length;', 'for (let index = 0; index < length; index++) {'];
const BACKWARD = ['for (let index = items.length - 1; index >= 0; index--) {'];

/** `reduce`/`reduceRight` with an initial value: the same steps, in the order `loop` visits the items. */
function reduceHelper(doc: string, loop: string[]): Helper {
  return {
    doc,
    typeParameters: [ARRAY, 'U'],
    parameters: [['items', 'A'], ['reducer', '(accumulator: U, item: A[number], index: number, array: A) => U | PromiseLike<U>'], ['initial', 'U']],
    resolves: 'U',
    body: ['let accumulator = initial;', ...loop, '  if (index in items) accumulator = await reducer(accumulator, items[index], index, items);', '}', 'return accumulator;'],
  };
}

/** The helper for each method (and for `reduce`/`reduceRight` without an initial value). */
const HELPERS: Record<string, Helper> = {
  filter: testHelper('`items.filter(test)`, awaiting each `test` in turn (holes are skipped, as filter skips them).', 'A[number][]', [
    'const keptKEPT = [];', ...FORWARD,
    '  if (!(index in items)) continue;', '  const item = items[index];', '  if (await test(item, index, items)) kept.push(item);', '}', 'return kept;',
  ]),
  some: testHelper('`items.some(test)`, awaiting each `test` in turn until one passes (holes are skipped, as some does).', 'boolean', [
    ...FORWARD, '  if (index in items && await test(items[index], index, items)) return true;', '}', 'return false;',
  ]),
  every: testHelper('`items.every(test)`, awaiting each `test` in turn until one fails (holes are skipped, as every does).', 'boolean', [
    ...FORWARD, '  if (index in items && !await test(items[index], index, items)) return false;', '}', 'return true;',
  ]),
  find: testHelper('`items.find(test)`, awaiting each `test` in turn until one passes (holes are visited, as find does).', 'A[number] | undefined', [
    ...FORWARD, '  const item = items[index];', '  if (await test(item, index, items)) return item;', '}', 'return undefined;',
  ]),
  findIndex: testHelper('`items.findIndex(test)`, awaiting each `test` in turn until one passes (holes are visited too).', 'number', [
    ...FORWARD, '  if (await test(items[index], index, items)) return index;', '}', 'return -1;',
  ]),
  findLast: testHelper('`items.findLast(test)`: awaits each `test` from the last index down until one passes (holes included).', 'A[number] | undefined', [
    ...BACKWARD, '  const item = items[index];', '  if (await test(item, index, items)) return item;', '}', 'return undefined;',
  ]),
  findLastIndex: testHelper('`items.findLastIndex(test)`: awaits each `test` from the last index down until one passes (holes included).', 'number', [
    ...BACKWARD, '  if (await test(items[index], index, items)) return index;', '}', 'return -1;',
  ]),
  reduce: reduceHelper('`items.reduce(reducer, initial)`, awaiting each step before the next (holes are skipped, as reduce does).', FORWARD),
  reduceFromFirst: {
    doc: '`items.reduce(reducer)`, starting from the first item, awaiting each step before the next (holes are skipped); it throws for an array without items, as reduce does.',
    typeParameters: [ARRAY],
    parameters: [['items', 'A'], ['reducer', '(accumulator: A[number], item: A[number], index: number, array: A) => A[number] | PromiseLike<A[number]>']],
    resolves: 'A[number]',
    body: [
      'const length = items.length;', 'let index = 0;', 'while (index < length && !(index in items)) index++;', `if (index === length) ${EMPTY_REDUCE}`,
      'let accumulator = items[index];', 'while (++index < length) {', '  if (index in items) accumulator = await reducer(accumulator, items[index], index, items);', '}', 'return accumulator;',
    ],
  },
  reduceRight: reduceHelper('`items.reduceRight(reducer, initial)`, awaiting each step before the next (holes are skipped).', BACKWARD),
  reduceRightFromLast: {
    doc: '`items.reduceRight(reducer)`, starting from the last item, awaiting each step before the next (holes are skipped); it throws for an array without items, as reduceRight does.',
    typeParameters: [ARRAY],
    parameters: [['items', 'A'], ['reducer', '(accumulator: A[number], item: A[number], index: number, array: A) => A[number] | PromiseLike<A[number]>']],
    resolves: 'A[number]',
    body: [
      'let index = items.length - 1;', 'while (index >= 0 && !(index in items)) index--;', `if (index < 0) ${EMPTY_REDUCE}`,
      'let accumulator = items[index];', 'while (--index >= 0) {', '  if (index in items) accumulator = await reducer(accumulator, items[index], index, items);', '}', 'return accumulator;',
    ],
  },
};

const OPTIONAL_CHAIN = 'the call is part of an optional chain, which the rewritten call would not short-circuit';
const RETURNS_AN_ELEMENT = new Set(['find', 'findLast', 'reduce', 'reduceRight']);
/** Globals the helpers use: a file that declares its own would change what they mean. */
const HELPER_GLOBALS = ['Promise', 'PromiseLike', 'TypeError'];

/**
 * The rewrite of `call` (`receiver.method(callback, …)`, the receiver an array, the callback now async),
 * or why there is none.
 */
export function rewriteArrayCallback(call: CallExpression, checker: ts.TypeChecker): ArrayCallbackRewrite {
  const callee = call.getExpression() as PropertyAccessExpression;
  const method = callee.getName();
  const receiver = callee.getExpression();
  const file = call.getSourceFile();
  const args = call.getArguments();
  const refuse = (why: string): ArrayCallbackRewrite => ({
    refuse: `the callback of \`${method}\` would become async, and \`${method}\` does not await it; ${why}: rewrite it as a for…of loop with await by hand`,
  });
  if (method === 'sort' || method === 'toSorted') return { refuse: sortReason(method) };
  const helperKey = method === 'reduce' || method === 'reduceRight'
    ? (args.length >= 2 ? method : method === 'reduce' ? 'reduceFromFirst' : 'reduceRightFromLast')
    : method;
  const helper = HELPERS[helperKey];
  if (helper === undefined) return refuse('no rewrite is known for it');
  if (args.some((a) => Node.isSpreadElement(a))) return refuse('its arguments are spread, so which ones it receives is not known');
  if ((method === 'reduce' || method === 'reduceRight') && args.length > 2) return refuse(`more arguments are passed than \`${method}\` takes`);
  if (method !== 'reduce' && method !== 'reduceRight' && args.length > 1) return refuse('a `thisArg` is passed, which the rewritten call would not bind');
  if (call.getTypeArguments().length > 0) return refuse('type arguments are given, which the rewritten call would not take');
  if (Node.isSuperExpression(receiver)) return refuse('the array is `super`, which cannot be passed on');
  if ((call.compilerNode.flags & ts.NodeFlags.OptionalChain) !== 0) return refuse(OPTIONAL_CHAIN);
  if (!isModule(file)) return refuse('the file is a script (no import, export or require), where the helper function the rewrite adds would be a global');
  const shadowed = HELPER_GLOBALS.find((name) => file.getLocal(name) !== undefined);
  if (shadowed !== undefined) return refuse(`the file declares its own \`${shadowed}\`, which the helper the rewrite adds would use`);
  const awaited = isAwaitedCall(call);
  if (RETURNS_AN_ELEMENT.has(method) && !awaited && mayBeThenable(checker, checker.getTypeAtLocation(call.compilerNode))) {
    return refuse(`its result may be a promise (\`${checker.typeToString(checker.getTypeAtLocation(call.compilerNode))}\`), which awaiting the rewritten call would unwrap`);
  }

  // a helper an earlier migration added is used again
  const base = `${helperKey}Async`;
  const reused = file.getFunctions().find((f) => {
    const existing = f.getName();
    return existing !== undefined && new RegExp(`^${base}\\d*$`).test(existing)
      // its text with the comments before it (its doc comment is not a syntax node in TypeScript: see parse-as-tsc.ts)
      && f.getFullText().replaceAll('\r\n', '\n').trimStart() === helperText(file, existing, helper, false).trim();
  })?.getName();
  const name = reused ?? freshName(file, base);
  const parens = needsParentheses(call);
  const edits = wrapEdits(file, call.getStart(), call.getEnd(), `${parens ? '(' : ''}${awaited ? '' : 'await '}${name}(`, parens ? ')' : '', awaited ? 'rewrite' : 'await');
  edits.push(...receiverToArgument(file, callee, args[0]!));
  if (reused === undefined) {
    // the anchor only orders the helpers appended at the end of the file: as listed in HELPERS, whatever the groups' order
    const order = Object.keys(HELPERS).length - Object.keys(HELPERS).indexOf(helperKey);
    edits.push({ file, start: file.getEnd(), end: file.getEnd(), text: helperText(file, name, helper), kind: 'rewrite', anchor: { side: 'open', span: order } });
  }
  return { edits };
}

/** Why `sort`/`toSorted` keep a comparator that becomes async. */
function sortReason(method: string): string {
  return `the comparator of \`${method}\` would become async, and \`${method}\` cannot await it: which comparisons a sort makes depends on its algorithm, so no loop does the same. `
    + 'By hand: await what the comparison needs first (`const keys = new Map(await Promise.all(items.map(async (item) => [item, await keyOf(item)] as const)))`), '
    + 'then sort with a synchronous comparator that reads it';
}

/**
 * Why the callback of `call` (`receiver.filter(f)`, …: an array method's name, a receiver not known to
 * be an array) is left with a reason of its own: the receiver's type is `any`/`unknown`, or it is an
 * array reached through an optional chain. Undefined otherwise: the callee is some other code.
 */
export function unknownReceiverReason(call: CallExpression, checker: ts.TypeChecker): string | undefined {
  const callee = call.getExpression() as PropertyAccessExpression;
  const method = callee.getName();
  const receiver = callee.getExpression();
  const type = checker.getTypeAtLocation(receiver.compilerNode);
  const text = receiver.getText().length > 40 ? `${receiver.getText().slice(0, 40)}…` : receiver.getText();
  if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0) {
    return `the callback of \`${method}\` would become async, but \`${text}\` is not known to be an array (its type is \`${checker.typeToString(type)}\`), so the call cannot be rewritten to await it: give it an array type, or rewrite it as a for…of loop with await by hand`;
  }
  const present = checker.getNonNullableType(type);
  if ((call.compilerNode.flags & ts.NodeFlags.OptionalChain) !== 0 && (checker.isArrayType(present) || checker.isTupleType(present))) {
    return `the callback of \`${method}\` would become async, and \`${method}\` does not await it; ${OPTIONAL_CHAIN}: rewrite it as a for…of loop with await by hand`;
  }
  return undefined;
}

/** `receiver.method(` → `receiver, `: the receiver becomes the helper's first argument, where it is. */
function receiverToArgument(file: SourceFile, callee: PropertyAccessExpression, first: Node): FileEdit[] {
  const from = callee.getExpression().getEnd();
  const between = file.getFullText().slice(from, first.getStart());
  if (!/\/[/*]/.test(between)) return [{ file, start: from, end: first.getStart(), text: ', ', kind: 'rewrite' }];
  // comments around `.method(` stay: only the tokens go
  const dot = callee.getFirstChildByKindOrThrow(ts.SyntaxKind.DotToken);
  const open = callee.getParentOrThrow().getFirstChildByKindOrThrow(ts.SyntaxKind.OpenParenToken);
  return [
    { file, start: dot.getStart(), end: callee.getNameNode().getEnd(), text: '', kind: 'rewrite' },
    { file, start: open.getStart(), end: open.getEnd(), text: /\s/.test(file.getFullText()[open.getEnd()] ?? '') ? ',' : ', ', kind: 'rewrite' },
  ];
}

/** Whether `type` may hold a promise: then an `await` of the helper's result would unwrap it, where the call returned it. */
function mayBeThenable(checker: ts.TypeChecker, type: ts.Type, seen = new Set<ts.Type>()): boolean {
  if (seen.has(type)) return false;
  seen.add(type);
  return (type.isUnion() ? type.types : [type]).some((part) => {
    if ((part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.NonPrimitive)) !== 0) return true;
    if ((part.flags & ts.TypeFlags.TypeParameter) !== 0) {
      const constraint = checker.getBaseConstraintOfType(part);
      return constraint === undefined || constraint === part || mayBeThenable(checker, constraint, seen);
    }
    // `{}` holds anything but null and undefined
    if ((part.flags & ts.TypeFlags.Object) !== 0 && part.getProperties().length === 0 && part.getCallSignatures().length === 0
      && checker.getIndexInfosOfType(part).length === 0 && !checker.isArrayType(part) && !checker.isTupleType(part)) return true;
    return isThenable(checker, part);
  });
}

/** An ES module or a CommonJS one: its top-level declarations are its own. */
function isModule(file: SourceFile): boolean {
  const node = file.compilerNode as ts.SourceFile & { commonJsModuleIndicator?: unknown };
  return ts.isExternalModule(node) || node.commonJsModuleIndicator !== undefined;
}

const JS_FILE = /\.[cm]?jsx?$/;

/** The helper's declaration, appended to the file: typed in TypeScript, with JSDoc types in JavaScript. */
function helperText(file: SourceFile, name: string, helper: Helper, separated = true): string {
  const typed = !JS_FILE.test(file.getFilePath());
  const unit = indentUnit(file.getFullText());
  const body = helper.body.map((line) => {
    const [, indent = '', rest = ''] = /^((?: {2})*)(.*)$/.exec(line)!;
    const code = rest.replace('KEPT', typed ? ': A[number][]' : '');
    return `${unit.repeat(indent.length / 2 + 1)}${code}`;
  });
  const doc = wrap(helper.doc, 110).map((line) => ` * ${line}`);
  const head = `async function ${name}<${helper.typeParameters.join(', ')}>(`;
  const tail = `): Promise<${helper.resolves}> {`;
  const parameters = helper.parameters.map(([p, t]) => `${p}: ${t}`);
  const oneLine = `${head}${parameters.join(', ')}${tail}`;
  const lines = typed
    ? [
      ...(`/** ${helper.doc} */`.length <= 120 ? [`/** ${helper.doc} */`] : ['/**', ...doc, ' */']),
      ...(oneLine.length <= 100 ? [oneLine] : [head, ...parameters.map((p) => `${unit}${p},`), tail]),
    ]
    : [
      '/**',
      ...doc,
      ...helper.typeParameters.map((t) => {
        const [, param = t, constraint] = /^(\w+)(?: extends (.+))?$/.exec(t)!;
        return constraint === undefined ? ` * @template ${param}` : ` * @template {${constraint}} ${param}`;
      }),
      ...helper.parameters.map(([p, t]) => ` * @param {${t}} ${p}`),
      ` * @returns {Promise<${helper.resolves}>}`,
      ' */',
      `async function ${name}(${helper.parameters.map(([p]) => p).join(', ')}) {`,
    ];
  const text = file.getFullText().replaceAll('\r\n', '\n');
  const separator = !separated || text.length === 0 || text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  return `${separator}${[...lines, ...body, '}'].join('\n')}\n`;
}

/** `text` in lines of at most `width` characters, broken between words. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The file's indentation step: that of its first indented line (a JSDoc continuation aside), or two spaces. */
function indentUnit(text: string): string {
  const match = /^(\t+|[ ]+)(?![ *])\S/m.exec(text);
  return match?.[1] ?? '  ';
}
