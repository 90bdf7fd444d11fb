import { AST_NODE_TYPES, ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  awaitAllowedAt, FloatingPromiseFinder, promiseTypes, topLevelAwaitAllowed, type DroppedCallback, type FloatingExpression, type FloatingPromiseOptions,
} from '../src/analysis/promises.js';
import { createRule } from '../src/create-rule.js';

export type MessageIds =
  | 'floating'
  | 'floatingArray'
  | 'forEachCallback'
  | 'listenerCallback'
  | 'addAwait'
  | 'addCatch'
  | 'awaitAll'
  | 'catchAll';

/** Every option may be left out: the defaults fill in. */
export type Options = [Partial<FloatingPromiseOptions>];

const VOID_HINT = ' (`void` marks a deliberate fire-and-forget.)';

export default createRule<Options, MessageIds>({
  name: 'no-floating-promises',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow promises that are neither awaited nor handled',
      recommended: true,
      requiresTypeChecking: false,
    },
    hasSuggestions: true,
    messages: {
      floating: 'This promise is neither awaited nor handled: if it rejects, the rejection is unhandled (Node.js exits on one by default). Await it, return it, or end it with `.catch(handler)`.{{voidHint}}',
      floatingArray: 'These promises are neither awaited nor handled: if one rejects, the rejection is unhandled. Await them with `await Promise.all(…)`.{{voidHint}}',
      forEachCallback: '`forEach` ignores what its callback returns: the promises of this async callback are never awaited and their rejections are unhandled. Use `for (const … of …)` with `await` (one at a time) or `await Promise.all(items.map(…))` (all at once).',
      listenerCallback: '`{{method}}()` ignores what its listener returns: a rejection of this async listener is unhandled. Catch errors inside the listener (`try { … } catch (error) { … }`).',
      addAwait: 'Await the promise.',
      addCatch: 'Handle its rejection with `.catch(…)` and mark it as not awaited with `void`.',
      awaitAll: 'Await them all with `await Promise.all(…)`.',
      catchAll: 'Handle their rejections with `Promise.all(…).catch(…)` and mark it as not awaited with `void`.',
    },
    schema: [
      {
        type: 'object',
        description: 'What counts as handled, and which callbacks are checked.',
        properties: {
          ignoreVoid: {
            type: 'boolean',
            description: 'Accept `void promise` as a deliberate fire-and-forget (its rejection stays unhandled).',
          },
          ignoreIIFE: {
            type: 'boolean',
            description: 'Do not report async immediately invoked function expressions: `(async () => { … })();`.',
          },
          checkCallbacks: {
            type: 'boolean',
            description: 'Report async callbacks given to `forEach` and to event listener registrations (`on`, `once`, `addListener`, `addEventListener`, `prependListener`, `prependOnceListener`), which drop their promises.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ ignoreVoid: true, ignoreIIFE: false, checkCallbacks: true }],
  },
  defaultOptions: [{ ignoreVoid: true, ignoreIIFE: false, checkCallbacks: true }],
  create(context, [options]) {
    const sourceCode = context.sourceCode;
    // Typed mode when the parser built a program (projectService / project); the rule works without.
    const services = sourceCode.parserServices?.program ? ESLintUtils.getParserServices(context, true) : undefined;
    const types = promiseTypes(services);
    const finder = new FloatingPromiseFinder(sourceCode, options, types);
    const topLevelAwait = topLevelAwaitAllowed(context.languageOptions.sourceType, context.filename, types);
    const handler = /\.[cm]?tsx?$/i.test(context.filename)
      ? '(error: unknown) => { console.error(error); }'
      : '(error) => { console.error(error); }';
    const voidHint = finder.options.ignoreVoid ? VOID_HINT : '';

    const reportExpression = (found: FloatingExpression): void => {
      const canAwait = awaitAllowedAt(found.statement, topLevelAwait);
      const suggest: TSESLint.SuggestionReportDescriptor<MessageIds>[] = [];
      if (found.array) {
        if (canAwait) suggest.push({ messageId: 'awaitAll', fix: (fixer) => wrap(fixer, found, 'await Promise.all(', ')') });
        suggest.push({ messageId: 'catchAll', fix: (fixer) => wrap(fixer, found, 'void Promise.all(', `).catch(${handler})`) });
      } else {
        if (canAwait) suggest.push({ messageId: 'addAwait', fix: (fixer) => addAwait(fixer, found) });
        suggest.push({ messageId: 'addCatch', fix: (fixer) => addCatch(fixer, found, handler) });
      }
      context.report({ node: found.node, messageId: found.array ? 'floatingArray' : 'floating', data: { voidHint }, suggest });
    };

    const reportCallback = (found: DroppedCallback): void => {
      context.report({
        node: found.node,
        messageId: found.api === 'forEach' ? 'forEachCallback' : 'listenerCallback',
        data: { method: found.method },
      });
    };

    return {
      ExpressionStatement(node) {
        for (const found of finder.inStatement(node)) reportExpression(found);
      },
      CallExpression(node) {
        for (const found of finder.droppedCallbacks(node)) reportCallback(found);
      },
    };

    /** Wraps the dropped value (its `void` operator included, if any) in `before … after`. */
    function wrap(fixer: TSESLint.RuleFixer, found: FloatingExpression, before: string, after: string): TSESLint.RuleFix {
      const text = sourceCode.getText(found.node);
      return fixer.replaceText(found.voidOperator ?? found.node, `${before}${text}${after}`);
    }

    function addAwait(fixer: TSESLint.RuleFixer, found: FloatingExpression): TSESLint.RuleFix[] {
      if (found.voidOperator !== null) {
        const start = found.voidOperator.range[0];
        return [fixer.replaceTextRange([start, start + 'void'.length], 'await')];
      }
      return needsParentheses(found.node)
        ? [fixer.insertTextBefore(found.node, 'await ('), fixer.insertTextAfter(found.node, ')')]
        : [fixer.insertTextBefore(found.node, 'await ')];
    }
  },
});

function addCatch(fixer: TSESLint.RuleFixer, found: FloatingExpression, handler: string): TSESLint.RuleFix[] {
  const parens = needsParentheses(found.node);
  const before = `${found.voidOperator === null ? 'void ' : ''}${parens ? '(' : ''}`;
  const after = `${parens ? ')' : ''}.catch(${handler})`;
  return before === ''
    ? [fixer.insertTextAfter(found.node, after)]
    : [fixer.insertTextBefore(found.node, before), fixer.insertTextAfter(found.node, after)];
}

/**
 * Whether `await x` or `x.catch(…)` needs `(x)`: anything but a call, a member access, a name and other
 * primaries (`x as T`, `new C` without arguments).
 */
function needsParentheses(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.ImportExpression:
    case AST_NODE_TYPES.TaggedTemplateExpression:
    case AST_NODE_TYPES.ThisExpression:
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
      return false;
    case AST_NODE_TYPES.NewExpression:
      return node.range[1] === node.callee.range[1]; // `new C` has no argument list
    default:
      return true;
  }
}
