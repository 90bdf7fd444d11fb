import type { ChalkInstance } from 'chalk';
import { stripVTControlCharacters } from 'node:util';
import type { ReportData } from './collect.js';

type Row = Array<string | number>;

const MIGRATE = 'unblock migrate --write';

function headline(data: ReportData, bold: (s: string) => string): string {
  const { sites, automatic, review, files, propagated } = data.totals;
  if (sites === 0) return 'No blocking call found.';
  const ripple = propagated === 0 ? '' : ` Migrating them adds ${propagated} ${propagated === 1 ? 'await or async function' : 'awaits and async functions'} up the call graph.`;
  return `${bold(`${sites} blocking ${sites === 1 ? 'site' : 'sites'}`)} in ${files} ${files === 1 ? 'file' : 'files'}: `
    + `${bold(`${automatic} can be migrated automatically`)} (\`${MIGRATE}\`), ${bold(`${review} ${review === 1 ? 'needs' : 'need'} a person`)}.${ripple}`;
}

function lintRows(data: ReportData): Row[] {
  const rows: Row[] = data.lint.map((l) => [l.rule, l.before, l.after]);
  if (data.lint.length > 1) {
    rows.push(['total', data.lint.reduce((n, l) => n + l.before, 0), data.lint.reduce((n, l) => n + l.after, 0)]);
  }
  return rows;
}

function markdownTable(header: string[], rows: Row[]): string {
  const align = header.map((_, i) => (rows.every((r) => typeof r[i] === 'number') && rows.length > 0 ? '---:' : '---'));
  const line = (cells: Array<string | number>): string => `| ${cells.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), `|${align.join('|')}|`, ...rows.map(line)].join('\n');
}

export function renderMarkdown(data: ReportData): string {
  const sections: string[] = ['## unblock: blocking calls', headline(data, (s) => `**${s}**`)];
  if (data.lint.length > 0) {
    sections.push(markdownTable(['Lint findings (strict rules)', 'Now', `After \`${MIGRATE}\``], lintRows(data)));
  }
  if (data.totals.sites > 0) {
    sections.push('### By category', markdownTable(['Category', 'Sites', 'Automatic', 'Needs a person'], data.byCategory.map((c) => [c.category, c.sites, c.automatic, c.review])));
    sections.push('### By file', markdownTable(['File', 'Sites', 'Automatic', 'Needs a person'], data.byFile.map((f) => [`\`${f.file}\``, f.sites, f.automatic, f.review])));
  }
  if (data.review.length > 0) {
    sections.push('### Needs a person', markdownTable(['Where', 'API', 'Why'], data.review.map((r) => [`\`${r.file}:${r.line}\``, `\`${r.api}\``, r.reason])));
  }
  if (data.rolledBack.length > 0) {
    sections.push('### Rolled back (the migration would add type errors)', data.rolledBack.map((g) => `- ${g.group}: ${g.errors.join('; ')}`).join('\n'));
  }
  if (data.errors.length > 0) {
    sections.push('### Files that could not be analysed', data.errors.map((e) => `- \`${e.file}${e.line === undefined ? '' : `:${e.line}`}\`: ${e.message}`).join('\n'));
  }
  return `${sections.join('\n\n')}\n`;
}

/** A plain-text table: numbers right-aligned, widths measured without colour codes. */
function textTable(header: string[], rows: Row[], color: ChalkInstance): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => stripVTControlCharacters(r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const format = (row: string[]): string => row
    .map((cell, i) => {
      const pad = ' '.repeat(widths[i]! - stripVTControlCharacters(cell).length);
      return numeric[i] ? pad + cell : cell + pad;
    })
    .join('  ')
    .trimEnd();
  return [color.bold(format(header)), ...cells.slice(1).map((r) => format(r))].map((l) => `  ${l}`).join('\n');
}

export function renderText(data: ReportData, color: ChalkInstance): string {
  const sections: string[] = [headline(data, (s) => color.bold(s))];
  if (data.lint.length > 0) {
    sections.push(`${color.bold('Lint findings')} (unblock's strict rules: blocking calls in any function)\n${textTable(['rule', 'now', 'after migrate --write'], lintRows(data), color)}`);
  }
  if (data.totals.sites > 0) {
    sections.push(`${color.bold('By category')}\n${textTable(['category', 'sites', 'automatic', 'needs a person'], data.byCategory.map((c) => [c.category, c.sites, c.automatic, c.review]), color)}`);
    sections.push(`${color.bold('By file')}\n${textTable(['file', 'sites', 'automatic', 'needs a person'], data.byFile.map((f) => [f.file, f.sites, f.automatic, f.review]), color)}`);
  }
  if (data.review.length > 0) {
    sections.push(`${color.bold('Needs a person')}\n${data.review.map((r) => `  ${color.cyan(`${r.file}:${r.line}:${r.column}`)}  ${color.yellow(r.api)}  ${r.reason}`).join('\n')}`);
  }
  if (data.rolledBack.length > 0) {
    sections.push(`${color.bold('Rolled back (the migration would add type errors)')}\n${data.rolledBack.map((g) => `  ${g.group}\n${g.errors.map((e) => `    ${color.dim(e)}`).join('\n')}`).join('\n')}`);
  }
  if (data.errors.length > 0) {
    sections.push(`${color.bold('Files that could not be analysed')}\n${data.errors.map((e) => `  ${color.cyan(e.line === undefined ? e.file : `${e.file}:${e.line}`)}  ${color.red(e.message)}`).join('\n')}`);
  }
  return `${sections.join('\n\n')}\n`;
}
