import { resolve } from 'node:path';
import type { Project, SourceFile } from 'ts-morph';
import { SiteCollector } from './collect.js';
import type { FileEdit } from './edits.js';
import { entryModules, exportedFunctionsMadeAsync, exportedMadeAsync } from './exported-api.js';
import { buildGroups, type PropagationLike } from './groups.js';
import { ImportGraph } from './import-graph.js';
import { FileImports } from './imports.js';
import { isUnder } from './path-scope.js';
import { isOwnFile, loadProject, topLevelAwaitRefusal } from './project.js';
import { pathFrom, type Group, type SiteRecord } from './records.js';
import { ReferenceFinder } from './references.js';
import { Renderer } from './render.js';
import { sourceBehind } from './shadow-declarations.js';
import { uncalledMadeAsync } from './uncalled.js';
import { reportOutcomes } from './report.js';
import { selectGroups, verifyGroups } from './rollback.js';
import { lateSitesOf, sitesOf } from './sites.js';
import { renamedExports } from './re-exported-calls.js';
import type { AnalysisContext, MigrateOptions, MigrateResult, Transform } from './types.js';
import { Verifier } from './verify.js';
import { PackageVersions } from './versions.js';
import { writeFileAtomic } from './write.js';

/**
 * The migration engine. Analyse first (every site, and the propagation closure of each through the type
 * checker's references), then compute text edits against the original texts, verify them (type errors
 * before and after, per migration group), and write once.
 */

export type { PropagationLike };

export interface PropagationHost {
  checker: ReturnType<Project['getTypeChecker']>;
  references: ReferenceFinder;
  topLevelAwait(file: SourceFile): boolean;
  /** Why `await` cannot stand at the top level of `file` (undefined where it can). */
  noTopLevelAwait(file: SourceFile): string | undefined;
  /** What paths in reasons are relative to: the user's folder (`cwd`), and the project's (`root`) in markers. */
  folders: { root: string; cwd: string };
  isOwn(file: SourceFile): boolean;
  packageVersion(name: string): string | undefined;
}

export type PropagationFactory = (host: PropagationHost) => PropagationLike;

