// Declarations the typed no-floating-promises cases import: what only type information can see.

/** Returns a promise, but is not declared `async` in the file that calls it. */
export function saveLater(value: string): Promise<void> {
  return Promise.resolve(void value);
}

/** A thenable that is not a Promise: a query builder awaited for its rows. */
export class Query implements PromiseLike<number[]> {
  then<A = number[], B = never>(
    onfulfilled?: ((value: number[]) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): PromiseLike<A | B> {
    return Promise.resolve([1]).then(onfulfilled, onrejected);
  }
}

export function query(): Query {
  return new Query();
}

/** An emitter whose listeners may return promises it awaits (like Emittery): not a dropped callback. */
export interface AwaitingEmitter {
  on(event: string, listener: () => void | Promise<void>): void;
}

/** Not a promise at all. */
export function count(): number {
  return 1;
}
