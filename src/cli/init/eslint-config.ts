import { ts } from '#ts-morph';

/**
 * Adds unblock to an eslint.config file's text, as a person would: an import next to the others and
 * `unblock.configs.recommended` at the end of the exported config array, keeping the file's quotes,
 * semicolons, indentation and trailing commas. Only shapes it recognises are edited; anything else is
 * left to a person, with the exact lines to add.
 */

export type ConfigEditResult =
  | { kind: 'present' }
  | { kind: 'edited'; text: string; added: string[]; replaced: Array<{ from: string; to: string }> }
  | { kind: 'unrecognised'; why: string; lines: string[] };

const PACKAGE = 'unblock';

interface Style {
  quote: string;
  semicolon: string;
}

/** The config file a project without one gets. */
export function newConfigText(): string {
  return `import unblock from '${PACKAGE}';\n\nexport default [\n  unblock.configs.recommended,\n];\n`;
}

export function manualLines(isCommonJs: boolean): string[] {
  return [
    isCommonJs ? `const unblock = require('${PACKAGE}');` : `import unblock from '${PACKAGE}';`,
    '// … and, in the exported config array:',
    'unblock.configs.recommended,',
  ];
}

function scriptKind(fileName: string): ts.ScriptKind {
  return /\.[mc]?ts$/.test(fileName) ? ts.ScriptKind.TS : ts.ScriptKind.JS;
}

/** The package's main entry is the plugin; its subpaths (`unblock/catalog`, `unblock/codemods`) are not. */
function isUnblockSpecifier(text: string): boolean {
  return text === PACKAGE;
}

function isRequireOfUnblock(node: ts.Node): boolean {
  return ts.isCallExpression(node)
    && ts.isIdentifier(node.expression) && node.expression.text === 'require'
    && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)
    && isUnblockSpecifier(node.arguments[0].text);
}

interface Binding {
  /** How the file reaches the plugin: `unblock`, or `unblock.default` for a namespace import. */
  name: string;
  /**
   * `require('unblock').default`, which an earlier `unblock init` wrote: `require('unblock')` is the plugin
   * itself (Node's require(esm) returns the module's `module.exports` export), so this is undefined.
   */
  legacyDefault?: ts.PropertyAccessExpression;
}

/** The local name unblock's plugin is bound to, when the file already imports or requires it. */
function existingBinding(file: ts.SourceFile): Binding | undefined {
  for (const statement of file.statements) {
    if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const specifier = statement.moduleReference.expression;
      if (ts.isStringLiteral(specifier) && isUnblockSpecifier(specifier.text)) return { name: statement.name.text };
    }
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && isUnblockSpecifier(statement.moduleSpecifier.text)) {
      const clause = statement.importClause;
      if (clause?.name !== undefined) return { name: clause.name.text };
      const bindings = clause?.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) return { name: `${bindings.name.text}.default` };
      if (bindings !== undefined && ts.isNamedImports(bindings)) {
        const named = bindings.elements.find((e) => (e.propertyName ?? e.name).text === 'default');
        if (named !== undefined) return { name: named.name.text };
      }
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (init === undefined || !ts.isIdentifier(declaration.name)) continue;
        const name = declaration.name.text;
        if (isRequireOfUnblock(init)) return { name };
        if (ts.isPropertyAccessExpression(init) && init.name.text === 'default' && isRequireOfUnblock(init.expression)) return { name, legacyDefault: init };
        if (ts.isAwaitExpression(init) && ts.isCallExpression(init.expression) && init.expression.expression.kind === ts.SyntaxKind.ImportKeyword) {
          const arg = init.expression.arguments[0];
          if (arg !== undefined && ts.isStringLiteral(arg) && isUnblockSpecifier(arg.text)) return { name: `${name}.default` };
        }
      }
    }
  }
  return undefined;
}

