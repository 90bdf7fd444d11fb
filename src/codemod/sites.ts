import type { SourceFile } from 'ts-morph';
import { describeReplacement, type CatalogEntry, type Category, type TransformName } from '../catalog/index.js';
import { CollectError, typedMethodHits, type CatalogHit, type SiteCollector } from './collect.js';
import { isOwnFile } from './project.js';
import { reExportedCallHits } from './re-exported-calls.js';
import { siteKey, type SiteRecord } from './records.js';
import { sourceBehind } from './shadow-declarations.js';
import { containerOf } from './syntax.js';
import type { AnalysisContext, MigrateResult, Site, Transform } from './types.js';
import type { PackageVersions } from './versions.js';

/** A source file of the project, or the declaration file beside one (what `./fsx.js` resolves to there). */
function isOwnModule(file: SourceFile | undefined): boolean {
  if (file === undefined) return false;
  const source = file.isDeclarationFile() ? sourceBehind(file) : file;
  return source !== undefined && isOwnFile(source);
}

/** The transform that owns a manual catalog entry's category: it reports the entry as left for review. */
const CATEGORY_OWNER: Record<Category, TransformName> = {
  fs: 'sync-io', 'child-process': 'sync-io', zlib: 'sync-io', crypto: 'sync-io', glob: 'sync-io', shell: 'sync-io',
  sleep: 'sleep', http: 'sync-http', database: 'sqlite',
};

export interface SiteSearch {
  collector: SiteCollector;
  analysis: AnalysisContext;
  versions: PackageVersions;
  /** The transforms of the run, in registry order. */
  transforms: readonly Transform[];
  errors: MigrateResult['errors'];
  /** Files some transform's pattern filter passed over. */
  skipped?: Set<SourceFile>;
  /** The names the project's modules re-export catalog APIs under (re-exported-calls.ts `renamedExports`). */
  renamed?: ReadonlySet<string>;
}

/** Every site of a file: catalog calls (through the rules' resolution) and the transforms' own patterns. */
export function sitesOf(file: SourceFile, search: SiteSearch): SiteRecord[] {
  const records: SiteRecord[] = [];
  try {
    const hits = search.collector.catalogHits(file);
    const checker = search.analysis.checker.compilerObject;
    hits.push(...typedMethodHits(file, checker, new Set(hits.map((h) => h.node.getStart()))));
    const isOwn = (path: string): boolean => isOwnModule(file.getProject().getSourceFile(path));
    hits.push(...reExportedCallHits(file, checker, isOwn, search.renamed ?? new Set(), new Set(hits.map((h) => h.node.getStart()))));
    const fileCalls = new Map(hits.flatMap((hit) => (hit.handedOn === true ? [] : [[hit.node.compilerNode, hit.entry] as const])));
    for (const hit of hits) {
      if (hit.handedOn === true) {
        const record = valueRecord(file, hit, search);
        if (record !== null) records.push(record);
        continue;
      }
      const site: Site = { file, node: hit.node as Site['node'], entry: hit.entry, fileCalls };
      if (hit.sleepSeconds !== undefined) site.sleepSeconds = hit.sleepSeconds;
      if (hit.guarded === true) site.guarded = true;
      const record = catalogRecord(site, search);
      if (record !== null) records.push(record);
    }
    for (const transform of search.transforms) {
      if (transform.findPatterns === undefined || transform.rewritePattern === undefined) continue;
      if (transform.patternFilter !== undefined && !transform.patternFilter.test(file.getFullText())) {
        search.skipped?.add(file);
        continue;
      }
      records.push(...patternRecords(file, transform, search));
    }
    return records;
  } catch (error) {
    const line = error instanceof CollectError ? error.line : undefined;
    search.errors.push({ file: file.getFilePath(), ...(line === undefined ? {} : { line }), message: error instanceof Error ? error.message : String(error) });
    records.length = 0;
    return [];
  } finally {
    // a file with sites is rewritten next, and its imports planned on the same ESTree: kept for that
    if (records.length === 0) search.collector.release(file);
  }
}

