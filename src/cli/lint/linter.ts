import { ESLint, type Linter } from 'eslint';
import { access } from 'node:fs/promises';
import { dirname, join, parse } from 'node:path';
import plugin from '../../index.js';
import { CliError, firstLine } from '../errors.js';
import { gitRoot, ignoredPaths } from '../git.js';
import { displayPath } from '../output.js';
import { ALONE_LINTER_OPTIONS } from './alone.js';

export interface LinterSetup {
  eslint: ESLint;
  /** The project's eslint.config.* that unblock's config was merged into, if it has one. */
  configFile: string | undefined;
}

export interface LinterOptions {
  cwd: string;
  /** Force leaving the plugin object out (after ESLint refused to register a second copy). */
  registerPlugin?: boolean;
  /** Use the project's tsconfig for the rules that need type information. */
  typeChecked?: boolean;
  /** false: no ignore patterns but ESLint's defaults (node_modules, .git). */
  ignore?: boolean;
  /** unblock's `strict` rules (blocking calls in any function), rather than `recommended`'s. */
  strict?: boolean;
}

type PluginConfig = Linter.Config;

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false);
}

/** The nearest tsconfig.json from `cwd` up to the repository's top (or the file system's). */
async function findTsconfig(cwd: string): Promise<string | undefined> {
  const stop = (await gitRoot(cwd)) ?? parse(cwd).root;
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, 'tsconfig.json');
    if (await exists(candidate)) return candidate;
    if (dir === stop || dirname(dir) === dir) return undefined;
  }
}

/**
 * unblock's config for this run. With type information it is `recommended` then
 * `recommended-type-checked`, as users are told to write it: the typed config covers only TypeScript
 * files (the project service cannot parse a file no tsconfig.json includes), so JavaScript files keep
 * the syntax-only rules. `registerPlugin: false` leaves the plugin out and keeps only the rules, for
 * projects whose own config already registers another copy of unblock under the same namespace (ESLint
 * refuses to redefine a plugin with a different object).
 */
function unblockConfig(options: { typeChecked: boolean; strict: boolean; tsconfigRootDir?: string; registerPlugin: boolean }): PluginConfig[] {
  const bases = [plugin.configs.recommended, ...(options.typeChecked ? [plugin.configs['recommended-type-checked']] : [])] as PluginConfig[];
  return bases.map((base) => {
    const config: PluginConfig = { ...base, name: `${base.name ?? 'unblock'} (unblock lint)` };
    if (options.strict) config.rules = (plugin.configs.strict as PluginConfig).rules;
    const parserOptions = base.languageOptions?.parserOptions as Record<string, unknown> | undefined;
    if (parserOptions?.projectService !== undefined) {
      config.languageOptions = { ...base.languageOptions, parserOptions: { ...parserOptions, tsconfigRootDir: options.tsconfigRootDir } };
    }
    if (!options.registerPlugin) {
      delete config.plugins;
      // The project's parser stays in charge of its files; only unblock's rules are added.
      delete config.languageOptions;
    }
    return config;
  });
}

const REDEFINED = /Cannot redefine plugin "unblock"/;

/** Whether an ESLint error says the project registers its own, different, copy of unblock. */
export function isPluginRedefinition(error: unknown): boolean {
  return REDEFINED.test(error instanceof Error ? error.message : String(error));
}

/**
 * Loads the project's config merged with unblock's, for a file or two at the top of the project, so a
 * broken config is reported by its name before any file is linted. Resolves to whether unblock's
 * plugin object can be registered, or must be left to the project's own copy.
 */
async function probeProjectConfig(cwd: string, configFile: string, base: (registerPlugin: boolean) => PluginConfig[]): Promise<boolean> {
  let registerPlugin = true;
  for (;;) {
    const probe = new ESLint({ cwd, baseConfig: base(registerPlugin) });
    try {
      for (const file of ['index.js', 'index.ts']) await probe.calculateConfigForFile(join(cwd, file));
      return registerPlugin;
    } catch (error) {
      if (registerPlugin && isPluginRedefinition(error)) {
        registerPlugin = false;
        continue;
      }
      throw configError(configFile, error);
    }
  }
}

/**
 * ESLint set up with unblock's recommended config, merged under the project's own eslint.config when it
 * has one, else on its own (and then git-ignored files are skipped, as a project without an ESLint
 * config has no ignores of its own).
 */
export async function createLinter(options: LinterOptions): Promise<LinterSetup> {
  const { cwd } = options;
  const typeChecked = options.typeChecked ?? false;
  const strict = options.strict ?? false;
  let tsconfigRootDir: string | undefined;
  if (typeChecked) {
    const tsconfig = await findTsconfig(cwd);
    if (tsconfig === undefined) {
      throw new CliError(`--type-checked needs the project's tsconfig.json, and there is none in ${cwd} or its parent folders`);
    }
    tsconfigRootDir = dirname(tsconfig);
  }

  const configFile = await new ESLint({ cwd }).findConfigFile();
  if (configFile === undefined) {
    const useGitIgnores = options.ignore !== false && (await gitRoot(cwd)) !== undefined;
    const ignorePatterns = useGitIgnores ? (await ignoredPaths(cwd)).map(escapeGlob) : [];
    const eslint = new ESLint({
      cwd,
      overrideConfigFile: true,
      overrideConfig: [...unblockConfig({ typeChecked, strict, tsconfigRootDir, registerPlugin: true }), ALONE_LINTER_OPTIONS],
      ignorePatterns,
      errorOnUnmatchedPattern: false,
    });
    return { eslint, configFile };
  }

  const base = (registerPlugin: boolean): PluginConfig[] => unblockConfig({ typeChecked, strict, tsconfigRootDir, registerPlugin });
  const registerPlugin = options.registerPlugin ?? (await probeProjectConfig(cwd, configFile, base));
  const eslint = new ESLint({
    cwd,
    // A base, not an override: what the project's own config says about unblock's rules (a severity,
    // files where a rule is off) wins over the recommended defaults.
    baseConfig: base(registerPlugin),
    ignore: options.ignore !== false,
    errorOnUnmatchedPattern: false,
  });
  return { eslint, configFile };
}

/** A broken eslint.config: its name (relative to where unblock runs) and the error's first line. */
export function configError(configFile: string, error: unknown): CliError {
  return new CliError(`${displayPath(configFile, process.cwd())}: ${firstLine(error)}`);
}

/** A path from `git ls-files` as an ignore pattern: glob characters match themselves. */
function escapeGlob(path: string): string {
  return path.replace(/[*?[\]{}()!\\]/g, '\\$&');
}
