import { entryById } from '../../catalog/index.js';

/** The catalog's own reason for an API no codemod rewrites (one wording for the rule and the codemod). */
export function catalogReason(id: string): string {
  const fix = entryById(id)?.fix;
  return fix !== undefined && !fix.automatic ? fix.reason : `${id} has no counterpart in the sqlite driver`;
}
