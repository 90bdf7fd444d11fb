import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { ChalkInstance } from 'chalk';

/**
 * A git-style unified diff of one file (`--- a/path`, `+++ b/path`), so a dry run's output can be
 * reviewed as a patch and applied with `git apply`.
 */
export function unifiedDiff(path: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
  });
}

/** Colours a unified diff line by line, as `git diff` does; a no-op when colour is off. */
export function colorDiff(patch: string, color: ChalkInstance): string {
  if (color.level === 0) return patch;
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('--- ') || line.startsWith('+++ ')) return color.bold(line);
      if (line.startsWith('@@')) return color.cyan(line);
      if (line.startsWith('+')) return color.green(line);
      if (line.startsWith('-')) return color.red(line);
      return line;
    })
    .join('\n');
}
