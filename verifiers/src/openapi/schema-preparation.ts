/**
 * An OpenAPI schema made ready for ajv: local `$ref`s inlined (cycles become `{}`), OpenAPI 3.0 / Swagger 2 dialect
 * (`nullable`, boolean `exclusiveMinimum`) turned into JSON Schema, discriminators applied, and, for responses,
 * objects closed and `required` relaxed: a consumer may rely on a subset of a response, never on a field the spec
 * does not promise (../shared/reference/bidirectional.md).
 */
import { isObject, type Json } from './json-value.ts';

export interface PreparationOptions {
  /** response bodies: undeclared properties are forbidden and `required` lists dropped */
  readonly response: boolean;
  /** OpenAPI 3.0 or Swagger 2 (draft-04 flavoured) rather than OpenAPI 3.1 (JSON Schema 2020-12) */
  readonly openapi30: boolean;
  readonly deref: (value: unknown) => unknown;
}

interface Walk {
  readonly options: PreparationOptions;
  readonly seen: ReadonlySet<string>;
  /** whether an object here may be closed; not in allOf branches (each describes part of the object) nor in tests like `if` */
  readonly close: boolean;
  /** whether `required` is dropped here; not in conditions (`if`/`then`/`else`), where it states a rule, not a promise */
  readonly relaxRequired: boolean;
}

/** Subschemas that only test or partly describe a value: closing them would reject complete objects. */
const OPEN_KEYWORDS = new Set(['allOf', 'if', 'then', 'else', 'not', 'contains', 'propertyNames', 'dependentSchemas']);
const CONDITIONAL_KEYWORDS = new Set(['if', 'then', 'else', 'dependentSchemas']);
const DROPPED_KEYWORDS = new Set(['discriminator', 'xml', 'example', 'examples']);

export function prepareSchema(schema: unknown, options: PreparationOptions): unknown {
  return prepare(schema, { options, seen: new Set(), close: options.response, relaxRequired: options.response });
}

function prepare(schema: unknown, walk: Walk): unknown {
  if (Array.isArray(schema)) return schema.map((s) => prepare(s, walk));
  if (!isObject(schema)) return schema;
  if (typeof schema['$ref'] === 'string') {
    const ref = schema['$ref'];
    if (walk.seen.has(ref)) return {};
    return prepare(walk.options.deref({ $ref: ref }), { ...walk, seen: new Set([...walk.seen, ref]) });
  }
  const byTag = discriminated(schema, walk);
  if (byTag) return byTag;
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_KEYWORDS.has(key)) continue;
    if (key === 'required' && walk.relaxRequired) continue;
    if (key === 'properties' && isObject(value))
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, prepare(v, walk)]));
    else if (OPEN_KEYWORDS.has(key))
      out[key] = prepare(value, { ...walk, close: false, relaxRequired: walk.relaxRequired && !CONDITIONAL_KEYWORDS.has(key) });
    else out[key] = prepare(value, walk);
  }
  // PactFlow closes response objects whether or not the keyword is given: an explicit `true` promises no more fields
  if (walk.close && (out['additionalProperties'] === undefined || out['additionalProperties'] === true)) {
    delete out['additionalProperties'];
    closeObject(schema, out, walk);
  }
  if (walk.options.openapi30) return fromOpenApi30(out);
  return out;
}

/**
 * Forbids properties no part of the schema declares. With an allOf, the parent lists the union of its branches'
 * properties (a property several branches describe gets all their schemas, itself closed the same way), since
 * `additionalProperties` only sees properties declared beside it.
 */
function closeObject(schema: Json, out: Json, walk: Walk): void {
  if (!Array.isArray(schema['allOf'])) {
    if (isObject(out['properties'])) out['additionalProperties'] = false;
    return;
  }
  const union = new Map<string, unknown[]>();
  if (!collectProperties(schema, walk, walk.seen, union) || union.size === 0) return;
  out['properties'] = Object.fromEntries(
    [...union].map(([name, schemas]) => [name, prepare(schemas.length === 1 ? schemas[0] : { allOf: schemas }, walk)]),
  );
  out['additionalProperties'] = false;
}

