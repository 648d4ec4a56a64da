/** Keyword-level differences: enum/const, string, number and array constraints. */
import type { DifferenceType, SchemaChange } from './difference-types.ts';
import { child, compareSchemas, isCompatible, type DiffContext, type Emit } from './schema-diff.ts';
import { isObject, type JsonObject, type JsonValue, type SchemaLocation } from './schema-refs.ts';

type Four = readonly [added: DifferenceType, removed: DifferenceType, increased: DifferenceType, decreased: DifferenceType];

/** A numeric bound: added / removed / increased / decreased. */
function bound(o: JsonObject, u: JsonObject, keyword: string, types: Four, path: string, emit: Emit): void {
  const before = o[keyword];
  const after = u[keyword];
  const at = `${path}/${keyword}`;
  if (typeof before !== 'number' && typeof after === 'number') emit(types[0], at, `${keyword} ${after} added`);
  else if (typeof before === 'number' && typeof after !== 'number') emit(types[1], at, `${keyword} ${before} removed`);
  else if (typeof before === 'number' && typeof after === 'number' && before !== after) {
    emit(after > before ? types[2] : types[3], at, `${keyword} ${after > before ? 'increased' : 'decreased'} from ${before} to ${after}`);
  }
}

const four = (prefix: string): Four =>
  [`${prefix}_ADDED`, `${prefix}_REMOVED`, `${prefix}_INCREASED`, `${prefix}_DECREASED`] as unknown as Four;