/** Whether `name.configs` (name being the binding's root identifier) is used anywhere in the file. */
function usesConfigs(file: ts.SourceFile, binding: string): boolean {
  const root = binding.split('.')[0]!;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'configs') {
      let base: ts.Expression = node.expression;
      while (ts.isPropertyAccessExpression(base)) base = base.expression;
      if (ts.isIdentifier(base) && base.text === root) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function declaredAtTopLevel(file: ts.SourceFile, name: string): boolean {
  return file.statements.some((statement) => {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (clause?.name?.text === name) return true;
      const bindings = clause?.namedBindings;
      if (bindings === undefined) return false;
      return ts.isNamespaceImport(bindings) ? bindings.name.text === name : bindings.elements.some((e) => e.name.text === name);
    }
    if (ts.isVariableStatement(statement)) {
      return statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name);
    }
    if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) return statement.name?.text === name;
    return false;
  });
}

function unwrap(expression: ts.Expression): ts.Expression {
  let e = expression;
  while (ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e) || ts.isAsExpression(e)) e = e.expression;
  return e;
}

/** What the file exports as its config: `export default …` or `module.exports = …`. */
function exportedExpression(file: ts.SourceFile): { expression: ts.Expression; commonJs: boolean } | undefined {
  for (const statement of file.statements) {
    if (ts.isExportAssignment(statement) && statement.isExportEquals !== true) return { expression: statement.expression, commonJs: false };
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression)
      && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = statement.expression.left;
      if (ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.expression) && left.expression.text === 'module' && left.name.text === 'exports') {
        return { expression: statement.expression.right, commonJs: true };
      }
    }
  }
  return undefined;
}

/** `defineConfig(…)`, `tseslint.config(…)` and the like: calls that take config objects and arrays. */
function isConfigHelperCall(call: ts.CallExpression): boolean {
  const callee = call.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  return name === 'defineConfig' || name === 'config';
}

/** A list to append to, and the offset of its closing `]` or `)`. */
interface ListTarget {
  list: ts.NodeArray<ts.Expression>;
  close: number;
}

/** The list to append to: the exported array literal, or the arguments of a config helper call. */
function targetList(file: ts.SourceFile, expression: ts.Expression): ListTarget | undefined {
  let e = unwrap(expression);
  if (ts.isIdentifier(e)) {
    const name = e.text;
    const declaration = file.statements
      .filter(ts.isVariableStatement)
      .flatMap((s) => [...s.declarationList.declarations])
      .find((d) => ts.isIdentifier(d.name) && d.name.text === name);
    if (declaration?.initializer === undefined) return undefined;
    e = unwrap(declaration.initializer);
  }
  if (ts.isArrayLiteralExpression(e)) return { list: e.elements, close: e.getEnd() - 1 };
  if (ts.isCallExpression(e) && isConfigHelperCall(e)) {
    const only = e.arguments.length === 1 ? unwrap(e.arguments[0]!) : undefined;
    if (only !== undefined && ts.isArrayLiteralExpression(only)) return { list: only.elements, close: only.getEnd() - 1 };
    return { list: e.arguments, close: e.getEnd() - 1 };
  }
  return undefined;
}

/** Inserts `text` at `at`, or replaces [at, end) with it. */
interface Insertion {
  at: number;
  end?: number;
  text: string;
}

function lineStart(text: string, position: number): number {
  return text.lastIndexOf('\n', position - 1) + 1;
}

