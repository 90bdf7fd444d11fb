import { Node, SyntaxKind, VariableDeclarationKind } from '#ts-morph';

/**
 * The SQL a statement runs, when the code spells it out: a string or template literal, a `const` of
 * the file holding one, or a concatenation / template of those. Named parameters are read off that text.
 */
export function staticSql(node: Node, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isParenthesizedExpression(node) || Node.isAsExpression(node) || Node.isSatisfiesExpression(node)) {
    return staticSql(node.getExpression(), depth + 1);
  }
  if (Node.isTemplateExpression(node)) {
    let text = node.getHead().getLiteralText();
    for (const span of node.getTemplateSpans()) {
      const part = staticSql(span.getExpression(), depth + 1);
      if (part === undefined) return undefined;
      text += part + span.getLiteral().getLiteralText();
    }
    return text;
  }
  if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.PlusToken) {
    const left = staticSql(node.getLeft(), depth + 1);
    const right = left === undefined ? undefined : staticSql(node.getRight(), depth + 1);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  if (Node.isIdentifier(node)) {
    const declaration = node.getSymbol()?.getValueDeclaration();
    if (declaration === undefined || !Node.isVariableDeclaration(declaration)) return undefined;
    const list = declaration.getParent();
    if (!Node.isVariableDeclarationList(list) || list.getDeclarationKind() !== VariableDeclarationKind.Const) return undefined;
    const init = declaration.getInitializer();
    return init === undefined ? undefined : staticSql(init, depth + 1);
  }
  return undefined;
}

/**
 * Named parameters of a statement (`@name`, `:name`, `$name`), with the prefixes each is written with,
 * skipping string literals, quoted identifiers and comments. `?` and `?NNN` parameters are positional.
 */
export interface SqlParameters {
  named: Map<string, Set<string>>;
  positional: boolean;
}

export function sqlParameters(sql: string): SqlParameters {
  const named = new Map<string, Set<string>>();
  let positional = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`') {
      i = closing(sql, i, c);
    } else if (c === '[') {
      i = closing(sql, i, ']');
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 1;
    } else if (c === '?') {
      positional = true;
    } else if ((c === '@' || c === ':' || c === '$') && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))!;
      const prefixes = named.get(m[0]) ?? new Set<string>();
      prefixes.add(c);
      named.set(m[0], prefixes);
      i += m[0].length;
    }
  }
  return { named, positional };
}

/** The index of the quote closing the one at `start` (a doubled quote escapes it). */
function closing(sql: string, start: number, quote: string): number {
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote && quote !== ']') {
        i++;
        continue;
      }
      return i;
    }
  }
  return sql.length;
}