export async function runMigration(options: MigrateOptions, transforms: readonly Transform[], propagation: PropagationFactory): Promise<MigrateResult> {
  const cwd = resolve(options.cwd ?? '.');
  const root = resolve(cwd, options.root);
  const debug = process.env.UNBLOCK_DEBUG === '1'
    ? (label: string): void => console.error(`[unblock] ${label} ${Math.round(performance.now())}ms, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB`)
    : (): void => undefined;
  const result: MigrateResult = { sites: [], changes: [], unchanged: 0, sitesMigrated: 0, propagated: 0, refusals: [], rolledBack: [], errors: [], exportsMadeAsync: [], uncalledMadeAsync: [] };
  const scopes = options.paths?.map((p) => resolve(root, p));
  const project = await loadProject(root, scopes);
  const selected = options.transforms === undefined ? transforms : transforms.filter((t) => options.transforms!.includes(t.name));
  const scoped = new Map<SourceFile, boolean>();
  const inScope = (file: SourceFile): boolean => {
    let inside = scoped.get(file);
    if (inside === undefined) scoped.set(file, inside = isOwnFile(file) && (scopes === undefined || isUnder(file.getFilePath(), scopes)));
    return inside;
  };
  const files = project.getSourceFiles().filter(inScope);
  const program = project.getProgram().compilerObject;
  const checker = project.getTypeChecker();
  const versions = new PackageVersions(root);
  const graph = new ImportGraph(project);
  const loadedSync = synchronouslyLoaded(project, graph, root);
  const tla = new Map<SourceFile, string | undefined>();
  const noTopLevelAwait = (file: SourceFile): string | undefined => {
    if (!tla.has(file)) tla.set(file, topLevelAwaitRefusal(file, project.getCompilerOptions()) ?? loadedSync.get(file));
    return tla.get(file);
  };
  const topLevelAwait = (file: SourceFile): boolean => noTopLevelAwait(file) === undefined;
  debug('loaded');

  // 1. every site
  const collector = new SiteCollector(program);
  const analysis: AnalysisContext = { project, checker, topLevelAwait, noTopLevelAwait, estree: (file) => collector.estree(file) };
  const records: SiteRecord[] = [];
  const search = { collector, analysis, versions, transforms: selected, errors: result.errors, skipped: new Set<SourceFile>(), renamed: renamedExports(files) };
  files.forEach((file, i) => {
    options.onProgress?.(i, files.length, 'analyse');
    records.push(...sitesOf(file, search));
  });
  options.onProgress?.(files.length, files.length, 'analyse');
  debug('analysed');

  // 2. rewrites and their propagation, in groups
  const imports = new Map<SourceFile, FileImports>();
  const importsOf = (file: SourceFile): FileImports => {
    let planner = imports.get(file);
    if (planner === undefined) imports.set(file, planner = new FileImports(file, () => collector.estree(file)));
    return planner;
  };
  const context = { importsOf, options: options.transformOptions ?? {}, checker };
  const references = new ReferenceFinder(project, graph);
  const building = {
    ...context,
    propagation: propagation({ checker, references, topLevelAwait, noTopLevelAwait, folders: { root, cwd }, isOwn: isOwnFile, packageVersion: (name) => versions.version(name) }),
    onProgress: (done: number, total: number) => options.onProgress?.(done, total, 'rewrite'),
  };
  const groups = buildGroups(records, building);
  // files the pattern filters passed over, whose functions now become async: their floating promises too
  const late = new Set<SourceFile>();
  for (const group of groups.values()) {
    if (group.blockers.length === 0) for (const e of group.edits) if (e.kind === 'async' && search.skipped.has(e.file)) late.add(e.file);
  }
  for (const [key, group] of buildGroups([...late].flatMap((file) => lateSitesOf(file, search)), building)) groups.set(key, group);
  // a declaration file beside a file to migrate follows it (see shadow-declarations.ts)
  const editable = (file: SourceFile): boolean => {
    const source = sourceBehind(file);
    return inScope(file) || (source !== undefined && inScope(source));
  };
  for (const group of groups.values()) blockOutsideScope(group, editable, root, cwd);
  blockSyncApis(project, [...groups.values()].filter((g) => g.blockers.length === 0), root);
  debug('propagated');

  // 3. the edits of the groups without blockers, verified
  const renderer = new Renderer(selected, imports, context);
  const candidates = [...groups.values()].filter((g) => g.blockers.length === 0);
  const unverified = selectGroups(candidates);
  const verified = options.verify === false
    ? { kept: unverified, rolledBack: new Map<string, string[]>(), texts: renderer.render(unverified) }
    : verifyGroups(new Verifier(program), candidates, project, graph, (some) => renderer.render(some), (round, failing) => {
      options.onProgress?.(round, round + 1, 'verify');
      debug(`verified round ${round}: ${failing} failing`);
    });
  const collided = new Set([...verified.texts.conflicts].filter((key) => !verified.rolledBack.has(key)));
  const rolledBack = new Map<string, string[]>(verified.rolledBack);
  for (const key of collided) rolledBack.set(key, ["its edits collide with another migration group's"]);
  const kept = verified.kept.filter((g) => !collided.has(g.key));

  // 4. outcomes, and markers where a person must act
  const markers = reportOutcomes({ groups, kept: new Set(kept.map((g) => g.key)), rolledBack, collided, root, cwd, inScope }, result);
  const texts = markers.length > 0 ? renderer.render(kept, markers) : verified.texts;
  result.propagated = countPropagated(kept);
  result.exportsMadeAsync = exportedMadeAsync(project, kept, root);
  result.uncalledMadeAsync = uncalledMadeAsync(building.propagation.unusedMadeAsync?.(kept.flatMap((g) => g.edits as FileEdit[])) ?? [], result.exportsMadeAsync);
  for (const [file, after] of texts.changed) result.changes.push({ file, before: project.getSourceFileOrThrow(file).getFullText(), after });
  result.changes.sort((a, b) => a.file.localeCompare(b.file));
  const changedOwn = new Set(result.changes.map((c) => c.file));
  result.unchanged = files.filter((f) => !changedOwn.has(f.getFilePath())).length;
  debug('reported');

  // 5. one write per file
  if (options.write === true) {
    for (const change of result.changes) {
      try {
        await writeFileAtomic(change.file, change.after);
      } catch (error) {
        result.errors.push({ file: change.file, message: `could not write: ${error instanceof Error ? error.message : String(error)}` });
      }
    }
  }
  return result;
}

