/**
 * The pieces a corpus file is made of: mostly ordinary code (the bulk of any real file), and some of what
 * unblock looks for: sync I/O in request handlers and async functions, sleeps, un-awaited promises, plus
 * the legitimate cases (startup reads, sync helpers) that the default context leaves alone.
 * Each block returns its lines and the names it exports.
 */

/** The router every handler block registers on, typed in TypeScript files so that typed linting is real. */
export function routerLines(ctx) {
  return ctx.ts
    ? [
      `interface Req { params: Record<string, string>; body: unknown }`,
      `interface Res { json(value: unknown): void; status(code: number): Res; end(): void }`,
      `type Handler = (req: Req, res: Res) => Promise<void> | void;`,
      `const routes = new Map<string, Handler>();`,
      `const app = {`,
      `  get: (route: string, handler: Handler): void => { routes.set(\`GET \${route}\`, handler); },`,
      `  post: (route: string, handler: Handler): void => { routes.set(\`POST \${route}\`, handler); },`,
      `};`,
    ]
    : [
      `const routes = new Map();`,
      `const app = {`,
      `  get: (route, handler) => { routes.set(\`GET \${route}\`, handler); },`,
      `  post: (route, handler) => { routes.set(\`POST \${route}\`, handler); },`,
      `};`,
    ];
}

