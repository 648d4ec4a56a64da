/**
 * compareOpenApi: is a new version of an OpenAPI 3.0/3.1 document safe for the clients of the old one?
 *
 * Covered, per operation (path + method):
 * - operation removed (OPERATION_REMOVED);
 * - request body: made required (REQUEST_BODY_REQUIRED_ADDED), a JSON media type dropped (REQUEST_MEDIA_TYPE_REMOVED),
 *   schema changes classified by compareJsonSchemas (rule = the JSON Schema difference type, e.g. TYPE_NARROWED);
 * - parameters (path, query, header, cookie): a new required one (REQUIRED_PARAMETER_ADDED), an optional one made required
 *   (PARAMETER_REQUIRED_ADDED), schema changes as for bodies;
 * - responses: a JSON media type dropped from a status (RESPONSE_MEDIA_TYPE_REMOVED), schema changes as for bodies.
 * Not covered: security schemes, links, callbacks, headers of responses, servers, new response status codes.
 *
 * Direction: the server reads requests and writes responses. BACKWARD (default) means "clients of the previous
 * version keep working": request schemas are checked BACKWARD (the new server reads old requests) and response
 * schemas FORWARD (old clients read new responses). FORWARD swaps the two, FULL checks both, NONE checks nothing.
 */
import { compareJsonSchemas, type JsonValue } from '../jsonschema/compare-json-schemas.ts';
import type { CompatibilityMode } from '../jsonschema/compatibility-modes.ts';
import { isObject, type JsonObject } from '../jsonschema/schema-refs.ts';
import { escapePointerToken, unescapePointerToken } from '../json.ts';
import type { CompatibilityResult } from '../compatibility.ts';

export type OpenApiDiffSide = 'previous' | 'current';

export interface OpenApiChange {
  /** OPERATION_REMOVED, REQUIRED_PARAMETER_ADDED, ... or a JSON Schema difference type */
  readonly rule: string;
  /** the document the pointer is in */
  readonly side: OpenApiDiffSide;
  /** JSON Pointer into that document */
  readonly pointer: string;
  readonly message: string;
}

export interface OpenApiDiffProblem {
  readonly side: OpenApiDiffSide;
  readonly pointer: string;
  readonly message: string;
}

export type OpenApiCompatibility = CompatibilityResult<OpenApiChange, OpenApiDiffProblem>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** The file name `#/components/...` refs are rewritten to, so compareJsonSchemas resolves them in the document's components. */
const COMPONENTS_DOC = 'openapi-components.json';

const escape = escapePointerToken;
const obj = (v: JsonValue | undefined): JsonObject => (isObject(v) ? v : {});
const isJsonMedia = (media: string): boolean => /^application\/(.+\+)?json\b/.test(media) || media === '*/*';

/** Why `doc` is not an OpenAPI 3.x document, or undefined when it is one. */
export function openApiProblem(doc: JsonValue): string | undefined {
  if (!isObject(doc)) return 'is not an OpenAPI document (expected an object with "openapi": "3.x" and "paths")';
  const version = doc['openapi'];
  if (typeof version !== 'string' || !/^3\.[01]\./.test(version)) {
    return typeof doc['swagger'] === 'string'
      ? 'is Swagger 2.0; convert it to OpenAPI 3.0 or 3.1 first'
      : 'is not an OpenAPI 3.0/3.1 document (no "openapi": "3.0.x" or "3.1.x" field)';
  }
  if (!isObject(doc['paths'])) return 'has no "paths" object';
  return undefined;
}

interface Pair {
  readonly previous: JsonObject;
  readonly current: JsonObject;
  readonly requestMode: CompatibilityMode;
  readonly responseMode: CompatibilityMode;
  readonly findings: OpenApiChange[];
  readonly reasons: string[];
}

