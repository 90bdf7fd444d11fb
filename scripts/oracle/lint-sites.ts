import { readFile } from 'node:fs/promises';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { Linter, type Rule } from 'eslint';
import type { Site } from './typescript-oracle.js';

/** The sites a rule reports, found by running it through ESLint's Linter exactly as a user's config would. */

export interface RuleSite extends Site {
  message: string;
  /** The API the rule names in its message data (`name`), when it gives one. */
  api: string | undefined;
}

export interface LintResult {
  sites: RuleSite[];
  /** Reports of a blocking API handed on as a value (`blockingValue`), at the value's first character. */
  values: RuleSite[];
  /** Files ESLint could not parse, or the rule crashed on: excluded from the comparison, and said so. */
  fatal: Array<{ file: string; message: string }>;
}

type SourceType = 'module' | 'commonjs';

/** `.cjs`/`.cts` are CommonJS and `.mjs`/`.mts` ESM; a `.js` file follows the nearest package.json's `type`, as Node does. */
async function sourceTypeOf(file: string): Promise<SourceType> {
  const ext = path.extname(file);
  if (ext === '.cjs' || ext === '.cts') return 'commonjs';
  if (ext === '.mjs' || ext === '.mts') return 'module';
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { type?: string };
      return manifest.type === 'module' ? 'module' : 'commonjs';
    } catch {
      if (dir === path.dirname(dir)) return 'commonjs';
    }
  }
}

const CALL_LIKE = new Set(['CallExpression', 'NewExpression', 'TaggedTemplateExpression']);

/** The call a report is about: the reported node itself, or the nearest call around it. */
function callOf(node: TSESTree.Node): TSESTree.Node {
  for (let n: TSESTree.Node | undefined = node; n !== undefined; n = n.parent) {
    if (CALL_LIKE.has(n.type)) return n;
  }
  return node;
}

/** Wraps `rule` so every report also records the node it is about. */
interface Report {
  node: TSESTree.Node;
  api: string | undefined;
  value: boolean;
}

/** no-sync-io's message for an API handed on as a value rather than called. */
const VALUE_MESSAGE = 'blockingValue';

function recording(rule: TSESLint.RuleModule<string, readonly unknown[]>, reports: Report[]): Rule.RuleModule {
  const inner = rule as unknown as Rule.RuleModule;
  return {
    ...inner,
    create(context) {
      const report = (descriptor: Rule.ReportDescriptor): void => {
        if ('node' in descriptor && descriptor.node !== undefined) {
          const name = descriptor.data?.['name'];
          const value = 'messageId' in descriptor && descriptor.messageId === VALUE_MESSAGE;
          reports.push({ node: descriptor.node as unknown as TSESTree.Node, api: typeof name === 'string' ? name : undefined, value });
        }
        context.report(descriptor);
      };
      return inner.create(Object.create(context, { report: { value: report } }) as Rule.RuleContext);
    },
  };
}

export async function lintSites(
  rule: TSESLint.RuleModule<string, readonly unknown[]>,
  ruleOptions: readonly unknown[],
  files: readonly string[],
  packageRoot: string,
): Promise<LintResult> {
  const result: LintResult = { sites: [], values: [], fatal: [] };
  const linter = new Linter({ cwd: packageRoot });
  for (const file of files) {
    const reports: Report[] = [];
    const isTs = /\.[cm]?ts$/.test(file);
    const config: Linter.Config = {
      // `**/*` alone would not do: ESLint lints a file only when a pattern names its extension
      files: ['**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}'],
      languageOptions: {
        ecmaVersion: 'latest',
        sourceType: await sourceTypeOf(file),
        ...(isTs ? { parser: tsParser as Linter.Parser } : {}),
      },
      // a package's own `eslint-disable` comments must not silence the rule being measured
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      plugins: { probe: { rules: { rule: recording(rule, reports) } } },
      rules: { 'probe/rule': ['error', ...ruleOptions] } as Linter.RulesRecord,
    };
    // ESLint drops a byte order mark before parsing; ranges are offsets into the text without it
    const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
    let messages: Linter.LintMessage[];
    try {
      messages = linter.verify(text, config, { filename: path.relative(packageRoot, file) });
    } catch (error) {
      result.fatal.push({ file, message: `the rule crashed: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    const fatal = messages.find((m) => m.fatal === true);
    if (fatal !== undefined) {
      result.fatal.push({ file, message: `${fatal.line}:${fatal.column} ${fatal.message}` });
      continue;
    }
    const byLocation = new Map(messages.filter((m) => m.ruleId === 'probe/rule').map((m) => [`${m.line}:${m.column}`, m.message]));
    for (const { node: reported, api, value } of reports) {
      const call = value ? reported : callOf(reported);
      const lines = text.slice(call.range[0], call.range[1]).split('\n');
      (value ? result.values : result.sites).push({
        file,
        line: call.loc.start.line,
        column: call.loc.start.column + 1,
        text: lines[0]!.slice(0, 100),
        message: byLocation.get(`${reported.loc.start.line}:${reported.loc.start.column + 1}`) ?? '',
        api,
      });
    }
  }
  return result;
}
