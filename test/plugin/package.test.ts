import { execFile } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules as sourceRules } from '../../rules/index.js';
import { builtPackage, repoRoot } from './support/package.js';
import { createProject, type Project } from './support/project.js';

const run = promisify(execFile);

interface PackageJson {
  name: string;
  version: string;
  exports: Record<string, string | { types: string; default: string }>;
  peerDependencies: Record<string, string>;
  peerDependenciesMeta: Record<string, { optional?: boolean }>;
}
const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
const mainExport = packageJson.exports['.'] as { types: string; default: string };

/** What a script in the project learns of the plugin by importing it: plain data, compared here. */
interface Inspection {
  resolved: string;
  namespaceKeys: string[];
  pluginKeys: string[];
  meta: unknown;
  rules: Record<string, {
    type: unknown;
    url: unknown;
    schema: unknown;
    messageIds: string[];
    defaultOptions: unknown;
    metaDefaultOptions: unknown;
  }>;
  configs: Record<string, {
    keys: string[];
    name: unknown;
    files: unknown;
    pluginNames: string[];
    pluginIsThePlugin: boolean;
    rules: Record<string, unknown>;
    parser: unknown;
    parserOptions: unknown;
  }>;
}

// Plain JavaScript run by Node in the project: no test runner between the package and the import.
const INSPECT_ESM = `import unblock from 'unblock';
import * as namespace from 'unblock';

const report = {
  resolved: import.meta.resolve('unblock'),
  namespaceKeys: Object.keys(namespace).sort(),
  pluginKeys: Object.keys(unblock),
  meta: unblock.meta,
  rules: Object.fromEntries(Object.entries(unblock.rules).map(([name, rule]) => [name, {
    type: rule.meta.type,
    url: rule.meta.docs?.url,
    schema: rule.meta.schema,
    messageIds: Object.keys(rule.meta.messages ?? {}),
    defaultOptions: rule.defaultOptions,
    metaDefaultOptions: rule.meta.defaultOptions,
  }])),
  configs: Object.fromEntries(Object.entries(unblock.configs).map(([name, config]) => [name, {
    keys: Object.keys(config),
    name: config.name,
    files: config.files,
    pluginNames: Object.keys(config.plugins ?? {}),
    pluginIsThePlugin: config.plugins?.unblock === unblock,
    rules: config.rules,
    parser: config.languageOptions?.parser?.meta?.name,
    parserOptions: config.languageOptions?.parserOptions,
  }])),
};
console.log(JSON.stringify(report));
`;

const INSPECT_CJS = `'use strict';
const unblock = require('unblock');

console.log(JSON.stringify({
  resolved: require.resolve('unblock'),
  keys: Object.keys(unblock),
  meta: unblock.meta,
  // The same plugin object as an import gives: what a config's \`plugins.unblock\` holds.
  isTheConfigsPlugin: unblock.configs.recommended.plugins.unblock === unblock,
}));
`;

/** Runs a script of the project with Node, as `node <file>` there would; its stderr must stay empty. */
async function node(project: Project, file: string): Promise<unknown> {
  const { stdout, stderr } = await run(process.execPath, [file], { cwd: project.dir });
  expect(stderr).toBe('');
  return JSON.parse(stdout) as unknown;
}

let project: Project;
let installed: string;
let inspection: Inspection;

beforeAll(async () => {
  installed = realpathSync(builtPackage());
  project = createProject('app', 10);
  project.write('inspect.mjs', INSPECT_ESM);
  project.write('inspect.cjs', INSPECT_CJS);
  inspection = await node(project, 'inspect.mjs') as Inspection;
});

afterAll(() => project?.remove());

