import type { Transform } from '../src/codemod/types.js';
import { cleanupEdits } from '../src/codemod/http/client-binding.js';
import { rewriteHttpSite } from '../src/codemod/http/rewrite.js';

/**
 * sync-fetch and sync-request → the global fetch, bounded by `AbortSignal.timeout` (option `timeoutMs`,
 * 30 s by default), with every use of the response rewritten: body reads awaited, sync-request's
 * statusCode/headers/getBody mapped. Docs: docs/codemods/sync-http.md.
 */
export const syncHttp: Transform = {
  name: 'sync-http',
  description: 'sync-fetch / sync-request → await fetch(url, { signal: AbortSignal.timeout(ms) }), responses mapped',
  accepts: (site) => site.entry.fix.automatic && site.entry.fix.transform === 'sync-http',
  // A file's calls migrate together: its import of the client goes with them, and often it is named
  // `fetch`, shadowing the global the migrated calls need.
  groupKey: (site) => {
    const mapping = site.entry.replacement?.mapping;
    return `${site.file.getFilePath()}:${mapping?.kind === 'fetch' ? mapping.client : site.entry.id}`;
  },
  rewrite: rewriteHttpSite,
  finishFile(_file, sites, context) {
    const clients = new Set(sites.flatMap((s) => {
      const mapping = s.entry.replacement?.mapping;
      return mapping?.kind === 'fetch' ? [mapping.client] : [];
    }));
    return [...clients].flatMap((client) => cleanupEdits(client, context));
  },
};
