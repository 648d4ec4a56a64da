/**
 * The structural diff (a port of the shape of Confluent's SchemaDiff): compares an original (writer) schema with
 * an update (reader) schema and lists each difference with Confluent's type names. `$ref`s are followed on both
 * sides; a pair already being compared (a recursive schema) is assumed compatible, as Confluent does.
 */
import { isCompatibleChange, type CompatibilityPolicy, type DifferenceType, type SchemaChange } from './difference-types.ts';
import { isObject, type JsonObject, type JsonValue, type RefResolver, type SchemaLocation } from './schema-refs.ts';
import { compareArrays, compareEnums, compareNumbers, compareStrings } from './schema-diff-keywords.ts';
import { compareObjects } from './schema-diff-objects.ts';

export interface DiffContext {
  readonly original: RefResolver;
  readonly update: RefResolver;
  readonly policy: CompatibilityPolicy;
  /** pairs being compared (cycle guard) */
  readonly inProgress: Set<string>;
  readonly memo: Map<string, boolean>;
  /** constructs the diff does not analyse: comparing them cannot be decided */
  readonly undecided: string[];
}

export interface Side {
  readonly loc: SchemaLocation;
}

export type Emit = (type: DifferenceType, path: string, detail: string) => void;

/** Keywords that change what a schema accepts but that this diff does not analyse. */
const UNANALYSED = ['if', 'then', 'else', 'propertyNames', 'contentSchema', '$dynamicRef', '$recursiveRef', 'dependentSchemas'] as const;
const METADATA: readonly [string, DifferenceType][] = [
  ['$id', 'ID_CHANGED'],
  ['title', 'TITLE_CHANGED'],
  ['description', 'DESCRIPTION_CHANGED'],
  ['default', 'DEFAULT_CHANGED'],
];
const COMBINATORS = ['allOf', 'anyOf', 'oneOf'] as const;
type Combinator = (typeof COMBINATORS)[number];

export type Kind =
  'empty' | 'false' | 'combined' | 'not' | 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array' | 'enum';

const same = (a: JsonValue | undefined, b: JsonValue | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);
export const child = (loc: SchemaLocation, ...keys: (string | number)[]): SchemaLocation | undefined => {
  let node: JsonValue | undefined = loc.node;
  for (const k of keys)
    node = isObject(node) ? node[String(k)] : Array.isArray(node) ? (node as readonly JsonValue[])[Number(k)] : undefined;
  return node === undefined ? undefined : { node, doc: loc.doc, pointer: `${loc.pointer}/${keys.join('/')}` };
};

const OBJECT_KEYS = [
  'properties',
  'required',
  'additionalProperties',
  'patternProperties',
  'minProperties',
  'maxProperties',
  'dependencies',
  'dependentRequired',
  'unevaluatedProperties',
];
const ARRAY_KEYS = [
  'items',
  'prefixItems',
  'additionalItems',
  'minItems',
  'maxItems',
  'uniqueItems',
  'contains',
  'minContains',
  'maxContains',
  'unevaluatedItems',
];
const STRING_KEYS = ['minLength', 'maxLength', 'pattern', 'format'];
const NUMBER_KEYS = ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf'];

export function kindOf(node: JsonValue): Kind {
  if (node === true) return 'empty';
  if (node === false) return 'false';
  if (!isObject(node)) return 'empty';
  if (COMBINATORS.some((c) => Array.isArray(node[c]))) return 'combined';
  if (isObject(node['not']) || typeof node['not'] === 'boolean') return 'not';
  const type = node['type'];
  if (typeof type === 'string') return type as Kind;
  if (Array.isArray(type) && type.length === 1 && typeof type[0] === 'string') return type[0] as Kind;
  if (Array.isArray(type) && type.length > 1) return 'combined';
  const has = (keys: string[]): boolean => keys.some((k) => k in node);
  if (has(OBJECT_KEYS)) return 'object';
  if (has(ARRAY_KEYS)) return 'array';
  if (has(STRING_KEYS)) return 'string';
  if (has(NUMBER_KEYS)) return 'number';
  if ('enum' in node || 'const' in node) return 'enum';
  return 'empty';
}

