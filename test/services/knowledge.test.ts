import { describe } from 'vitest';
import { describeKnowledgeService, type KnowledgeTestConfig } from './knowledge.behaviour.js';
import { serviceVariants } from './load-service.js';

for (const variant of serviceVariants<KnowledgeTestConfig>('knowledge')) {
  describe.skipIf(!variant.available)(`knowledge (${variant.label})`, () => {
    describeKnowledgeService(variant.label, variant.load);
  });
}
