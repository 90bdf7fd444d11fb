import { relative } from 'node:path';
import { ESLint as ESLint10 } from 'eslint';
import { ESLint as ESLint9 } from 'eslint-v9';
import type { EslintMajor } from './project.js';

/** What ESLint reports of a message, the same on every major (10 dropped `nodeType`, for one). */
export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number | undefined;
  endColumn: number | undefined;
  ruleId: string | null;
  severity: number;
  message: string;
  messageId: string | undefined;
  suggestions: { desc: string; fix: { range: [number, number]; text: string } }[];
}

/** The one part of the two ESLint classes the tests use; both majors' classes have it. */
interface ProjectLinter {
  lintFiles(patterns: string[]): Promise<{ filePath: string; messages: FindingSource[] }[]>;
  calculateConfigForFile(file: string): Promise<unknown>;
}
interface FindingSource {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  ruleId: string | null;
  severity: number;
  message: string;
  messageId?: string;
  suggestions?: { desc: string; fix: { range: [number, number]; text: string } }[];
}

/** ESLint of the given major, as a user's `npx eslint` in `cwd` would run it: the config file found there. */
export function eslintIn(major: EslintMajor, cwd: string): ProjectLinter {
  return major === 10 ? new ESLint10({ cwd }) : new ESLint9({ cwd });
}

/** Lints the whole project and returns every message, parse errors included, in file and position order. */
export async function lintProject(major: EslintMajor, cwd: string): Promise<Finding[]> {
  const results = await eslintIn(major, cwd).lintFiles(['.']);
  return results
    .flatMap((result) => result.messages.map((m): Finding => ({
      file: relative(cwd, result.filePath),
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      ruleId: m.ruleId,
      severity: m.severity,
      message: m.message,
      messageId: m.messageId,
      suggestions: (m.suggestions ?? []).map(({ desc, fix }) => ({ desc, fix })),
    })))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

/** `file:line:column ruleId`, the findings as the tests state them (a parse error has no rule: `null`). */
export function located(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`);
}