/** A combined schema as (criterion, branches); `type: [a, b]` is anyOf of single-type copies, like Confluent's loader. */
function branchesOf(loc: SchemaLocation): { criterion: Combinator; branches: SchemaLocation[] } {
  const node = loc.node as JsonObject;
  const type = node['type'];
  if (Array.isArray(type) && type.length > 1) {
    const rest = Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'type'));
    return {
      criterion: 'anyOf',
      branches: type.map((t, i) => ({ node: { ...rest, type: t }, doc: loc.doc, pointer: `${loc.pointer}/type/${i}` })),
    };
  }
  const criterion = COMBINATORS.find((c) => Array.isArray(node[c])) ?? 'allOf';
  const list = node[criterion] as readonly JsonValue[];
  const branches = list.map((_, i) => child(loc, criterion, i)).filter((x): x is SchemaLocation => x !== undefined);
  const rest = Object.fromEntries(
    Object.entries(node).filter(
      ([k]) =>
        k !== criterion && !METADATA.some(([m]) => m === k) && k !== '$schema' && k !== '$defs' && k !== 'definitions' && k !== '$comment',
    ),
  );
  // keywords beside the combinator constrain every value: model them as one more allOf branch
  if (Object.keys(rest).length > 0 && criterion === 'allOf') branches.push({ node: rest, doc: loc.doc, pointer: loc.pointer });
  else if (Object.keys(rest).length > 0)
    return {
      criterion: 'allOf',
      branches: [
        { node: rest, doc: loc.doc, pointer: loc.pointer },
        { node: { [criterion]: list }, doc: loc.doc, pointer: loc.pointer },
      ],
    };
  return { criterion, branches };
}

/** Whether every value valid under `original` is accepted by `update`, by this diff. Memoized; cycles assumed compatible. */
export function isCompatible(ctx: DiffContext, original: SchemaLocation, update: SchemaLocation): boolean {
  const key = `${original.doc}#${original.pointer}|${update.doc}#${update.pointer}|${JSON.stringify(original.node).length}|${JSON.stringify(update.node).length}`;
  const cached = ctx.memo.get(key);
  if (cached !== undefined) return cached;
  const changes: SchemaChange[] = [];
  compareSchemas(ctx, original, update, '', changes);
  const result = changes.every((c) => isCompatibleChange(c.type, ctx.policy));
  ctx.memo.set(key, result);
  return result;
}

export function compareSchemas(
  ctx: DiffContext,
  originalRaw: SchemaLocation,
  updateRaw: SchemaLocation,
  path: string,
  out: SchemaChange[],
): void {
  const emit: Emit = (type, at, detail) => out.push({ type, path: at || '/', message: `${at || '/'}: ${detail}` });
  const o = ctx.original.deref(originalRaw);
  const u = ctx.update.deref(updateRaw);
  if (!o.ok || !u.ok) {
    ctx.undecided.push(`${path || '/'}: ${!o.ok ? o.message : ''}${!u.ok ? u.message : ''}`);
    return;
  }
  const key = `${o.location.doc}#${o.location.pointer}|${u.location.doc}#${u.location.pointer}`;
  if (ctx.inProgress.has(key)) return;
  ctx.inProgress.add(key);
  try {
    compareResolved(ctx, o.location, u.location, path, emit, out);
  } finally {
    ctx.inProgress.delete(key);
  }
}

function compareResolved(ctx: DiffContext, o: SchemaLocation, u: SchemaLocation, path: string, emit: Emit, out: SchemaChange[]): void {
  if (isObject(o.node) && isObject(u.node)) {
    for (const [keyword, type] of METADATA) {
      if (!same(o.node[keyword], u.node[keyword]) && (keyword in o.node || keyword in u.node))
        emit(type, `${path}/${keyword}`, `${keyword} changed`);
    }
    for (const keyword of UNANALYSED) {
      if (!same(o.node[keyword], u.node[keyword])) ctx.undecided.push(`${path}/${keyword}: "${keyword}" is not analysed`);
    }
  }
  const ok = kindOf(o.node);
  const uk = kindOf(u.node);
  // anything → the empty schema, and false → anything, are compatible and not reported (Confluent)
  if (ok === 'false' || uk === 'empty') return;
  if (ok === 'combined' || uk === 'combined') return compareCombined(ctx, o, u, ok, uk, path, emit, out);
  if (ok === 'not' && uk === 'not') {
    const reversed: SchemaChange[] = [];
    compareSchemas(ctx, child(u, 'not') ?? u, child(o, 'not') ?? o, `${path}/not`, reversed);
    if (reversed.every((c) => isCompatibleChange(c.type, ctx.policy))) {
      if (reversed.length > 0) emit('NOT_TYPE_NARROWED', `${path}/not`, 'the "not" schema now rejects fewer values');
    } else emit('NOT_TYPE_EXTENDED', `${path}/not`, 'the "not" schema now rejects more values');
    return;
  }
  if (ok !== uk) {
    if (ok === 'integer' && uk === 'number') emit('TYPE_EXTENDED', `${path}/type`, 'type widened from "integer" to "number"');
    else if (ok === 'number' && uk === 'integer') emit('TYPE_NARROWED', `${path}/type`, 'type narrowed from "number" to "integer"');
    else if (!(ok === 'enum' || uk === 'enum')) {
      emit('TYPE_CHANGED', `${path}/type`, `type changed from ${JSON.stringify(ok)} to ${JSON.stringify(uk)}`);
      return;
    }
  }
  const onode = isObject(o.node) ? o.node : {};
  const unode = isObject(u.node) ? u.node : {};
  compareEnums(onode, unode, path, emit);
  switch (uk === 'enum' ? ok : uk) {
    case 'string':
      return compareStrings(onode, unode, path, emit);
    case 'number':
    case 'integer':
      return compareNumbers(onode, unode, path, emit);
    case 'object':
      return compareObjects(ctx, o, u, path, emit, out);
    case 'array':
      return compareArrays(ctx, o, u, path, emit, out);
    default:
      return;
  }
}

