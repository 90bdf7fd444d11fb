import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { matchBlockingCall, sleepCommandSeconds, type CallLike } from '../../src/analysis/blocking-calls.js';
import { Resolver } from '../../src/analysis/resolve.js';
import type { Category } from '../../src/catalog/index.js';

/**
 * A bare rule over the shared analysis: every call `matchBlockingCall` ties to a blocking API of
 * `categories`, sleep commands aside. Measuring it beside no-sync-io tells a resolver or catalog miss
 * (both miss) from one of the rule's own (only the rule misses).
 */
export function resolverProbe(categories: ReadonlySet<Category>): TSESLint.RuleModule<'call', []> {
  return {
    defaultOptions: [],
    meta: { type: 'problem', messages: { call: '{{id}}' }, schema: [] },
    create(context) {
      const resolver = new Resolver(context.sourceCode);
      const check = (node: CallLike): void => {
        const entry = matchBlockingCall(node, resolver);
        if (entry === undefined || !categories.has(entry.category) || sleepCommandSeconds(node, entry) !== undefined) return;
        context.report({ node, messageId: 'call', data: { id: entry.id } });
      };
      return {
        CallExpression: check,
        NewExpression: check,
        TaggedTemplateExpression: (node: TSESTree.TaggedTemplateExpression) => check(node),
      };
    },
  };
}
