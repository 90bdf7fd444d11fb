/**
 * Test runners, shared by the rules and the codemods: recognised by where their functions are declared
 * (so the runner is installed with its types), the functions whose callback they await, and how many
 * parameters a callback may take before one is a `done` callback (a test both taking `done` and
 * returning a promise is an error to them). node:test also tracks the promises its `test` and
 * `describe` return, so a call of them left un-awaited is no floating promise.
 */
export interface TestRunner {
  declaredIn: RegExp;
  awaited: ReadonlySet<string>;
  maxParameters: number;
}

export const NODE_TEST: TestRunner = {
  declaredIn: /[\\/]@types[\\/]node[\\/]test\.d\.ts$/,
  // node:test awaits suites too; its callbacks take the context first, `done` second
  awaited: new Set(['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach', 'only', 'skip', 'todo']),
  maxParameters: 1,
};

export const TEST_RUNNERS: readonly TestRunner[] = [
  NODE_TEST,
  // vitest passes a context, never `done`; its `describe` is not awaited
  { declaredIn: /[\\/](vitest|@vitest[\\/]runner)[\\/]/, awaited: new Set(['test', 'it', 'beforeAll', 'afterAll', 'beforeEach', 'afterEach', 'only', 'skip']), maxParameters: 1 },
  { declaredIn: /[\\/]@types[\\/]mocha[\\/]/, awaited: new Set(['it', 'specify', 'test', 'before', 'after', 'beforeEach', 'afterEach', 'only', 'skip']), maxParameters: 0 },
  { declaredIn: /[\\/](@types[\\/]jest|@jest[\\/](globals|environment|types))[\\/]/, awaited: new Set(['test', 'it', 'beforeAll', 'afterAll', 'beforeEach', 'afterEach', 'only', 'skip']), maxParameters: 0 },
];
