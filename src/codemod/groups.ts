import type { Node, SourceFile, ts } from 'ts-morph';
import type { FileEdit } from './edits.js';
import type { FileImports } from './imports.js';
import type { Blocker, Group, SiteRecord } from './records.js';
import { fileMayAttach, lateListener } from './listeners-after-await.js';
import { needsParentheses, type FunctionLike } from './syntax.js';
import { nodeAt, wrap } from './wrap.js';
import type { RewriteContext, SiteRewrite } from './types.js';

/** What follows from an `await` placed somewhere (codemods/propagate.ts). */
export interface PropagationLike {
  closureAt(node: Node): { edits: FileEdit[]; blockers: Blocker[] };
  /**
   * The named functions made async by these edits that the propagation found no use of in the project
   * (a call, a value handed on): what calls them is elsewhere.
   */
  unusedMadeAsync?(edits: readonly FileEdit[]): FunctionLike[];
}

export interface GroupBuilding {
  importsOf(file: SourceFile): FileImports;
  options: Readonly<Record<string, unknown>>;
  checker: RewriteContext['checker'];
  propagation: PropagationLike;
  onProgress?(done: number, total: number): void;
}

/**
 * Each site rewritten by its transform, with the propagation closure of its `await`, into migration
 * groups: a group is kept whole or left whole. A group with a blocker (a refusal, a context that cannot
 * be async) is left as it is.
 */
export function buildGroups(records: readonly SiteRecord[], building: GroupBuilding): Map<string, Group> {
  const groups = new Map<string, Group>();
  records.forEach((record, i) => {
    building.onProgress?.(i, records.length);
    let group = groups.get(record.group);
    if (group === undefined) groups.set(record.group, group = { key: record.group, sites: [], edits: [], blockers: [], imports: new Map() });
    group.sites.push(record);
    if (record.onlyIfAsync !== undefined) group.onlyIfAsync = record.onlyIfAsync;
    if (record.refusal !== undefined) {
      group.blockers.push({ node: record.node, reason: record.refusal });
      return;
    }
    const requests = new Set<string>();
    const rewrite = rewriteSite(record, rewriteContext(record.file, building, requests, record.node));
    if ('refuse' in rewrite) {
      record.refusal = rewrite.refuse;
      group.blockers.push({ node: record.node, reason: rewrite.refuse });
      return;
    }
    let imports = group.imports.get(record.file);
    if (imports === undefined) group.imports.set(record.file, imports = new Set());
    for (const r of requests) imports.add(r);
    group.edits.push(...rewrite.edits.map((e) => ({ ...e, file: record.file, kind: 'site' as const })));
    // an `onlyIfAsync` site waits for another group to make its function async; it propagates nothing itself
    if (rewrite.awaits && record.onlyIfAsync === undefined) {
      const closure = building.propagation.closureAt(record.node);
      group.edits.push(...closure.edits);
      group.blockers.push(...closure.blockers);
      group.blockers.push(...lateListeners(record, closure.edits));
    }
  });
  for (const group of groups.values()) {
    for (const e of group.edits) (e.groups ??= new Set()).add(group.key);
  }
  return groups;
}

/** The listeners the group's new awaits would make late (listeners-after-await.ts), as blockers. */
function lateListeners(record: SiteRecord, closure: readonly FileEdit[]): Blocker[] {
  const places = fileMayAttach(record.file.compilerNode) ? [record.node.compilerNode] : [];
  for (const e of closure) {
    const at = e.kind === 'await' && e.anchor?.side !== 'close' && fileMayAttach(e.file.compilerNode) ? nodeAt(e.file.compilerNode, e.start) : undefined;
    if (at !== undefined) places.push(at);
  }
  const blockers: Blocker[] = [];
  const seen = new Set<ts.Node>();
  for (const at of places) {
    const late = lateListener(at);
    if (late === undefined || seen.has(late.call)) continue;
    seen.add(late.call);
    const file = record.file.getProject().getSourceFileOrThrow(at.getSourceFile().fileName);
    blockers.push({ node: wrap(file, late.call), reason: late.reason });
  }
  return blockers;
}

function rewriteSite(record: SiteRecord, context: RewriteContext): SiteRewrite {
  const transform = record.transformRef!;
  try {
    return record.pattern !== undefined ? transform.rewritePattern!(record.pattern, context) : transform.rewrite(record.catalogSite!, context);
  } catch (error) {
    // a transform's bug costs one site, not the run
    return { refuse: `the ${transform.name} transform failed here (${error instanceof Error ? error.message : String(error)}): migrate by hand` };
  }
}

/**
 * The context a transform rewrites one site (or one file) in; the imports it asks for are collected in
 * `requests`. A name reused from the file's imports is one `site` sees (without a site, the whole file).
 */
export function rewriteContext(
  file: SourceFile,
  building: Pick<GroupBuilding, 'importsOf' | 'options' | 'checker'>,
  requests: Set<string>,
  site?: Node,
): RewriteContext {
  return {
    importName(module, exportName) {
      const { name, request } = building.importsOf(file).nameFor(module, exportName, site);
      if (request !== undefined) requests.add(request);
      return name;
    },
    moduleBindings: (modules) => building.importsOf(file).bindingsOf(modules),
    removeBindings: (bindings) => building.importsOf(file).removalEdits(bindings),
    options: building.options,
    checker: building.checker,
    needsParentheses,
  };
}
