/**
 * The plugin's public types, for users' eslint.config.ts. ESLint's own types (`defineConfig`,
 * `Linter.Config`, of majors 9 and 10) and typescript-eslint's (`tseslint.config`) do not accept each
 * other's rule, parser and config types, so these are structural: precise where users read them
 * (`configs.recommended`), and no more precise than all of those accept.
 */

export type Severity = 'off' | 'warn' | 'error';

export type ConfigName = 'recommended' | 'strict' | 'recommended-type-checked';

/** ESLint passes its own context type, and takes any visitor of node handlers. */
export interface UnblockRule {
  meta: object;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each ESLint major declares its own context type
  create(context: any): { [selector: string]: ((...args: any[]) => void) | undefined };
}

export interface UnblockParser {
  meta: { name: string; version: string };
  parseForESLint(text: string, options?: unknown): { ast: unknown; scopeManager?: unknown; services?: unknown; visitorKeys?: unknown };
}

/** One flat config object. */
export interface UnblockConfig {
  name: string;
  files: string[];
  plugins: { unblock: UnblockPlugin };
  languageOptions: { parser: UnblockParser; parserOptions?: { projectService: boolean } };
  rules: Record<string, Severity | [Severity, ...unknown[]]>;
}

export interface UnblockPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<string, UnblockRule>;
  configs: Record<ConfigName, UnblockConfig>;
}