/**
 * The pattern sites of a file whose functions the migration makes async, in files the transforms'
 * filters passed over (a file with no `async` can still drop the promise of an async function it
 * calls): only `onlyIfAsync` sites can be there.
 */
export function lateSitesOf(file: SourceFile, search: SiteSearch): SiteRecord[] {
  try {
    return search.transforms
      .filter((t) => t.findsOnlyIfAsync === true && t.findPatterns !== undefined && t.rewritePattern !== undefined)
      .flatMap((t) => patternRecords(file, t, search))
      .filter((r) => r.onlyIfAsync !== undefined);
  } catch (error) {
    search.errors.push({ file: file.getFilePath(), message: error instanceof Error ? error.message : String(error) });
    return [];
  } finally {
    search.collector.release(file);
  }
}

function patternRecords(file: SourceFile, transform: Transform, search: SiteSearch): SiteRecord[] {
  const records: SiteRecord[] = [];
  for (const pattern of transform.findPatterns!(file, search.analysis)) {
    const record: SiteRecord = {
      file, node: pattern.node, api: pattern.api, category: pattern.category, transform: transform.name,
      group: `${transform.name}:${pattern.group ?? siteKey(file, pattern.node)}`, transformRef: transform, pattern,
    };
    if (pattern.onlyIfAsync === true) {
      const container = containerOf(pattern.node, search.analysis.noTopLevelAwait);
      if (container.kind !== 'function' || container.fn.isAsync()) continue;
      record.onlyIfAsync = container.fn;
    }
    records.push(record);
  }
  return records;
}

/** The transform that rewrites an entry's calls, or that reports them (a manual entry, by its category). */
function ownerOf(entry: CatalogEntry): TransformName {
  return entry.fix.automatic ? entry.fix.transform : CATEGORY_OWNER[entry.category];
}

/** A blocking API handed on as a value: refused, for a person to change where it is called. */
function valueRecord(file: SourceFile, hit: CatalogHit, search: SiteSearch): SiteRecord | null {
  const { entry, node } = hit;
  const owner = ownerOf(entry);
  if (!search.transforms.some((t) => t.name === owner)) return null;
  return {
    file, node, api: entry.id, category: entry.category, transform: owner, group: `${owner}:${siteKey(file, node)}`,
    refusal: `\`${entry.name}\` blocks the event loop wherever it is called, and is handed on as a value here: where it is called, use ${describeReplacement(entry)} instead, by hand`,
  };
}

/** A catalog call as a site of the transform that takes it; a manual entry is refused with the catalog's reason. */
function catalogRecord(site: Site, search: SiteSearch): SiteRecord | null {
  const { entry, file, node } = site;
  const transform = search.transforms.find((t) => t.accepts(site));
  const owner = ownerOf(entry);
  if (transform === undefined && !search.transforms.some((t) => t.name === owner)) return null;
  const record: SiteRecord = {
    file, node, api: entry.id, category: entry.category, transform: transform?.name ?? owner, catalogSite: site,
    group: `${transform?.name ?? owner}:${transform?.groupKey?.(site) ?? siteKey(file, node)}`,
  };
  if (transform === undefined) {
    record.refusal = `\`${entry.name}\` blocks the event loop: ${entry.fix.automatic ? 'migrate it by hand' : entry.fix.reason}`;
    return record;
  }
  record.transformRef = transform;
  // the guard kept the module from loading where the condition fails: an import of the async API would not
  if (site.guarded === true) {
    record.refusal = `\`${entry.name}\` is reached through a module loaded only under a condition, and the rewrite would load ${entry.replacement?.module ?? 'its replacement'} unconditionally: migrate by hand`;
    return record;
  }
  const requirement = entry.replacement?.requires;
  const unmet = requirement === undefined ? undefined : search.versions.unmet(requirement);
  if (unmet !== undefined) {
    record.refusal = `\`${entry.name}\` blocks the event loop: ${unmet.marker}`;
    record.detail = unmet.detail;
  }
  return record;
}
