/**
 * Object differences with Confluent's content models (ObjectSchemaDiff): a removed property is judged by the
 * update's model, an added property by the original's; `required` is compared for properties on both sides.
 */
import type { DifferenceType, SchemaChange } from './difference-types.ts';
import { compareOpenness } from './schema-diff-keywords.ts';
import { child, compareSchemas, isCompatible, type DiffContext, type Emit } from './schema-diff.ts';
import { isObject, type JsonObject, type JsonValue, type SchemaLocation } from './schema-refs.ts';
import { escapePointerToken } from '../json.ts';

type Model = 'open' | 'closed' | 'partial';

const isEmptySchema = (v: JsonValue | undefined): boolean => v === true || (isObject(v) && Object.keys(v).length === 0);

function modelOf(node: JsonObject): Model {
  const additional = node['additionalProperties'];
  const unevaluated = node['unevaluatedProperties'];
  const patterns = isObject(node['patternProperties']) && Object.keys(node['patternProperties']).length > 0;
  if (additional === false || (additional === undefined && unevaluated === false && !patterns)) return 'closed';
  if (
    patterns ||
    (additional !== undefined && !isEmptySchema(additional)) ||
    (unevaluated !== undefined && unevaluated !== false && !isEmptySchema(unevaluated))
  )
    return 'partial';
  return 'open';
}

/** The schema a partially open object applies to a property name: a matching patternProperties entry, else additionalProperties. */
function partialSchemaFor(loc: SchemaLocation, name: string): SchemaLocation | undefined {
  const node = loc.node as JsonObject;
  const patterns = node['patternProperties'];
  if (isObject(patterns)) {
    for (const pattern of Object.keys(patterns)) {
      try {
        if (new RegExp(pattern, 'u').test(name)) return child(loc, 'patternProperties', pattern);
      } catch {
        // an invalid pattern matches nothing here; meta-schema validation reports regex formats
      }
    }
  }
  return child(loc, 'additionalProperties') ?? child(loc, 'unevaluatedProperties');
}

const names = (node: JsonObject): string[] => (isObject(node['properties']) ? Object.keys(node['properties']) : []);
const requiredOf = (node: JsonObject): string[] =>
  Array.isArray(node['required']) ? (node['required'] as readonly JsonValue[]).filter((r): r is string => typeof r === 'string') : [];
const escape = escapePointerToken;

function bound(o: JsonObject, u: JsonObject, keyword: 'maxProperties' | 'minProperties', path: string, emit: Emit): void {
  const prefix = keyword === 'maxProperties' ? 'MAX_PROPERTIES' : 'MIN_PROPERTIES';
  const before = o[keyword];
  const after = u[keyword];
  const t = (s: string): DifferenceType => `${prefix}_${s}` as DifferenceType;
  if (typeof before !== 'number' && typeof after === 'number') emit(t('ADDED'), `${path}/${keyword}`, `${keyword} ${after} added`);
  else if (typeof before === 'number' && typeof after !== 'number') emit(t('REMOVED'), `${path}/${keyword}`, `${keyword} removed`);
  else if (typeof before === 'number' && typeof after === 'number' && before !== after)
    emit(t(after > before ? 'INCREASED' : 'DECREASED'), `${path}/${keyword}`, `${keyword} changed from ${before} to ${after}`);
}

