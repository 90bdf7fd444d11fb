import type { ParserServicesWithTypeInformation, TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { Node } from 'ts-morph';

/** A file seen through ESLint: its SourceCode (scopes), its parser services, and the way back to ts-morph nodes. */
export interface EstreeView {
  sourceCode: TSESLint.SourceCode;
  services: ParserServicesWithTypeInformation;
  /** The ts-morph node an ESTree node was converted from. */
  tsNodeOf(node: TSESTree.Node): Node;
}