export function compareOpenApi(
  previous: JsonValue,
  current: JsonValue,
  options: { readonly mode?: CompatibilityMode } = {},
): OpenApiCompatibility {
  const errors: OpenApiDiffProblem[] = [];
  for (const [side, doc] of [
    ['previous', previous],
    ['current', current],
  ] as const) {
    const problem = openApiProblem(doc);
    if (problem) errors.push({ side, pointer: '', message: `The ${side} document ${problem}.` });
  }
  if (errors.length > 0 || !isObject(previous) || !isObject(current)) return { status: 'invalid', errors };
  const [requestMode, responseMode] = modesFor(options.mode ?? 'BACKWARD');
  const pair: Pair = { previous, current, requestMode, responseMode, findings: [], reasons: [] };
  if (options.mode !== 'NONE') {
    for (const [path, item] of Object.entries(obj(previous['paths']))) {
      for (const method of METHODS) {
        if (isObject(obj(item)[method])) compareOperation(pair, path, method);
      }
    }
  }
  if (pair.findings.length > 0) return { status: 'incompatible', breakingChanges: pair.findings };
  if (pair.reasons.length > 0) return { status: 'unknown', reasons: [...new Set(pair.reasons)] };
  return { status: 'compatible' };
}

function modesFor(mode: CompatibilityMode): [CompatibilityMode, CompatibilityMode] {
  if (mode.startsWith('FULL')) return ['FULL', 'FULL'];
  if (mode.startsWith('FORWARD')) return ['FORWARD', 'BACKWARD'];
  return ['BACKWARD', 'FORWARD'];
}

function compareOperation(pair: Pair, path: string, method: string): void {
  const base = `/paths/${escape(path)}/${method}`;
  const label = `${method.toUpperCase()} ${path}`;
  const before = obj(obj(obj(pair.previous['paths'])[path])[method]);
  const afterItem = obj(obj(pair.current['paths'])[path]);
  if (!isObject(afterItem[method])) {
    pair.findings.push({ rule: 'OPERATION_REMOVED', side: 'previous', pointer: base, message: `Operation ${label} was removed.` });
    return;
  }
  const after = obj(afterItem[method]);
  compareParameters(pair, base, label, [...params(pair.previous, path, before)], [...params(pair.current, path, after)]);
  compareRequestBody(pair, base, label, before, after);
  for (const [status, response] of Object.entries(obj(before['responses']))) {
    const next = obj(after['responses'])[status];
    if (next === undefined) continue; // a status no longer returned does not break a client
    compareContent(
      pair,
      `${base}/responses/${escape(status)}`,
      `${label} response ${status}`,
      deref(pair.previous, response),
      deref(pair.current, next),
      'response',
    );
  }
}

interface ParamEntry {
  /** `in:name`, how OpenAPI identifies a parameter */
  readonly key: string;
  readonly param: JsonObject;
  /** absolute, or relative to the operation (`parameters/0`) */
  readonly pointer: string;
}

/** Operation parameters plus those of the path item, each with the pointer it was found at. */
function* params(doc: JsonObject, path: string, operation: JsonObject): Generator<ParamEntry> {
  const item = obj(obj(doc['paths'])[path]);
  const sources: [JsonValue | undefined, string][] = [
    [item['parameters'], `/paths/${escape(path)}/parameters`],
    [operation['parameters'], ''],
  ];
  for (const [list, prefix] of sources) {
    if (!Array.isArray(list)) continue;
    for (const [i, raw] of (list as readonly JsonValue[]).entries()) {
      const param = obj(deref(doc, raw));
      yield {
        key: `${String(param['in'])}:${String(param['name'])}`,
        param,
        pointer: prefix === '' ? `parameters/${i}` : `${prefix}/${i}`,
      };
    }
  }
}

function compareParameters(pair: Pair, base: string, label: string, before: readonly ParamEntry[], after: readonly ParamEntry[]): void {
  const old = new Map(before.map((p) => [p.key, p]));
  for (const p of after) {
    const pointer = p.pointer.startsWith('/') ? p.pointer : `${base}/${p.pointer}`;
    const name = `${String(p.param['in'])} parameter "${String(p.param['name'])}"`;
    const was = old.get(p.key);
    if (!was) {
      if (p.param['required'] === true)
        pair.findings.push({ rule: 'REQUIRED_PARAMETER_ADDED', side: 'current', pointer, message: `${label}: new required ${name}.` });
      continue;
    }
    if (p.param['required'] === true && was.param['required'] !== true) {
      pair.findings.push({ rule: 'PARAMETER_REQUIRED_ADDED', side: 'current', pointer, message: `${label}: ${name} became required.` });
    }
    if (was.param['schema'] !== undefined && p.param['schema'] !== undefined) {
      compareSchema(pair, `${pointer}/schema`, `${label} ${name}`, was.param['schema'], p.param['schema'], pair.requestMode);
    }
  }
}