export const BLOCKS = {
  filterUtil(ctx) {
    const name = ctx.name();
    const limit = ctx.random.int(2, 40);
    return {
      exported: [name],
      lines: [
        `${ctx.exp}function ${name}(items${ctx.t(': Array<{ weight: number; label: string }>')}, threshold${ctx.t(': number')})${ctx.t(': string[]')} {`,
        `  const picked${ctx.t(': string[]')} = [];`,
        `  for (const item of items) {`,
        `    if (item.weight > threshold && item.label.length > 0) {`,
        `      picked.push(item.label.trim().toLowerCase());`,
        `    }`,
        `  }`,
        `  picked.sort((a, b) => a.localeCompare(b));`,
        `  return picked.slice(0, ${limit});`,
        `}`,
        ``,
      ],
    };
  },

  reducer(ctx) {
    const name = ctx.name();
    return {
      exported: [name],
      lines: [
        `${ctx.exp}function ${name}(state${ctx.t(': { count: number; items: string[] }')}, action${ctx.t(': { type: string; item?: string }')}) {`,
        `  switch (action.type) {`,
        `    case 'add':`,
        `      return { ...state, count: state.count + 1, items: [...state.items, action.item ?? ''] };`,
        `    case 'remove':`,
        `      return { ...state, count: Math.max(0, state.count - 1), items: state.items.filter((i) => i !== action.item) };`,
        `    case 'reset':`,
        `      return { count: 0, items: [] };`,
        `    default:`,
        `      return state;`,
        `  }`,
        `}`,
        ``,
      ],
    };
  },

  service(ctx) {
    const name = ctx.name('class');
    const s = ctx.style;
    return {
      exported: [name],
      lines: [
        `${ctx.exp}class ${name} {`,
        ...(ctx.ts ? [`  private readonly cache = new Map<string, string>();`] : [`  cache = new Map();`]),
        `  constructor(${ctx.ts ? 'private readonly root: string' : 'root'}) {`,
        ...(ctx.ts ? [] : [`    this.root = root;`]),
        `  }`,
        `  async get(key${ctx.t(': string')})${ctx.t(': Promise<string>')} {`,
        `    const hit = this.cache.get(key);`,
        `    if (hit !== undefined) return hit;`,
        `    const text = await ${s.fsp('readFile')}(${s.join}(this.root, key), 'utf8');`,
        `    this.cache.set(key, text);`,
        `    return text;`,
        `  }`,
        `  size()${ctx.t(': number')} {`,
        `    let total = 0;`,
        `    for (const value of this.cache.values()) total += value.length;`,
        `    return total;`,
        `  }`,
        `}`,
        ``,
      ],
    };
  },

  blockingHandler(ctx) {
    const s = ctx.style;
    ctx.needsRouter = true;
    return {
      exported: [],
      lines: [
        `app.get('/${ctx.name()}/:id', async (req, res) => {`,
        `  const file = ${s.join}(DATA_DIR, \`\${req.params.id}.json\`);`,
        `  if (!${s.fs('existsSync')}(file)) {`,
        `    res.status(404).end();`,
        `    return;`,
        `  }`,
        `  const record = JSON.parse(${s.fs('readFileSync')}(file, 'utf8'));`,
        `  res.json(record);`,
        `});`,
        ``,
      ],
    };
  },

  asyncHandler(ctx) {
    const s = ctx.style;
    ctx.needsRouter = true;
    return {
      exported: [],
      lines: [
        `app.post('/${ctx.name()}', async (req, res) => {`,
        `  const id = Date.now().toString(36);`,
        `  await ${s.fsp('mkdir')}(DATA_DIR, { recursive: true });`,
        `  await ${s.fsp('writeFile')}(${s.join}(DATA_DIR, \`\${id}.json\`), JSON.stringify(req.body));`,
        `  res.status(201).json({ id });`,
        `});`,
        ``,
      ],
    };
  },

  floating(ctx) {
    const s = ctx.style;
    const audit = ctx.name();
    const name = ctx.name();
    return {
      exported: [name],
      lines: [
        `async function ${audit}(id${ctx.t(': string')})${ctx.t(': Promise<void>')} {`,
        `  await ${s.fsp('writeFile')}(${s.join}(DATA_DIR, 'audit.log'), \`\${id}\\n\`, { flag: 'a' });`,
        `}`,
        `${ctx.exp}function ${name}(id${ctx.t(': string')}, payload${ctx.t(': unknown')})${ctx.t(': void')} {`,
        `  ${s.fsp('writeFile')}(${s.join}(DATA_DIR, \`\${id}.json\`), JSON.stringify(payload));`,
        `  ${audit}(id);`,
        `}`,
        ``,
      ],
    };
  },

  sleep(ctx) {
    const s = ctx.style;
    const name = ctx.name();
    const retry = ctx.name();
    const body = ctx.random.pick([
      [`  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);`],
      [`  ${s.cp('execSync')}('sleep 1');`],
      [`  const until = Date.now() + ms;`, `  while (Date.now() < until) {`, `    // wait`, `  }`],
    ]);
    // Called from an async function of the same file: the sleep blocks the event loop.
    return {
      exported: [name, retry],
      lines: [
        `${ctx.exp}function ${name}(ms${ctx.t(': number')})${ctx.t(': void')} {`, ...body, `}`,
        `${ctx.exp}async function ${retry}${ctx.t('<T>')}(task${ctx.t(': () => Promise<T>')})${ctx.t(': Promise<T>')} {`,
        `  for (let attempt = 1; attempt < 3; attempt++) {`,
        `    try {`,
        `      return await task();`,
        `    } catch {`,
        `      ${name}(100 * attempt);`,
        `    }`,
        `  }`,
        `  return task();`,
        `}`,
        ``,
      ],
    };
  },

  startupRead(ctx) {
    const s = ctx.style;
    const name = ctx.name();
    return {
      exported: [],
      lines: [
        `const ${name} = JSON.parse(${s.fs('readFileSync')}(${s.join}(process.cwd(), 'settings.json'), 'utf8'));`,
        ``,
      ],
    };
  },

  syncHelper(ctx) {
    const s = ctx.style;
    const name = ctx.name();
    return {
      exported: [name],
      lines: [
        `${ctx.exp}function ${name}(dir${ctx.t(': string')})${ctx.t(': number')} {`,
        `  if (!${s.fs('existsSync')}(dir)) return 0;`,
        `  let bytes = 0;`,
        `  for (const entry of ${s.fs('readdirSync')}(dir)) {`,
        `    bytes += ${s.fs('statSync')}(${s.join}(dir, entry)).size;`,
        `  }`,
        `  return bytes;`,
        `}`,
        ``,
      ],
    };
  },

  asyncExec(ctx) {
    const s = ctx.style;
    const name = ctx.name();
    return {
      exported: [name],
      lines: [
        `${ctx.exp}async function ${name}()${ctx.t(': Promise<string>')} {`,
        `  const revision = ${s.cp('execSync')}('git rev-parse HEAD').toString().trim();`,
        `  await ${s.fsp('writeFile')}(${s.join}(DATA_DIR, 'revision'), revision);`,
        `  return revision;`,
        `}`,
        ``,
      ],
    };
  },
};

/** How often each block appears: ordinary code dominates, as it does in real files. */
export const BLOCK_WEIGHTS = {
  filterUtil: 30, reducer: 20, service: 12, blockingHandler: 6, asyncHandler: 8, floating: 5, sleep: 3,
  startupRead: 3, syncHelper: 8, asyncExec: 3,
};
