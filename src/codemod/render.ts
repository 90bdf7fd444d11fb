import type { SourceFile } from 'ts-morph';
import { applyEdits, EditConflict, lineEnding, orderEdits, type FileEdit } from './edits.js';
import type { FileImports } from './imports.js';
import { rewriteContext } from './groups.js';
import type { Group } from './records.js';
import type { RewriteContext, Site, Transform } from './types.js';

/** The texts of a set of kept groups. */
export interface Rendered {
  /** Absolute path → new text, for the files that change. */
  changed: Map<string, string>;
  /** Per file, the groups whose edits it holds. */
  groupsByFile: Map<string, Set<string>>;
  /** Per changed file, every edit applied, in order: to map a position of the new text back. */
  applied: Map<string, FileEdit[]>;
  /** Groups left out because their edits collide with others'. */
  conflicts: Set<string>;
}

/** Imports open the line they are inserted at, before anything else inserted there. */
const IMPORT_ANCHOR = { side: 'open', span: Number.MAX_SAFE_INTEGER } as const;

export class Renderer {
  constructor(
    private readonly transforms: readonly Transform[],
    private readonly imports: Map<SourceFile, FileImports>,
    private readonly context: { importsOf(file: SourceFile): FileImports; options: Readonly<Record<string, unknown>>; checker: RewriteContext['checker'] },
  ) {}

  /**
   * The new texts of the files the kept groups change, with each file's own edits: the transforms'
   * finishFile, the imports asked for, the imports left unused, and `extra` (markers). Groups whose edits
   * collide are left out (and listed), and so are extra edits that collide.
   */
  render(kept: readonly Group[], extra: readonly FileEdit[] = []): Rendered {
    const byFile = new Map<SourceFile, FileEdit[]>();
    const requestsByFile = new Map<SourceFile, Set<string>>();
    const groupsByFile = new Map<string, Set<string>>();
    const pushed = new Set<FileEdit>();
    const push = (edit: FileEdit): void => {
      // groups share the edits of the functions they all reach: each edit once
      if (pushed.has(edit)) return;
      pushed.add(edit);
      const list = byFile.get(edit.file) ?? [];
      byFile.set(edit.file, list);
      list.push(edit);
    };
    const holdGroups = (file: SourceFile, keys: Iterable<string>): void => {
      const set = groupsByFile.get(file.getFilePath()) ?? new Set();
      groupsByFile.set(file.getFilePath(), set);
      for (const key of keys) set.add(key);
    };
    const addRequests = (file: SourceFile, requests: Iterable<string>): void => {
      const set = requestsByFile.get(file) ?? new Set();
      requestsByFile.set(file, set);
      for (const r of requests) set.add(r);
    };
    for (const group of kept) {
      const files = new Set<SourceFile>();
      for (const e of group.edits) {
        push(e);
        files.add(e.file);
      }
      for (const file of files) holdGroups(file, [group.key]);
      for (const [file, requests] of group.imports) addRequests(file, requests);
    }
    for (const e of [...extra, ...this.#finishFiles(kept, addRequests)]) {
      push(e);
      holdGroups(e.file, e.groups ?? []);
    }

    const changed = new Map<string, string>();
    const applied = new Map<string, FileEdit[]>();
    const conflicts = new Set<string>();
    const collidingExtra = new Set<FileEdit>();
    for (const [file, edits] of byFile) {
      const removals = this.context.importsOf(file).unusedEdits(edits).map((e) => ({ ...e, file, kind: 'import' as const }));
      const added = (this.imports.get(file)?.edits(requestsByFile.get(file) ?? new Set(), removals) ?? [])
        .map((e) => ({ ...e, file, kind: 'import' as const, anchor: IMPORT_ANCHOR }));
      const all = [...edits, ...removals, ...added];
      const original = file.getFullText();
      try {
        const after = applyEdits(original, all, lineEnding(original));
        applied.set(file.getFilePath(), orderEdits(all));
        if (after !== original) changed.set(file.getFilePath(), after);
      } catch (error) {
        if (!(error instanceof EditConflict)) throw error;
        for (const e of [error.first, error.second] as FileEdit[]) {
          if (e.groups !== undefined && e.groups.size > 0) for (const g of e.groups) conflicts.add(g);
          else if (extra.includes(e)) collidingExtra.add(e);
        }
        // an import edit colliding with itself would loop: leave the whole file's groups out
        if (conflicts.size === 0 && collidingExtra.size === 0) for (const e of edits) for (const g of e.groups ?? []) conflicts.add(g);
      }
    }
    if (conflicts.size === 0 && collidingExtra.size === 0) return { changed, groupsByFile, applied, conflicts };
    const rest = this.render(
      kept.filter((g) => !conflicts.has(g.key)),
      extra.filter((e) => !collidingExtra.has(e) && ![...(e.groups ?? [])].some((g) => conflicts.has(g))),
    );
    for (const g of conflicts) rest.conflicts.add(g);
    return rest;
  }

  /** The per-file edits of transforms that have them, for the sites of the kept groups. */
  #finishFiles(kept: readonly Group[], addRequests: (file: SourceFile, requests: Iterable<string>) => void): FileEdit[] {
    const sitesByFile = new Map<SourceFile, Map<Transform, Array<{ site: Site; group: string }>>>();
    for (const group of kept) {
      for (const record of group.sites) {
        if (record.catalogSite === undefined || record.transformRef?.finishFile === undefined) continue;
        const map = sitesByFile.get(record.file) ?? new Map();
        sitesByFile.set(record.file, map);
        map.set(record.transformRef, [...(map.get(record.transformRef) ?? []), { site: record.catalogSite, group: group.key }]);
      }
    }
    const edits: FileEdit[] = [];
    for (const [file, perTransform] of sitesByFile) {
      for (const transform of this.transforms) {
        const entries = perTransform.get(transform);
        if (entries === undefined) continue;
        const requests = new Set<string>();
        const groups = new Set(entries.map((e) => e.group));
        const finished = transform.finishFile!(file, entries.map((e) => e.site), rewriteContext(file, this.context, requests));
        edits.push(...finished.map((e) => ({ ...e, file, kind: 'rewrite' as const, groups })));
        addRequests(file, requests);
      }
    }
    return edits;
  }
}