/** Gathers the properties of a schema and its allOf branches; false when it cannot be known (oneOf, open maps, …). */
function collectProperties(schema: unknown, walk: Walk, seen: ReadonlySet<string>, union: Map<string, unknown[]>): boolean {
  let node = schema;
  let refs = seen;
  while (isObject(node) && typeof node['$ref'] === 'string') {
    if (refs.has(node['$ref'])) return true;
    refs = new Set([...refs, node['$ref']]);
    node = walk.options.deref(node);
  }
  if (!isObject(node)) return true;
  const open = ['oneOf', 'anyOf', 'if', 'patternProperties', 'discriminator'].some((k) => node[k] !== undefined);
  const additional = node['additionalProperties'];
  // an explicit `true` is closed like no keyword at all in a response (PactFlow ignores it there)
  const openMap = additional !== undefined && additional !== false && !(additional === true && walk.options.response);
  if (open || openMap) return false;
  if (isObject(node['properties']))
    for (const [name, s] of Object.entries(node['properties'])) union.set(name, [...(union.get(name) ?? []), s]);
  return !Array.isArray(node['allOf']) || node['allOf'].every((branch) => collectProperties(branch, walk, refs, union));
}

/** OpenAPI 3.0 and Swagger 2 use draft-04's boolean `exclusiveMinimum`/`exclusiveMaximum` and `nullable`. */
function fromOpenApi30(out: Json): Json {
  for (const [flag, bound] of [
    ['exclusiveMinimum', 'minimum'],
    ['exclusiveMaximum', 'maximum'],
  ] as const) {
    if (out[flag] === true && typeof out[bound] === 'number') {
      out[flag] = out[bound];
      delete out[bound];
    } else if (typeof out[flag] === 'boolean') delete out[flag];
  }
  if (out['nullable'] !== true) return out;
  delete out['nullable'];
  return { anyOf: [out, { type: 'null' }] };
}

/** The value of a discriminator's tag, e.g. `Cat` for `#/components/schemas/Cat`, where the mapping does not name it. */
const implicitTag = (ref: string): string => ref.slice(ref.lastIndexOf('/') + 1);

/**
 * A `oneOf`/`anyOf` with a `discriminator` picks its branch by the tag property, as OpenAPI says: the tag must name a
 * branch, and the value must match that branch. Without this, a response whose closed branches both accept it
 * (a cat without its `required` fields looks like a dog) would fail "exactly one".
 */
function discriminated(schema: Json, walk: Walk): Json | undefined {
  const discriminator = schema['discriminator'];
  const branches = Array.isArray(schema['oneOf']) ? schema['oneOf'] : Array.isArray(schema['anyOf']) ? schema['anyOf'] : undefined;
  // an inline branch has no name a tag could carry: leave such a oneOf to plain JSON Schema
  const refs = branches?.map((b) => (isObject(b) && typeof b['$ref'] === 'string' ? b['$ref'] : undefined));
  if (!isObject(discriminator) || typeof discriminator['propertyName'] !== 'string' || !refs || refs.some((r) => r === undefined))
    return undefined;
  const property = discriminator['propertyName'];
  const explicit = isObject(discriminator['mapping'])
    ? Object.entries(discriminator['mapping']).filter((e): e is [string, string] => typeof e[1] === 'string')
    : [];
  const implicit = refs.flatMap((ref): Array<[string, string]> =>
    ref === undefined || explicit.some(([, mapped]) => mapped === ref) ? [] : [[implicitTag(ref), ref]],
  );
  const mapping = [...explicit, ...implicit];
  const tagIs = (value: unknown): Json => ({ properties: { [property]: value }, required: [property] });
  return {
    allOf: [
      tagIs({ enum: mapping.map(([tag]) => tag) }),
      ...mapping.map(([tag, ref]) => ({ if: tagIs({ const: tag }), then: prepare({ $ref: ref }, walk) })),
    ],
  };
}
