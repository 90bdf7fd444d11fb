// ts-morph for the engine, required rather than imported. An ES module that imports a CommonJS one
// has Node.js lex its source for the names it exports: 1 MB for ts-morph, 65 ms of every migration's
// start. The engine's modules import ts-morph's values from here (`#ts-morph`, see package.json);
// the types come from ts-morph itself (ts-morph.d.ts). Plain JavaScript, so that the tests and the
// built engine load this very file.
import { createRequire } from 'node:module';

const morph = createRequire(import.meta.url)('ts-morph');

export const { Node, Project, SyntaxKind, VariableDeclarationKind, ts } = morph;
