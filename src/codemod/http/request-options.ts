import { Node } from '#ts-morph';
import type { CallExpression, ObjectLiteralExpression, Type } from 'ts-morph';
import type { TextEdit } from '../types.js';
import type { InitResult } from './fetch-init.js';
import { editObjectLiteral } from './object-edits.js';
import { insert, propertyNameOf, staticText } from './syntax.js';
import { isNoTimeout, timeoutSignal } from './timeout.js';

/**
 * sync-request's `request(method, url, options)` → `fetch(url, init)`, edited in place: the method moves
 * into init, `json` becomes a JSON body with its content type, `qs` joins the URL, `timeout` becomes a
 * signal. Options with no fetch counterpart (retries, caching, redirect limits) are refused.
 */

const NO_COUNTERPART: Record<string, string> = {
  retry: 'fetch does not retry: write the retry loop by hand',
  maxRetries: 'fetch does not retry: write the retry loop by hand',
  retryDelay: 'fetch does not retry: write the retry loop by hand',
  cache: 'fetch in Node has no HTTP cache',
  maxRedirects: 'fetch follows at most 20 redirects and cannot lower that: use redirect: \'manual\' and follow by hand',
  allowRedirectHeaders: 'fetch drops sensitive headers on cross-origin redirects by its own rules',
  agent: 'fetch takes no `agent`: use an undici Dispatcher (`dispatcher` option) instead',
  socketTimeout: 'fetch has no idle-socket timeout separate from its abort signal',
  form: 'sync-request\'s FormData differs from the global FormData: build the body by hand',
  isMatch: 'fetch in Node has no HTTP cache',
  isExpired: 'fetch in Node has no HTTP cache',
  canCache: 'fetch in Node has no HTTP cache',
};

/** Methods then-request sends without a body (it ignores `json` and refuses `body` for them). */
const BODYLESS = new Set(['GET', 'HEAD', 'DELETE']);

const MAPPED = new Set(['headers', 'body', 'json', 'qs', 'timeout', 'followRedirects', 'gzip']);

/** `fetch` is the name that reaches the global fetch in the site's scope. */
export function requestCallEdits(call: CallExpression, fetch: string, defaultMs: number): InitResult {
  const args = call.getArguments();
  const [method, url, options] = args;
  if (method === undefined || url === undefined || args.length > 3 || args.some((a) => Node.isSpreadElement(a))) {
    return { refuse: 'sync-request is called with an unusual argument list: rewrite it with fetch by hand' };
  }
  const verb = methodText(method);
  if (verb === undefined) {
    return { refuse: `the method \`${method.getText()}\` may be lower case, which fetch sends as is for PATCH: pass an upper-case literal` };
  }
  const edits: TextEdit[] = [{ start: call.getExpression().getStart(), end: url.getStart(), text: `${fetch}(` }];
  const methodProperty = verb === "'GET'" ? undefined : `method: ${verb}`;
  if (options === undefined || (Node.isIdentifier(options) && options.getText() === 'undefined')) {
    const parts = [methodProperty, `signal: ${timeoutSignal(undefined, defaultMs)}`].filter((p) => p !== undefined);
    const end = options?.getEnd() ?? url.getEnd();
    edits.push({ start: url.getEnd(), end, text: `, { ${parts.join(', ')} }` });
    return { edits };
  }
  if (!Node.isObjectLiteralExpression(options)) {
    return { refuse: `the request options \`${options.getText()}\` are not an object literal: their json, qs and timeout options cannot be mapped` };
  }
  const mapped = optionEdits(options, url, verb, methodProperty, defaultMs);
  if ('refuse' in mapped) return mapped;
  edits.push(...mapped.edits);
  return { edits };
}

/** The method as an upper-case string literal, or the expression when its type is upper-case literals only. */
function methodText(method: Node): string | undefined {
  const text = staticText(method);
  if (text !== undefined) return `'${text.toUpperCase()}'`;
  const type = method.getType();
  const literals = type.isUnion() ? type.getUnionTypes() : [type];
  const upper = literals.every((t) => t.isStringLiteral() && String(t.getLiteralValue()) === String(t.getLiteralValue()).toUpperCase());
  return upper ? method.getText() : undefined;
}

