import { relative } from 'node:path';
import type { Node, SourceFile } from 'ts-morph';
import type { FunctionLike } from './syntax.js';
import type { FileEdit } from './edits.js';
import type { PatternSite, Site, Transform } from './types.js';

/** What the engine keeps about each site and each migration group between its phases. */

export interface SiteRecord {
  file: SourceFile;
  node: Node;
  api: string;
  category: string;
  /** The transform that rewrites it (or that owns its category, for a manual catalog entry). */
  transform: string;
  group: string;
  transformRef?: Transform;
  catalogSite?: Site;
  pattern?: PatternSite;
  /** For an `onlyIfAsync` pattern site: the synchronous function it stands in. */
  onlyIfAsync?: FunctionLike;
  /** Set when the site is refused by itself (manual entry, unmet requirement, transform refusal): the marker's text. */
  refusal?: string;
  /** More about the refusal for the report (not for the marker, whose text must not change between runs). */
  detail?: string;
}

export interface Blocker {
  node: Node;
  reason: string;
}

/** Sites that migrate together or not at all, with their propagation closure. */
export interface Group {
  key: string;
  sites: SiteRecord[];
  edits: FileEdit[];
  blockers: Blocker[];
  /** Per file, the keys of the imports the group's rewrites asked for. */
  imports: Map<SourceFile, Set<string>>;
  /** Kept only when other kept groups make this function async (PatternSite.onlyIfAsync). */
  onlyIfAsync?: FunctionLike;
}

export function siteKey(file: SourceFile, node: Node): string {
  return `${file.getFilePath()}:${node.getStart()}`;
}

export function position(node: Node): { line: number; column: number } {
  return node.getSourceFile().getLineAndColumnAtPos(node.getStart());
}

/** `src/a.ts:12:5`, relative to the project. */
export function where(root: string, node: Node): string {
  const { line, column } = position(node);
  return `${relative(root, node.getSourceFile().getFilePath())}:${line}:${column}`;
}

/** How a group is named in the report: its first site. */
export function groupLabel(group: Group, root: string): string {
  const first = group.sites[0];
  if (first === undefined) return group.key;
  const more = group.sites.length > 1 ? ` (+${group.sites.length - 1} sites)` : '';
  return `${first.api} at ${where(root, first.node)}${more}`;
}
