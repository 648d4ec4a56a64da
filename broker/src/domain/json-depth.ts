// How deeply a parsed JSON value nests. JSON.parse copes with any depth, but the code after it does
// not: JSON.stringify, canonical JSON, pact diffs and merges recurse once per level and overflow the
// stack on documents thousands of levels deep. Every JSON document a client sends is measured here
// (iteratively, so the check itself cannot overflow) and refused beyond the limit.

/** The default limit (TREATY_MAX_JSON_DEPTH); real pacts and webhooks nest a few dozen levels at most. */
export const DEFAULT_MAX_JSON_DEPTH = 100;

/**
 * The nesting depth of `value`: 0 for a scalar, 1 for `{}` or `[1]`, 2 for `{"a": [1]}`.
 * Stops counting once `limit` is exceeded (returns limit + 1), so a hostile document costs no more
 * than walking its first `limit + 1` levels of each branch.
 */
export function jsonDepth(value: unknown, limit = Number.MAX_SAFE_INTEGER): number {
  let deepest = 0;
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') pending.push({ value: child, depth: level });
    }
  }
  return deepest;
}

/** True when `value` nests deeper than `limit` levels of arrays and objects. */
export function exceedsJsonDepth(value: unknown, limit: number): boolean {
  return jsonDepth(value, limit) > limit;
}

/**
 * How deeply a document's text nests, measured before any parser sees it (parsers of YAML, protobuf
 * and JSON-in-YAML recurse once per level, and overflow or exhaust memory on hostile input):
 * brackets `[ {` outside quoted strings (JSON, YAML flow collections, protobuf blocks), and, for
 * YAML, block indentation (each deeper indentation or `- ` item is a level). Stops past `limit`.
 */
export function textNestingDepth(text: string, options: { limit: number; yamlBlocks: boolean }): number {
  const brackets = bracketDepth(text, options.limit);
  if (brackets > options.limit || !options.yamlBlocks) return brackets;
  return Math.max(brackets, yamlBlockDepth(text, options.limit));
}

function bracketDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      else if (c === '\n' && quote === "'") quote = undefined; // an apostrophe in plain YAML text, not a quote
      continue;
    }
    if (c === '"' || (c === "'" && /[\s[{,:]/.test(text[i - 1] ?? ' '))) quote = c;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if ((c === ']' || c === '}') && depth > 0) depth--;
  }
  return deepest;
}

function yamlBlockDepth(text: string, limit: number): number {
  const indents: number[] = [];
  let deepest = 0;
  let blockScalarIndent: number | undefined;
  for (const line of text.split('\n')) {
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    let indent = line.length - content.length;
    // The lines of a literal or folded scalar (`key: |`) are text, however they are indented.
    if (blockScalarIndent !== undefined) {
      if (indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    // Each `- ` opens a sequence level at its column; what follows the last dash is one more level
    // only when it starts a mapping (`- key: value`), not when it is a plain item (`- value`).
    let rest = content;
    const levels = [indent];
    while (/^-(\s|$)/.test(rest)) {
      const next = rest.slice(1).trimStart();
      indent += rest.length - next.length;
      rest = next;
      if (/^-(\s|$)/.test(rest) || /^[^#'"]*?:(\s|$)/.test(rest)) levels.push(indent);
    }
    while (indents.length > 0 && indents[indents.length - 1]! >= levels[0]!) indents.pop();
    indents.push(...levels);
    if (indents.length > deepest) deepest = indents.length;
    if (deepest > limit) return deepest;
    if (/(^|[:\s-])[|>][-+0-9]*\s*(#.*)?$/.test(rest)) blockScalarIndent = levels[0];
  }
  return deepest;
}