export function compareObjects(
  ctx: DiffContext,
  o: SchemaLocation,
  u: SchemaLocation,
  path: string,
  emit: Emit,
  out: SchemaChange[],
): void {
  const on = o.node as JsonObject;
  const un = (isObject(u.node) ? u.node : {}) as JsonObject;
  bound(on, un, 'maxProperties', path, emit);
  bound(on, un, 'minProperties', path, emit);
  compareOpenness(
    ctx,
    child(o, 'additionalProperties'),
    child(u, 'additionalProperties'),
    'ADDITIONAL_PROPERTIES',
    `${path}/additionalProperties`,
    emit,
    out,
  );
  compareOpenness(
    ctx,
    child(o, 'unevaluatedProperties'),
    child(u, 'unevaluatedProperties'),
    'UNEVALUATED_PROPERTIES',
    `${path}/unevaluatedProperties`,
    emit,
    out,
  );
  compareDependencies(on, un, path, emit);

  const before = names(on);
  const after = names(un);
  const requiredBefore = requiredOf(on);
  const requiredAfter = requiredOf(un);
  for (const name of before) {
    const at = `${path}/properties/${escape(name)}`;
    const ol = child(o, 'properties', escape(name));
    const ul = after.includes(name) ? child(u, 'properties', escape(name)) : undefined;
    if (!ol) continue;
    if (ul) {
      compareSchemas(ctx, ol, ul, at, out);
      const becameRequired = requiredAfter.includes(name) && !requiredBefore.includes(name);
      const hasDefault = isObject(ul.node) && 'default' in ul.node;
      if (becameRequired)
        emit(hasDefault ? 'REQUIRED_ATTRIBUTE_WITH_DEFAULT_ADDED' : 'REQUIRED_ATTRIBUTE_ADDED', at, `"${name}" is now required`);
      if (requiredBefore.includes(name) && !requiredAfter.includes(name))
        emit('REQUIRED_ATTRIBUTE_REMOVED', at, `"${name}" is no longer required`);
      continue;
    }
    const model = modelOf(un);
    if (model === 'open') emit('PROPERTY_REMOVED_FROM_OPEN_CONTENT_MODEL', at, `property "${name}" removed (the object stays open)`);
    else if (model === 'partial') {
      const partial = partialSchemaFor(u, name);
      const covered = partial ? isCompatible(ctx, ol, partial) : true;
      emit(
        covered
          ? 'PROPERTY_REMOVED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
          : 'PROPERTY_REMOVED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        at,
        `property "${name}" removed; ${covered ? '' : 'not '}covered by the remaining additional/pattern properties`,
      );
    } else
      emit(
        ol.node === false ? 'PROPERTY_WITH_FALSE_REMOVED_FROM_CLOSED_CONTENT_MODEL' : 'PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL',
        at,
        `property "${name}" removed from a closed object`,
      );
  }
  for (const name of after.filter((n) => !before.includes(n))) {
    const at = `${path}/properties/${escape(name)}`;
    const ul = child(u, 'properties', escape(name));
    if (!ul) continue;
    const required = requiredAfter.includes(name);
    const hasDefault = isObject(ul.node) && 'default' in ul.node;
    const model = modelOf(on);
    if (model === 'open') {
      if (isEmptySchema(ul.node))
        emit('PROPERTY_WITH_EMPTY_SCHEMA_ADDED_TO_OPEN_CONTENT_MODEL', at, `property "${name}" added with an empty schema`);
      else if (required)
        emit(
          hasDefault ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_OPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
          at,
          `required property "${name}" added to an open object`,
        );
      else
        emit(
          'OPTIONAL_PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL',
          at,
          `optional property "${name}" added to an open object (old writers may have sent "${name}" with any value)`,
        );
      continue;
    }
    if (model === 'partial') {
      const partial = partialSchemaFor(o, name);
      const covered = partial ? isCompatible(ctx, partial, ul) : true;
      emit(
        covered
          ? 'PROPERTY_ADDED_IS_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL'
          : 'PROPERTY_ADDED_NOT_COVERED_BY_PARTIALLY_OPEN_CONTENT_MODEL',
        at,
        `property "${name}" added; ${covered ? '' : 'not '}covered by the previous additional/pattern properties`,
      );
    }
    if (required)
      emit(
        hasDefault ? 'REQUIRED_PROPERTY_WITH_DEFAULT_ADDED_TO_UNOPEN_CONTENT_MODEL' : 'REQUIRED_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL',
        at,
        `required property "${name}" added`,
      );
    else emit('OPTIONAL_PROPERTY_ADDED_TO_UNOPEN_CONTENT_MODEL', at, `optional property "${name}" added`);
  }
  comparePatternProperties(ctx, o, u, path, out);
}

function comparePatternProperties(ctx: DiffContext, o: SchemaLocation, u: SchemaLocation, path: string, out: SchemaChange[]): void {
  const op = (o.node as JsonObject)['patternProperties'];
  const up = isObject(u.node) ? u.node['patternProperties'] : undefined;
  if (!isObject(op) || !isObject(up)) return;
  for (const pattern of Object.keys(op).filter((p) => p in up)) {
    const a = child(o, 'patternProperties', escape(pattern));
    const b = child(u, 'patternProperties', escape(pattern));
    if (a && b) compareSchemas(ctx, a, b, `${path}/patternProperties/${escape(pattern)}`, out);
  }
}

/** draft-07 `dependencies` / 2019+ `dependentRequired` (array form) and `dependencies` schema form presence. */
function compareDependencies(o: JsonObject, u: JsonObject, path: string, emit: Emit): void {
  const collect = (n: JsonObject): Map<string, JsonValue> => {
    const m = new Map<string, JsonValue>();
    for (const k of ['dependencies', 'dependentRequired'] as const) {
      const v = n[k];
      if (isObject(v)) for (const [name, dep] of Object.entries(v)) m.set(name, dep);
    }
    return m;
  };
  const before = collect(o);
  const after = collect(u);
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(name);
    const b = after.get(name);
    const at = `${path}/dependencies/${escape(name)}`;
    const isArr = (v: JsonValue | undefined): v is readonly JsonValue[] => Array.isArray(v);
    if (a === undefined && b !== undefined)
      emit(isArr(b) ? 'DEPENDENCY_ARRAY_ADDED' : 'DEPENDENCY_SCHEMA_ADDED', at, `dependency of "${name}" added`);
    else if (a !== undefined && b === undefined)
      emit(isArr(a) ? 'DEPENDENCY_ARRAY_REMOVED' : 'DEPENDENCY_SCHEMA_REMOVED', at, `dependency of "${name}" removed`);
    else if (isArr(a) && isArr(b)) {
      const added = b.filter((x) => !a.includes(x));
      const removed = a.filter((x) => !b.includes(x));
      if (added.length > 0 && removed.length === 0)
        emit('DEPENDENCY_ARRAY_EXTENDED', at, `"${name}" now also requires ${added.join(', ')}`);
      else if (removed.length > 0 && added.length === 0)
        emit('DEPENDENCY_ARRAY_NARROWED', at, `"${name}" no longer requires ${removed.join(', ')}`);
      else if (removed.length > 0) emit('DEPENDENCY_ARRAY_CHANGED', at, `dependency of "${name}" changed`);
    }
  }
}
