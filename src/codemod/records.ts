import { relative, sep } from 'node:path';
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
  /** For the report: a path in it is relative to the user's current folder. */
  reason: string;
  /**
   * The marker comment's text, when it differs from `reason`: a path in a comment is relative to the
   * project root, so that it reads the same (and a second run finds it) whichever folder the command ran from.
   */
  marker?: string;
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

/** A path for a message: relative to `from`, with forward slashes on every platform (as the CLI prints them). */
export function pathFrom(from: string, file: string): string {
  const rel = relative(from, file);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** `src/a.ts:12:5`, relative to `from`. */
export function where(from: string, node: Node): string {
  const { line, column } = position(node);
  return `${pathFrom(from, node.getSourceFile().getFilePath())}:${line}:${column}`;
}

/** How a group is named in the report: its first site, its path relative to `from`. */
export function groupLabel(group: Group, from: string): string {
  const first = group.sites[0];
  if (first === undefined) return group.key;
  const more = group.sites.length > 1 ? ` (+${group.sites.length - 1} sites)` : '';
  return `${first.api} at ${where(from, first.node)}${more}`;
}