/** Maximum-cardinality bipartite matching of compatible branches (Kuhn's algorithm). */
function matchBranches(ctx: DiffContext, originals: SchemaLocation[], updates: SchemaLocation[]): number {
  const matchOfUpdate = new Array<number>(updates.length).fill(-1);
  const tryMatch = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < updates.length; j++) {
      const o = originals[i];
      const u = updates[j];
      if (seen[j] || !o || !u || !isCompatible(ctx, o, u)) continue;
      seen[j] = true;
      const current = matchOfUpdate[j] ?? -1;
      if (current < 0 || tryMatch(current, seen)) {
        matchOfUpdate[j] = i;
        return true;
      }
    }
    return false;
  };
  let size = 0;
  for (let i = 0; i < originals.length; i++) if (tryMatch(i, new Array<boolean>(updates.length).fill(false))) size++;
  return size;
}

function compareCombined(
  ctx: DiffContext,
  o: SchemaLocation,
  u: SchemaLocation,
  ok: Kind,
  uk: Kind,
  path: string,
  emit: Emit,
  out: SchemaChange[],
): void {
  if (ok !== 'combined') {
    const { criterion, branches } = branchesOf(u);
    if (criterion !== 'allOf' && branches.some((b) => isCompatible(ctx, o, b)))
      emit('SUM_TYPE_EXTENDED', path, `now one of ${branches.length} alternatives (${criterion}), including the previous schema`);
    else if (criterion === 'allOf' && branches.every((b) => isCompatible(ctx, o, b)))
      emit('PRODUCT_TYPE_EXTENDED', path, 'constraints added with allOf');
    else emit('TYPE_CHANGED', path, `type changed to a ${criterion} of schemas not accepting the previous one`);
    return;
  }
  if (uk !== 'combined') {
    const { criterion, branches } = branchesOf(o);
    if (criterion === 'allOf' && branches.some((b) => isCompatible(ctx, b, u)))
      emit('PRODUCT_TYPE_NARROWED', path, 'allOf replaced by one of its branches');
    else if (criterion !== 'allOf' && branches.every((b) => isCompatible(ctx, b, u)))
      emit('SUM_TYPE_NARROWED', path, `${criterion} replaced by a single schema`);
    else emit('TYPE_CHANGED', path, `${criterion} replaced by an incompatible schema`);
    return;
  }
  const before = branchesOf(o);
  const after = branchesOf(u);
  if (before.criterion !== after.criterion) {
    const relaxed =
      after.criterion === 'anyOf' ||
      (before.criterion === 'allOf' && before.branches.length === 1) ||
      (after.criterion === 'oneOf' && before.branches.length === 1);
    emit(
      relaxed ? 'COMBINED_TYPE_EXTENDED' : 'COMBINED_TYPE_CHANGED',
      path,
      `combination changed from ${before.criterion} to ${after.criterion}`,
    );
  }
  const sum = after.criterion !== 'allOf';
  if (after.branches.length > before.branches.length)
    emit(
      sum ? 'SUM_TYPE_EXTENDED' : 'PRODUCT_TYPE_EXTENDED',
      `${path}/${after.criterion}`,
      `${after.criterion} gained ${after.branches.length - before.branches.length} branch(es)`,
    );
  if (after.branches.length < before.branches.length)
    emit(
      sum ? 'SUM_TYPE_NARROWED' : 'PRODUCT_TYPE_NARROWED',
      `${path}/${after.criterion}`,
      `${after.criterion} lost ${before.branches.length - after.branches.length} branch(es)`,
    );
  const matched = matchBranches(ctx, before.branches, after.branches);
  if (matched < Math.min(before.branches.length, after.branches.length)) {
    emit('COMBINED_TYPE_SUBSCHEMAS_CHANGED', `${path}/${after.criterion}`, 'some alternatives have no compatible counterpart');
  } else if (before.branches.length === after.branches.length) {
    // pair branches by position to surface the detailed (compatible) differences inside them
    before.branches.forEach((b, i) => {
      const a = after.branches[i];
      if (a && isCompatible(ctx, b, a)) compareSchemas(ctx, b, a, `${path}/${after.criterion}/${i}`, out);
    });
  }
}
