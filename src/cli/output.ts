import { Chalk, supportsColor, supportsColorStderr, type ChalkInstance, type ColorSupportLevel } from 'chalk';
import { relative, sep } from 'node:path';

/**
 * Colour decisions for each stream. chalk honours FORCE_COLOR and the TTY check but not NO_COLOR
 * (https://no-color.org), so NO_COLOR is applied here; FORCE_COLOR wins over it, as in Node's own
 * `tty.getColorDepth`.
 */
function levelFor(info: typeof supportsColor): ColorSupportLevel {
  const env = process.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  if (noColor && env.FORCE_COLOR === undefined) return 0;
  return info === false ? 0 : info.level;
}

export const out: ChalkInstance = new Chalk({ level: levelFor(supportsColor) });
export const err: ChalkInstance = new Chalk({ level: levelFor(supportsColorStderr) });

export function stdoutHasColor(): boolean {
  return out.level > 0;
}

export function print(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function printError(text: string): void {
  process.stderr.write(`${text}\n`);
}

export function warn(text: string): void {
  printError(`${err.yellow('warning:')} ${text}`);
}

/** A path for display: relative to `from`, with forward slashes on every platform. */
export function displayPath(file: string, from: string): string {
  const rel = relative(from, file);
  return (rel === '' ? '.' : rel).split(sep).join('/');
}

/** `1 file`, `2 files`. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
