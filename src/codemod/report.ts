import { isAbsolute } from 'node:path';
import type { SourceFile } from 'ts-morph';
import type { FileEdit } from './edits.js';
import { markerEdit } from './markers.js';
import { groupLabel, pathFrom, position, where, type Group } from './records.js';
import type { MigrateResult, Refusal } from './types.js';

export interface Outcome {
  groups: ReadonlyMap<string, Group>;
  kept: ReadonlySet<string>;
  /** Rolled back by verified mode, with the errors. */
  rolledBack: ReadonlyMap<string, string[]>;
  /** Left out because their edits collided with other groups'. */
  collided: ReadonlySet<string>;
  root: string;
  /** The folder the paths in the report's texts are relative to (the marker comments' stay relative to `root`). */
  cwd: string;
  inScope(file: SourceFile): boolean;
}

const ROLLED_BACK = 'migrating this to async adds type errors (see the `unblock migrate` report): migrate it by hand';
const COLLIDED = 'the codemod could not rewrite this together with the code around it: migrate it by hand';

/**
 * Every site's outcome, the refusals (sites left, and the places that blocked their propagation, with
 * file:line:column), the rolled-back groups, and the marker comments that say what a person should do.
 */
export function reportOutcomes(outcome: Outcome, result: MigrateResult): FileEdit[] {
  const markers: FileEdit[] = [];
  const mark = (edit: FileEdit | null): void => {
    if (edit !== null) markers.push(edit);
  };
  const blockersSeen = new Set<string>();
  for (const group of outcome.groups.values()) {
    const accepted = outcome.kept.has(group.key);
    // a floating promise in a function no migration made async is not the codemod's (the rule reports it)
    if (group.onlyIfAsync !== undefined && !accepted && !outcome.rolledBack.has(group.key)) continue;
    const rollback = outcome.rolledBack.get(group.key);
    const collided = outcome.collided.has(group.key);
    for (const site of group.sites) {
      const { line, column } = position(site.node);
      const file = site.file.getFilePath();
      result.sites.push({
        file, line, column, api: site.api, category: site.category, transform: site.transform,
        status: accepted ? 'migrated' : 'refused',
        ...(accepted ? {} : { reason: reasonOf(site.refusal, site.detail, rollback, collided, group, outcome.cwd) }),
      });
      if (accepted) continue;
      const refusal: Refusal = { file, line, column, api: site.api, reason: result.sites[result.sites.length - 1]!.reason! };
      if (group.sites.length > 1 || rollback !== undefined) refusal.group = group.key;
      result.refusals.push(refusal);
      if (site.refusal !== undefined) mark(markerEdit(site.node, site.refusal));
      else if (rollback !== undefined) mark(markerEdit(site.node, collided ? COLLIDED : ROLLED_BACK));
    }
    if (accepted || rollback !== undefined) continue;
    // the places that kept the group from migrating, marked where a person must act
    for (const blocker of group.blockers) {
      if (group.sites.some((s) => s.node === blocker.node && s.refusal === blocker.reason)) continue;
      const key = `${where(outcome.root, blocker.node)}:${blocker.reason}`;
      if (blockersSeen.has(key)) continue;
      blockersSeen.add(key);
      const { line, column } = position(blocker.node);
      result.refusals.push({ file: blocker.node.getSourceFile().getFilePath(), line, column, api: 'propagation', reason: blocker.reason, group: group.key });
      if (outcome.inScope(blocker.node.getSourceFile())) mark(markerEdit(blocker.node, blocker.marker ?? blocker.reason));
    }
  }
  for (const [key, errors] of outcome.rolledBack) {
    result.rolledBack.push({ group: groupLabel(outcome.groups.get(key)!, outcome.cwd), errors: errors.map((e) => typeErrorFrom(outcome.cwd, e)) });
  }
  result.sitesMigrated = result.sites.filter((s) => s.status === 'migrated').length;
  return markers;
}

function reasonOf(refusal: string | undefined, detail: string | undefined, rollback: string[] | undefined, collided: boolean, group: Group, cwd: string): string {
  if (refusal !== undefined) return detail === undefined ? refusal : `${refusal} (${detail})`;
  if (collided) return COLLIDED;
  if (rollback !== undefined) return `migrating this to async adds type errors: ${typeErrorFrom(cwd, rollback[0] ?? '')}`;
  // one reason once, with its places: forty rules' `create` that cannot be async make one reason, not forty
  const places = new Map<string, string[]>();
  for (const b of group.blockers) places.set(b.reason, [...(places.get(b.reason) ?? []), where(cwd, b.node)]);
  return `not migrated: ${[...places].map(([reason, at]) => `${reason} (${placesText(at)})`).join('; ')}`;
}

/** `a.ts:1:2`, `a.ts:1:2, b.ts:3:4`, …, `a.ts:1:2, b.ts:3:4, c.ts:5:6 and 37 more`. */
function placesText(places: readonly string[]): string {
  const unique = [...new Set(places)];
  return unique.length <= MAX_PLACES ? unique.join(', ') : `${unique.slice(0, MAX_PLACES).join(', ')} and ${unique.length - MAX_PLACES} more`;
}

const MAX_PLACES = 3;

/** A type error as the Verifier words it (`/abs/file.ts:3:7 TS2322: …`), its file relative to `cwd`; other texts as they are. */
function typeErrorFrom(cwd: string, text: string): string {
  const location = /^(.+?):\d+:\d+ TS\d+: /.exec(text);
  if (location === null || !isAbsolute(location[1]!)) return text;
  return `${pathFrom(cwd, location[1]!)}${text.slice(location[1]!.length)}`;
}
