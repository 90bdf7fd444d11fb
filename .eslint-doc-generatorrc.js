/**
 * eslint-doc-generator's settings (`npm run docs` writes, `npm run docs:check` and test/docs.test.ts check).
 * It reads the built plugin (package.json `exports`, dist/), so run `npm run build` first.
 * @type {import('eslint-doc-generator').GenerateOptions}
 */
const config = {
  // The title says what the rule is about; the prefixed name is what goes in a config.
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
    ['recommended-type-checked', '☑️'],
  ],
  ruleDocSectionInclude: ['Rule details', 'Examples', 'Options'],
  ruleListColumns: ['name', 'description', 'configsError', 'fixable', 'hasSuggestions', 'options', 'requiresTypeChecking', 'deprecated'],
  ruleDocNotices: ['deprecated', 'configs', 'fixableAndHasSuggestions', 'requiresTypeChecking', 'options'],
  urlConfigs: 'https://github.com/unblock-dev/unblock#using-the-eslint-plugin',
};

export default config;
