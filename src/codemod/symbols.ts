import { ts } from '#ts-morph';

/** What an import, or a re-export, stands for: the symbol an alias names, or the symbol itself. */
export function aliasTarget<S extends ts.Symbol | undefined>(symbol: S, checker: ts.TypeChecker): S {
  return (symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(symbol) : symbol) as S;
}

/** The symbol `node` names, through import aliases. */
export function symbolAt(checker: ts.TypeChecker, node: ts.Node): ts.Symbol | undefined {
  return aliasTarget(checker.getSymbolAtLocation(node), checker);
}
