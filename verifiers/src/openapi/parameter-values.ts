/**
 * OpenAPI parameters (path, query, header) and response headers: what the document declares, and how a pact's
 * string values become typed values (per `style`/`explode`, or Swagger 2's `collectionFormat`) before schema validation.
 */
import { isObject, type Json } from './json-value.ts';
import type { SpecContext } from './spec-context.ts';

export interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly schema: unknown;
  readonly style: string;
  readonly explode: boolean;
  /** the delimiter of a non-exploded array (`,` for form/simple, `|` for pipes, …) */
  readonly delimiter: string;
}

const DEFAULT_STYLE: Record<string, string> = { query: 'form', cookie: 'form', path: 'simple', header: 'simple' };
const SWAGGER2_DELIMITERS: Record<string, string> = { csv: ',', ssv: ' ', tsv: '\t', pipes: '|' };
const STYLE_DELIMITERS: Record<string, string> = { spaceDelimited: ' ', pipeDelimited: '|' };
/** Swagger 2 puts the schema keywords of a non-body parameter or header on the object itself. */
const SWAGGER2_SCHEMA_KEYS = [
  'type',
  'format',
  'items',
  'enum',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'minItems',
  'maxItems',
  'uniqueItems',
  'multipleOf',
];

/** Path-item parameters overridden by the operation's own of the same `in` and `name`. */
export function parametersOf(ctx: SpecContext, pathItem: Json, operation: Json): Parameter[] {
  const byKey = new Map<string, Parameter>();
  for (const list of [pathItem['parameters'], operation['parameters']]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      const p = ctx.deref(raw);
      if (!isObject(p) || typeof p['name'] !== 'string' || typeof p['in'] !== 'string' || p['in'] === 'body') continue;
      const parameter = toParameter(p, p['in'], p['name'], ctx.swagger2);
      byKey.set(`${parameter.in}:${parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name}`, parameter);
    }
  }
  return [...byKey.values()];
}

/** Response headers as simple-style parameters, keyed by lower-case name. */
export function responseHeadersOf(ctx: SpecContext, response: unknown): Map<string, Parameter> {
  const headers = isObject(response) && isObject(response['headers']) ? response['headers'] : {};
  const out = new Map<string, Parameter>();
  for (const [name, raw] of Object.entries(headers)) {
    const h = ctx.deref(raw);
    if (isObject(h)) out.set(name.toLowerCase(), toParameter(h, 'header', name, ctx.swagger2));
  }
  return out;
}

