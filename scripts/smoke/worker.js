/**
 * One smoke worker: lints the files the main thread sends, one message per file, with ESLint's Linter.
 * A thrown exception is a crash (reported with its stack), a fatal parse message is a parse failure.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { Linter } from 'eslint';
import { smokeConfigs, smokeRuleIds } from './configs.js';

const linter = new Linter({ configType: 'flat' });
const configs = await smokeConfigs();
const ruleIds = new Set(smokeRuleIds(configs));

// The main thread sends the next batch only after 'batch-done', so batches never overlap.
parentPort.on('message', async (message) => {
  try {
    if (message.type === 'done') {
      parentPort.close();
      return;
    }
    for (const file of message.files) {
      parentPort.postMessage({ type: 'start', file });
      parentPort.postMessage({ type: 'result', result: await lintFile(file) });
    }
    parentPort.postMessage({ type: 'batch-done' });
  } catch (error) {
    // lintFile catches what the rules throw; this is the smoke run itself failing.
    parentPort.postMessage({ type: 'fatal', stack: String(error?.stack ?? error) });
  }
});
parentPort.postMessage({ type: 'ready', ruleIds: [...ruleIds] });

async function lintFile(file) {
  const started = performance.now();
  let code;
  try {
    code = await readFile(file, 'utf8');
  } catch (error) {
    return { status: 'parse-failure', file, message: `unreadable: ${error.message}`, findings: [], ruleMs: {}, parseMs: 0, ms: 0 };
  }
  const primary = await sourceTypeOf(file);
  try {
    let messages = verify(code, file, primary);
    let status = 'ok';
    const alternative = primary === 'module' ? 'commonjs' : 'module';
    if (fatalOf(messages) && isJavaScript(file)) {
      // Packages ship ESM in .js files without "type": "module" (a bundler's "module" entry), and the reverse.
      const retried = verify(code, file, alternative);
      if (!fatalOf(retried)) {
        messages = retried;
        status = 'retry';
      }
    }
    const fatal = fatalOf(messages);
    const times = linter.getTimes().passes[0];
    const ruleMs = {};
    for (const [ruleId, { total }] of Object.entries(times?.rules ?? {})) ruleMs[ruleId] = total;
    return {
      status: fatal ? 'parse-failure' : status,
      file,
      message: fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : undefined,
      findings: messages.filter((m) => ruleIds.has(m.ruleId)).map((m) => ({ file, line: m.line, column: m.column, ruleId: m.ruleId, message: m.message })),
      ruleMs,
      parseMs: times?.parse?.total ?? 0,
      ms: performance.now() - started,
    };
  } catch (error) {
    return { status: 'crash', file, ruleId: error.ruleId ?? null, stack: String(error.stack ?? error) };
  }
}

// verifyAndFix, not verify: only it resets and fills the per-rule times (`stats`); with fix off it makes one pass.
function verify(code, file, sourceType) {
  return linter.verifyAndFix(code, configs[sourceType], { filename: file, stats: true, fix: false }).messages;
}

function fatalOf(messages) {
  return messages.find((m) => m.fatal);
}

function isJavaScript(file) {
  return ['.js', '.mjs', '.cjs'].includes(extname(file));
}

/** Node's own rule: the extension decides, and for .js the nearest package.json's "type". */
async function sourceTypeOf(file) {
  const ext = extname(file);
  if (ext === '.mjs' || ext === '.mts') return 'module';
  if (ext === '.cjs' || ext === '.cts') return 'commonjs';
  if (ext === '.ts') return 'module';
  return (await packageTypeOf(dirname(file))) === 'module' ? 'module' : 'commonjs';
}

const packageTypes = new Map();
async function packageTypeOf(dir) {
  const known = packageTypes.get(dir);
  if (known !== undefined) return known;
  let type;
  try {
    type = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')).type ?? 'commonjs';
  } catch (error) {
    const parent = dirname(dir);
    type = error.code === 'ENOENT' && parent !== dir ? await packageTypeOf(parent) : 'commonjs';
  }
  packageTypes.set(dir, type);
  return type;
}
