import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { TextEdit } from '../types.js';
import { globalReference, referencesInFile } from './syntax.js';

/**
 * The bindings a file holds of a sync HTTP client (`import fetch from 'sync-fetch'`, `const request =
 * require('sync-request')`, compiled `const sync_fetch_1 = __importDefault(require("sync-fetch"))`), and
 * what becomes of them once the calls are migrated: the declaration goes away when nothing else uses it.
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

const INTEROP = /^_{1,2}(?:importStar|importDefault|interopRequireDefault|interopRequireWildcard|toESM)$/;

export interface Binding {
  /** The identifier that declares the binding. */
  name: Node;
  module: string;
  /** The import or require statement to delete when every binding in it goes. */
  declaration: Node;
  /** The path below the module the binding stands for: [] for the module or its default export. */
  path: readonly string[];
}

/** Every binding of the client's modules in a file. */
export function clientBindings(file: SourceFile, client: Client): Binding[] {
  return moduleBindings(file, CLIENT_MODULES[client]);
}

/** Every binding a file declares of some modules: imports, import-equals, top-level requires. */
export function moduleBindings(file: SourceFile, modules: readonly string[]): Binding[] {
  const bindings: Binding[] = [];
  for (const decl of file.getImportDeclarations()) {
    const module = decl.getModuleSpecifierValue();
    if (!modules.includes(module)) continue;
    const def = decl.getDefaultImport();
    if (def !== undefined) bindings.push({ name: def, module, declaration: decl, path: [] });
    const ns = decl.getNamespaceImport();
    if (ns !== undefined) bindings.push({ name: ns, module, declaration: decl, path: [] });
    for (const spec of decl.getNamedImports()) {
      const imported = spec.getNameNode().getText();
      bindings.push({ name: spec.getAliasNode() ?? spec.getNameNode(), module, declaration: decl, path: imported === 'default' ? [] : [imported] });
    }
  }
  for (const decl of file.getDescendantsOfKind(SyntaxKind.ImportEqualsDeclaration)) {
    const ref = decl.getModuleReference();
    if (!Node.isExternalModuleReference(ref)) continue;
    const module = ref.getExpression()?.getText().slice(1, -1);
    if (module !== undefined && modules.includes(module)) bindings.push({ name: decl.getNameNode(), module, declaration: decl, path: [] });
  }
  for (const statement of file.getVariableStatements()) {
    const declarations = statement.getDeclarations();
    if (declarations.length !== 1) continue;
    const declarator = declarations[0]!;
    const module = requiredModule(declarator.getInitializer());
    if (module === undefined || !modules.includes(module)) continue;
    const name = declarator.getNameNode();
    if (Node.isIdentifier(name)) bindings.push({ name, module, declaration: statement, path: [] });
  }
  return bindings;
}

/** `require('x')`, possibly inside an interop helper, or `require('x').default`. */
function requiredModule(init: Node | undefined): string | undefined {
  let node = init;
  if (node !== undefined && Node.isPropertyAccessExpression(node) && node.getName() === 'default') node = node.getExpression();
  if (node === undefined || !Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  const [arg] = node.getArguments();
  if (Node.isIdentifier(callee) && INTEROP.test(callee.getText()) && arg !== undefined) return requiredModule(arg);
  if (!Node.isIdentifier(callee) || callee.getText() !== 'require' || arg === undefined) return undefined;
  return Node.isStringLiteral(arg) || Node.isNoSubstitutionTemplateLiteral(arg) ? arg.getLiteralValue() : undefined;
}

export type ReferenceUse =
  | { kind: 'call'; node: Node }
  | { kind: 'response-type'; node: Node }
  | { kind: 'error-class'; node: Node; name: string }
  | { kind: 'other'; node: Node };

/** How a reference to a client binding is used. */
function classify(ref: Node, binding: Binding, client: Client): ReferenceUse {
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
  binding: Binding;
  uses: ReferenceUse[];
  /** No use outside calls and response types: the declaration goes with the migration. */
  removable: boolean;
}

export function bindingUses(file: SourceFile, client: Client): BindingUses[] {
  return clientBindings(file, client).map((binding) => {
    const uses = referencesInFile(binding.name).map((ref) => classify(ref, binding, client));
    return { binding, uses, removable: uses.every((u) => u.kind === 'call' || u.kind === 'response-type') };
  });
}

/**
 * The name that reaches the global fetch at `site` after migration: `fetch`, unless something else
 * named fetch stays in scope (a kept `import fetch from 'sync-fetch'`, a local function).
 */
export function fetchName(site: Node, client: Client): string {
  const removed = bindingUses(site.getSourceFile(), client).filter((b) => b.removable);
  for (const { binding } of removed) {
    if (binding.name.getText() === 'fetch') return globalReference(site, 'fetch', 'value', binding.declaration);
  }
  return globalReference(site, 'fetch', 'value');
}

/** The global Response type's name at a node (express's `Response` is often imported too). */
export function responseTypeName(node: Node, client: Client): string {
  const removed = bindingUses(node.getSourceFile(), client).filter((b) => b.removable);
  const goes = removed.find(({ binding }) => binding.name.getText() === 'Response');
  return globalReference(node, 'Response', 'type', goes?.binding.declaration);
}

/** Once every call is migrated: response types become the global Response; unused declarations go. */
export function cleanupEdits(file: SourceFile, client: Client): TextEdit[] {
  const edits: TextEdit[] = [];
  const all = bindingUses(file, client);
  for (const { uses } of all) {
    for (const use of uses) {
      if (use.kind === 'response-type') edits.push({ start: use.node.getStart(), end: use.node.getEnd(), text: responseTypeName(use.node, client) });
    }
  }
  const declarations = new Set(all.map((b) => b.binding.declaration));
  for (const declaration of declarations) {
    if (all.every((b) => b.binding.declaration !== declaration || b.removable)) edits.push(statementRemoval(declaration));
  }
  return edits;
}

/** Removes a whole statement and its line break (as the engine removes an unused import, so the two agree). */
export function statementRemoval(statement: Node): TextEdit {
  const text = statement.getSourceFile().getFullText();
  let end = statement.getEnd();
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start: statement.getStart(), end, text: '' };
}
