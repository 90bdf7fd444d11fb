import { Node } from '#ts-morph';
import type { CallExpression } from 'ts-morph';
import type { RewriteContext, Site, SiteRewrite, TextEdit } from '../types.js';
import { descriptorOf, handleMapping, knowCallsOf, NOT_OPENED_HERE } from './descriptor.js';

/**
 * One fs descriptor call → its FileHandle form, once the descriptor is known to migrate whole:
 * - `openSync(p, flags, mode)` → `await open(p, flags, mode)` (node:fs/promises): the variable holds the handle;
 * - `writeSync(fd, buf, off, len, pos)` → `(await fd.write(buf, off, len, pos)).bytesWritten`, and so
 *   `readSync` (`bytesRead`), `readvSync`, `writevSync`; the field is read only where the number is used;
 * - `closeSync(fd)` → `await fd.close()`, `fstatSync(fd)` → `await fd.stat()`, `fsyncSync` → `sync`, …
 * The arguments after the descriptor keep their text and order: FileHandle's methods take the same ones.
 */
export function rewriteDescriptorSite(site: Site, context: RewriteContext): SiteRewrite {
  const call = site.node;
  if (!Node.isCallExpression(call)) return { refuse: `\`${site.entry.name}\` is not called directly here: migrate by hand` };
  knowCallsOf(site);
  const descriptor = descriptorOf(call);
  if ('refuse' in descriptor) return descriptor;
  // a descriptor that cannot migrate is refused once, at its open; its other calls follow through their group
  if (descriptor.problem !== undefined && descriptor.open === call) return { refuse: descriptor.problem };
  const mapping = handleMapping(call);
  if (mapping === undefined) return { refuse: NOT_OPENED_HERE };
  return { edits: mapping.method === undefined ? openEdits(call, context) : methodEdits(call, mapping.method, mapping.result, context), awaits: true };
}

/** The migration group of a site: its descriptor's. */
export function descriptorGroup(site: Site): string {
  knowCallsOf(site);
  const descriptor = Node.isCallExpression(site.node) ? descriptorOf(site.node) : { refuse: '' };
  return 'refuse' in descriptor ? `${site.file.getFilePath()}:${site.node.getStart()}` : descriptor.group;
}

function openEdits(call: CallExpression, context: RewriteContext): TextEdit[] {
  const open = context.importName('node:fs/promises', 'open');
  // the argument of the call on it (`closeSync(openSync(p))`) becomes that call's receiver
  const receiver = Node.isCallExpression(call.getParent());
  const parens = receiver || context.needsParentheses(call);
  const callee = call.getExpression();
  const edits: TextEdit[] = [
    { start: call.getStart(), end: call.getStart(), text: parens ? '(await ' : 'await ' },
    { start: callee.getStart(), end: callee.getEnd(), text: open },
  ];
  if (parens) edits.push({ start: call.getEnd(), end: call.getEnd(), text: ')' });
  return edits;
}

function methodEdits(call: CallExpression, method: string, result: 'bytesRead' | 'bytesWritten' | undefined, context: RewriteContext): TextEdit[] {
  const [descriptor, next] = call.getArguments();
  const used = !Node.isExpressionStatement(call.getParent());
  // the number the sync call returned is a field of the result: read where the value is used
  const field = used && result !== undefined;
  const parens = field || (used && context.needsParentheses(call));
  const edits: TextEdit[] = [
    // `fs.writeSync(` → `await `, keeping the descriptor's own text
    { start: call.getStart(), end: descriptor!.getStart(), text: parens ? '(await ' : 'await ' },
  ];
  if (next === undefined) {
    edits.push({ start: descriptor!.getEnd(), end: call.getEnd(), text: `.${method}()${closing(parens, field ? result : undefined)}` });
  } else {
    edits.push({ start: descriptor!.getEnd(), end: next.getStart(), text: `.${method}(` });
    const end = closing(parens, field ? result : undefined);
    if (end !== '') edits.push({ start: call.getEnd(), end: call.getEnd(), text: end });
  }
  return edits;
}

function closing(parens: boolean, field: string | undefined): string {
  return `${parens ? ')' : ''}${field === undefined ? '' : `.${field}`}`;
}
