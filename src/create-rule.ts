import { ESLintUtils } from '@typescript-eslint/utils';
import { DOCS_BASE } from './package-info.js';

/** Extra `meta.docs` fields: read by eslint-doc-generator and by the configs. */
export interface UnblockDocs {
  description: string;
  /** Turned on by `recommended` (and so by every config). */
  recommended?: boolean;
  /** Asks for type information when it is there (parserOptions.projectService). */
  requiresTypeChecking?: boolean;
}

/** One factory for every rule, so every rule's `docs.url` points at its page in docs/rules/. */
export const createRule = ESLintUtils.RuleCreator<UnblockDocs>((name) => `${DOCS_BASE}/rules/${name}.md`);
