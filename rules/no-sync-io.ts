import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { matchBlockingCall, sleepCommandSeconds, sourceTextPattern, type CallLike } from '../src/analysis/blocking-calls.js';
import { matchBlockingValue } from '../src/analysis/blocking-values.js';
import { asyncContextOf, canAwaitAt, CONTEXT_MODES, type ContextMode } from '../src/analysis/context.js';
import { resolverFor, type Resolver } from '../src/analysis/resolve.js';
import {
  argumentsText, awaitInPlaceOf, hasKey, ImportPlan, objectLiteralAt, operand, type Edit, type ImportOptions,
} from '../src/analysis/suggest.js';
import { catalog, catalogModuleNames, describeReplacement, type CatalogEntry } from '../src/catalog/index.js';
import { createRule } from '../src/create-rule.js';

export interface NoSyncIoOptions {
  context?: ContextMode;
  allow?: string[];
}
type Options = [NoSyncIoOptions];
type MessageIds = 'blocking' | 'blockingManual' | 'blockingValue' | 'suggestAsync';

/** A file that names none of these modules in a string, nor a catalog global, cannot reach the catalog. */
const SOURCE_FILTER = sourceTextPattern(
  catalogModuleNames(),
  catalog.flatMap((e) => (e.type === 'export' && e.global !== undefined ? [e.global] : [])),
);

/** Replacements a suggestion can write in place: not fetch (options and response differ) nor sqlite (another driver). */
const LOCAL_MAPPINGS = new Set(['same', 'exists', 'promisify', 'exec-stdout', 'mkdir-recursive']);

export default createRule<Options, MessageIds>({
  name: 'no-sync-io',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow synchronous file system, child process, compression, crypto, HTTP and database calls where they block the event loop',
      recommended: true,
    },
    hasSuggestions: true,
    messages: {
      blocking: '`{{name}}` blocks the event loop ({{category}}): use {{replacement}} instead.',
      blockingManual: '`{{name}}` blocks the event loop ({{category}}): use {{replacement}} instead. Migrate it by hand: {{reason}}.',
      blockingValue: '`{{name}}` blocks the event loop ({{category}}) wherever it is called, and is handed on as a value here: where it is called, use {{replacement}} instead, by hand.',
      suggestAsync: 'Replace with {{replacement}}.',
    },
    schema: [
      {
        type: 'object',
        description: 'Where to report, and which APIs to accept.',
        properties: {
          context: {
            type: 'string',
            enum: [...CONTEXT_MODES],
            description: '`async`: inside async functions, callbacks the event loop calls and the functions they call; `functions`: inside any function; `all`: everywhere, module top level included.',
          },
          allow: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description: 'APIs to accept, by name (`existsSync`, `Statement#get`) or catalog id (`fs.existsSync`, `better-sqlite3.Statement#get`).',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ context: 'async', allow: [] }],
  },
  create(context, [options]) {
    const { sourceCode } = context;
    if (!SOURCE_FILTER.test(sourceCode.text)) return {};
    const mode = options.context ?? 'async';
    const allowed = new Set(options.allow ?? []);
    const resolver = resolverFor(sourceCode);

    /** An entry not allowed, met where blocking counts (see `context`). */
    function reportable(entry: CatalogEntry, node: TSESTree.Node): boolean {
      return !allowed.has(entry.name) && !allowed.has(entry.id) && asyncContextOf(sourceCode, resolver).inContext(node, mode);
    }

    function check(node: CallLike): void {
      const entry = matchBlockingCall(node, resolver);
      // sleeps, by package or by `execSync('sleep 1')`, are no-blocking-sleep's
      if (entry === undefined || entry.category === 'sleep' || sleepCommandSeconds(node, entry) !== undefined) return;
      if (!reportable(entry, node)) return;
      const data = { name: entry.name, category: entry.category, replacement: describeReplacement(entry) };
      const fix = suggestion(sourceCode, resolver, { sourceType: context.languageOptions.sourceType, filename: context.filename }, node, entry);
      const suggest: TSESLint.ReportSuggestionArray<MessageIds> = fix === null ? [] : [{
        messageId: 'suggestAsync',
        data: { replacement: data.replacement },
        fix: (fixer) => fix.map((edit) => fixer.replaceTextRange(edit.range, edit.text)),
      }];
      if (entry.fix.automatic) context.report({ node, messageId: 'blocking', data, suggest });
      else context.report({ node, messageId: 'blockingManual', data: { ...data, reason: entry.fix.reason }, suggest });
    }

    // espree gives `export { statSync }` one identifier as both `local` and `exported`: visited twice
    const seen = new WeakSet<TSESTree.Node>();
    function checkValue(node: TSESTree.MemberExpression | TSESTree.Identifier): void {
      if (node.parent.type === AST_NODE_TYPES.ExportSpecifier) {
        if (seen.has(node)) return;
        seen.add(node);
      }
      const entry = matchBlockingValue(node, resolver);
      if (entry === undefined || entry.category === 'sleep' || !reportable(entry, node)) return;
      context.report({ node, messageId: 'blockingValue', data: { name: entry.name, category: entry.category, replacement: describeReplacement(entry) } });
    }

    return { CallExpression: check, NewExpression: check, TaggedTemplateExpression: check, MemberExpression: checkValue, Identifier: checkValue };
  },
});

/**
 * The in-place rewrite to the async replacement, where the enclosing function is already async and a
 * codemod would rewrite the call (`fix.automatic`) without a version check (`requires`).
 */