/**
 * The ES modules that cannot await at their top level because something may load them with `require()`,
 * which throws ERR_REQUIRE_ASYNC_MODULE (Node.js 20.19 and later) when anything the module loads does:
 * those a file of the project requires, and a package's entry modules (`main`, `exports`), which its
 * users may require, with what they import. Each with the reason a marker gives.
 */
function synchronouslyLoaded(project: Project, graph: ImportGraph, root: string): Map<SourceFile, string> {
  const reasons = new Map<SourceFile, string>();
  const entries = new Map<SourceFile, string>();
  for (const path of entryModules(root, project.getCompilerOptions())) {
    const file = project.getSourceFile(path);
    if (file !== undefined) entries.set(file, pathFrom(root, path));
  }
  for (const [file, entry] of graph.loadedFrom(entries)) {
    reasons.set(file, `this module is the package's entry ${entry}, or loaded by it, which its users may load with require(): `
      + "that throws once a module it loads awaits at its top level, breaking the package's API: wrap the start-up code in an async function");
  }
  const requirers = new Map([...graph.required].map(([required, requirer]) => [required, pathFrom(root, requirer.getFilePath())]));
  for (const [file, requirer] of graph.loadedFrom(requirers)) {
    reasons.set(file, `this ES module is loaded by a require() (in ${requirer}), which cannot load a module that awaits at its top level: `
      + 'wrap the start-up code in an async function, or load the module with import');
  }
  return reasons;
}

/**
 * A package's export named as synchronous (`createSync`, `loadSync`, `readFileSync`) is its sync API,
 * there beside an async twin for users who need a result at once: turning it async breaks each of them
 * (listing it among the exports made async would not mend that). The groups that would are left whole.
 */
function blockSyncApis(project: Project, candidates: readonly Group[], root: string): void {
  const syncApis = exportedFunctionsMadeAsync(project, candidates, root).filter(({ change }) => /Sync$/.test(change.name.split(/[.#]/).pop() ?? ''));
  for (const { change, asyncAt } of syncApis) {
    for (const group of candidates) {
      const edit = (group.edits as FileEdit[]).find((e) => e.kind === 'async' && `${e.file.getFilePath()}:${e.start}` === asyncAt);
      if (edit === undefined) continue;
      const reason = `\`${change.name}\` is the package's synchronous API (its name says so): its users call it for a value, not a promise: `
        + 'keep it synchronous, and let the callers that can await use an async twin, by hand';
      group.blockers.push({ node: edit.file.getDescendantAtPos(edit.start) ?? group.sites[0]!.node, reason });
    }
  }
}

/** A group that would edit a file outside the paths asked for is left whole (its sites are inside). */
function blockOutsideScope(group: Group, inScope: (file: SourceFile) => boolean, root: string, cwd: string): void {
  const outside = group.edits.find((e) => !inScope(e.file));
  if (outside === undefined || group.blockers.length > 0) return;
  const reason = (from: string): string => `the migration reaches ${pathFrom(from, outside.file.getFilePath())}, outside the paths to migrate: migrate with a wider path`;
  group.blockers.push({ node: group.sites[0]!.node, reason: reason(cwd), marker: reason(root) });
}

/** Awaits added and functions made async by propagation, each counted once. */
function countPropagated(kept: readonly Group[]): number {
  // groups share the edits of the functions they reach: the same objects, and equal ones
  const seen = new Map<SourceFile, Set<string>>();
  let count = 0;
  for (const group of kept) {
    for (const e of group.edits as FileEdit[]) {
      if (!((e.kind === 'await' && e.anchor?.side !== 'close') || e.kind === 'async')) continue;
      let inFile = seen.get(e.file);
      if (inFile === undefined) seen.set(e.file, inFile = new Set());
      const key = `${e.start}:${e.end}:${e.text}`;
      if (inFile.has(key)) continue;
      inFile.add(key);
      count++;
    }
  }
  return count;
}