function toParameter(p: Json, location: string, name: string, swagger2: boolean): Parameter {
  if (swagger2) {
    const format = typeof p['collectionFormat'] === 'string' ? p['collectionFormat'] : 'csv';
    const schema = Object.fromEntries(SWAGGER2_SCHEMA_KEYS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
    return {
      name,
      in: location,
      required: p['required'] === true,
      schema,
      style: 'form',
      explode: format === 'multi',
      delimiter: SWAGGER2_DELIMITERS[format] ?? ',',
    };
  }
  const style = typeof p['style'] === 'string' ? p['style'] : (DEFAULT_STYLE[location] ?? 'simple');
  const explode = typeof p['explode'] === 'boolean' ? p['explode'] : style === 'form';
  return {
    name,
    in: location,
    required: p['required'] === true || location === 'path',
    schema: p['schema'] ?? {},
    style,
    explode,
    delimiter: STYLE_DELIMITERS[style] ?? ',',
  };
}

/** The JSON type a schema asks for (after `$ref`), or undefined when it does not say or offers alternatives. */
function typeOf(ctx: SpecContext, schema: unknown): string | undefined {
  const s = ctx.deref(schema);
  if (!isObject(s)) return undefined;
  const type = Array.isArray(s['type']) ? s['type'].find((t) => t !== 'null') : s['type'];
  if (typeof type === 'string') return type;
  if (isObject(s['properties'])) return 'object';
  return undefined;
}

/** A string from the wire as the schema's scalar type; a value that does not convert stays a string, so validation reports it. */
function coerceScalar(ctx: SpecContext, schema: unknown, raw: string): unknown {
  switch (typeOf(ctx, schema)) {
    case 'integer':
    case 'number':
      return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    case 'boolean':
      return raw === 'true' ? true : raw === 'false' ? false : raw;
    case 'null':
      return raw === '' || raw === 'null' ? null : raw;
    default:
      return raw;
  }
}

/** A path value with its style prefix removed: `.1.2` (label), `;id=1;id=2` or `;1,2` (matrix). */
function pathItems(parameter: Parameter, raw: string): string[] {
  let value = raw;
  if (parameter.style === 'label' && value.startsWith('.')) return value.slice(1).split(parameter.explode ? '.' : ',');
  if (parameter.style === 'matrix' && value.startsWith(';')) {
    value = value.slice(1);
    const parts = value.split(parameter.explode ? ';' : ',').map((p) => p.replace(new RegExp(`^${escape(parameter.name)}=`), ''));
    return parts;
  }
  return value.split(',');
}

/**
 * The typed value of a parameter from the pact's strings (several for a repeated query parameter). Strings are not
 * split: only arrays and objects have delimiters.
 */
export function coerceParameter(ctx: SpecContext, parameter: Parameter, values: readonly string[]): unknown {
  const schema = ctx.deref(parameter.schema);
  const type = typeOf(ctx, schema);
  if (type === 'array') {
    const items = isObject(schema) ? schema['items'] : undefined;
    const parts =
      parameter.in === 'path'
        ? values.flatMap((v) => pathItems(parameter, v))
        : parameter.explode && parameter.in === 'query'
          ? [...values]
          : values.flatMap((v) => v.split(parameter.delimiter));
    return parts.map((p) => coerceScalar(ctx, items, p));
  }
  if (type === 'object') {
    const joined = parameter.in === 'path' ? pathItems(parameter, values[0] ?? '') : values.flatMap((v) => v.split(','));
    return objectOf(ctx, schema, joined);
  }
  const first = parameter.in === 'path' ? pathItems(parameter, values[0] ?? '').join(',') : (values[0] ?? '');
  return coerceScalar(ctx, schema, first);
}

/** `a=1,b=2` (exploded) or `a,1,b,2` (not exploded) as an object whose values follow the schema's property types. */
function objectOf(ctx: SpecContext, schema: unknown, parts: readonly string[]): Json {
  const properties = isObject(schema) && isObject(schema['properties']) ? schema['properties'] : {};
  const entries: Array<[string, string]> = parts.every((p) => p.includes('='))
    ? parts.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])
    : parts.flatMap((p, i, all) => (i % 2 === 0 ? [[p, all[i + 1] ?? ''] as [string, string]] : []));
  return Object.fromEntries(entries.map(([k, v]) => [k, coerceScalar(ctx, properties[k], v)]));
}

/** `person[address][city]=…` query keys (style deepObject) as a nested object, leaves typed per the schema. */
export function deepObjectOf(ctx: SpecContext, parameter: Parameter, query: Readonly<Record<string, readonly string[]>>): Json | undefined {
  const prefix = `${parameter.name}[`;
  const keys = Object.keys(query).filter((k) => k.startsWith(prefix));
  if (keys.length === 0) return undefined;
  const root: Json = {};
  for (const key of keys) {
    const path = [...key.slice(parameter.name.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '');
    let node = root;
    let schema = ctx.deref(parameter.schema);
    path.forEach((segment, i) => {
      const properties = isObject(schema) && isObject(schema['properties']) ? schema['properties'] : {};
      schema = ctx.deref(properties[segment]);
      if (i === path.length - 1) node[segment] = coerceScalar(ctx, schema, query[key]?.[0] ?? '');
      else node = isObject(node[segment]) ? node[segment] : (node[segment] = {});
    });
  }
  return root;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
