import { InvalidArgumentError } from 'commander';

/** Option parsers for commander: a bad value is a usage error with a one-line message. */
export function parseNonNegativeInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('expected a whole number (0 or more).');
  return n;
}

export function parsePositiveInteger(value: string): number {
  const n = parseNonNegativeInteger(value);
  if (n === 0) throw new InvalidArgumentError('expected a whole number greater than 0.');
  return n;
}

export function parseList(value: string, previous: string[] | undefined): string[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return [...(previous ?? []), ...items];
}
