import type { Transform } from '../src/codemod/types.js';
import { finishEdits } from '../src/codemod/sqlite/finish.js';
import { rewriteSqliteSite, sqliteGroup } from '../src/codemod/sqlite/rewrite.js';

/**
 * better-sqlite3 → the `sqlite` driver over `sqlite3`, whose queries run on libuv's thread pool. Every
 * use of one database migrates together or not at all; transactions are left for a person.
 * Docs: docs/codemods/sqlite.md.
 */
export const sqlite: Transform = {
  name: 'sqlite',
  description: 'better-sqlite3 → await open() from sqlite (over sqlite3): statements, results and pragmas mapped',
  accepts: (site) => site.entry.fix.automatic && site.entry.fix.transform === 'sqlite',
  groupKey: sqliteGroup,
  rewrite: rewriteSqliteSite,
  finishFile: finishEdits,
};
