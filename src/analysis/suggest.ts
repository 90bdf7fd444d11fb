import { AST_NODE_TYPES } from '@typescript-eslint/types';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ImportManager, type Edit, type ImportOptions } from './imports.js';
import type { Resolver } from './resolve.js';

/**
 * Building blocks of suggestions: text edits that bring a module's export into scope (the import
 * manager's, shared with the codemods), and expression text with the parentheses precedence needs.
 * Plain text edits, so rules turn them into fixes and anything else can apply them too.
 */

export type { Edit, ImportOptions };

/**
 * What one suggestion needs in order to name exports of modules at one place of a file. Each
 * `reference()` returns the expression to write; `edits()` then gives the import changes.
 */
export class ImportPlan {
  readonly #imports: ImportManager;

  /** `options`: the rule's `languageOptions.sourceType` and `filename`, which decide between `import` and `require`. */
  constructor(sourceCode: Readonly<TSESLint.SourceCode>, resolver: Resolver, private readonly site: TSESTree.Node, options: ImportOptions = {}) {
    this.#imports = new ImportManager(sourceCode, resolver, options);
  }

  /** An expression for `exportName` (`default` for the module's default export) of `module`, valid at the site. */
  reference(module: string, exportName: string): string {
    return this.#imports.reference(module, exportName, this.site).name;
  }

  /** The import changes. */
  edits(): Edit[] {
    return this.#imports.additions();
  }
}

// ---------------------------------------------------------------------------------------------------
// Expression text

/** Binding power of an expression; higher binds tighter. */
export function precedence(node: TSESTree.Node): number {
  switch (node.type) {
    case AST_NODE_TYPES.SequenceExpression:
      return 0;
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.AssignmentExpression:
    case AST_NODE_TYPES.YieldExpression:
      return 1;
    case AST_NODE_TYPES.ConditionalExpression:
      return 2;
    case AST_NODE_TYPES.LogicalExpression:
      return node.operator === '&&' ? 4 : 3;
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
      return 9;
    case AST_NODE_TYPES.BinaryExpression:
      return BINARY[node.operator] ?? 9;
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return 14;
    case AST_NODE_TYPES.UpdateExpression:
      return 15;
    default:
      return 20;
  }
}

const BINARY: Readonly<Record<string, number>> = {
  '|': 5, '^': 6, '&': 7, '==': 8, '!=': 8, '===': 8, '!==': 8,
  '<': 9, '>': 9, '<=': 9, '>=': 9, in: 9, instanceof: 9,
  '<<': 10, '>>': 10, '>>>': 10, '+': 11, '-': 11, '*': 12, '/': 12, '%': 12, '**': 13,
};

/** Operator binding powers for `operand()`. */
export const PRECEDENCE = { additive: 11, multiplicative: 12, unary: 14 } as const;

/** The text of `node`, parenthesised unless it binds at least as tightly as `minimum`. */
export function operand(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node, minimum: number): string {
  const text = sourceCode.getText(node);
  return precedence(node) >= minimum ? text : `(${text})`;
}

/**
 * Wraps an `await …` expression that replaces `node` in parentheses where the parent would otherwise
 * bind into it: `(await readFile(p)).toString()`, `(await f())()`, `(await x) ** 2`.
 */
export function awaitInPlaceOf(node: TSESTree.Node, awaitText: string): string {
  const parent = node.parent;
  if (parent === undefined) return awaitText;
  const binds = (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node)
    || ((parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && parent.callee === node)
    || (parent.type === AST_NODE_TYPES.TaggedTemplateExpression && parent.tag === node)
    || (parent.type === AST_NODE_TYPES.BinaryExpression && parent.operator === '**' && parent.left === node)
    || ((parent.type === AST_NODE_TYPES.ClassDeclaration || parent.type === AST_NODE_TYPES.ClassExpression) && parent.superClass === node);
  return binds ? `(${awaitText})` : awaitText;
}

/** The source text of a call's arguments as written, comments included (`''` when there are none). */
export function argumentsText(sourceCode: Readonly<TSESLint.SourceCode>, args: readonly TSESTree.Node[]): string {
  const first = args[0];
  const last = args.at(-1);
  return first === undefined || last === undefined ? '' : sourceCode.text.slice(first.range[0], last.range[1]);
}

/** The options object literal a call was given at `index`, if it is one. */
export function objectLiteralAt(args: readonly TSESTree.Node[], index: number): TSESTree.ObjectExpression | null {
  const arg = args[index];
  return arg?.type === AST_NODE_TYPES.ObjectExpression ? arg : null;
}

/** Whether an object literal names a key (statically). */
export function hasKey(object: TSESTree.ObjectExpression, key: string): boolean {
  return object.properties.some((p) => p.type === AST_NODE_TYPES.Property && !p.computed
    && ((p.key.type === AST_NODE_TYPES.Identifier && p.key.name === key)
      || (p.key.type === AST_NODE_TYPES.Literal && p.key.value === key)));
}