function optionEdits(
  options: ObjectLiteralExpression, url: Node, verb: string, methodProperty: string | undefined, defaultMs: number,
): InitResult {
  const byName = new Map<string, Node>();
  for (const property of options.getProperties()) {
    const name = propertyNameOf(property);
    if (name === undefined || !(Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property))) {
      return { refuse: 'the request options have a spread, a computed key or a method: rewrite this call by hand' };
    }
    const none = NO_COUNTERPART[name];
    if (none !== undefined) return { refuse: `sync-request's \`${name}\` option: ${none}` };
    if (!MAPPED.has(name)) {
      return { refuse: `sync-request has no \`${name}\` option that fetch could take: check it and rewrite this call by hand` };
    }
    byName.set(name, property);
  }
  const valueOf = (name: string): Node | undefined => {
    const p = byName.get(name);
    return p === undefined ? undefined
      : Node.isPropertyAssignment(p) ? p.getInitializerOrThrow()
      : Node.isShorthandPropertyAssignment(p) ? p.getNameNode() : undefined;
  };
  const edits: TextEdit[] = [];
  const remove: Node[] = [];
  const replace = new Map<Node, string>();
  const append: string[] = [];

  const json = byName.get('json');
  if (json !== undefined) {
    if (byName.has('body')) return { refuse: 'both `json` and `body` are given (sync-request sends json): keep one and migrate again' };
    if (BODYLESS.has(verb.slice(1, -1))) return { refuse: `sync-request ignores \`json\` on a ${verb.slice(1, -1)} request: remove it and migrate again` };
    replace.set(json, `body: JSON.stringify(${valueOf('json')!.getText()})`);
    const headers = valueOf('headers');
    if (headers === undefined) {
      append.push(`headers: { 'content-type': 'application/json' }`);
    } else if (Node.isObjectLiteralExpression(headers)) {
      if (headers.getProperties().some((p) => Node.isSpreadAssignment(p) || propertyNameOf(p) === undefined)) {
        return { refuse: 'with `json`, the headers must be a plain object literal to see whether they set a content type' };
      }
      if (!headers.getProperties().some((p) => propertyNameOf(p)?.toLowerCase() === 'content-type')) {
        edits.push(...editObjectLiteral(headers, { append: [`'content-type': 'application/json'`] }));
      }
    } else {
      return { refuse: 'with `json`, the headers must be an object literal: a content-type added beside them could be sent twice' };
    }
  }
  const qs = byName.get('qs');
  if (qs !== undefined) {
    const query = queryEdits(valueOf('qs')!, url);
    if ('refuse' in query) return query;
    edits.push(...query.edits);
    remove.push(qs);
  }
  const follow = byName.get('followRedirects');
  if (follow !== undefined) {
    const value = valueOf('followRedirects')!.getText();
    if (value === 'false') replace.set(follow, `redirect: 'manual'`);
    else if (value === 'true') remove.push(follow);
    else return { refuse: '`followRedirects` is not a literal: write redirect: \'follow\' or \'manual\' by hand' };
  }
  const gzip = byName.get('gzip');
  if (gzip !== undefined) {
    if (valueOf('gzip')!.getText() !== 'true') return { refuse: '`gzip: false` asks for the raw body, and fetch always decompresses' };
    remove.push(gzip);
  }
  const timeout = byName.get('timeout');
  if (timeout === undefined) append.push(`signal: ${timeoutSignal(undefined, defaultMs)}`);
  else if (isNoTimeout(valueOf('timeout')!)) remove.push(timeout);
  else replace.set(timeout, `signal: ${timeoutSignal(valueOf('timeout'), defaultMs)}`);

  const prepend = methodProperty === undefined ? [] : [methodProperty];
  edits.push(...editObjectLiteral(options, { remove, replace, prepend, append }));
  return { edits };
}

/**
 * `qs: { q, page }` joins the URL as `?${new URLSearchParams(…)}`. then-request merges into a query the URL
 * already has, so the URL must visibly have none; values must be strings, numbers or booleans, which both
 * encode alike (nested objects and arrays follow the qs library's own syntax).
 */
function queryEdits(qs: Node, url: Node): InitResult {
  if (!Node.isObjectLiteralExpression(qs)) return { refuse: '`qs` is not an object literal: build the query with URLSearchParams by hand' };
  const entries: string[] = [];
  for (const property of qs.getProperties()) {
    const name = propertyNameOf(property);
    if (name === undefined || !(Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property))) {
      return { refuse: '`qs` has a spread or a computed key: build the query with URLSearchParams by hand' };
    }
    const value = Node.isPropertyAssignment(property) ? property.getInitializerOrThrow() : property.getNameNode();
    const kind = scalarKind(value.getType());
    if (kind === undefined) {
      return { refuse: `the query value \`${value.getText()}\` may be an object, an array, null or undefined, which qs encodes its own way` };
    }
    const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name.replace(/['\\]/g, '\\$&')}'`;
    const text = kind === 'string' ? value.getText() : `String(${value.getText()})`;
    entries.push(text === key ? key : `${key}: ${text}`);
  }
  const query = `\${new URLSearchParams({ ${entries.join(', ')} })}`;
  if (Node.isStringLiteral(url) || Node.isNoSubstitutionTemplateLiteral(url)) {
    const text = url.getLiteralValue();
    if (/[?#]/.test(text)) return { refuse: 'the URL already has a query or a fragment: merge `qs` into it by hand' };
    const escaped = text.replace(/[`\\]|\$\{/g, (m) => `\\${m}`);
    return { edits: [{ start: url.getStart(), end: url.getEnd(), text: `\`${escaped}?${query}\`` }] };
  }
  if (Node.isTemplateExpression(url)) {
    const statics = [url.getHead().getLiteralText(), ...url.getTemplateSpans().map((s) => s.getLiteral().getLiteralText())];
    if (statics.some((s) => /[?#]/.test(s))) return { refuse: 'the URL already has a query or a fragment: merge `qs` into it by hand' };
    return { edits: [insert(url.getEnd() - 1, `?${query}`)] };
  }
  return { refuse: `the URL \`${url.getText()}\` may already hold a query that then-request would merge \`qs\` into: build the URL by hand` };
}

function scalarKind(type: Type): 'string' | 'other' | undefined {
  const parts = type.isUnion() ? type.getUnionTypes() : [type];
  let allStrings = true;
  for (const t of parts) {
    if (t.isString() || t.isStringLiteral() || t.isTemplateLiteral()) continue;
    allStrings = false;
    if (t.isNumber() || t.isNumberLiteral() || t.isBoolean() || t.isBooleanLiteral()) continue;
    return undefined;
  }
  return allStrings ? 'string' : 'other';
}
