import { ts } from '#ts-morph';
import { tscParsing } from './parse-as-tsc.js';

/**
 * Verified mode: the type errors of some files before and after a rewrite, compared as multisets of
 * (code, message) so that errors the project had already, and positions that moved, do not count.
 * An error whose message changed is still the one the project had if it stands where that one stood
 * (its position mapped back through the edits), with the same code and the same innermost reasons:
 * `readFileSync(file, options)` → `readFile(file, options)`, with `options` mistyped before and after,
 * names other overloads in its message, and a union type may print its members in another order in
 * another program.
 * The rewritten program is built from the original one (its unchanged source files are reused, already
 * parsed and bound), and only the files asked about are checked.
 */

export interface NewError {
  file: string;
  /** Offset in the rewritten text. */
  pos: number;
  text: string;
}

/** Where a position of a file's rewritten text stood in its original text; `undefined` inside inserted text. */
export type OriginalPosition = (file: string, pos: number) => number | undefined;

/** An error of either program, before they are compared. */
interface FoundError extends NewError {
  /** What makes two errors the same, wherever they stand: code and message. */
  key: string;
  code: number;
  /** The innermost messages of its chain (the reasons), sorted: what an error whose message changed must keep. */
  reasons: string;
  /** 0-based line in the text it was found in. */
  line: number;
}

export class Verifier {
  readonly #before = new Map<string, FoundError[]>();
  readonly #host: ts.CompilerHost;
  #rechecked: ts.Program | undefined;

  constructor(private readonly original: ts.Program) {
    const options = original.getCompilerOptions();
    const host = ts.createCompilerHost(options, true);
    // ts-morph serves the default libraries from a folder of its own: the new program looks there too
    const lib = original.getSourceFiles().find((sf) => original.isSourceFileDefaultLibrary(sf))?.fileName;
    if (lib !== undefined) {
      const folder = lib.slice(0, lib.lastIndexOf('/'));
      host.getDefaultLibLocation = () => folder;
      host.getDefaultLibFileName = (o) => `${folder}/${ts.getDefaultLibFileName(o)}`;
    }
    // the files on disk do not change while the rewrites are checked: each question is asked once
    for (const method of ['fileExists', 'directoryExists'] as const) {
      const ask = host[method]?.bind(host);
      if (ask === undefined) continue;
      const answers = new Map<string, boolean>();
      host[method] = (path: string): boolean => {
        let answer = answers.get(path);
        if (answer === undefined) answers.set(path, answer = ask(path));
        return answer;
      };
    }
    this.#host = host;
  }

  /**
   * The errors `files` have after replacing some texts that they did not have before; `original` maps
   * a position of a replaced text back (without it, an error must keep its message to be an old one).
   */
  newErrors(texts: ReadonlyMap<string, string>, files: readonly string[], original?: OriginalPosition, near?: OriginalPosition): NewError[] {
    const found = errorsIn(this.#program(texts), files);
    const byFile = new Map<string, FoundError[]>();
    for (const error of found) {
      const inFile = byFile.get(error.file);
      if (inFile === undefined) byFile.set(error.file, [error]);
      else inFile.push(error);
    }
    const fresh: NewError[] = [];
    for (const [file, after] of byFile) {
      const at = (e: FoundError): number | undefined => (texts.has(file) ? original?.(file, e.pos) : e.pos);
      const source = this.original.getSourceFile(file);
      const line = (e: FoundError): number | undefined => {
        const pos = texts.has(file) ? near?.(file, e.pos) : e.pos;
        return pos === undefined || source === undefined ? undefined : source.getLineAndCharacterOfPosition(pos).line;
      };
      for (const error of notBefore(after, this.#errorsBefore(file), at, line)) fresh.push({ file: error.file, pos: error.pos, text: error.text });
    }
    return fresh;
  }

  #errorsBefore(fileName: string): FoundError[] {
    let errors = this.#before.get(fileName);
    if (errors === undefined) {
      const program = this.#unchanged();
      this.#before.set(fileName, errors = errorsIn(program, [fileName]));
    }
    return errors;
  }

  /**
   * The original program again, with a checker of its own. The original's checker has answered the
   * analysis' questions first, and its errors then miss some that a checker reports when it checks a
   * file afresh (found on ESLint's sources: unresolved JSDoc type names), so that the rewritten
   * program's would seem new. Every file is reused, parsed and bound: only the checking is redone.
   */
  #unchanged(): ts.Program {
    this.#rechecked ??= this.#program(new Map());
    return this.#rechecked;
  }

  #program(texts: ReadonlyMap<string, string>): ts.Program {
    const original = this.original;
    // TypeScript asks for a changed file twice (to try to reuse the old program's structure, then to
    // build the new one): parsed once
    const parsed = new Map<string, ts.SourceFile>();
    const host: ts.CompilerHost = {
      ...this.#host,
      getSourceFile: (fileName, languageVersion, onError, shouldCreate) => {
        const text = texts.get(fileName);
        if (text !== undefined) {
          let sf = parsed.get(fileName);
          // parsed as the original was (tscParsing): with the target, and no module format. TypeScript's options would
          // add the file's module format, which ts-morph's files lack, and under which the checker
          // finds errors the original never showed (an extensionless `import("./types")` in an ES
          // module's JSDoc), so that an unchanged file would seem to gain errors
          if (sf === undefined) parsed.set(fileName, sf = ts.createSourceFile(fileName, text, tscParsing(targetOf(languageVersion))));
          return sf;
        }
        return original.getSourceFile(fileName) ?? this.#host.getSourceFile(fileName, languageVersion, onError, shouldCreate);
      },
      fileExists: (fileName) => texts.has(fileName) || original.getSourceFile(fileName) !== undefined || this.#host.fileExists(fileName),
      readFile: (fileName) => texts.get(fileName) ?? this.#host.readFile(fileName),
    };
    return ts.createProgram({
      rootNames: original.getRootFileNames(),
      options: original.getCompilerOptions(),
      host,
      oldProgram: original,
      projectReferences: original.getProjectReferences(),
    });
  }
}