function suggestion(
  sourceCode: Readonly<TSESLint.SourceCode>,
  resolver: Resolver,
  imports: ImportOptions,
  node: CallLike,
  entry: CatalogEntry,
): Edit[] | null {
  const replacement = entry.replacement;
  if (node.type !== AST_NODE_TYPES.CallExpression || replacement === null || !entry.fix.automatic
    || replacement.requires !== undefined || !LOCAL_MAPPINGS.has(replacement.mapping.kind) || !canAwaitAt(node)
    || resolver.loadedUnderCondition(node.callee)) return null;
  const plan = new ImportPlan(sourceCode, resolver, node, imports);
  const args = argumentsText(sourceCode, node.arguments);
  let text: string;
  switch (replacement.mapping.kind) {
    case 'same':
      text = awaitInPlaceOf(node, `await ${plan.reference(replacement.module, replacement.export)}(${args})`);
      break;
    case 'exists':
      text = awaitInPlaceOf(node, `await ${plan.reference(replacement.module, replacement.export)}(${args}).then(() => true, () => false)`);
      break;
    case 'promisify': {
      const promisify = plan.reference('node:util', 'promisify');
      text = awaitInPlaceOf(node, `await ${promisify}(${plan.reference(replacement.module, replacement.export)})(${args})`);
      break;
    }
    case 'exec-stdout': {
      const execArgs = execArguments(sourceCode, node, replacement.export === 'execFile');
      if (execArgs === null) return null;
      const promisify = plan.reference('node:util', 'promisify');
      const run = `await ${promisify}(${plan.reference(replacement.module, replacement.export)})(${execArgs})`;
      text = node.parent.type === AST_NODE_TYPES.ExpressionStatement ? run : `(${run}).stdout`;
      break;
    }
    case 'mkdir-recursive': {
      const mkdirArgs = recursiveMkdirArguments(sourceCode, node);
      if (mkdirArgs === null) return null;
      text = awaitInPlaceOf(node, `await ${plan.reference(replacement.module, replacement.export)}(${mkdirArgs})`);
      break;
    }
    default:
      return null;
  }
  return [...plan.edits(), { range: node.range, text }];
}

/**
 * Arguments for promisified exec/execFile. execSync returns a Buffer unless given an encoding, while
 * exec decodes stdout as UTF-8 by default: `encoding: 'buffer'` keeps the result's type, unless the
 * call gives an encoding or the result is only turned into a string anyway.
 */
function execArguments(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.CallExpression, isExecFile: boolean): string | null {
  const args = node.arguments;
  if (args.length === 0 || args.some((a) => a.type === AST_NODE_TYPES.SpreadElement)) return null;
  const optionsIndex = isExecFile ? execFileOptionsIndex(args) : 1;
  if (optionsIndex === null) return null;
  const given = args[optionsIndex];
  const literal = objectLiteralAt(args, optionsIndex);
  const parent = node.parent;
  const onlyAsString = parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node && !parent.computed
    && parent.property.type === AST_NODE_TYPES.Identifier && parent.property.name === 'toString'
    && parent.parent.type === AST_NODE_TYPES.CallExpression && parent.parent.arguments.length === 0;
  if (parent.type === AST_NODE_TYPES.ExpressionStatement || onlyAsString || (literal !== null && hasKey(literal, 'encoding'))) {
    return argumentsText(sourceCode, args);
  }
  let options: string;
  if (given === undefined) options = "{ encoding: 'buffer' }";
  else if (literal === null) options = `{ encoding: 'buffer', ...${operand(sourceCode, given, 2)} }`;
  else if (literal.properties.length === 0) options = "{ encoding: 'buffer' }";
  else options = `{ encoding: 'buffer', ${argumentsText(sourceCode, literal.properties)} }`;
  const texts = args.map((a) => sourceCode.getText(a));
  texts.splice(optionsIndex, given === undefined ? 0 : 1, options);
  return texts.join(', ');
}

/**
 * Arguments for `mkdir(dir, { recursive: true })` in place of mkdirp's sync form, whose value must go
 * unused (mkdirp 0.5 returns null where mkdir resolves undefined), and whose second argument can only be
 * a mode (a literal, or `{ mode }`): other options may name another file system.
 */
function recursiveMkdirArguments(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.CallExpression): string | null {
  const [dir, mode, ...rest] = node.arguments;
  if (node.parent.type !== AST_NODE_TYPES.ExpressionStatement || dir === undefined || dir.type === AST_NODE_TYPES.SpreadElement || rest.length > 0) return null;
  const dirText = sourceCode.getText(dir);
  if (mode === undefined) return `${dirText}, { recursive: true }`;
  if (mode.type === AST_NODE_TYPES.Literal && (typeof mode.value === 'number' || typeof mode.value === 'string')) return `${dirText}, { recursive: true, mode: ${sourceCode.getText(mode)} }`;
  if (mode.type !== AST_NODE_TYPES.ObjectExpression) return null;
  const onlyMode = mode.properties.every((p) => p.type === AST_NODE_TYPES.Property && !p.computed && p.kind === 'init'
    && ((p.key.type === AST_NODE_TYPES.Identifier && p.key.name === 'mode') || (p.key.type === AST_NODE_TYPES.Literal && p.key.value === 'mode')));
  if (!onlyMode) return null;
  return mode.properties.length === 0 ? `${dirText}, { recursive: true }` : `${dirText}, { recursive: true, ${argumentsText(sourceCode, mode.properties)} }`;
}

/** execFileSync(file, args?, options?): where the options are, or null when an identifier could be either. */
function execFileOptionsIndex(args: readonly TSESTree.CallExpressionArgument[]): number | null {
  if (args.length === 1) return 1;
  if (args[1]?.type === AST_NODE_TYPES.ArrayExpression || args.length >= 3) return 2;
  return args[1]?.type === AST_NODE_TYPES.ObjectExpression ? 1 : null;
}