function indentationAt(text: string, position: number): string {
  const start = lineStart(text, position);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** Appends `element` to a list, keeping its layout: one element per line, or all on one line. */
function appendToList(text: string, file: ts.SourceFile, target: ListTarget, element: string): Insertion[] {
  const { list, close } = target;
  const last = list.at(-1);
  if (last === undefined) return [{ at: close, text: element }];
  const closingLine = lineStart(text, close);
  const closeOnOwnLine = text.slice(closingLine, close).trim() === '' && lineStart(text, last.getEnd()) !== closingLine;
  if (closeOnOwnLine) {
    const indent = indentationAt(text, last.getStart(file));
    const edits: Insertion[] = [];
    if (!list.hasTrailingComma) edits.push({ at: last.getEnd(), text: ',' });
    edits.push({ at: closingLine, text: `${indent}${element},\n` });
    return edits;
  }
  return [{ at: last.getEnd(), text: `, ${element}` }];
}

function detectStyle(file: ts.SourceFile, text: string): Style {
  const firstImport = file.statements.find(ts.isImportDeclaration);
  const sample = firstImport ?? file.statements[0];
  const quote = firstImport !== undefined && text[firstImport.moduleSpecifier.getStart(file)] === '"' ? '"' : "'";
  const semicolon = sample === undefined || text.slice(sample.getStart(file), sample.getEnd()).trimEnd().endsWith(';') ? ';' : '';
  return { quote, semicolon };
}

/** Where the import goes: after the last import (or require), else before the first statement. */
function importInsertion(file: ts.SourceFile, declaration: string, commonJs: boolean): Insertion {
  const isImportLike = (s: ts.Statement): boolean => commonJs
    ? ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => d.initializer !== undefined && containsRequire(d.initializer))
    : ts.isImportDeclaration(s);
  const lastImport = file.statements.filter(isImportLike).at(-1);
  if (lastImport !== undefined) return { at: lastImport.getEnd(), text: `\n${declaration}` };
  const first = file.statements.find((s) => !(ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)));
  return { at: first === undefined ? file.getEnd() : first.getStart(file), text: `${declaration}\n\n` };
}

function containsRequire(node: ts.Node): boolean {
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require') return true;
  return ts.forEachChild(node, containsRequire) === true;
}

function apply(text: string, insertions: Insertion[]): string {
  let result = text;
  // Back to front, so earlier offsets stay valid; at one offset, the first listed ends up first.
  const sorted = insertions.map((insertion, index) => ({ ...insertion, index })).sort((a, b) => b.at - a.at || b.index - a.index);
  for (const { at, end, text: inserted } of sorted) result = result.slice(0, at) + inserted + result.slice(end ?? at);
  return result;
}

/** Adds unblock's recommended config to an eslint.config file's text, or says why it cannot. */
export function addUnblockToConfig(fileName: string, text: string): ConfigEditResult {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
  const exported = exportedExpression(file);
  const commonJs = exported?.commonJs ?? /\bmodule\.exports\b/.test(text);
  const binding = existingBinding(file);
  const repair = binding?.legacyDefault === undefined ? undefined : repairLegacyDefault(file, binding.legacyDefault);
  const replaced = repair === undefined ? [] : [repair.replaced];
  if (binding !== undefined && usesConfigs(file, binding.name)) {
    if (repair === undefined) return { kind: 'present' };
    return { kind: 'edited', text: apply(text, [repair.edit]), added: [], replaced };
  }
  if (exported === undefined) {
    return { kind: 'unrecognised', why: 'it has no `export default` nor `module.exports =`', lines: manualLines(commonJs) };
  }
  const target = targetList(file, exported.expression);
  if (target === undefined) {
    return { kind: 'unrecognised', why: 'its exported config is not an array nor a defineConfig() call', lines: manualLines(commonJs) };
  }

  const style = detectStyle(file, text);
  const insertions: Insertion[] = repair === undefined ? [] : [repair.edit];
  const added: string[] = [];
  let name = binding?.name;
  if (name === undefined) {
    name = declaredAtTopLevel(file, 'unblock') ? 'unblockPlugin' : 'unblock';
    const q = style.quote;
    const declaration = exported.commonJs
      ? `const ${name} = require(${q}${PACKAGE}${q})${style.semicolon}`
      : `import ${name} from ${q}${PACKAGE}${q}${style.semicolon}`;
    insertions.push(importInsertion(file, declaration, exported.commonJs));
    added.push(declaration);
  }
  const element = `${name}.configs.recommended`;
  insertions.push(...appendToList(text, file, target, element));
  added.push(element);
  return { kind: 'edited', text: apply(text, insertions), added, replaced };
}

/** `require('unblock').default` → `require('unblock')`: the former is undefined, and ESLint fails on it. */
function repairLegacyDefault(file: ts.SourceFile, access: ts.PropertyAccessExpression): { edit: Insertion; replaced: { from: string; to: string } } {
  const required = access.expression;
  return {
    edit: { at: required.getEnd(), end: access.getEnd(), text: '' },
    replaced: { from: access.getText(file), to: required.getText(file) },
  };
}
