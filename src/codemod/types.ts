import type { CallExpression, NewExpression, Node, Project, SourceFile, TaggedTemplateExpression, TypeChecker, ts } from 'ts-morph';
import type { CatalogEntry, TransformName } from '../catalog/index.js';
import type { EstreeView } from './estree-view.js';

/**
 * The contract between the migration engine (src/codemod/engine.ts) and the transforms (codemods/*.ts).
 * The engine analyses everything first (sites, then the propagation closure), then asks each transform
 * to rewrite its sites as text edits against the ORIGINAL text, then applies all edits at once and saves
 * once (ts-morph's performance guide). Edits never overlap except for insertions at the same offset: a
 * transform replaces the callee and inserts around the call, leaving the arguments' text alone, so that
 * a blocking call nested in another's arguments (and the propagation's awaits) can be rewritten too.
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
  /** `execSync('sleep 2')` and the like: a child process run only to wait, this many seconds (the sleep transform's). */
  sleepSeconds?: number;
  /** Called through a module bound only under a condition: refused by every transform (see sites.ts). */
  guarded?: boolean;
  /**
   * Every catalog call of the file (by its compiler node), as the collector resolved it: for a transform
   * that follows a value from one call to others (file-handles, from `openSync` to `closeSync`).
   */
  fileCalls?: ReadonlyMap<ts.Node, CatalogEntry>;
}

/**
 * A site a transform finds itself, outside the catalog: a busy-wait loop, an `Atomics.wait` sleep, a
 * floating promise. It goes through the same grouping, propagation and verification as a catalog site.
 */
export interface PatternSite {
  file: SourceFile;
  /** The node rewritten (a loop statement, an expression): its position is the one reported. */
  node: Node;
  /** Reported as SiteOutcome.api, e.g. `busy-wait`, `Atomics.wait`, `floating-promise`. */
  api: string;
  category: string;
  /** Whatever the transform found out while finding it, for its own rewritePattern. */
  data?: unknown;
  /** Pattern sites sharing a key migrate together or not at all (as Transform.groupKey). */
  group?: string;
  /**
   * Rewrite only if another migration makes the enclosing function async anyway (a floating promise in a
   * function that is synchronous now): such a site never makes a function async by itself.
   */
  onlyIfAsync?: boolean;
}

/** What a transform may ask of the engine while finding pattern sites. */
export interface AnalysisContext {
  project: Project;
  checker: TypeChecker;
  /** Whether `await` is allowed at the top level of this file (an ES module, and a module/target that allow it). */
  topLevelAwait(file: SourceFile): boolean;
  /** Why `await` cannot stand at the top level of `file` (undefined where it can), for markers. */
  noTopLevelAwait(file: SourceFile): string | undefined;
  /** The file as ESLint sees it (scopes, and the parser services over the same program), for the shared analyses. */
  estree(file: SourceFile): EstreeView;
}

/**
 * A top-level binding of a module in a file, as the rules' resolver finds it: imports (default, named,
 * aliased, namespace), `import x = require()`, requires (destructured, through interop helpers,
 * `.default`, createRequire) and aliases of those.
 */
export interface ModuleBinding {
  /** The identifier that declares it. */
  name: Node;
  module: string;
  /** The export below the module it stands for: [] for the module itself or its default export. */
  path: readonly string[];
  /** The top-level statement that declares it. */
  declaration: Node;
  /** The identifiers that use it (types and exports included), its declaration aside. */
  references: Node[];
}

/** What a transform may ask of the engine while rewriting one site. */
export interface RewriteContext {
  /**
   * The local name under which `exportName` of `module` is available in the site's file, adding an
   * import (ESM) or require (CommonJS) if needed and reusing an existing one. `default` and `*` are allowed.
   * The name never clashes with a name the file uses (globals included). Reusing `import * as ns` gives
   * `ns.exportName`: use the result as an expression. Imports left unused by the edits are removed by
   * the engine.
   */
  importName(module: string, exportName: string): string;
  /** The bindings of these modules in the file (see ModuleBinding). */
  moduleBindings(modules: readonly string[]): ModuleBinding[];
  /**
   * The edits removing some of those bindings, written as the engine removes unused imports (a
   * specifier, or the whole statement once nothing is left of it): for bindings whose references keep
   * their text but reach something else after the rewrite (`fetch(url)`, now the global fetch).
   */
  removeBindings(bindings: readonly ModuleBinding[]): TextEdit[];
  /** Options of the run, e.g. `{ timeoutMs: 30000 }` for sync-http. */
  options: Readonly<Record<string, unknown>>;
  checker: TypeChecker;
  /**
   * Whether `await <node>` (or any unary form replacing the expression `node`) must be parenthesised
   * where `node` stands: `readFileSync(p).toString()` → `(await readFile(p)).toString()`.
   */
  needsParentheses(node: Node): boolean;
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
  /**
   * Pattern sites (not catalog calls) this transform finds in a file. `patternFilter` is a cheap test of
   * the file's text: a file it rejects is skipped, unless the transform `findsOnlyIfAsync` and the
   * migration makes one of the file's functions async; only its `onlyIfAsync` sites are kept then.
   */
  patternFilter?: RegExp;
  /**
   * The transform finds sites that matter only once their function is async (PatternSite.onlyIfAsync,
   * e.g. a promise dropped in a sync function): propagation can create them in any file, so such a
   * transform is asked again about the files it made async, whatever their text.
   */
  findsOnlyIfAsync?: boolean;
  findPatterns?(file: SourceFile, context: AnalysisContext): PatternSite[];
  rewritePattern?(site: PatternSite, context: RewriteContext): SiteRewrite;
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
  /** The project folder (tsconfig.json inside, or a JavaScript project without one); relative to `cwd`. */
  root: string;
  /**
   * The folder the user works from (default `process.cwd()`): the paths in the texts of the result
   * (reasons, rolled-back groups and their type errors) are relative to it, so that they open from where
   * the command ran, as ESLint's are. `file` fields stay absolute; marker comments written into the
   * files keep paths relative to `root`, so that they read the same whichever folder the command ran from.
   */
  cwd?: string;
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

/** One blocking site found, and what became of it (for `unblock report` and `--json`). */
export interface SiteOutcome {
  file: string;
  line: number;
  column: number;
  /** Catalog id, e.g. `fs.readFileSync`; `floating-promise` and `busy-wait` for non-catalog sites. */
  api: string;
  category: string;
  transform: string;
  status: 'migrated' | 'refused';
  /** Why it was refused (the marker comment's text). */
  reason?: string;
}

export interface MigrateResult {
  /** Every site found, migrated or not. */
  sites: SiteOutcome[];
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
  /** Exported functions and methods the migration made async: callers outside the project must await them. */
  exportsMadeAsync: ExportedChange[];
  /**
   * Named functions and methods the migration made async that nothing in the project calls (not
   * repeating `exportsMadeAsync`): what calls them is elsewhere, and gets a promise now.
   */
  uncalledMadeAsync: ExportedChange[];
}

/** A function of a module's exports that became async: `load`, `Store#get`, `Store.open`, `module.exports`. */
export interface ExportedChange {
  file: string;
  line: number;
  name: string;
}

export type { Node };
