/**
 * What the lint benchmark compares. Every variant is the same floor (the parser, the corpus, no rules)
 * plus the rules under test, so that the difference to the floor is the rules' own cost.
 */
import tsParser from '@typescript-eslint/parser';
import n from 'eslint-plugin-n';
import tseslint from 'typescript-eslint';

const SOURCES = ['**/*.{js,mjs,cjs,ts,mts,cts}'];

/**
 * typescript-eslint's parser, minus the node maps when there is no program. eslint-plugin-n 18's no-sync
 * takes maps without a program for a misconfigured typed setup and throws ("requires type information");
 * without the maps it sees plain untyped parser services, as with espree. Every syntax variant, the floor
 * included, uses this parser, so the comparison stays like for like (unblock's rules do not read the maps).
 */
const untypedParser = {
  meta: { name: 'typescript-eslint/parser (no maps without a program)' },
  parseForESLint(code, options) {
    const result = tsParser.parseForESLint(code, options);
    if (result.services?.program == null) {
      result.services = { ...result.services, esTreeNodeToTSNodeMap: null, tsNodeToESTreeNodeMap: null };
    }
    return result;
  },
};

export function syntaxVariants(unblock) {
  const floor = [
    { files: SOURCES, languageOptions: { parser: untypedParser, sourceType: 'module' } },
    { files: ['cjs/**'], languageOptions: { sourceType: 'commonjs' } },
  ];
  const one = (ruleId, plugins) => [...floor, { files: SOURCES, plugins, rules: { [ruleId]: 'error' } }];
  return [
    { name: 'floor: parser, no rules', floor: true, config: floor },
    // What ESLint itself adds as soon as any rule runs, whatever the plugin (a core rule listening to one
    // node type): a rule's own work is its difference to this row.
    { name: 'any rule: one trivial core rule (no-debugger)', anyRule: true, config: [...floor, { files: SOURCES, rules: { 'no-debugger': 'error' } }] },
    // The recommended config's rules, on the floor's parser (the config itself names typescript-eslint's).
    { name: 'unblock: recommended (3 rules)', config: [...floor, { ...unblock.configs.recommended, languageOptions: {} }] },
    { name: '  unblock/no-sync-io', config: one('unblock/no-sync-io', { unblock }) },
    { name: '  unblock/no-blocking-sleep', config: one('unblock/no-blocking-sleep', { unblock }) },
    { name: '  unblock/no-floating-promises', config: one('unblock/no-floating-promises', { unblock }) },
    { name: 'eslint-plugin-n: n/no-sync', config: one('n/no-sync', { n }) },
  ].filter((v) => v.floor || v.anyRule || Object.keys(v.config.at(-1).rules ?? {}).every((id) => ruleExists(id, unblock)));
}

/** The typed floor: the parser with the project service (a program, a checker) and no rules. */
export function typedVariants(unblock, tsconfigRootDir) {
  const floor = [
    { files: ['**/*.ts'], languageOptions: { parser: tsParser, parserOptions: { projectService: true, tsconfigRootDir } } },
  ];
  return [
    { name: 'typed floor: parser + projectService, no rules', floor: true, config: floor },
    {
      name: '@typescript-eslint/no-floating-promises',
      config: [...floor, { files: ['**/*.ts'], plugins: { '@typescript-eslint': tseslint.plugin }, rules: { '@typescript-eslint/no-floating-promises': 'error' } }],
    },
    {
      name: 'unblock/no-floating-promises (typed)',
      config: [...floor, { files: ['**/*.ts'], plugins: { unblock }, rules: { 'unblock/no-floating-promises': 'error' } }],
    },
  ];
}

function ruleExists(ruleId, unblock) {
  return !ruleId.startsWith('unblock/') || unblock.rules[ruleId.slice('unblock/'.length)] !== undefined;
}
