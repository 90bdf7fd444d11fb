/**
 * The module styles a real code base mixes, each with how it spells a call to an fs, child_process or
 * fs/promises export: the benchmark corpus must exercise every resolution path the rules have, not one.
 */

const FS = ['readFileSync', 'writeFileSync', 'existsSync', 'statSync', 'readdirSync', 'mkdirSync'];
const CP = ['execSync', 'execFileSync'];
const FSP = ['readFile', 'writeFile', 'mkdir'];

/** @typedef {{ name: string, dialect: 'ts' | 'js', ext: string, commonjs: boolean, header: () => string[],
 *   footer: (exported: string[]) => string[], exportPrefix: string, fs: (n: string) => string,
 *   cp: (n: string) => string, fsp: (n: string) => string, join: string }} Style */

/** @type {Record<string, Style>} */
export const STYLES = {
  'esm-named': {
    dialect: 'ts', ext: '.ts', commonjs: false, exportPrefix: 'export ',
    header: () => [
      `import { ${FS.join(', ')} } from 'node:fs';`,
      `import { ${CP.join(', ')} } from 'node:child_process';`,
      `import { ${FSP.join(', ')} } from 'node:fs/promises';`,
      `import { join } from 'node:path';`,
    ],
    footer: () => [],
    fs: (n) => n, cp: (n) => n, fsp: (n) => n, join: 'join',
  },
  'esm-default': {
    dialect: 'ts', ext: '.ts', commonjs: false, exportPrefix: 'export ',
    header: () => [
      `import fs from 'fs';`,
      `import childProcess from 'child_process';`,
      `import * as fsp from 'fs/promises';`,
      `import path from 'path';`,
    ],
    footer: () => [],
    fs: (n) => `fs.${n}`, cp: (n) => `childProcess.${n}`, fsp: (n) => `fsp.${n}`, join: 'path.join',
  },
  'esm-namespace': {
    dialect: 'js', ext: '.mjs', commonjs: false, exportPrefix: 'export ',
    header: () => [
      `import * as fs from 'node:fs';`,
      `import * as cp from 'node:child_process';`,
      `import * as fsp from 'node:fs/promises';`,
      `import * as path from 'node:path';`,
    ],
    footer: () => [],
    fs: (n) => `fs.${n}`, cp: (n) => `cp.${n}`, fsp: (n) => `fsp.${n}`, join: 'path.join',
  },
  'ts-import-equals': {
    dialect: 'ts', ext: '.cts', commonjs: true, exportPrefix: 'export ',
    header: () => [
      `import fs = require('fs');`,
      `import cp = require('child_process');`,
      `import fsp = require('fs/promises');`,
      `import path = require('path');`,
    ],
    footer: () => [],
    fs: (n) => `fs.${n}`, cp: (n) => `cp.${n}`, fsp: (n) => `fsp.${n}`, join: 'path.join',
  },
  'cjs-require': {
    dialect: 'js', ext: '.cjs', commonjs: true, exportPrefix: '',
    header: () => [
      `'use strict';`,
      `const fs = require('fs');`,
      `const cp = require('child_process');`,
      `const fsp = require('fs').promises;`,
      `const path = require('path');`,
    ],
    footer: (exported) => [`module.exports = { ${exported.join(', ')} };`],
    fs: (n) => `fs.${n}`, cp: (n) => `cp.${n}`, fsp: (n) => `fsp.${n}`, join: 'path.join',
  },
  'cjs-destructure': {
    dialect: 'js', ext: '.js', commonjs: true, exportPrefix: '',
    header: () => [
      `const { ${FS.join(', ')} } = require('node:fs');`,
      `const { ${CP.join(', ')} } = require('node:child_process');`,
      `const { ${FSP.join(', ')} } = require('node:fs/promises');`,
      `const { join } = require('node:path');`,
    ],
    footer: (exported) => [`module.exports = { ${exported.join(', ')} };`],
    fs: (n) => n, cp: (n) => n, fsp: (n) => n, join: 'join',
  },
  // What tsc emits for CommonJS with esModuleInterop.
  'tsc-commonjs': {
    dialect: 'js', ext: '.js', commonjs: true, exportPrefix: '',
    header: () => [
      `"use strict";`,
      `var __importDefault = (this && this.__importDefault) || function (mod) {`,
      `    return (mod && mod.__esModule) ? mod : { "default": mod };`,
      `};`,
      `Object.defineProperty(exports, "__esModule", { value: true });`,
      `const node_fs_1 = require("node:fs");`,
      `const child_process_1 = require("child_process");`,
      `const promises_1 = require("fs/promises");`,
      `const path_1 = __importDefault(require("path"));`,
    ],
    footer: (exported) => exported.map((n) => `exports.${n} = ${n};`),
    fs: (n) => `(0, node_fs_1.${n})`, cp: (n) => `(0, child_process_1.${n})`, fsp: (n) => `(0, promises_1.${n})`,
    join: 'path_1.default.join',
  },
  // What Babel emits for ESM → CommonJS.
  'babel-commonjs': {
    dialect: 'js', ext: '.js', commonjs: true, exportPrefix: '',
    header: () => [
      `"use strict";`,
      `var _fs = _interopRequireDefault(require("fs"));`,
      `var _child_process = require("child_process");`,
      `var _promises = require("fs/promises");`,
      `var _path = _interopRequireDefault(require("path"));`,
      `function _interopRequireDefault(e) { return e && e.__esModule ? e : { default: e }; }`,
    ],
    footer: (exported) => exported.map((n) => `exports.${n} = ${n};`),
    fs: (n) => `_fs.default.${n}`, cp: (n) => `(0, _child_process.${n})`, fsp: (n) => `(0, _promises.${n})`,
    join: '_path.default.join',
  },
};
