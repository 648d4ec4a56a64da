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

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly span: SourceSpan;
}

const code = (s: string, i: number): number => s.charCodeAt(i);
const isWordStartCode = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isDigitCode = (c: number): boolean => c >= 48 && c <= 57;
const isWordPartCode = (c: number): boolean => isWordStartCode(c) || isDigitCode(c);
const isSpaceCode = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11;

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const n = source.length;
  let i = 0;
  let line = 1;
  let lineStart = 0; // index of the first character of the current line
  const push = (kind: TokenKind, start: number, startLine: number, startCol: number): void => {
    tokens.push({ kind, text: source.slice(start, i), span: { line: startLine, column: startCol, endLine: line, endColumn: i - lineStart + 1 } });
  };
  /** moves i to `to`, counting the newlines passed */
  const skipTo = (to: number): void => {
    for (; i < to && i < n; i++) {
      if (code(source, i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
  };
  while (i < n) {
    const c = code(source, i);
    const next = i + 1 < n ? code(source, i + 1) : 0;
    if (c === 47 && next === 47) {
      const end = source.indexOf('\n', i);
      i = end < 0 ? n : end;
      continue;
    }
    if (c === 47 && next === 42) {
      const end = source.indexOf('*/', i + 2);
      skipTo(end < 0 ? n : end + 2);
      continue;
    }
    if (isSpaceCode(c)) {
      skipTo(i + 1);
      continue;
    }
    const start = i;
    const startLine = line;
    const startCol = i - lineStart + 1;
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
      push('string', start, startLine, startCol);
    } else if (isWordStartCode(c)) {
      while (i < n && isWordPartCode(code(source, i))) i++;
      push('word', start, startLine, startCol);
    } else if (isDigitCode(c) || (c === 46 && isDigitCode(next))) {
      while (i < n) {
        const ch = code(source, i);
        if ((ch === 43 || ch === 45) && !(code(source, i - 1) === 101 || code(source, i - 1) === 69)) break;
        if (!(isWordPartCode(ch) || ch === 46 || ch === 43 || ch === 45)) break;
        i++;
      }
      push('number', start, startLine, startCol);
    } else {
      i++;
      push('punct', start, startLine, startCol);
    }
  }
  return tokens;
}

export function spanBetween(first: Token, last: Token): SourceSpan {
  return { line: first.span.line, column: first.span.column, endLine: last.span.endLine, endColumn: last.span.endColumn };
}
