import { describe } from 'vitest';
import { describeFilesService, type FilesTestConfig } from './files.behaviour.js';
import { serviceVariants } from './load-service.js';

for (const variant of serviceVariants<FilesTestConfig>('files')) {
  describe.skipIf(!variant.available)(`files (${variant.label})`, () => {
    describeFilesService(variant.label, variant.load);
  });
}
