/**
 * Compilers wrap `require()` in interop helpers (`__importStar(require("fs"))` from tsc,
 * `_interopRequireDefault(require("fs"))` from Babel, `__toESM(require("fs"))` from esbuild). The helpers
 * are plain JavaScript the checker types as `any`, which would hide every call behind them. The oracle
 * points their calls at typed stand-ins (see INTEROP_DECLARATIONS) by rewriting the callee's name in the
 * text it hands the checker, padded with spaces so every offset, line and column stays where it was.
 */

const STAR = ['__importStar', '_interopRequireWildcard', '__toESM'];
const DEFAULT = ['__importDefault', '_interopRequireDefault'];

// A call, optionally through a helper namespace (`tslib_1.__importStar(`), never the helper's own `function x(`.
const HELPER_CALL = new RegExp(
  String.raw`(?<!function\s+)(?<![\w$.])((?:[A-Za-z_$][\w$]*\.)?(${[...STAR, ...DEFAULT].join('|')}))(\s*\()`,
  'g',
);

export function pointInteropHelpersAtStandIns(text: string): string {
  return text.replace(HELPER_CALL, (_match, callee: string, helper: string, open: string) => {
    const standIn = STAR.includes(helper) ? '__oS' : '__oD';
    return standIn + ' '.repeat(callee.length - standIn.length) + open;
  });
}
