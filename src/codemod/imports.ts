import { Node, SyntaxKind, ts, type SourceFile, type TypeChecker } from 'ts-morph';
import { normalizeModule } from '../catalog/index.js';
import { usesImportSyntax } from './project.js';
import { namesUsedIn } from './syntax.js';
import type { TextEdit } from './types.js';

/**
 * The imports a file needs after its rewrite. Names are handed out as transforms ask (reusing what the
 * file imports already, never clashing with a name the file uses); the import statements are written
 * at the end, for the requests of the migration groups that were kept.
 */

interface Request {
  key: string;
  module: string;
  exportName: string;
  local: string;
}

export class FileImports {
  readonly #requests = new Map<string, Request>();
  readonly #taken: Set<string>;
  readonly #esm: boolean;

  constructor(readonly file: SourceFile) {
    this.#taken = namesUsedIn(file);
    this.#esm = usesImportSyntax(file);
  }

  /** The expression naming `exportName` of `module` in this file, and the request key if an import must be added. */
  nameFor(module: string, exportName: string): { name: string; request?: string } {
    const existing = this.#existing(module, exportName);
    if (existing !== undefined) return { name: existing };
    const key = `${normalizeModule(module)}\0${exportName}`;
    let request = this.#requests.get(key);
    if (request === undefined) {
      const local = this.#freshName(preferredName(module, exportName), ALTERNATIVES.get(key) ?? []);
      request = { key, module, exportName, local };
      this.#requests.set(key, request);
    }
    return { name: request.local, request: key };
  }

