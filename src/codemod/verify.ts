import { ts } from '#ts-morph';
import { tscParsing } from './parse-as-tsc.js';

/**
 * Verified mode: the type errors of some files before and after a rewrite, compared as multisets of
 * (code, message) so that errors the project had already, and positions that moved, do not count.
 * The rewritten program is built from the original one (its unchanged source files are reused, already
 * parsed and bound), and only the files asked about are checked.
 */

export interface NewError {
  file: string;
  /** Offset in the rewritten text. */
  pos: number;
  text: string;
}

/** An error of the rewritten program, before it is compared with the original's. */
interface FoundError extends NewError {
  /** What makes two errors the same, wherever they stand: code and message. */
  key: string;
}

export class Verifier {
  readonly #before = new Map<string, Map<string, number>>();
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

  /** The errors `files` have after replacing some texts that they did not have before. */
  newErrors(texts: ReadonlyMap<string, string>, files: readonly string[]): NewError[] {
    return this.#notBefore(errorsIn(this.#program(texts), files));
  }

  /** The errors found in a rewritten program that the original program did not have. */
  #notBefore(found: readonly FoundError[]): NewError[] {
    const remaining = new Map<string, Map<string, number>>();
    const fresh: NewError[] = [];
    for (const { key, ...error } of found) {
      let counts = remaining.get(error.file);
      if (counts === undefined) remaining.set(error.file, counts = new Map(this.#errorsBefore(error.file)));
      const count = counts.get(key) ?? 0;
      if (count > 0) counts.set(key, count - 1);
      else fresh.push(error);
    }
    return fresh;
  }

  #errorsBefore(fileName: string): Map<string, number> {
    let counts = this.#before.get(fileName);
    if (counts === undefined) {
      counts = new Map();
      const program = this.#unchanged();
      const sf = program.getSourceFile(fileName);
      if (sf !== undefined) for (const d of diagnosticsOf(program, sf)) counts.set(keyOf(d), (counts.get(keyOf(d)) ?? 0) + 1);
      this.#before.set(fileName, counts);
    }
    return counts;
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
        key: keyOf(d),
        text: `${fileName}:${line + 1}:${character + 1} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
      });
    }
  }
  return found;
}

function diagnosticsOf(program: ts.Program, sf: ts.SourceFile): ts.Diagnostic[] {
  return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]
    .filter((d) => d.category === ts.DiagnosticCategory.Error);
}

function keyOf(d: ts.Diagnostic): string {
  // a unique symbol's property reads `__@NAME@1234` in some messages, numbered by the checker: each
  // program numbers its own, so an error the file had before would read as another one after
  return `${d.code}:${ts.flattenDiagnosticMessageText(d.messageText, ' ').replace(/(__@[^@'"\s]*)@\d+/g, '$1')}`;
}
