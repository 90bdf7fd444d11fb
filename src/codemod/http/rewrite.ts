import { Node, SyntaxKind } from '#ts-morph';
import type { CallExpression } from 'ts-morph';
import type { RewriteContext, Site, SiteRewrite, TextEdit } from '../types.js';
import { bindingUses, fetchName, type BindingUses, type Client } from './client-binding.js';
import { syncFetchInitEdits } from './fetch-init.js';
import { requestCallEdits } from './request-options.js';
import { holderOf, statusCheck, syncFetchUseEdits, syncRequestUseEdits, usesOf, type BodyRead } from './response.js';
import {
  applyEdits, awaitEdits, evaluatedUnconditionally, indentationOf, insert, isWithin, normalizeEdits, snippet, statementInList,
} from './syntax.js';
import { defaultTimeoutMs } from './timeout.js';

/** One sync-fetch or sync-request call → `await fetch(…)`, with every use of its response. */
export function rewriteHttpSite(site: Site, context: RewriteContext): SiteRewrite {
  const mapping = site.entry.replacement?.mapping;
  if (mapping?.kind !== 'fetch' || !Node.isCallExpression(site.node)) {
    return { refuse: `${site.entry.name} is reached here in a form other than a call: migrate it by hand` };
  }
  const { client } = mapping;
  // refused once, at the file's first call: the others follow through their group
  const uses = bindingUses(context, client);
  const errorClass = errorClassUse(uses, client);
  if (errorClass !== undefined && isFirstCall(site.node, uses)) return { refuse: errorClass };
  const fetch = fetchName(site.node, client, context);
  const defaultMs = defaultTimeoutMs(context.options);
  return client === 'sync-fetch' ? rewriteSyncFetch(site.node, fetch, defaultMs) : rewriteSyncRequest(site.node, fetch, defaultMs);
}

/** `e instanceof fetch.FetchError`: fetch rejects with a TypeError instead, so such a test would go dead. */
function errorClassUse(bindings: readonly BindingUses[], client: Client): string | undefined {
  for (const { uses } of bindings) {
    for (const use of uses) {
      if (use.kind === 'error-class') {
        return `\`${snippet(use.node)}\` tests for ${client}'s ${use.name}, which fetch never throws (it rejects with a TypeError whose cause tells why): adapt the error handling, then migrate`;
      }
    }
  }
  return undefined;
}

function isFirstCall(call: Node, bindings: readonly BindingUses[]): boolean {
  const calls = bindings.flatMap((b) => b.uses.flatMap((u) => (u.kind === 'call' ? [u.node] : [])));
  return calls.every((other) => other.getStart() >= call.getStart());
}

function rewriteSyncFetch(call: CallExpression, fetch: string, defaultMs: number): SiteRewrite {
  const holder = holderOf(call);
  if ('refuse' in holder) return holder;
  const uses = usesOf(holder);
  if ('refuse' in uses) return uses;
  const init = syncFetchInitEdits(call, defaultMs);
  if ('refuse' in init) return init;
  // a use's own edits go first: at the same offset `await (await fetch(…)).json()` nests outside in
  const edits: TextEdit[] = [];
  for (const use of uses) {
    const mapped = syncFetchUseEdits(use);
    if ('refuse' in mapped) return mapped;
    edits.push(...mapped);
  }
  edits.push(...awaitEdits(call));
  const callee = call.getExpression();
  if (callee.getText() !== fetch) edits.push({ start: callee.getStart(), end: callee.getEnd(), text: fetch });
  edits.push(...init.edits);
  return { edits: normalizeEdits(edits), awaits: true };
}

function rewriteSyncRequest(call: CallExpression, fetch: string, defaultMs: number): SiteRewrite {
  const holder = holderOf(call);
  if ('refuse' in holder) return holder;
  const request = requestCallEdits(call, fetch, defaultMs);
  if ('refuse' in request) return request;
  if (holder.kind === 'discarded') return { edits: normalizeEdits([...awaitEdits(call), ...request.edits]), awaits: true };
  if (holder.kind === 'chained') return rewriteChainedRequest(call, holder.use, request.edits);

  const uses = usesOf(holder);
  if ('refuse' in uses) return uses;
  const res = holder.name.getText();
  const edits: TextEdit[] = [];
  const reads: BodyRead[] = [];
  for (const use of uses) {
    const mapped = syncRequestUseEdits(use, res);
    if ('refuse' in mapped) return mapped;
    edits.push(...mapped.edits);
    if (mapped.bodyRead !== undefined) reads.push(mapped.bodyRead);
  }
  if (reads.length > 1) {
    return { refuse: `the body is read ${reads.length} times (${reads.map((r) => `\`${snippet(r.node)}\``).join(', ')}); a fetch body can be read once: keep it in a variable, then migrate` };
  }
  const check = reads[0]?.checkBefore;
  if (check !== undefined) {
    if (isWithin(call, check) || check.getStart() < call.getEnd()) {
      return { refuse: 'getBody() is read in the statement that makes the request: split it into two statements, then migrate' };
    }
    edits.push(insert(check.getStart(), statusCheck(res, indentationOf(check))));
  }
  return { edits: normalizeEdits([...awaitEdits(call), ...request.edits, ...edits]), awaits: true };
}

/**
 * `request(…).getBody('utf8')` and other reads straight off the call: the response goes into a variable
 * of its own before the statement, so that getBody's status check has a place.
 */
function rewriteChainedRequest(call: CallExpression, use: Node, callEdits: TextEdit[]): SiteRewrite {
  const statement = statementInList(call);
  if (statement === undefined || !evaluatedUnconditionally(call, statement)) {
    return { refuse: 'the response is read where no statement can go before it (a callback, a branch): give the request a statement of its own, then migrate' };
  }
  const name = freshName(call, 'response');
  const mapped = syncRequestUseEdits(use, name);
  if ('refuse' in mapped) return mapped;
  const indent = indentationOf(statement);
  const request = applyEdits(call.getText(), call.getStart(), callEdits);
  const check = mapped.bodyRead?.checkBefore !== undefined ? statusCheck(name, indent) : '';
  const edits = [insert(statement.getStart(), `const ${name} = await ${request};\n${indent}${check}`), ...mapped.edits];
  const coversCall = mapped.edits.some((e) => e.start <= call.getStart() && e.end >= call.getEnd());
  if (!coversCall) edits.push({ start: call.getStart(), end: call.getEnd(), text: name });
  return { edits: normalizeEdits(edits), awaits: true };
}

/** A name no identifier of the file uses, so it can shadow nothing and be shadowed by nothing. */
export function freshName(node: Node, base: string): string {
  const taken = new Set(node.getSourceFile().getDescendantsOfKind(SyntaxKind.Identifier).map((id) => id.getText()));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}