function compareRequestBody(pair: Pair, base: string, label: string, before: JsonObject, after: JsonObject): void {
  const was = obj(deref(pair.previous, before['requestBody']));
  const now = obj(deref(pair.current, after['requestBody']));
  if (now['required'] === true && was['required'] !== true) {
    pair.findings.push({
      rule: 'REQUEST_BODY_REQUIRED_ADDED',
      side: 'current',
      pointer: `${base}/requestBody`,
      message: `${label}: the request body became required.`,
    });
  }
  compareContent(pair, `${base}/requestBody`, `${label} request body`, was, now, 'request');
}

function compareContent(
  pair: Pair,
  pointer: string,
  label: string,
  before: JsonValue,
  after: JsonValue,
  kind: 'request' | 'response',
): void {
  const afterContent = obj(obj(after)['content']);
  for (const [media, entry] of Object.entries(obj(obj(before)['content']))) {
    if (!isJsonMedia(media)) continue;
    const next = afterContent[media];
    const where = `${pointer}/content/${escape(media)}`;
    if (next === undefined) {
      const rule = kind === 'request' ? 'REQUEST_MEDIA_TYPE_REMOVED' : 'RESPONSE_MEDIA_TYPE_REMOVED';
      pair.findings.push({ rule, side: 'previous', pointer: where, message: `${label}: media type ${media} was removed.` });
      continue;
    }
    const [a, b] = [obj(entry)['schema'], obj(next)['schema']];
    if (a !== undefined && b !== undefined)
      compareSchema(pair, `${where}/schema`, `${label} (${media})`, a, b, kind === 'request' ? pair.requestMode : pair.responseMode);
  }
}

/** Runs the JSON Schema differ on one schema pair, its `#/components` refs resolved in each side's document. */
function compareSchema(pair: Pair, pointer: string, label: string, before: JsonValue, after: JsonValue, mode: CompatibilityMode): void {
  const result = compareJsonSchemas(publication(pair.previous, before), publication(pair.current, after), { mode });
  switch (result.status) {
    case 'compatible':
      return;
    case 'incompatible':
      for (const change of result.breakingChanges) {
        // A backward change is found in the current document's schema, a forward one in the previous document's.
        const side: OpenApiDiffSide = change.direction === 'backward' ? 'current' : 'previous';
        // Forward differences read "new → old", so say whose view they describe (an enum that gained a value is "narrowed" to old readers).
        const view = change.direction === 'forward' ? ' (as read by consumers of the previous version)' : '';
        pair.findings.push({ rule: change.type, side, pointer: `${pointer}${change.path}`, message: `${label}${view}: ${change.message}` });
      }
      return;
    case 'unknown':
      pair.reasons.push(...result.reasons.map((r) => `${label}: ${r}`));
      return;
    case 'invalid':
      pair.reasons.push(
        ...result.errors.map(
          (e) => `${label}: schema ${e.version === 'current' ? 'current' : 'previous'} ${e.path || '/'} is invalid: ${e.message}`,
        ),
      );
      return;
    default: {
      const never: never = result;
      return never;
    }
  }
}

function publication(doc: JsonObject, schema: JsonValue): { schema: JsonValue; references: Record<string, JsonValue> } {
  return { schema: rewriteRefs(schema), references: { [COMPONENTS_DOC]: { components: obj(doc['components']) } } };
}

function rewriteRefs(node: JsonValue): JsonValue {
  if (Array.isArray(node)) return (node as readonly JsonValue[]).map(rewriteRefs);
  if (!isObject(node)) return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/components/') ? `${COMPONENTS_DOC}${v}` : rewriteRefs(v),
    ]),
  );
}

/** Follows a `#/components/...` reference of a parameter, request body or response object. */
function deref(doc: JsonObject, node: JsonValue | undefined): JsonValue {
  let current = node ?? null;
  for (let hops = 0; hops < 10 && isObject(current) && typeof current['$ref'] === 'string'; hops++) {
    const parts = current['$ref'].replace(/^#\//, '').split('/').map(unescapePointerToken);
    let target: JsonValue | undefined = doc;
    for (const part of parts) target = isObject(target) ? target[part] : undefined;
    current = target ?? null;
  }
  return current;
}
