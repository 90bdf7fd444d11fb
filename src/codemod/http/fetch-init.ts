import { Node } from '#ts-morph';
import type { CallExpression, ObjectLiteralExpression } from 'ts-morph';
import type { TextEdit } from '../types.js';
import { editObjectLiteral } from './object-edits.js';
import { insert, propertyNameOf } from './syntax.js';
import { isNoTimeout, knownPropertyNames, timeoutSignal } from './timeout.js';

/**
 * sync-fetch's `init` → fetch's. sync-fetch hands init to node-fetch in a child process; fetch (undici)
 * takes the standard options. node-fetch's own options either map (`timeout` → an abort signal) or have no
 * counterpart, and then the call is refused rather than silently losing a limit.
 */

export type InitResult = { edits: TextEdit[] } | { refuse: string };

/** node-fetch options fetch does not know, and what to do instead. */
const NODE_FETCH_ONLY: Record<string, string> = {
  follow: 'fetch follows at most 20 redirects and has no `follow` limit: drop it, or use redirect: \'manual\' and follow by hand',
  size: 'fetch has no `size` limit on the body: read res.body as a stream and stop at the limit',
  compress: 'fetch always decompresses the body; there is no `compress` switch',
  agent: 'fetch takes no `agent`: use an undici Dispatcher (`dispatcher` option) instead',
  highWaterMark: 'fetch has no `highWaterMark` option',
  insecureHTTPParser: 'fetch has no `insecureHTTPParser` option',
};

export function syncFetchInitEdits(call: CallExpression, defaultMs: number): InitResult {
  const args = call.getArguments();
  const url = args[0];
  if (url === undefined || args.length > 2 || args.some((a) => Node.isSpreadElement(a))) {
    return { refuse: 'sync-fetch is called with an unusual argument list: rewrite it with fetch by hand' };
  }
  const init = args[1];
  if (init === undefined) return { edits: [insert(url.getEnd(), `, { signal: ${timeoutSignal(undefined, defaultMs)} }`)] };
  if (Node.isObjectLiteralExpression(init)) return objectInitEdits(init, defaultMs);
  if (Node.isIdentifier(init) && init.getText() === 'undefined') {
    return { edits: [{ start: init.getStart(), end: init.getEnd(), text: `{ signal: ${timeoutSignal(undefined, defaultMs)} }` }] };
  }
  const problem = opaqueInitProblem(init);
  if (problem !== undefined) return { refuse: problem };
  return {
    edits: [insert(init.getStart(), '{ ...'), insert(init.getEnd(), `, signal: ${timeoutSignal(undefined, defaultMs)} }`)],
  };
}

/** Why an init that is not an object literal (a variable, a spread) cannot be carried over, if it cannot. */
export function opaqueInitProblem(init: Node): string | undefined {
  const names = knownPropertyNames(init.getType());
  const text = init.getText();
  if (names === undefined) {
    return `the request options \`${text}\` cannot be checked for node-fetch options (timeout, follow, size) or a signal: pass them as an object literal`;
  }
  if (names.has('timeout') || names.has('signal')) {
    return `the request options \`${text}\` may hold a timeout or a signal that fetch needs inside its own signal: pass them as an object literal`;
  }
  const foreign = [...names].find((n) => n in NODE_FETCH_ONLY);
  return foreign === undefined ? undefined : `the request options \`${text}\` may hold \`${foreign}\`: ${NODE_FETCH_ONLY[foreign]}`;
}

function objectInitEdits(init: ObjectLiteralExpression, defaultMs: number): InitResult {
  let timeout: Node | undefined;
  let signal: Node | undefined;
  for (const property of init.getProperties()) {
    if (Node.isSpreadAssignment(property)) {
      const problem = opaqueInitProblem(property.getExpression());
      if (problem !== undefined) return { refuse: problem };
      continue;
    }
    const name = propertyNameOf(property);
    if (name === undefined || !(Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property))) {
      return { refuse: 'the request options have a computed key, a method or an accessor: rewrite this call by hand' };
    }
    const foreign = NODE_FETCH_ONLY[name];
    if (foreign !== undefined) return { refuse: `node-fetch's \`${name}\` option: ${foreign}` };
    if (name === 'timeout') timeout = property;
    if (name === 'signal') signal = property;
  }
  const ms = (property: Node | undefined): Node | undefined =>
    property === undefined ? undefined
      : Node.isPropertyAssignment(property) ? property.getInitializerOrThrow()
      : Node.isShorthandPropertyAssignment(property) ? property.getNameNode() : undefined;

  if (signal === undefined && timeout === undefined) {
    return { edits: editObjectLiteral(init, { append: [`signal: ${timeoutSignal(undefined, defaultMs)}`] }) };
  }
  if (signal === undefined && timeout !== undefined) {
    const value = ms(timeout)!;
    return {
      edits: isNoTimeout(value)
        ? editObjectLiteral(init, { remove: [timeout] })
        : editObjectLiteral(init, { replace: new Map([[timeout, `signal: ${timeoutSignal(value, defaultMs)}`]]) }),
    };
  }
  // The caller's signal still aborts, and the timeout bounds the request too (sync-fetch could not hand a
  // signal to its worker process, so it was ignored before).
  const value = ms(timeout);
  const limit = value !== undefined && isNoTimeout(value) ? undefined : timeoutSignal(value, defaultMs);
  const replace = new Map<Node, string>();
  if (limit !== undefined) replace.set(signal!, `signal: AbortSignal.any([${ms(signal)!.getText()}, ${limit}])`);
  return { edits: editObjectLiteral(init, { replace, remove: timeout === undefined ? [] : [timeout] }) };
}