describe('the package as a user imports it', () => {
  it('the checkout resolves its own name through `exports` to dist/ (what its eslint.config.js and tools load)', async () => {
    const script = "console.log(import.meta.resolve('unblock'));";
    const { stdout } = await run(process.execPath, ['--input-type=module', '--eval', script], { cwd: repoRoot });
    expect(stdout.trim()).toBe(pathToFileURL(join(repoRoot, mainExport.default)).href);
  });

  it("`import unblock from 'unblock'` is the built dist/ of the installed package", () => {
    expect(fileURLToPath(inspection.resolved)).toBe(join(installed, mainExport.default));
    // The types a TypeScript user's eslint.config.ts gets are there too.
    expect(existsSync(join(installed, mainExport.types))).toBe(true);
    expect(inspection.namespaceKeys).toEqual(['default', 'module.exports', 'rules']);
    expect(inspection.pluginKeys).toEqual(['meta', 'rules', 'configs']);
  });

  it('meta names the package and its version, under the namespace `unblock`', () => {
    expect(inspection.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: 'unblock' });
  });

  it('eslint is a peer dependency for majors 9 and 10; typescript an optional one', () => {
    expect(packageJson.peerDependencies.eslint).toBe('^9.0.0 || ^10.0.0');
    expect(packageJson.peerDependencies.typescript).toBeDefined();
    expect(packageJson.peerDependenciesMeta.typescript?.optional).toBe(true);
    expect(packageJson.peerDependenciesMeta.eslint?.optional).not.toBe(true);
  });

  it('has every rule of the source, each with docs url, schema, messages and default options', () => {
    expect(Object.keys(inspection.rules).sort()).toEqual(Object.keys(sourceRules).sort());
    for (const [name, rule] of Object.entries(inspection.rules)) {
      expect(rule.type, name).toBe('problem');
      expect(rule.url, name).toBe(`https://github.com/unblock-dev/unblock/blob/main/docs/rules/${name}.md`);
      expect(existsSync(join(repoRoot, 'docs', 'rules', `${name}.md`)), name).toBe(true);
      expect(rule.schema, name).toEqual([expect.objectContaining({ type: 'object', additionalProperties: false })]);
      expect(rule.messageIds.length, name).toBeGreaterThan(0);
      // ESLint 9.15+ applies `meta.defaultOptions` itself, and typescript-eslint's RuleCreator does for older
      // majors; the deprecated top-level `defaultOptions` (ESLint 8), where a rule still has it, must agree.
      expect(rule.metaDefaultOptions, name).toEqual([expect.any(Object)]);
      if (rule.defaultOptions !== undefined) expect(rule.defaultOptions, name).toEqual(rule.metaDefaultOptions);
    }
  });

  it('each config is one flat config object that registers this plugin and turns on only its rules', () => {
    expect(Object.keys(inspection.configs).sort()).toEqual(['recommended', 'recommended-type-checked', 'strict']);
    for (const [name, config] of Object.entries(inspection.configs)) {
      expect(config.name, name).toBe(`unblock/${name}`);
      expect(config.keys.sort(), name).toEqual(['files', 'languageOptions', 'name', 'plugins', 'rules']);
      expect(config.pluginNames, name).toEqual(['unblock']);
      expect(config.pluginIsThePlugin, name).toBe(true);
      expect(config.parser, name).toBe('typescript-eslint/parser');
      for (const ruleName of Object.keys(config.rules)) {
        expect(ruleName, name).toMatch(/^unblock\//);
        expect(Object.keys(inspection.rules), name).toContain(ruleName.slice('unblock/'.length));
      }
      // Every rule, in each config: the configs differ in options and type information, not in coverage.
      expect(Object.keys(config.rules).sort(), name).toEqual(Object.keys(inspection.rules).map((r) => `unblock/${r}`).sort());
    }
  });

  it('recommended and strict work without type information; strict reports sync I/O in any function', () => {
    const { recommended, strict } = inspection.configs;
    for (const config of [recommended!, strict!]) expect(config.parserOptions).toBeUndefined();
    expect(Object.values(recommended!.rules)).toEqual(['error', 'error', 'error']);
    expect(strict!.rules).toEqual({ ...recommended!.rules, 'unblock/no-sync-io': ['error', { context: 'functions' }] });
    expect(recommended!.files).toEqual(['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}']);
    expect(strict!.files).toEqual(recommended!.files);
  });

  it('recommended-type-checked asks the project service for types, on TypeScript files', () => {
    const typed = inspection.configs['recommended-type-checked']!;
    expect(typed.parserOptions).toEqual({ projectService: true });
    expect(typed.rules).toEqual(inspection.configs.recommended!.rules);
    expect(typed.files).toEqual(['**/*.{ts,mts,cts,tsx}']);
  });

  it("`require('unblock')` from CommonJS is the plugin itself (Node's require(esm), no warning)", async () => {
    const required = await node(project, 'inspect.cjs');
    expect(required).toEqual({
      resolved: join(installed, mainExport.default),
      keys: ['meta', 'rules', 'configs'],
      meta: inspection.meta,
      isTheConfigsPlugin: true,
    });
  });
});