/**
 * The errors of `after` (one file's) that are none of `before`: matched first where key and position
 * agree, then by key wherever they stand, then by code, position and reasons (see the class comment),
 * then by code and reasons on the same line, for an error reported inside the rewritten text of the
 * call it was reported on before (`fs.writeSync(fd, s, 0, enc)` → `fd.write(s, 0, enc)`, where the
 * error stands on the callee's name).
 */
function notBefore(
  after: readonly FoundError[],
  before: readonly FoundError[],
  originalPos: (e: FoundError) => number | undefined,
  originalLine: (e: FoundError) => number | undefined = () => undefined,
): FoundError[] {
  const unused = new Set(before);
  const take = (test: (b: FoundError) => boolean): boolean => {
    for (const b of unused) {
      if (!test(b)) continue;
      unused.delete(b);
      return true;
    }
    return false;
  };
  const positions = new Map(after.map((e) => [e, originalPos(e)]));
  let rest = after.filter((e) => !take((b) => b.key === e.key && b.pos === positions.get(e)));
  rest = rest.filter((e) => !take((b) => b.key === e.key));
  rest = rest.filter((e) => {
    const pos = positions.get(e);
    return pos === undefined || !take((b) => b.code === e.code && b.pos === pos && b.reasons === e.reasons);
  });
  return rest.filter((e) => {
    const line = originalLine(e);
    return line === undefined || !take((b) => b.code === e.code && b.line === line && b.reasons === e.reasons);
  });
}

function targetOf(languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions): ts.ScriptTarget {
  return typeof languageVersion === 'object' ? languageVersion.languageVersion : languageVersion;
}

/**
 * The errors of `files` in `program` (a file without errors is the common case, and costs one check).
 * A file's errors before are only needed when it has some after: the caller compares them then.
 */
function errorsIn(program: ts.Program, files: readonly string[]): FoundError[] {
  const found: FoundError[] = [];
  for (const fileName of files) {
    const sf = program.getSourceFile(fileName);
    if (sf === undefined) continue;
    for (const d of diagnosticsOf(program, sf)) {
      const { line, character } = sf.getLineAndCharacterOfPosition(d.start ?? 0);
      found.push({
        file: fileName,
        pos: d.start ?? 0,
        line,
        key: keyOf(d),
        code: d.code,
        reasons: reasonsOf(d.messageText).sort().join('\n'),
        text: `${fileName}:${line + 1}:${character + 1} TS${d.code}: ${summaryOf(d.messageText)}`,
      });
    }
  }
  return found;
}

function diagnosticsOf(program: ts.Program, sf: ts.SourceFile): ts.Diagnostic[] {
  return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]
    .filter((d) => d.category === ts.DiagnosticCategory.Error);
}

/** The innermost messages of a chain: the reasons it ends with. */
function reasonsOf(message: string | ts.DiagnosticMessageChain): string[] {
  if (typeof message === 'string') return [message];
  if (message.next === undefined || message.next.length === 0) return [message.messageText];
  return message.next.flatMap(reasonsOf);
}

/**
 * A message for a one-line report: its head and its distinct reasons (a call matching no overload
 * explains every overload, in a paragraph each).
 */
function summaryOf(message: string | ts.DiagnosticMessageChain): string {
  if (typeof message === 'string') return message;
  const reasons = [...new Set(reasonsOf(message))].filter((r) => r !== message.messageText);
  return reasons.length === 0 ? message.messageText : `${message.messageText} … ${reasons.join(' / ')}`;
}

function keyOf(d: ts.Diagnostic): string {
  // a unique symbol's property reads `__@NAME@1234` in some messages, numbered by the checker: each
  // program numbers its own, so an error the file had before would read as another one after
  return `${d.code}:${ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/(__@[^@'"\s]*)@\d+/g, '$1')}`;
}
