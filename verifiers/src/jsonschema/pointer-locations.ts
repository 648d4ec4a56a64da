/**
 * Maps a JSON Pointer in a JSON or YAML document back to a line and column, so findings (which the
 * differs report as pointers) can name a place in the file a user edits. JSON is parsed with the
 * `yaml` package, which keeps source ranges for both syntaxes.
 */
import { isCollection, isMap, LineCounter, parseDocument, type Document } from 'yaml';
import { unescapePointerToken } from '../json.ts';

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

const unescape = unescapePointerToken;

/** Parses once; `locate` is then cheap per pointer. */
export class PointerLocator {
  private readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, keepSourceTokens: false });
  }

  /**
   * Position of the element at `pointer` (of its key, when it is an object member). When the pointer does
   * not exist (e.g. a property the other version has), the position of its nearest existing ancestor.
   */
  locate(pointer: string): TextPosition {
    const parts = pointer === '' ? [] : pointer.replace(/^#/, '').split('/').slice(1).map(unescape);
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (const part of parts) {
      if (!isCollection(node)) break;
      if (isMap(node)) {
        const pair = node.items.find((p) => String((p.key as { value?: unknown } | null)?.value ?? p.key) === part);
        if (!pair) break;
        offset = rangeStart(pair.key) ?? offset;
        node = pair.value;
      } else {
        const item: unknown = node.items[Number(part)];
        if (item === undefined) break;
        offset = rangeStart(item) ?? offset;
        node = item;
      }
    }
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] } | null)?.range;
  return range?.[0];
}
