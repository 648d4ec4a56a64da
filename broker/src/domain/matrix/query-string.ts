// Raw query-string parsing for the matrix: Rack-style nested arrays (`q[][pacticipant]=Foo`), parsed
// from the raw string so that the pairing of keys into selectors does not depend on a generic parser.
//
// Pairing rules (see groupArrayEntries):
// 1. "Rack order" — what real clients send: each selector's keys are contiguous and start with the
//    anchor key (`pacticipant`): `q[][pacticipant]=Foo&q[][version]=1&q[][pacticipant]=Bar&q[][latest]=true`.
//    A new selector starts at every anchor key. This is exactly Rack's own result for such strings.
// 2. "Column order" — keys sorted alphabetically, as pact files replay them (the V2 Ruby client and the
//    Rust CLI record the query as a map of key → values, so the verifier sends
//    `q[][latest]=true&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=1`). Values are paired
//    by position: the i-th value of a key that has one value per selector goes to the i-th selector.
//    A key with fewer values than selectors is ambiguous; `version` values go to the first selectors
//    (the CLI puts the version being deployed first), any other key goes to the last selectors that
//    have no version (the "against" selectors: `--pacticipant Bar --latest prod`).
// 3. Explicit indexes (`q[0][pacticipant]`) group by index.

export type QueryPair = readonly [key: string, value: string];

function decode(part: string): string {
  const plus = part.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

/** `a=1&b=2` (with or without a leading `?`, or a whole URL) → ordered, decoded pairs. */
export function parseQueryPairs(rawQueryOrUrl: string): QueryPair[] {
  const q = rawQueryOrUrl.includes('?') ? rawQueryOrUrl.slice(rawQueryOrUrl.indexOf('?') + 1) : rawQueryOrUrl;
  const withoutFragment = q.split('#')[0] ?? '';
  const pairs: QueryPair[] = [];
  for (const part of withoutFragment.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    pairs.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  return pairs;
}

export interface ArrayEntry {
  /** `undefined` for `name[]=value` (a bare array element). */
  field: string | undefined;
  /** `undefined` for `name[][field]` (Rack's push semantics); a number for `name[3][field]`. */
  index: number | undefined;
  value: string;
}

/**
 * Entries of the array parameter `name`: `name[][field]=v`, `name[]field=v` (the flat form the
 * Pact Broker also accepts), `name[N][field]=v` and `name[]=v`.
 */
export function arrayEntries(pairs: readonly QueryPair[], name: string): ArrayEntry[] {
  const pattern = new RegExp(`^${name}\\[(\\d*)\\](?:\\[([^\\]]*)\\]|([A-Za-z_][\\w]*))?$`);
  const entries: ArrayEntry[] = [];
  for (const [key, value] of pairs) {
    const m = pattern.exec(key);
    if (!m) continue;
    const field = m[2] ?? m[3];
    entries.push({ field: field === '' ? undefined : field, index: m[1] === '' ? undefined : Number(m[1]), value });
  }
  return entries;
}

/** All values of a plain key, or of `key[]`. */
export function valuesOf(pairs: readonly QueryPair[], key: string): string[] {
  return pairs.filter(([k]) => k === key || k === `${key}[]`).map(([, v]) => v);
}

/** The last value of a plain key (Rack keeps the last one). */
export function lastValueOf(pairs: readonly QueryPair[], key: string): string | undefined {
  const values = pairs.filter(([k]) => k === key).map(([, v]) => v);
  return values[values.length - 1];
}

export type FieldRecord = Record<string, string>;

/** Groups the entries of one array parameter into records, robust to key ordering (see file header). */
export function groupArrayEntries(entries: readonly ArrayEntry[], anchor = 'pacticipant', versionKey = 'version'): FieldRecord[] {
  const bare = entries.filter((e) => e.field === undefined).map((e): FieldRecord => ({ [anchor]: e.value }));
  const indexed = entries.filter((e) => e.field !== undefined && e.index !== undefined);
  const pushed = entries.filter((e) => e.field !== undefined && e.index === undefined);
  return [...groupIndexed(indexed), ...groupPushed(pushed, anchor, versionKey), ...bare];
}

function groupIndexed(entries: readonly ArrayEntry[]): FieldRecord[] {
  const byIndex = new Map<number, FieldRecord>();
  for (const e of entries) {
    const record = byIndex.get(e.index!) ?? {};
    record[e.field!] = e.value;
    byIndex.set(e.index!, record);
  }
  return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
}

function groupPushed(entries: readonly ArrayEntry[], anchor: string, versionKey: string): FieldRecord[] {
  if (entries.length === 0) return [];
  return isRackOrder(entries, anchor) ? groupBySegments(entries, anchor) : groupByColumns(entries, anchor, versionKey);
}

/**
 * True when every record's keys are contiguous, each record starting at the anchor key — unless the
 * keys are sorted with all anchors first and other keys after them (`q[][pacticipant]=Bar&
 * q[][pacticipant]=Foo&q[][tag]=prod&q[][version]=4.5.6`): that is a column-ordered replay, because a
 * real client never sends a name-only selector before others (the CLI requires a version, --latest or
 * --all for every pacticipant).
 */
function isRackOrder(entries: readonly ArrayEntry[], anchor: string): boolean {
  if (entries[0]!.field !== anchor) return false;
  const fields = entries.map((e) => e.field!);
  const anchors = fields.filter((f) => f === anchor).length;
  const sorted = fields.every((f, i) => i === 0 || fields[i - 1]! <= f);
  if (sorted && anchors >= 2 && fields[1] === anchor && fields.length > anchors) return false;
  let seen = new Set<string>();
  for (const e of entries) {
    if (e.field === anchor) seen = new Set();
    if (seen.has(e.field!)) return false;
    seen.add(e.field!);
  }
  return true;
}

function groupBySegments(entries: readonly ArrayEntry[], anchor: string): FieldRecord[] {
  const records: FieldRecord[] = [];
  for (const e of entries) {
    if (e.field === anchor || records.length === 0) records.push({});
    records[records.length - 1]![e.field!] = e.value;
  }
  return records;
}

function groupByColumns(entries: readonly ArrayEntry[], anchor: string, versionKey: string): FieldRecord[] {
  const columns = new Map<string, string[]>();
  for (const e of entries) columns.set(e.field!, [...(columns.get(e.field!) ?? []), e.value]);
  const n = Math.max(...[...columns.values()].map((v) => v.length), columns.get(anchor)?.length ?? 0);
  const records: FieldRecord[] = Array.from({ length: n }, () => ({}));
  const assign = (field: string, values: readonly string[], targets: readonly number[]) =>
    values.forEach((value, i) => {
      const target = targets[i];
      if (target !== undefined) records[target]![field] = value;
    });
  const all = records.map((_, i) => i);
  // Full columns first, then versions from the front, then the remaining partial columns from the back.
  const ordered = [...columns.entries()].sort(([a, av], [b, bv]) => rank(a, av.length) - rank(b, bv.length));
  function rank(field: string, count: number): number {
    if (count === n) return 0;
    return field === versionKey ? 1 : 2;
  }
  for (const [field, values] of ordered) {
    if (values.length === n) assign(field, values, all);
    else if (field === versionKey)
      assign(
        field,
        values,
        all.filter((i) => records[i]![field] === undefined),
      );
    else {
      const open = all.filter((i) => records[i]![versionKey] === undefined && records[i]![field] === undefined);
      const pool = open.length >= values.length ? open : all.filter((i) => records[i]![field] === undefined);
      assign(field, values, pool.slice(pool.length - values.length));
    }
  }
  return records;
}