export function compareStrings(o: JsonObject, u: JsonObject, path: string, emit: Emit): void {
  bound(o, u, 'maxLength', four('MAX_LENGTH'), path, emit);
  bound(o, u, 'minLength', four('MIN_LENGTH'), path, emit);
  const before = o['pattern'];
  const after = u['pattern'];
  if (before === undefined && after !== undefined) emit('PATTERN_ADDED', `${path}/pattern`, `pattern ${JSON.stringify(after)} added`);
  else if (before !== undefined && after === undefined)
    emit('PATTERN_REMOVED', `${path}/pattern`, `pattern ${JSON.stringify(before)} removed`);
  else if (before !== after)
    emit('PATTERN_CHANGED', `${path}/pattern`, `pattern changed from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
}

/** draft-04 style boolean exclusive bounds are folded into the numeric form. */
function exclusive(node: JsonObject, keyword: 'exclusiveMaximum' | 'exclusiveMinimum'): JsonObject {
  const v = node[keyword];
  if (typeof v !== 'boolean') return node;
  const limit = node[keyword === 'exclusiveMaximum' ? 'maximum' : 'minimum'];
  return { ...node, [keyword]: v && typeof limit === 'number' ? limit : null };
}

export function compareNumbers(o: JsonObject, u: JsonObject, path: string, emit: Emit): void {
  bound(o, u, 'maximum', four('MAXIMUM'), path, emit);
  bound(o, u, 'minimum', four('MINIMUM'), path, emit);
  bound(exclusive(o, 'exclusiveMaximum'), exclusive(u, 'exclusiveMaximum'), 'exclusiveMaximum', four('EXCLUSIVE_MAXIMUM'), path, emit);
  bound(exclusive(o, 'exclusiveMinimum'), exclusive(u, 'exclusiveMinimum'), 'exclusiveMinimum', four('EXCLUSIVE_MINIMUM'), path, emit);
  const before = o['multipleOf'];
  const after = u['multipleOf'];
  const at = `${path}/multipleOf`;
  if (typeof before !== 'number' && typeof after === 'number') emit('MULTIPLE_OF_ADDED', at, `multipleOf ${after} added`);
  else if (typeof before === 'number' && typeof after !== 'number') emit('MULTIPLE_OF_REMOVED', at, `multipleOf ${before} removed`);
  else if (typeof before === 'number' && typeof after === 'number' && before !== after) {
    const isMultiple = (a: number, b: number): boolean => Math.abs(a / b - Math.round(a / b)) < 1e-9;
    if (isMultiple(after, before)) emit('MULTIPLE_OF_EXPANDED', at, `multipleOf changed from ${before} to ${after} (fewer values allowed)`);
    else if (isMultiple(before, after))
      emit('MULTIPLE_OF_REDUCED', at, `multipleOf changed from ${before} to ${after} (more values allowed)`);
    else emit('MULTIPLE_OF_CHANGED', at, `multipleOf changed from ${before} to ${after}`);
  }
}

const key = (v: JsonValue): string => JSON.stringify(v);

export function compareEnums(o: JsonObject, u: JsonObject, path: string, emit: Emit): void {
  if ('const' in o || 'const' in u) {
    if (key(o['const'] ?? null) !== key(u['const'] ?? null) || 'const' in o !== 'const' in u) {
      emit('ENUM_ARRAY_CHANGED', `${path}/const`, `const changed from ${key(o['const'] ?? null)} to ${key(u['const'] ?? null)}`);
    }
  }
  const before = Array.isArray(o['enum']) ? (o['enum'] as readonly JsonValue[]).map(key) : undefined;
  const after = Array.isArray(u['enum']) ? (u['enum'] as readonly JsonValue[]).map(key) : undefined;
  if (!before && !after) return;
  const at = `${path}/enum`;
  if (!before && after) return emit('ENUM_ARRAY_NARROWED', at, `values restricted to [${after.join(', ')}]`);
  if (before && !after) return emit('ENUM_ARRAY_EXTENDED', at, 'enum restriction removed');
  if (!before || !after) return;
  const added = after.filter((v) => !before.includes(v));
  const removed = before.filter((v) => !after.includes(v));
  if (added.length > 0 && removed.length === 0) emit('ENUM_ARRAY_EXTENDED', at, `enum values added: ${added.join(', ')}`);
  else if (removed.length > 0 && added.length === 0) emit('ENUM_ARRAY_NARROWED', at, `enum values removed: ${removed.join(', ')}`);
  else if (removed.length > 0) emit('ENUM_ARRAY_CHANGED', at, `enum values added: ${added.join(', ')}; removed: ${removed.join(', ')}`);
}

/** Tuple positions: draft 2020-12 `prefixItems` (+ `items` for the rest) or draft-07 `items: [...]` (+ `additionalItems`). */
function tupleOf(loc: SchemaLocation): { items: SchemaLocation[]; rest: SchemaLocation | undefined; restKeyword: string } | undefined {
  const node = loc.node as JsonObject;
  const listKey = Array.isArray(node['prefixItems']) ? 'prefixItems' : Array.isArray(node['items']) ? 'items' : undefined;
  if (!listKey) return undefined;
  const items = (node[listKey] as readonly JsonValue[])
    .map((_, i) => child(loc, listKey, i))
    .filter((x): x is SchemaLocation => x !== undefined);
  const restKeyword = listKey === 'prefixItems' ? 'items' : 'additionalItems';
  return { items, rest: child(loc, restKeyword), restKeyword };
}

/** additionalItems / unevaluatedItems / items-after-prefix: false ↔ allowed ↔ schema. */
export function compareOpenness(
  ctx: DiffContext,
  o: SchemaLocation | undefined,
  u: SchemaLocation | undefined,
  prefix: 'ADDITIONAL_ITEMS' | 'UNEVALUATED_ITEMS' | 'ADDITIONAL_PROPERTIES' | 'UNEVALUATED_PROPERTIES',
  path: string,
  emit: Emit,
  out: SchemaChange[],
): void {
  const state = (l: SchemaLocation | undefined): 'open' | 'closed' | 'schema' =>
    l === undefined || l.node === true
      ? 'open'
      : l.node === false
        ? 'closed'
        : isObject(l.node) && Object.keys(l.node).length === 0
          ? 'open'
          : 'schema';
  const before = state(o);
  const after = state(u);
  const at = path;
  if (before === after) {
    if (before === 'schema' && o && u) compareSchemas(ctx, o, u, path, out);
    return;
  }
  const t = (suffix: string): DifferenceType => `${prefix}_${suffix}` as DifferenceType;
  if (before === 'closed') emit(t('ADDED'), at, `${path.split('/').pop()} allowed (was false)`);
  else if (after === 'closed') emit(t('REMOVED'), at, `${path.split('/').pop()} set to false`);
  else if (after === 'open') emit(t('EXTENDED'), at, `${path.split('/').pop()} no longer constrained`);
  else emit(t('NARROWED'), at, `${path.split('/').pop()} now constrained by a schema`);
}

export function compareArrays(ctx: DiffContext, o: SchemaLocation, u: SchemaLocation, path: string, emit: Emit, out: SchemaChange[]): void {
  const on = o.node as JsonObject;
  const un = (isObject(u.node) ? u.node : {}) as JsonObject;
  bound(on, un, 'maxItems', four('MAX_ITEMS'), path, emit);
  bound(on, un, 'minItems', four('MIN_ITEMS'), path, emit);
  bound(on, un, 'maxContains', four('MAX_CONTAINS'), path, emit);
  bound(on, un, 'minContains', four('MIN_CONTAINS'), path, emit);
  if (on['uniqueItems'] !== true && un['uniqueItems'] === true) emit('UNIQUE_ITEMS_ADDED', `${path}/uniqueItems`, 'uniqueItems added');
  if (on['uniqueItems'] === true && un['uniqueItems'] !== true) emit('UNIQUE_ITEMS_REMOVED', `${path}/uniqueItems`, 'uniqueItems removed');
  const oc = child(o, 'contains');
  const uc = child(u, 'contains');
  if (oc && uc) compareSchemas(ctx, oc, uc, `${path}/contains`, out);
  else if (!oc && uc) emit('SCHEMA_ADDED', `${path}/contains`, '"contains" added');
  else if (oc && !uc) emit('SCHEMA_REMOVED', `${path}/contains`, '"contains" removed');
  compareOpenness(
    ctx,
    child(o, 'unevaluatedItems'),
    child(u, 'unevaluatedItems'),
    'UNEVALUATED_ITEMS',
    `${path}/unevaluatedItems`,
    emit,
    out,
  );
  const ot = tupleOf(o);
  const ut = tupleOf(u);
  if (!ot && !ut) {
    const oi = child(o, 'items');
    const ui = child(u, 'items');
    if (oi && ui) compareSchemas(ctx, oi, ui, `${path}/items`, out);
    else if (!oi && ui) emit('SCHEMA_ADDED', `${path}/items`, 'items schema added');
    else if (oi && !ui) emit('SCHEMA_REMOVED', `${path}/items`, 'items schema removed');
    return;
  }
  compareTuples(
    ctx,
    ot ?? { items: [], rest: child(o, 'items'), restKeyword: 'items' },
    ut ?? { items: [], rest: child(u, 'items'), restKeyword: 'items' },
    path,
    emit,
    out,
  );
}

function compareTuples(
  ctx: DiffContext,
  o: NonNullable<ReturnType<typeof tupleOf>>,
  u: NonNullable<ReturnType<typeof tupleOf>>,
  path: string,
  emit: Emit,
  out: SchemaChange[],
): void {
  const state = (l: SchemaLocation | undefined): 'open' | 'closed' | 'partial' =>
    l === undefined || l.node === true ? 'open' : l.node === false ? 'closed' : 'partial';
  const shared = Math.min(o.items.length, u.items.length);
  for (let i = 0; i < shared; i++) {
    const a = o.items[i];
    const b = u.items[i];
    if (a && b) compareSchemas(ctx, a, b, `${path}/${u.restKeyword === 'items' ? 'prefixItems' : 'items'}/${i}`, out);
  }
  for (let i = shared; i < u.items.length; i++) {
    const added = u.items[i];
    const at = `${path}/items/${i}`;
    if (!added) continue;
    const model = state(o.rest);
    if (model === 'closed') emit('ITEM_ADDED_TO_CLOSED_CONTENT_MODEL', at, 'tuple position added');
    else if (model === 'partial' && o.rest)
      emit(
        isCompatible(ctx, o.rest, added)
          ? 'ITEM_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
          : 'ITEM_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        at,
        'tuple position added',
      );
    else if (added.node === true || (isObject(added.node) && Object.keys(added.node).length === 0))
      emit('ITEM_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL', at, 'tuple position {} added');
    else emit('ITEM_ADDED_TO_OPEN_CONTENT_MODEL', at, 'tuple position added to an open tuple');
  }
  for (let i = shared; i < o.items.length; i++) {
    const removed = o.items[i];
    const at = `${path}/items/${i}`;
    if (!removed) continue;
    const model = state(u.rest);
    if (model === 'open') emit('ITEM_REMOVED_FROM_OPEN_CONTENT_MODEL', at, 'tuple position removed');
    else if (model === 'partial' && u.rest)
      emit(
        isCompatible(ctx, removed, u.rest)
          ? 'ITEM_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
          : 'ITEM_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        at,
        'tuple position removed',
      );
    else
      emit(
        removed.node === false ? 'ITEM_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'ITEM_REMOVED_FROM_CLOSED_CONTENT_MODEL',
        at,
        'tuple position removed from a closed tuple',
      );
  }
  compareOpenness(ctx, o.rest, u.rest, 'ADDITIONAL_ITEMS', `${path}/${u.restKeyword}`, emit, out);
}
