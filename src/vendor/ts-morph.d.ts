// The values ts-morph.js passes on, and every type of ts-morph's (as types only: a value it does not
// pass on cannot be used by mistake).
export { Node, Project, SyntaxKind, VariableDeclarationKind, ts } from 'ts-morph';
export type * from 'ts-morph';
