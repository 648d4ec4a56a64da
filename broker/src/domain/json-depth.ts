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
