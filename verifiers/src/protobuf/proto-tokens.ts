/**
 * A light tokenizer used ONLY to locate declarations (line/column spans) in a `.proto` source that
 * protobufjs has already parsed and validated. It does not interpret the language.
 */

/** A 1-based source span; `endColumn` is exclusive (Buf / protoc source-info convention). */
export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export const TOKEN_KINDS = {
  /** identifiers, keywords and dotted names such as `google.protobuf.Timestamp` */
  word: 'word',
  /** numeric literals, including `-inf`-style signs handled by the caller */
  number: 'number',
  /** a quoted string literal (text includes the quotes) */
  string: 'string',
  /** one punctuation character: `{ } [ ] ( ) < > = ; , .` etc. */
  punct: 'punct',
} as const;
export type TokenKind = (typeof TOKEN_KINDS)[keyof typeof TOKEN_KINDS];

/**
 * A token with its span's four numbers inline rather than in a nested `SourceSpan`: a file has tens of thousands of
 * tokens and only a few per declaration end up in a span, so the nested object was mostly garbage. `spanOf` and
 * `spanBetween` build spans for the tokens that need one.
 */
export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

const code = (s: string, i: number): number => s.charCodeAt(i);
const isWordStartCode = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isWordPartCode = (c: number): boolean => isWordStartCode(c) || isDigitCode(c);
const isSpaceCode = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11;

/** All tokens of a source (see `Lexer` for reading them one at a time). */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const lexer = new Lexer(source);
  for (let t = lexer.next(); t; t = lexer.next()) tokens.push(t);
  return tokens;
}

/**
 * Reads tokens on demand. The locator only ever looks a few tokens ahead, so reading them one at a time lets each
 * token die young instead of holding a whole file's token array (tens of thousands of objects) across the walk,
 * which made the garbage collector copy them all.
 */
export class Lexer {
  private i = 0;
  private line = 1;
  /** index of the first character of the current line */
  private lineStart = 0;
  private readonly n: number;

  constructor(private readonly source: string) {
    this.n = source.length;
  }

  /**
   * The next token, or undefined at the end of the source. The position is copied into locals for the scan and
   * written back once per token: the loop runs per character, and field loads/stores there were most of its cost.
   */
  next(): Token | undefined {
    const source = this.source;
    const n = this.n;
    let i = this.i;
    let line = this.line;
    let lineStart = this.lineStart;
    while (i < n) {
      const c = code(source, i);
      const next = i + 1 < n ? code(source, i + 1) : 0;
      if (c === 47 && next === 47) {
        const end = source.indexOf('\n', i);
        i = end < 0 ? n : end;
        continue;
      }
      if (c === 47 && next === 42) {
        // skip the block comment, counting the newlines in it
        const end = source.indexOf('*/', i + 2);
        const to = Math.min(end < 0 ? n : end + 2, n);
        for (; i < to; i++) {
          if (code(source, i) === 10) {
            line++;
            lineStart = i + 1;
          }
        }
        continue;
      }
      if (isSpaceCode(c)) {
        if (c === 10) {
          line++;
          lineStart = i + 1;
        }
        i++;
        continue;
      }
      const start = i;
      const startLine = line;
      const startCol = i - lineStart + 1;
      let kind: TokenKind;
      if (c === 34 || c === 39) {
        i++;
        while (i < n && code(source, i) !== c) {
          if (code(source, i) === 92) i++;
          if (code(source, i) === 10) {
            line++;
            lineStart = i + 1;
          }
          i++;
        }
        i++;
        kind = 'string';
      } else if (isWordStartCode(c)) {
        while (i < n && isWordPartCode(code(source, i))) i++;
        kind = 'word';
      } else if (isDigitCode(c) || (c === 46 && isDigitCode(next))) {
        while (i < n) {
          const ch = code(source, i);
          if ((ch === 43 || ch === 45) && !(code(source, i - 1) === 101 || code(source, i - 1) === 69)) break;
          if (!(isWordPartCode(ch) || ch === 46 || ch === 43 || ch === 45)) break;
          i++;
        }
        kind = 'number';
      } else {
        i++;
        kind = 'punct';
      }
      this.i = i;
      this.line = line;
      this.lineStart = lineStart;
      return { kind, text: source.slice(start, i), line: startLine, column: startCol, endLine: line, endColumn: i - lineStart + 1 };
    }
    this.i = i;
    this.line = line;
    this.lineStart = lineStart;
    return undefined;
  }
}

export function spanBetween(first: Token, last: Token): SourceSpan {
  return { line: first.line, column: first.column, endLine: last.endLine, endColumn: last.endColumn };
}

export function spanOf(token: Token): SourceSpan {
  return { line: token.line, column: token.column, endLine: token.endLine, endColumn: token.endColumn };
}