  /** The edits adding the imports of these requests; `removals` are edits that delete text (unused imports). */
  edits(keys: ReadonlySet<string>, removals: readonly TextEdit[] = []): TextEdit[] {
    const wanted = [...this.#requests.values()].filter((r) => keys.has(r.key)).sort((a, b) => a.exportName.localeCompare(b.exportName));
    if (wanted.length === 0) return [];
    const byModule = new Map<string, Request[]>();
    for (const r of wanted) byModule.set(r.module, [...(byModule.get(r.module) ?? []), r]);
    const style = codeStyle(this.file);
    const edits: TextEdit[] = [];
    const lines: string[] = [];
    for (const [module, requests] of byModule) {
      const named = requests.filter((r) => r.exportName !== 'default' && r.exportName !== '*');
      let extendable = named.length > 0 ? this.#extendableDeclaration(module) : undefined;
      // a declaration that is being removed cannot take a new name
      if (extendable !== undefined && removals.some((e) => e.start < extendable!.insertAt && extendable!.insertAt < e.end)) extendable = undefined;
      const statements: string[] = [];
      if (extendable !== undefined) {
        edits.push({ start: extendable.insertAt, end: extendable.insertAt, text: `${extendable.separator}${named.map(specifier).join(', ')}` });
      } else if (named.length > 0) {
        statements.push(this.#statement(`{ ${named.map((r) => (this.#esm ? specifier(r) : property(r))).join(', ')} }`, module, style));
      }
      for (const r of requests) {
        if (r.exportName === 'default') statements.push(this.#statement(r.local, module, style));
        if (r.exportName === '*') statements.push(this.#statement(this.#esm ? `* as ${r.local}` : r.local, module, style));
      }
      // the module's old import, removed whole, is replaced in place: `…Sync` names → their async forms
      const replaced = this.#removedDeclarationOf(module, removals);
      if (replaced !== undefined && statements.length > 0) {
        edits.push({ start: replaced, end: replaced, text: statements.map((l) => `${l}\n`).join('') });
      } else lines.push(...statements);
    }
    if (lines.length > 0) {
      const { at, blankLineAfter } = this.#insertionPoint();
      edits.push({ start: at, end: at, text: lines.map((l) => `${l}\n`).join('') + (blankLineAfter ? '\n' : '') });
    }
    return edits;
  }

  /** The start of a top-level import (or require) of `module` that a removal deletes whole. */
  #removedDeclarationOf(module: string, removals: readonly TextEdit[]): number | undefined {
    const target = normalizeModule(module);
    for (const statement of this.file.getStatements()) {
      const of = Node.isImportDeclaration(statement)
        ? normalizeModule(statement.getModuleSpecifierValue())
        : Node.isVariableStatement(statement) ? requiredModule(statement.getDeclarations()[0]?.getInitializer()) : undefined;
      if (of !== target) continue;
      if (removals.some((e) => e.start === statement.getStart() && e.end >= statement.getEnd())) return statement.getStart();
    }
    return undefined;
  }

  #statement(binding: string, module: string, style: CodeStyle): string {
    const spec = `${style.quote}${module}${style.quote}`;
    if (this.#esm) return `import ${binding} from ${spec}${style.semi}`;
    // a CommonJS module's `default` is the module itself
    return `const ${binding} = require(${spec})${style.semi}`;
  }

  #freshName(base: string, alternatives: readonly string[]): string {
    const used = new Set([...this.#taken, ...[...this.#requests.values()].map((r) => r.local)]);
    for (const name of [base, ...alternatives]) if (!used.has(name) && !RESERVED.has(name)) return name;
    for (let i = 1; ; i++) {
      const candidate = i === 1 ? `${base}Async` : `${base}Async${i}`;
      if (!used.has(candidate)) return candidate;
    }
  }

  /** The local expression for an export the file already imports (or requires) at its top level. */
  #existing(module: string, exportName: string): string | undefined {
    const target = normalizeModule(module);
    for (const statement of this.file.getStatements()) {
      if (Node.isImportDeclaration(statement)) {
        if (statement.isTypeOnly() || normalizeModule(statement.getModuleSpecifierValue()) !== target) continue;
        if (exportName === 'default' && statement.getDefaultImport() !== undefined) return statement.getDefaultImport()!.getText();
        const namespace = statement.getNamespaceImport();
        if (namespace !== undefined) return exportName === '*' ? namespace.getText() : `${namespace.getText()}.${exportName}`;
        for (const named of statement.getNamedImports()) {
          if (!named.isTypeOnly() && named.getName() === exportName) return (named.getAliasNode() ?? named.getNameNode()).getText();
        }
      } else if (Node.isVariableStatement(statement)) {
        for (const declaration of statement.getDeclarations()) {
          if (requiredModule(declaration.getInitializer()) !== target) continue;
          const name = declaration.getNameNode();
          if (Node.isIdentifier(name)) return exportName === '*' || exportName === 'default' ? name.getText() : `${name.getText()}.${exportName}`;
          if (Node.isObjectBindingPattern(name)) {
            for (const element of name.getElements()) {
              const key = element.getPropertyNameNode()?.getText() ?? element.getName();
              if (key === exportName && element.getInitializer() === undefined && !element.getDotDotDotToken()) return element.getName();
            }
          }
        }
      }
    }
    return undefined;
  }

  /** An `import { a } from 'm'` (or `const { a } = require('m')`) a new name from `m` can join. */
  #extendableDeclaration(module: string): { insertAt: number; separator: string } | undefined {
    const target = normalizeModule(module);
    for (const statement of this.file.getStatements()) {
      let braces: Node | undefined;
      if (Node.isImportDeclaration(statement) && this.#esm) {
        if (statement.isTypeOnly() || normalizeModule(statement.getModuleSpecifierValue()) !== target) continue;
        braces = statement.getImportClause()?.getNamedBindings();
        if (braces !== undefined && !Node.isNamedImports(braces)) braces = undefined;
      } else if (Node.isVariableStatement(statement) && !this.#esm) {
        const declaration = statement.getDeclarations().find((d) => requiredModule(d.getInitializer()) === target);
        const name = declaration?.getNameNode();
        if (name !== undefined && Node.isObjectBindingPattern(name)) braces = name;
      }
      if (braces === undefined) continue;
      const elements = Node.isNamedImports(braces) ? braces.getElements() : (braces as ts.ObjectBindingPattern & Node as never as { getElements(): Node[] }).getElements();
      const last = elements[elements.length - 1];
      if (last === undefined) {
        const open = braces.getFirstChildByKindOrThrow(SyntaxKind.OpenBraceToken);
        return { insertAt: open.getEnd(), separator: ' ' };
      }
      return { insertAt: last.getEnd(), separator: ', ' };
    }
    return undefined;
  }

  /** After the last import (or top-level require), else before the first statement (after a directive prologue). */
  #insertionPoint(): { at: number; blankLineAfter: boolean } {
    const statements = this.file.getStatements();
    let last: Node | undefined;
    for (const s of statements) {
      if (Node.isImportDeclaration(s) || Node.isImportEqualsDeclaration(s)
        || (Node.isVariableStatement(s) && s.getDeclarations().some((d) => requiredModule(d.getInitializer()) !== undefined))) last = s;
    }
    const text = this.file.getFullText();
    if (last !== undefined) {
      const newline = text.indexOf('\n', last.getEnd());
      return { at: newline === -1 ? text.length : newline + 1, blankLineAfter: false };
    }
    const first = statements.find((s) => !(Node.isExpressionStatement(s) && Node.isStringLiteral(s.getExpression())));
    if (first === undefined) return { at: text.length, blankLineAfter: false };
    // before the first statement and the comments attached to it (no blank line between), after a file header
    let at = first.getStart();
    const comments = ts.getLeadingCommentRanges(text, first.getFullStart()) ?? [];
    for (let i = comments.length - 1; i >= 0; i--) {
      const comment = comments[i]!;
      if (/\n[ \t]*\r?\n/.test(text.slice(comment.end, at))) break;
      at = comment.pos;
    }
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    return { at: lineStart, blankLineAfter: true };
  }
}

/** `import { readFile } …`: `readFile`, or `readFile as readFileAsync` when the name was taken. */
function specifier(r: Request): string {
  return r.local === r.exportName ? r.exportName : `${r.exportName} as ${r.local}`;
}

function property(r: Request): string {
  return r.local === r.exportName ? r.exportName : `${r.exportName}: ${r.local}`;
}

/**
 * Names to try when an export's own name is taken. A file that calls the global `setTimeout` would be
 * misread with a promise-returning function of that name: timers/promises' comes in as `sleep` (as the
 * no-blocking-sleep rule suggests it).
 */
const ALTERNATIVES = new Map<string, readonly string[]>([
  ['timers/promises\0setTimeout', ['sleep', 'delay', 'wait']],
]);

const RESERVED = new Set(['await', 'async', 'default', 'delete', 'new', 'function', 'class', 'import', 'export', 'require', 'module', 'exports']);

function preferredName(module: string, exportName: string): string {
  if (exportName !== 'default' && exportName !== '*') return exportName;
  const last = module.replace(/^node:/, '').split('/').filter((s) => !s.startsWith('@')).pop() ?? 'module';
  return last.replace(/[^a-zA-Z0-9_$]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase()).replace(/^[0-9]/, '_$&');
}

/** The module of a top-level `require('m')` initialiser (normalised), if it is one. */
export function requiredModule(init: Node | undefined): string | undefined {
  if (init === undefined || !Node.isCallExpression(init)) return undefined;
  const callee = init.getExpression();
  const [arg] = init.getArguments();
  if (!Node.isIdentifier(callee) || callee.getText() !== 'require' || arg === undefined || !Node.isStringLiteral(arg)) return undefined;
  return normalizeModule(arg.getLiteralValue());
}

interface CodeStyle {
  quote: string;
  semi: string;
}

function codeStyle(file: SourceFile): CodeStyle {
  const statements = file.getStatements();
  const sample = statements.find((s) => Node.isImportDeclaration(s)) ?? statements.find((s) => Node.isVariableStatement(s));
  const text = sample?.getText() ?? '';
  const quote = /"/.test(text) && !/'/.test(text) ? '"' : "'";
  const semi = sample === undefined || text.trimEnd().endsWith(';') ? ';' : '';
  return { quote, semi };
}

/**
 * Import bindings (ESM specifiers, top-level requires) whose every reference the edits removed: the
 * edits that remove them (a specifier, or the whole statement when nothing is left of it).
 */
export function unusedImportEdits(file: SourceFile, checker: TypeChecker, edits: readonly TextEdit[]): TextEdit[] {
  const replaced = edits.filter((e) => e.end > e.start);
  if (replaced.length === 0) return [];
  const removedAll = (nameNode: Node): boolean => {
    const name = nameNode.getText();
    const symbol = checker.getSymbolAtLocation(nameNode);
    if (symbol === undefined) return false;
    let references = 0;
    let removed = 0;
    for (const id of file.getDescendantsOfKind(SyntaxKind.Identifier)) {
      if (id === nameNode || id.getText() !== name) continue;
      if (checker.getSymbolAtLocation(id) !== symbol) continue;
      references++;
      const start = id.getStart();
      if (replaced.some((e) => e.start <= start && id.getEnd() <= e.end && !new RegExp(`\\b${escape(name)}\\b`).test(e.text))) removed++;
    }
    return references > 0 && removed === references;
  };
  const result: TextEdit[] = [];
  for (const statement of file.getStatements()) {
    if (Node.isImportDeclaration(statement)) {
      const clause = statement.getImportClause();
      if (clause === undefined) continue;
      const parts: Node[] = [];
      const defaultImport = clause.getDefaultImport();
      if (defaultImport !== undefined) parts.push(defaultImport);
      const namespace = statement.getNamespaceImport();
      if (namespace !== undefined) parts.push(namespace);
      const named = statement.getNamedImports();
      const unusedNamed = named.filter((n) => removedAll(n.getAliasNode() ?? n.getNameNode()));
      const unusedOthers = parts.filter((p) => removedAll(p));
      if (unusedNamed.length === 0 && unusedOthers.length === 0) continue;
      if (unusedOthers.length === parts.length && unusedNamed.length === named.length) {
        result.push(wholeStatement(file, statement));
      } else if (unusedOthers.length === 0) {
        result.push(...listElementRemovals(named, unusedNamed));
      } else {
        // `import fs, { a } from 'fs'` with `fs` gone: keep it simple and keep the statement
        result.push(...listElementRemovals(named, unusedNamed));
      }
    } else if (Node.isVariableStatement(statement)) {
      const declarations = statement.getDeclarations();
      if (declarations.length !== 1) continue;
      const declaration = declarations[0]!;
      if (requiredModule(declaration.getInitializer()) === undefined) continue;
      const name = declaration.getNameNode();
      if (Node.isIdentifier(name)) {
        if (removedAll(name)) result.push(wholeStatement(file, statement));
      } else if (Node.isObjectBindingPattern(name)) {
        const elements = name.getElements();
        const unused = elements.filter((e) => removedAll(e.getNameNode()));
        if (unused.length === 0) continue;
        if (unused.length === elements.length) result.push(wholeStatement(file, statement));
        else result.push(...listElementRemovals(elements, unused));
      }
    }
  }
  return result;
}

function wholeStatement(file: SourceFile, statement: Node): TextEdit {
  const text = file.getFullText();
  let end = statement.getEnd();
  if (text[end] === '\r') end++;
  if (text[end] === '\n') end++;
  return { start: statement.getStart(), end, text: '' };
}

/** Removes some elements of a comma-separated list, with their commas. */
function listElementRemovals(all: readonly Node[], remove: readonly Node[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const keep = all.filter((n) => !remove.includes(n));
  for (const node of remove) {
    const i = all.indexOf(node);
    const next = all[i + 1];
    // remove up to the next kept element; the last one takes the comma before it
    if (next !== undefined && keep.some((k) => all.indexOf(k) > i)) edits.push({ start: node.getStart(), end: next.getStart(), text: '' });
    else {
      const previous = all[i - 1];
      edits.push({ start: previous !== undefined ? previous.getEnd() : node.getStart(), end: node.getEnd(), text: '' });
    }
  }
  return mergeAdjacent(edits);
}

function mergeAdjacent(edits: TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && last.end >= e.start && last.text === '' && e.text === '') last.end = Math.max(last.end, e.end);
    else out.push({ ...e });
  }
  return out;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
