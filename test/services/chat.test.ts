import { describe } from 'vitest';
import { describeChatService, type ChatTestConfig } from './chat.behaviour.js';
import { serviceVariants } from './load-service.js';

for (const variant of serviceVariants<ChatTestConfig>('chat')) {
  describe.skipIf(!variant.available)(`chat (${variant.label})`, () => {
    describeChatService(variant.label, variant.load);
  });
}
