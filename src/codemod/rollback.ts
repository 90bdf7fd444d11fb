import { Node } from '#ts-morph';
import type { Project } from 'ts-morph';
import type { Group } from './records.js';
import { asyncEdit } from './syntax.js';
import type { Rendered } from './render.js';
import type { OriginalPosition, Verifier } from './verify.js';
import type { FileEdit } from './edits.js';
import type { ImportGraph } from './import-graph.js';

/**
 * Verified mode: the kept groups are applied together and type-checked (the changed files and their
 * importers, before and after); the groups that add errors are rolled back and the rest checked again,
 * until nothing fails.
 */
export function verifyGroups(
  verifier: Verifier,
  groups: readonly Group[],
  project: Project,
  graph: ImportGraph,
  render: (groups: readonly Group[]) => Rendered,
  onRound?: (round: number, failing: number) => void,
): { kept: Group[]; rolledBack: Map<string, string[]>; texts: Rendered } {
  let kept = selectGroups(groups);
  let texts = render(kept);
  const rolledBack = new Map<string, string[]>();
  for (let round = 0; texts.changed.size > 0; round++) {
    const failing = failingGroups(verifier, texts, kept, project, graph, render);
    onRound?.(round, failing.size);
    if (failing.size === 0) break;
    for (const [key, errors] of failing) rolledBack.set(key, errors);
    kept = selectGroups(groups.filter((g) => !rolledBack.has(g.key)));
    texts = render(kept);
  }
  return { kept, rolledBack, texts };
}

/**
 * The groups to apply together: all of them, except `onlyIfAsync` groups whose function no other group
 * makes async.
 */
export function selectGroups(groups: readonly Group[]): Group[] {
  const madeAsync = new Set<string>();
  for (const group of groups) {
    if (group.onlyIfAsync !== undefined) continue;
    for (const e of group.edits) if (e.kind === 'async') madeAsync.add(`${e.file.getFilePath()}:${e.start}`);
  }
  return groups.filter((g) => g.onlyIfAsync === undefined
    || madeAsync.has(`${g.onlyIfAsync.getSourceFile().getFilePath()}:${asyncEdit(g.onlyIfAsync).start}`));
}

/** The groups whose edits add type errors, each with the errors. */
function failingGroups(verifier: Verifier, texts: Rendered, kept: readonly Group[], project: Project, graph: ImportGraph, render: (groups: readonly Group[]) => Rendered): Map<string, string[]> {
  const errors = verifier.newErrors(texts.changed, filesToCheck(texts, project, graph), positionsIn(texts), positionsIn(texts, true));
  if (errors.length === 0) return new Map();
  const suspects = new Map<string, string[]>();
  for (const error of errors) {
    let owners = ownersAt(texts, project, error.file, error.pos);
    // a file no group edits: the groups that edit what it imports changed something it uses
    if (owners.size === 0) {
      const errorFile = project.getSourceFile(error.file);
      for (const imported of errorFile === undefined ? [] : graph.importedBy(errorFile)) {
        for (const key of texts.groupsByFile.get(imported.getFilePath()) ?? []) owners.add(key);
      }
    }
    if (owners.size === 0) owners = new Set(kept.map((g) => g.key));
    for (const key of owners) suspects.set(key, [...(suspects.get(key) ?? []), error.text]);
  }
  if (suspects.size === 1) return suspects;
  // several suspects: each is tried alone, on the files with errors
  const failing = new Map<string, string[]>();
  const errorFiles = [...new Set(errors.map((e) => e.file))];
  for (const key of suspects.keys()) {
    const alone = render(kept.filter((g) => g.key === key));
    const found = verifier.newErrors(alone.changed, [...new Set([...errorFiles, ...alone.changed.keys()])], positionsIn(alone), positionsIn(alone, true));
    if (found.length > 0) failing.set(key, found.map((e) => e.text));
  }
  // none fails alone: they fail together, and go together
  return failing.size > 0 ? failing : suspects;
}

/**
 * The groups that most likely caused an error at `pos` of a file's new text: those with edits in the
 * innermost statement (or member, or the file) around the corresponding place of the original text.
 */
function ownersAt(texts: Rendered, project: Project, fileName: string, pos: number): Set<string> {
  const edits = texts.applied.get(fileName);
  const file = project.getSourceFile(fileName);
  if (edits === undefined || file === undefined) return new Set(texts.groupsByFile.get(fileName));
  // inside inserted text: it stands where the edit starts
  const original = originalPosition(edits, pos, true);
  for (let node: Node | undefined = file.getDescendantAtPos(original) ?? file; node !== undefined; node = node.getParent()) {
    if (!Node.isStatement(node) && !Node.isMethodDeclaration(node) && !Node.isPropertyDeclaration(node) && !Node.isSourceFile(node)) continue;
    const [start, end] = [node.getPos(), node.getEnd()];
    const owners = new Set(edits.filter((e) => e.start >= start && e.end <= end).flatMap((e) => [...(e.groups ?? [])]));
    if (owners.size > 0) return owners;
  }
  return new Set(texts.groupsByFile.get(fileName));
}

/**
 * Where `pos` of a rewritten text stood in the original, given the edits applied (in order); inside
 * inserted text, where that edit starts if `insideToStart`, else `undefined`.
 */
function originalPosition(edits: readonly FileEdit[], pos: number, insideToStart: true): number;
function originalPosition(edits: readonly FileEdit[], pos: number, insideToStart: boolean): number | undefined;
function originalPosition(edits: readonly FileEdit[], pos: number, insideToStart: boolean): number | undefined {
  let shift = 0;
  for (const e of edits) {
    const start = e.start + shift;
    if (start > pos) break;
    if (pos < start + e.text.length) return insideToStart ? e.start : undefined;
    shift += e.text.length - (e.end - e.start);
  }
  return pos - shift;
}

/** Positions of the texts in `texts` mapped back to their original texts (see `originalPosition`). */
function positionsIn(texts: Rendered, insideToStart = false): OriginalPosition {
  return (file, pos) => {
    const edits = texts.applied.get(file);
    return edits === undefined ? undefined : originalPosition(edits, pos, insideToStart);
  };
}

/** The changed files and the files importing them. */
function filesToCheck(texts: Rendered, project: Project, graph: ImportGraph): string[] {
  const files = new Set(texts.changed.keys());
  for (const path of texts.changed.keys()) {
    const file = project.getSourceFile(path);
    for (const importer of file === undefined ? [] : graph.importersOf(file)) files.add(importer.getFilePath());
  }
  return [...files];
}
