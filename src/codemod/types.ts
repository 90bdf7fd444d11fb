import type { CallExpression, NewExpression, Node, SourceFile, TaggedTemplateExpression } from 'ts-morph';
import type { CatalogEntry, TransformName } from '../catalog/index.js';

/**
 * The contract between the migration engine (src/codemod/engine*) and the transforms (codemods/*.ts).
 * The engine analyses everything first (sites, then the propagation closure), then asks each transform
 * to rewrite its sites as text edits against the ORIGINAL text, then applies all edits at once and saves
 * once (ts-morph's performance guide). Edits never overlap except for insertions at the same offset.
 */

/** A replacement of [start, end) in the original text of a file; start === end inserts. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** A blocking call found in the project, with the catalog entry it reaches. */
export interface Site {
  file: SourceFile;
  node: CallExpression | NewExpression | TaggedTemplateExpression;
  entry: CatalogEntry;
}

/** What a transform may ask of the engine while rewriting one site. */
export interface RewriteContext {
  /**
   * The local name under which `exportName` of `module` is available in the site's file, adding an
   * import (ESM) or require (CommonJS) if needed and reusing an existing one. `default` and `*` are allowed.
   * The name never clashes with a binding already in the file.
   */
  importName(module: string, exportName: string): string;
  /** Options of the run, e.g. `{ timeoutMs: 30000 }` for sync-http. */
  options: Readonly<Record<string, unknown>>;
}

export type SiteRewrite =
  /** `awaits`: the rewritten code contains `await`, so the enclosing function must become async. */
  | { edits: TextEdit[]; awaits: boolean }
  /** The site cannot be rewritten safely: it is left as it is, marked with this reason, and reported. */
  | { refuse: string };

export interface Transform {
  name: TransformName;
  /** One line for `--help` and docs. */
  description: string;
  /** Whether this transform takes this site (usually: `site.entry.fix.automatic && fix.transform === name`). */
  accepts(site: Site): boolean;
  rewrite(site: Site, context: RewriteContext): SiteRewrite;
  /**
   * Sites that must migrate together or not at all share a key (e.g. every use of one better-sqlite3
   * Database, from `new Database()` to the last `stmt.get()`): the engine puts them, and their
   * propagation closures, into one migration group. Without it each site is its own group.
   */
  groupKey?(site: Site): string;
  /**
   * Edits a transform needs once per file after its sites are rewritten (type annotations such as
   * `Database.Database` → the async driver's type, imports that became unused). Same coordinates.
   */
  finishFile?(file: SourceFile, sites: readonly Site[], context: RewriteContext): TextEdit[];
}

/** A place left untouched for a person, with the marker comment's text. */
export interface Refusal {
  file: string;
  line: number;
  column: number;
  api: string;
  reason: string;
  /** The migration group it belongs to, when a group was rolled back. */
  group?: string;
}

export interface MigrateOptions {
  /** The project folder (tsconfig.json inside, or a JavaScript project without one). */
  root: string;
  /** Restrict to files under these paths (default: the whole project). */
  paths?: string[];
  /** Transform names to run (default: all). */
  transforms?: TransformName[];
  /** Type-check before and after, rolling back groups that add errors (default true). */
  verify?: boolean;
  /** Write the result (default false: dry run). */
  write?: boolean;
  /** Options passed to transforms (timeoutMs, …). */
  transformOptions?: Record<string, unknown>;
  /** Called as files are analysed and rewritten, for progress bars. */
  onProgress?: (done: number, total: number, phase: 'analyse' | 'rewrite' | 'verify') => void;
}

export interface FileChange {
  /** Absolute path. */
  file: string;
  before: string;
  after: string;
}

export interface MigrateResult {
  changes: FileChange[];
  /** Files analysed that did not change. */
  unchanged: number;
  /** Sites rewritten (blocking calls and floating promises), not counting propagated awaits. */
  sitesMigrated: number;
  /** Call sites awaited and functions made async by propagation. */
  propagated: number;
  refusals: Refusal[];
  /** Migration groups rolled back by verified mode, with the type errors they would have added. */
  rolledBack: Array<{ group: string; errors: string[] }>;
  /** Files that could not be processed (parse errors, I/O), with file and line where known. */
  errors: Array<{ file: string; line?: number; message: string }>;
}

export type { Node };
