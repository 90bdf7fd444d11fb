/**
 * Documentation checks, in the manner of typescript-eslint's and eslint-plugin-unicorn's: every rule has
 * its page with examples that tell the truth (the incorrect ones are reported, the correct ones are not),
 * `meta.docs.url` leads to that page, every codemod has its page, and the README's rules table and the
 * rule pages' headers are what eslint-doc-generator generates from the built plugin.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { transforms } from '../codemods/index.js';
import { rules } from '../rules/index.js';
import plugin from '../src/index.js';
import { DOCS_BASE, packageRoot } from '../src/package-info.js';

const ruleNames = Object.keys(rules);
const ruleDocPath = (name: string): string => join(packageRoot, 'docs', 'rules', `${name}.md`);
const readRuleDoc = (name: string): string => readFileSync(ruleDocPath(name), 'utf8');

describe('rule documentation', () => {
  it('the plugin has rules, and exports exactly those of rules/index.ts', () => {
    expect(ruleNames.length).toBeGreaterThan(0);
    expect(Object.keys(plugin.rules).sort()).toEqual([...ruleNames].sort());
  });

  it('every page in docs/rules/ belongs to a rule', () => {
    const pages = readdirSync(join(packageRoot, 'docs', 'rules')).filter((f) => f.endsWith('.md'));
    expect(pages.map((p) => p.slice(0, -'.md'.length)).sort()).toEqual([...ruleNames].sort());
  });

  describe.each(ruleNames)('%s', (name) => {
    it('has its page, and meta.docs.url points at it', () => {
      expect(existsSync(ruleDocPath(name)), `docs/rules/${name}.md is missing`).toBe(true);
      const url = rules[name]?.meta.docs?.url;
      expect(url).toBe(`${DOCS_BASE}/rules/${name}.md`);
      // DOCS_BASE is the repository's docs/ folder: the URL's path ends with the page's path.
      expect(url?.endsWith(`/${relative(packageRoot, ruleDocPath(name)).split('\\').join('/')}`)).toBe(true);
    });

    it('has the sections a rule page needs', () => {
      const titles = sectionTitles(readRuleDoc(name));
      expect(titles).toEqual(expect.arrayContaining(['Rule details', 'Examples', 'Options']));
    });

    it('has at least one incorrect and one correct example under "## Examples"', () => {
      const blocks = exampleBlocks(readRuleDoc(name));
      expect(blocks.filter((b) => b.verdict === 'incorrect').length, 'incorrect examples').toBeGreaterThan(0);
      expect(blocks.filter((b) => b.verdict === 'correct').length, 'correct examples').toBeGreaterThan(0);
    });

    it('its incorrect examples are reported and its correct examples are not', () => {
      const wrong: string[] = [];
      for (const block of exampleBlocks(readRuleDoc(name))) {
        if (block.verdict === undefined) continue;
        const reports = lintExample(name, block);
        if (block.verdict === 'incorrect' && reports.length === 0) wrong.push(`line ${block.line}: incorrect example not reported`);
        if (block.verdict === 'correct' && reports.length > 0) {
          wrong.push(`line ${block.line}: correct example reported: ${reports.map((r) => r.message).join(' / ')}`);
        }
      }
      expect(wrong).toEqual([]);
    });
  });
});

describe('codemod documentation', () => {
  it('the engine has transforms', () => {
    expect(transforms.length).toBeGreaterThan(0);
  });

  describe.each(transforms.map((t) => t.name))('%s', (name) => {
    it('has its page docs/codemods/<name>.md, with a title and an example', () => {
      const path = join(packageRoot, 'docs', 'codemods', `${name}.md`);
      expect(existsSync(path), `docs/codemods/${name}.md is missing`).toBe(true);
      const text = readFileSync(path, 'utf8');
      expect(text).toMatch(/^# .+/m);
      expect(codeBlocks(text).length, 'code blocks').toBeGreaterThan(0);
    });
  });
});

describe('generated documentation', () => {
  // eslint-doc-generator reads the plugin the way users get it: package.json `exports`, i.e. dist/.
  it('the README rules table and the rule page headers are up to date (eslint-doc-generator --check)', () => {
    const stale = staleBuildOutputs();
    expect(stale, 'dist/ is older than these sources: run `npm run build`').toEqual([]);
    const bin = join(packageRoot, 'node_modules', 'eslint-doc-generator', 'dist', 'bin', 'eslint-doc-generator.js');
    const run = spawnSync(process.execPath, [bin, '--check'], { cwd: packageRoot, encoding: 'utf8' });
    expect(run.status, `${run.stdout}\n${run.stderr}\n(run \`npm run docs\` to regenerate)`).toBe(0);
  }, 60_000);
});

// --- Markdown, as much of it as rule pages use -------------------------------------------------------

interface CodeBlock {
  lang: string;
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** From the nearest heading or lead-in line above it within "## Examples". */
  verdict?: 'incorrect' | 'correct';
}

