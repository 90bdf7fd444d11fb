import { onFollowedDescriptor } from '../src/codemod/file-handles/descriptor.js';
import { descriptorGroup, rewriteDescriptorSite } from '../src/codemod/file-handles/rewrite.js';
import type { Transform } from '../src/codemod/types.js';

/**
 * fs calls on file descriptors → a FileHandle from node:fs/promises: `openSync` → `await open()`, and
 * each read, write, stat, sync and close of that descriptor (`readFileSync(fd)` and `writeFileSync(fd, …)`
 * included) → the handle's method, awaited. One
 * descriptor migrates whole or not at all. Docs: docs/codemods/file-handles.md.
 */
export const fileHandles: Transform = {
  name: 'file-handles',
  description: 'fs descriptor calls (openSync, readSync, writeSync, closeSync, …) → one FileHandle from await open(), its methods awaited',
  // `readFileSync(fd)` and the like too, where `fd` is a descriptor it follows (before sync-io, which would refuse them)
  accepts: (site) => (site.entry.fix.automatic && site.entry.fix.transform === 'file-handles') || onFollowedDescriptor(site),
  groupKey: descriptorGroup,
  rewrite: rewriteDescriptorSite,
};
