// Rows of one batched query, split per key (the DataLoader-backed reads answer many keys at once).

/**
 * The rows per key, in row order. With `keys`, each of them is present, with an empty list when no row has it
 * (so a loader can answer "none" for a key without a special case).
 */
export function groupBy<K, T>(rows: readonly T[], keyOf: (row: T) => K, keys: readonly K[] = []): Map<K, T[]> {
  const result = new Map<K, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) {
    const key = keyOf(row);
    const list = result.get(key);
    if (list) list.push(row);
    else result.set(key, [row]);
  }
  return result;
}
