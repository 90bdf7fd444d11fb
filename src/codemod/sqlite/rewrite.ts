import { Node } from '#ts-morph';
import type { RewriteContext, Site, SiteRewrite } from '../types.js';
import { normalizeEdits } from '../http/syntax.js';
import { databaseCallEdits } from './database-calls.js';
import { instanceOf, problemReason } from './instance.js';
import { openEdits } from './open.js';
import { TERMINALS, type Creation } from './origin.js';
import { terminalEdits } from './terminal.js';

/** One better-sqlite3 call → its `sqlite` counterpart, once the whole database is known to migrate. */
export function rewriteSqliteSite(site: Site, context: RewriteContext): SiteRewrite {
  const instance = instanceOf(site);
  if ('refuse' in instance) return instance;
  // a database that cannot migrate is refused once, at one site; its other sites follow through their group
  if (instance.problem !== undefined && (instance.representative === undefined || instance.representative === site.node)) {
    return { refuse: problemReason(instance.problem, site.node) };
  }
  const node = site.node;
  if (Node.isTaggedTemplateExpression(node)) return { refuse: 'a tagged template: migrate it by hand' };
  const callee = node.getExpression();
  const edits = Node.isNewExpression(node) || !Node.isPropertyAccessExpression(callee)
    ? openEdits(node as Creation, context)
    : TERMINALS.has(callee.getName()) ? terminalEdits(node) : databaseCallEdits(node);
  if ('refuse' in edits) return edits;
  return { edits: normalizeEdits(edits), awaits: true };
}

/** The migration group of a site: its database's (see instance.ts). */
export function sqliteGroup(site: Site): string {
  const instance = instanceOf(site);
  return 'refuse' in instance ? `${site.file.getFilePath()}:${site.node.getStart()}` : instance.group;
}
