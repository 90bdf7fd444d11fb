/**
 * Build output and coverage reports: not a project's sources, so a JavaScript project's files are looked
 * for outside them, unless a path to migrate lies in them (`unblock migrate dist/`). Apart from the
 * engine, so that the CLI can name them without loading it.
 */
export const OUTPUT_FOLDERS: ReadonlySet<string> = new Set(['dist', 'build', 'coverage']);
