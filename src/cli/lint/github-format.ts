import type { ESLint } from 'eslint';
import { displayPath } from '../output.js';

/**
 * GitHub Actions workflow commands, one per problem, so findings show as annotations on the pull
 * request's diff: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
export function formatGithub(results: readonly ESLint.LintResult[], cwd: string): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = displayPath(result.filePath, cwd);
    for (const message of result.messages) {
      const command = message.severity === 2 ? 'error' : 'warning';
      const properties: Array<[string, number | string | undefined]> = [
        ['file', file],
        ['line', message.line],
        ['col', message.column],
        ['endLine', message.endLine],
        ['endColumn', message.endColumn],
        ['title', message.ruleId ?? (message.fatal === true ? 'Parsing error' : 'unblock')],
      ];
      const props = properties
        .filter((entry): entry is [string, number | string] => entry[1] !== undefined)
        .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
        .join(',');
      lines.push(`::${command} ${props}::${escapeData(message.message)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
