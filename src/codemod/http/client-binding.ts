import { Node, SyntaxKind } from '#ts-morph';
import type { ModuleBinding, RewriteContext, TextEdit } from '../types.js';
import { globalReference } from './syntax.js';

/**
 * What becomes of a file's bindings of a sync HTTP client once its calls are migrated. The bindings are
 * the engine's (every import and require form the rules' resolver follows); what is the client's own
 * is here: its modules, its response types, its error classes. A binding whose every use is a migrated
 * call or a response type goes, even when the call keeps its text (`fetch(url)`, now the global fetch).
 */

export type Client = 'sync-fetch' | 'sync-request';

/** Modules whose types describe a client's response: sync-request's Response comes from then-request. */
const RESPONSE_TYPES: Record<Client, ReadonlyArray<readonly [module: string, name: string]>> = {
  'sync-fetch': [['sync-fetch', 'SyncResponse']],
  'sync-request': [['sync-request', 'Response'], ['then-request', 'Response'], ['http-response-object', '']],
};

const CLIENT_MODULES: Record<Client, readonly string[]> = {
  'sync-fetch': ['sync-fetch'],
  'sync-request': ['sync-request', 'then-request', 'http-response-object'],
};

export type ReferenceUse =
  | { kind: 'call'; node: Node }
  | { kind: 'response-type'; node: Node }
  | { kind: 'error-class'; node: Node; name: string }
  | { kind: 'other'; node: Node };

/** How a reference to a client binding is used. */
function classify(ref: Node, binding: ModuleBinding, client: Client): ReferenceUse {
  // the callee, through `x.default`, `(0, x.default)` and parentheses
  let callee: Node = ref;
  for (;;) {
    const parent = callee.getParent();
    if (parent === undefined) break;
    if (Node.isPropertyAccessExpression(parent) && parent.getName() === 'default' && parent.getExpression() === callee) {
      callee = parent;
      continue;
    }
    if (Node.isParenthesizedExpression(parent)
      || (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.CommaToken && parent.getRight() === callee)) {
      callee = parent;
      continue;
    }
    break;
  }
  const parent = callee.getParent();
  if ((Node.isCallExpression(parent) || Node.isNewExpression(parent)) && parent.getExpression() === callee) return { kind: 'call', node: parent };
  const typeRef = typeReferenceOf(ref);
  if (typeRef !== undefined) {
    const [module, path] = [binding.module, [...binding.path, ...qualifiedRest(ref)]];
    return isResponseType(client, module, path) ? { kind: 'response-type', node: typeRef } : { kind: 'other', node: ref };
  }
  if (Node.isPropertyAccessExpression(parent) && /Error$/.test(parent.getName())) {
    return { kind: 'error-class', node: parent, name: parent.getName() };
  }
  return { kind: 'other', node: ref };
}

function isResponseType(client: Client, module: string, path: readonly string[]): boolean {
  const name = path[path.length - 1] ?? '';
  return RESPONSE_TYPES[client].some(([m, n]) => m === module && n === name);
}

/** The type reference (`fetch.SyncResponse`, `Response<Buffer>`) an identifier starts, if it is in a type. */
function typeReferenceOf(ref: Node): Node | undefined {
  let node = ref;
  while (Node.isQualifiedName(node.getParent())) node = node.getParentOrThrow();
  const parent = node.getParent();
  return parent !== undefined && (Node.isTypeReference(parent) || Node.isTypeQuery(parent)) ? parent : undefined;
}

function qualifiedRest(ref: Node): string[] {
  const rest: string[] = [];
  let node = ref;
  for (let parent = node.getParent(); Node.isQualifiedName(parent); parent = node.getParent()) {
    rest.push(parent.getRight().getText());
    node = parent;
  }
  return rest;
}

export interface BindingUses {
  binding: ModuleBinding;
  uses: ReferenceUse[];
  /** No use outside calls and response types: the declaration goes with the migration. */
  removable: boolean;
}

/** The client's bindings in the context's file, with what each of their references is. */
export function bindingUses(context: Pick<RewriteContext, 'moduleBindings'>, client: Client): BindingUses[] {
  return context.moduleBindings(CLIENT_MODULES[client]).map((binding) => {
    const uses = binding.references.map((ref) => classify(ref, binding, client));
    return { binding, uses, removable: uses.every((u) => u.kind === 'call' || u.kind === 'response-type') };
  });
}

/**
 * The name that reaches the global fetch at `site` after migration: `fetch`, unless something else
 * named fetch stays in scope (a kept `import fetch from 'sync-fetch'`, a local function).
 */
export function fetchName(site: Node, client: Client, context: Pick<RewriteContext, 'moduleBindings'>): string {
  const goes = bindingUses(context, client).find((b) => b.removable && b.binding.name.getText() === 'fetch');
  return globalReference(site, 'fetch', 'value', goes?.binding.declaration);
}

/** The global Response type's name at a node (express's `Response` is often imported too). */
function responseTypeName(node: Node, removed: readonly BindingUses[]): string {
  const goes = removed.find(({ binding }) => binding.name.getText() === 'Response');
  return globalReference(node, 'Response', 'type', goes?.binding.declaration);
}

/** Once every call is migrated: response types become the global Response; bindings left without a use go. */
export function cleanupEdits(client: Client, context: Pick<RewriteContext, 'moduleBindings' | 'removeBindings'>): TextEdit[] {
  const edits: TextEdit[] = [];
  const all = bindingUses(context, client);
  const removed = all.filter((b) => b.removable);
  for (const { uses } of all) {
    for (const use of uses) {
      if (use.kind === 'response-type') edits.push({ start: use.node.getStart(), end: use.node.getEnd(), text: responseTypeName(use.node, removed) });
    }
  }
  return [...edits, ...context.removeBindings(removed.map((b) => b.binding))];
}
