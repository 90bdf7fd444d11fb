/**
 * The oracle of check:migrated (compare.ts): what typescript-eslint's typed promise rules and TypeScript's
 * checkJs errors find in a package, and what a migrated copy has that the original had not.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Linter } from 'eslint';
import { clearCaches } from '@typescript-eslint/parser';
import tsPlugin from '@typescript-eslint/eslint-plugin';
import ts from 'typescript';
import { listFiles, parsedSourceType, writeTsconfig } from '../js-packages/copy.js';
import { typedLintConfig } from '../js-packages/typed-config.js';

const TSCONFIG = 'tsconfig.migration-oracle.json';

export /** A lint report or a type error, where it stands and what identifies it across the two copies. */
interface Finding {
  file: string;
  line: number;
  /** File, rule (or TS code) and message: what stays the same when lines move. */
  key: string;
  source: string;
  /**
   * A type error's elaborated reasons (the innermost messages of its chain), with its file and code:
   * an error that names other signatures after the migration, for the same reasons, is the same one.
   */
  reasons?: string;
}

const RULES: Linter.RulesRecord = {
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': 'error',
  '@typescript-eslint/await-thenable': 'error',
};

async function lintFindings(root: string, files: readonly string[], tsconfig: string): Promise<Finding[]> {
  const linter = new Linter({ cwd: root });
  const found: Finding[] = [];
  for (const file of files) {
    const code = await readFile(file, 'utf8');
    const lines = code.split(/\r?\n/);
    const config = typedLintConfig({
      root, tsconfig, sourceType: parsedSourceType(file, root, code), plugins: { '@typescript-eslint': tsPlugin as never }, rules: RULES,
    });
    const relative = path.relative(root, file);
    let messages: Linter.LintMessage[];
    try {
      messages = linter.verify(code, config, file);
    } catch (error) {
      // a rule that crashes on the published file as well matches itself; one that crashes only after is news
      found.push({ file: relative, line: 0, key: `${relative} crash ${(error as Error).message.split('\n')[0]}`, source: '' });
      continue;
    }
    for (const m of messages) {
      if (m.ruleId === null && m.fatal !== true) continue; // noInlineConfig notices
      found.push({ file: relative, line: m.line, key: `${relative} ${m.ruleId ?? 'parse'} ${m.message.replaceAll(root, '<package>')}`, source: lines[m.line - 1]?.trim() ?? '' });
    }
  }
  return found;
}

/** TypeScript's errors with checkJs on: what the migrated code's types say that lint rules do not. */
function typeFindings(root: string, tsconfig: string): Finding[] {
  // not strict: "possibly null" and implicit `any` say nothing about promises, and a migration that swaps
  // an untyped module's call for a typed one (graceful-fs → node:fs/promises) would seem to add them
  const config = ts.getParsedCommandLineOfConfigFile(tsconfig, { checkJs: true, strict: false }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  if (config === undefined) return [];
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options });
  const found: Finding[] = [];
  for (const sf of program.getSourceFiles()) {
    if (!sf.fileName.startsWith(root) || sf.fileName.includes('/node_modules/')) continue;
    for (const d of [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]) {
      const { line } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      const relative = path.relative(root, sf.fileName);
      // the copies' own paths, which some messages quote, and the numbers the checker gives unique
      // symbols (`__@NAME@1234`) differ between the two programs: left out of the key
      const message = ts.flattenDiagnosticMessageText(d.messageText, ' ').replaceAll(root, '<package>').replace(/(__@[^@'"\s]*)@\d+/g, '$1');
      const source = sf.text.split(/\r?\n/)[line]?.trim() ?? '';
      const leaves = typeof d.messageText === 'string' ? [] : innermost(d.messageText);
      found.push({ file: relative, line: line + 1, key: `${relative} TS${d.code} ${message}`, source, ...(leaves.length > 0 ? { reasons: `${relative} TS${d.code} ${leaves.sort().join(' | ')}` } : {}) });
    }
  }
  return found;
}

/** The messages a chain ends with, below its head. */
function innermost(chain: ts.DiagnosticMessageChain): string[] {
  return (chain.next ?? []).flatMap((next) => (next.next === undefined || next.next.length === 0 ? [next.messageText] : innermost(next)));
}

export async function findings(root: string): Promise<Finding[]> {
  const { files } = listFiles(root);
  const tsconfig = writeTsconfig(root, files, TSCONFIG, 'es2022');
  const all = [...await lintFindings(root, files, tsconfig), ...typeFindings(root, tsconfig)];
  clearCaches(); // typescript-eslint keeps every program otherwise
  return all;
}

/**
 * The findings of `after` beyond those of `before`, as multisets by key. An error the package had already,
 * on the same line of code, whose message now names another type (`Promise<void>` for `any`, as in
 * checkJs' typing of compiled CommonJS's `exports.f = void 0` preamble by the function assigned later)
 * is the same error; so is one gone from the file whose code and elaborated reasons a new one has.
 */
export function added(before: readonly Finding[], after: readonly Finding[]): Finding[] {
  let extra = unmatched(before.map((f) => f.key), after, (f) => f.key);
  let left = unmatched(after.map((f) => f.key), before, (f) => f.key);
  [extra, left] = [unmatched(left.map(sameLine), extra, sameLine), unmatched(extra.map(sameLine), left, sameLine)];
  // an error the package had that is gone, and one with the same file, code and elaborated reasons that is
  // new: a call of the same mistyped arguments to the migrated function, whose overloads the message names
  const reasons = (f: Finding): string => f.reasons ?? `\0${f.key}`;
  return unmatched(left.filter((f) => f.reasons !== undefined).map(reasons), extra, reasons);
}

/** What stays of a finding when a migration changes the types it names: its file, rule or code, and line. */
function sameLine(f: Finding): string {
  const rule = f.key.slice(f.file.length + 1).split(' ')[0];
  return `${f.file} ${rule} ${f.source.replace(/\b(async|await)\s+/g, '')}`;
}

/** The findings of `these` whose key (`keyOf`) is not among `keys`, counted as multisets. */
function unmatched(keys: readonly string[], these: readonly Finding[], keyOf: (f: Finding) => string): Finding[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const extra: Finding[] = [];
  for (const f of these) {
    const count = counts.get(keyOf(f)) ?? 0;
    if (count > 0) counts.set(keyOf(f), count - 1);
    else extra.push(f);
  }
  return extra;
}