/** Fenced code blocks with the text line that last named a verdict before each. */
function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  let verdict: CodeBlock['verdict'];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i] ?? '');
    if (fence === null) {
      verdict = verdictOf(lines[i] ?? '') ?? verdict;
      continue;
    }
    const close = fence[2] ?? '```';
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !(lines[i] ?? '').trim().startsWith(close); i++) body.push(lines[i] ?? '');
    blocks.push({ lang: fence[3] ?? '', code: body.join('\n'), line: start + 1, verdict });
  }
  return blocks;
}

/** "### Incorrect", "Examples of **incorrect** code", "❌ …" → incorrect; the same with correct/✅. */
function verdictOf(line: string): CodeBlock['verdict'] {
  if (!/^\s*(#{3,}\s|\*\*|[❌✅]|examples? of)/i.test(line)) return undefined;
  if (/\bincorrect\b|❌/i.test(line)) return 'incorrect';
  if (/\bcorrect\b|✅/i.test(line)) return 'correct';
  return undefined;
}

/** The level-2 headings, outside code blocks. */
function sectionTitles(markdown: string): string[] {
  return sectionsOf(markdown).map((s) => s.title);
}

function sectionsOf(markdown: string): Array<{ title: string; body: string; offset: number }> {
  const sections: Array<{ title: string; body: string; offset: number }> = [];
  const lines = markdown.split('\n');
  let inFence = false;
  let current: { title: string; lines: string[]; offset: number } | undefined;
  const flush = (): void => {
    if (current !== undefined) sections.push({ title: current.title, body: current.lines.join('\n'), offset: current.offset });
  };
  lines.forEach((line, index) => {
    if (/^\s*(`{3,}|~{3,})/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^## (.+?)\s*$/.exec(line);
    if (heading !== null) {
      flush();
      current = { title: heading[1] ?? '', lines: [], offset: index + 1 };
    } else {
      current?.lines.push(line);
    }
  });
  flush();
  return sections;
}

/** The code blocks of "## Examples", with their lines counted from the top of the page. */
function exampleBlocks(markdown: string): CodeBlock[] {
  const examples = sectionsOf(markdown).find((s) => s.title === 'Examples');
  if (examples === undefined) return [];
  return codeBlocks(examples.body).map((b) => ({ ...b, line: b.line + examples.offset }));
}

// --- Linting an example -----------------------------------------------------------------------------

const linter = new Linter({ configType: 'flat' });
const EXTENSIONS: Record<string, string> = { ts: 'ts', typescript: 'ts', mts: 'mts', cts: 'cts', js: 'js', javascript: 'js', mjs: 'mjs', cjs: 'cjs' };

/** The rule's reports on one example, with its default options; a parse error fails the test. */
function lintExample(ruleName: string, block: CodeBlock): Linter.LintMessage[] {
  const ext = EXTENSIONS[block.lang.toLowerCase()];
  if (ext === undefined) throw new Error(`line ${block.line}: an example needs a js or ts code block, not \`${block.lang}\``);
  const messages = linter.verify(block.code, [
    {
      files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
      plugins: { unblock: plugin as never },
      languageOptions: { parser: tsParser, sourceType: ext === 'cjs' || ext === 'cts' ? 'commonjs' : 'module' },
      rules: { [`unblock/${ruleName}`]: 'error' },
    },
  ], { filename: `example.${ext}` });
  // Parse errors, and ESLint's own complaints (no matching configuration), carry no rule id.
  const problem = messages.find((m) => m.ruleId === null);
  if (problem !== undefined) throw new Error(`line ${block.line}: the example could not be linted: ${problem.message}`);
  return messages.filter((m) => m.ruleId === `unblock/${ruleName}`);
}

// --- The build eslint-doc-generator reads -----------------------------------------------------------

/**
 * The plugin's sources (src/index.ts and what it imports, transitively) whose compiled file in dist/ is
 * missing or older than they are. Only the plugin: a stale CLI build does not change the generated docs.
 */
function staleBuildOutputs(): string[] {
  const stale: string[] = [];
  for (const source of pluginSources(join(packageRoot, 'src', 'index.ts'))) {
    const rel = relative(packageRoot, source);
    const output = join(packageRoot, 'dist', rel.replace(/\.ts$/, '.js'));
    if (!existsSync(output) || statSync(output).mtimeMs < statSync(source).mtimeMs) stale.push(rel);
  }
  return stale;
}

function pluginSources(entry: string): Set<string> {
  const seen = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() ?? '';
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)\.js'/g)) {
      pending.push(join(dirname(file), `${match[1] ?? ''}.ts`));
    }
  }
  return seen;
}
