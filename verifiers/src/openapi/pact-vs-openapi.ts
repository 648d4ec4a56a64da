/**
 * A pact against a provider's OpenAPI document (PactFlow's "bi-directional" idea, ../shared/reference/bidirectional.md):
 * every HTTP interaction must be something the document allows. Result codes are swagger-mock-validator's, so users of
 * PactFlow recognise them. Errors fail the check; warnings do not.
 */
import AjvDraft07 from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument } from './openapi-document.ts';

export type OpenApiFindingCode =
  | 'request.path-or-method.unknown'
  | 'request.body.incompatible'
  | 'request.body.unknown'
  | 'request.content-type.incompatible'
  | 'response.status.unknown'
  | 'response.status.default'
  | 'response.body.incompatible'
  | 'response.body.unknown'
  | 'response.body.unvalidatable'
  | 'response.content-type.incompatible';

export interface OpenApiFinding {
  readonly code: OpenApiFindingCode;
  readonly severity: 'error' | 'warning';
  readonly interaction: string;
  /** where in the pact, e.g. `[root].interactions[2].response.body` */
  readonly location: string;
  /** where in the OpenAPI document, e.g. `[root].paths./animal.get.responses.200` */
  readonly specLocation: string;
  readonly message: string;
}

/**
 * - compatible: no error (warnings may be listed);
 * - incompatible: at least one error finding;
 * - unknown: nothing could be checked (no HTTP interactions) or the document cannot be used (a `$ref` that does not resolve).
 */
export type PactOpenApiResult =
  | { readonly status: 'compatible'; readonly findings: readonly OpenApiFinding[] }
  | { readonly status: 'incompatible'; readonly findings: readonly OpenApiFinding[] }
  | { readonly status: 'unknown'; readonly findings: readonly OpenApiFinding[]; readonly reasons: readonly string[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

interface HttpInteraction {
  index: number;
  description: string;
  request: { method: string; path: string; headers: Json; body: unknown; hasBody: boolean };
  response: { status: number; headers: Json; body: unknown; hasBody: boolean };
}

export function comparePactWithOpenApi(pact: unknown, document: OpenApiDocument): PactOpenApiResult {
  const interactions = httpInteractions(pact);
  if (interactions.length === 0) return { status: 'unknown', findings: [], reasons: ['the pact has no HTTP interactions to check against the OpenAPI document'] };
  const ctx = new SpecContext(document);
  const findings: OpenApiFinding[] = [];
  for (const interaction of interactions) findings.push(...checkInteraction(ctx, interaction));
  if (ctx.unresolved.size > 0) return { status: 'unknown', findings, reasons: [...ctx.unresolved].map((r) => `$ref ${JSON.stringify(r)} does not resolve in the OpenAPI document`) };
  return findings.some((f) => f.severity === 'error') ? { status: 'incompatible', findings } : { status: 'compatible', findings };
}

function httpInteractions(pact: unknown): HttpInteraction[] {
  if (!isObject(pact) || !Array.isArray(pact['interactions'])) return [];
  return pact['interactions'].flatMap((raw, index): HttpInteraction[] => {
    if (!isObject(raw) || !isObject(raw['request']) || !isObject(raw['response'])) return [];
    if (typeof raw['type'] === 'string' && raw['type'] !== 'Synchronous/HTTP') return [];
    const req = raw['request'];
    const res = raw['response'];
    return [{
      index,
      description: typeof raw['description'] === 'string' ? raw['description'] : `interaction ${index}`,
      request: { method: String(req['method'] ?? 'GET').toLowerCase(), path: String(req['path'] ?? '/'), headers: isObject(req['headers']) ? req['headers'] : {}, body: bodyOf(req['body']), hasBody: req['body'] !== undefined },
      response: { status: Number(res['status'] ?? 200), headers: isObject(res['headers']) ? res['headers'] : {}, body: bodyOf(res['body']), hasBody: res['body'] !== undefined },
    }];
  });
}

/** Pact V4 wraps bodies as { content, contentType, encoded }. */
function bodyOf(body: unknown): unknown {
  if (isObject(body) && 'content' in body && ('contentType' in body || 'encoded' in body)) {
    const content = body['content'];
    if (typeof content === 'string' && /json/i.test(String(body['contentType'] ?? ''))) {
      try {
        return JSON.parse(content) as unknown;
      } catch {
        return content;
      }
    }
    return content;
  }
  return body;
}

function checkInteraction(ctx: SpecContext, i: HttpInteraction): OpenApiFinding[] {
  const at = `[root].interactions[${i.index}]`;
  const finding = (code: OpenApiFindingCode, severity: 'error' | 'warning', location: string, specLocation: string, message: string): OpenApiFinding => ({
    code, severity, interaction: i.description, location: `${at}.${location}`, specLocation, message,
  });
  const match = ctx.findOperation(i.request.path, i.request.method);
  if (!match) return [finding('request.path-or-method.unknown', 'error', 'request.path', '[root].paths', `Path or method not defined in spec file: ${i.request.method.toUpperCase()} ${i.request.path}`)];
  const { operation, specPath } = match;
  const findings: OpenApiFinding[] = [];
  const opLocation = `[root].paths.${specPath}.${i.request.method}`;

  // request body: validated as the spec says
  if (i.request.hasBody) {
    const content = ctx.requestContent(operation);
    if (!content) findings.push(finding('request.body.unknown', 'error', 'request.body', opLocation, 'No request body is defined in the spec file, but the pact sends one'));
    else {
      const media = pickMedia(content, headerOf(i.request.headers, 'content-type'));
      if (!media) findings.push(finding('request.content-type.incompatible', 'error', 'request.headers.Content-Type', `${opLocation}.requestBody.content`, `Request Content-Type header is incompatible with the mime-types the spec accepts: ${Object.keys(content).join(', ')}`));
      else if (isJsonMedia(media.type) && media.schema !== undefined) {
        const errors = ctx.validate(media.schema, i.request.body, false);
        for (const e of errors) findings.push(finding('request.body.incompatible', 'error', `request.body${e.path}`, `${opLocation}.requestBody.content.${media.type}.schema`, `Request body is incompatible with the request body schema in the spec file: ${e.message}`));
      }
    }
  }

  // response status, then body against the response schema with undeclared properties forbidden
  const responses = isObject(operation['responses']) ? operation['responses'] : {};
  const status = String(i.response.status);
  const key = status in responses ? status : `${status[0]}XX` in responses ? `${status[0]}XX` : 'default' in responses ? 'default' : undefined;
  if (key === undefined) return [...findings, finding('response.status.unknown', 'error', 'response.status', `${opLocation}.responses`, `Response status code not defined in spec file: ${status}`)];
  if (key === 'default') findings.push(finding('response.status.default', 'warning', 'response.status', `${opLocation}.responses`, `Response status code matched default response in spec file: ${status}`));
  const response = ctx.deref(responses[key]);
  if (!i.response.hasBody) return findings;
  const respLocation = `${opLocation}.responses.${key}`;
  const content = isObject(response) && isObject(response['content']) ? response['content'] : isObject(response) && response['schema'] !== undefined ? { 'application/json': { schema: response['schema'] } } : undefined;
  if (!content || Object.keys(content).length === 0) return [...findings, finding('response.body.unknown', 'error', 'response.body', respLocation, 'No schema found for response body')];
  const media = pickMedia(content, headerOf(i.response.headers, 'content-type'));
  if (!media) return [...findings, finding('response.content-type.incompatible', 'error', 'response.headers.Content-Type', `${respLocation}.content`, `Response Content-Type header is incompatible with the mime-types the spec defines: ${Object.keys(content).join(', ')}`)];
  if (!isJsonMedia(media.type)) return [...findings, finding('response.body.unvalidatable', 'warning', 'response.body', `${respLocation}.content`, `Body with content type '${media.type}' is not supported by the spec comparator`)];
  if (media.schema === undefined) return findings;
  for (const e of ctx.validate(media.schema, i.response.body, true)) {
    findings.push(finding('response.body.incompatible', 'error', `response.body${e.path}`, `${respLocation}.content.${media.type}.schema`, `Response body is incompatible with the response body schema in the spec file: ${e.message}`));
  }
  return findings;
}

const headerOf = (headers: Json, name: string): string | undefined => {
  const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === name);
  const value = entry?.[1];
  return Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
};
const isJsonMedia = (type: string): boolean => /^application\/(.+\+)?json/i.test(type) || type === '*/*';

/** The media type entry for a content type (exact, then type/*, then *\/*); without a header, JSON if the spec has it. */
function pickMedia(content: Json, contentType: string | undefined): { type: string; schema: unknown } | undefined {
  const entries = Object.entries(content);
  const base = contentType?.split(';')[0]?.trim().toLowerCase();
  const found =
    base === undefined
      ? (entries.find(([t]) => isJsonMedia(t)) ?? entries[0])
      : (entries.find(([t]) => t.toLowerCase() === base) ?? entries.find(([t]) => t.endsWith('/*') && base.startsWith(t.slice(0, -1))) ?? entries.find(([t]) => t === '*/*'));
  if (!found) return undefined;
  return { type: found[0], schema: isObject(found[1]) ? found[1]['schema'] : undefined };
}

/** The document, its path templates as regular expressions, and ajv for its schemas. */
class SpecContext {
  readonly unresolved = new Set<string>();
  private readonly routes: Array<{ specPath: string; regex: RegExp; params: number; item: Json }>;
  private readonly basePath: string;
  private readonly ajv: InstanceType<typeof AjvDraft07>;
  private readonly openapi30: boolean;

  constructor(private readonly doc: OpenApiDocument) {
    const version = String(doc['openapi'] ?? doc['swagger'] ?? '3.1.0');
    this.openapi30 = !version.startsWith('3.1');
    this.ajv = this.openapi30 ? new AjvDraft07({ strict: false, allErrors: true }) : new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(this.ajv);
    this.basePath = basePathOf(doc);
    const paths = isObject(doc.paths) ? doc.paths : {};
    this.routes = Object.entries(paths)
      .filter((e): e is [string, Json] => isObject(e[1]))
      .map(([specPath, item]) => ({
        specPath,
        item,
        params: (specPath.match(/\{[^}]+\}/g) ?? []).length,
        regex: new RegExp(`^${specPath.split(/\{[^}]+\}/).map(escapeRegex).join('[^/]+')}/?$`),
      }))
      // literal segments win over templates, as in OpenAPI's matching rules
      .sort((a, b) => a.params - b.params);
  }

  findOperation(path: string, method: string): { operation: Json; specPath: string } | undefined {
    const bare = path.split('?')[0] ?? path;
    const relative = this.basePath && bare.startsWith(this.basePath) ? bare.slice(this.basePath.length) || '/' : bare;
    for (const route of this.routes) {
      if (!route.regex.test(relative)) continue;
      const operation = this.deref(route.item[method]);
      if (isObject(operation) && METHODS.includes(method)) return { operation, specPath: route.specPath };
    }
    return undefined;
  }

  requestContent(operation: Json): Json | undefined {
    const body = this.deref(operation['requestBody']);
    if (isObject(body) && isObject(body['content'])) return body['content'];
    // Swagger 2.0: an `in: body` parameter
    const params = Array.isArray(operation['parameters']) ? operation['parameters'].map((p) => this.deref(p)) : [];
    const bodyParam = params.find((p) => isObject(p) && p['in'] === 'body');
    return isObject(bodyParam) ? { 'application/json': { schema: bodyParam['schema'] } } : undefined;
  }

  deref(value: unknown, seen: ReadonlySet<string> = new Set()): unknown {
    if (!isObject(value) || typeof value['$ref'] !== 'string') return value;
    const ref = value['$ref'];
    if (seen.has(ref)) return {};
    const target = this.resolvePointer(ref);
    if (target === undefined) {
      this.unresolved.add(ref);
      return {};
    }
    return this.deref(target, new Set([...seen, ref]));
  }

  private resolvePointer(ref: string): unknown {
    if (!ref.startsWith('#/')) return undefined;
    let node: unknown = this.doc;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (!isObject(node) && !Array.isArray(node)) return undefined;
      node = (node as Record<string, unknown>)[key];
      if (node === undefined) return undefined;
    }
    return node;
  }

  /** Validates a value; `closed` forbids undeclared properties and drops `required` (response bodies). */
  validate(schema: unknown, value: unknown, closed: boolean): Array<{ path: string; message: string }> {
    const prepared = this.prepare(schema, closed, new Set(), false);
    let validate;
    try {
      validate = this.ajv.compile(isObject(prepared) ? prepared : {});
    } catch (err) {
      return [{ path: '', message: `the schema in the spec file cannot be used: ${err instanceof Error ? err.message : String(err)}` }];
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => ({
      path: e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join(''),
      message: `${e.instancePath || 'body'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`,
    }));
  }

  /** Inlines local `$ref`s (cycles become `{}`), applies OpenAPI 3.0's `nullable`, and closes objects for responses. */
  private prepare(schema: unknown, closed: boolean, seen: ReadonlySet<string>, inComposition: boolean): unknown {
    if (Array.isArray(schema)) return schema.map((s) => this.prepare(s, closed, seen, inComposition));
    if (!isObject(schema)) return schema;
    if (typeof schema['$ref'] === 'string') {
      const ref = schema['$ref'];
      if (seen.has(ref)) return {};
      return this.prepare(this.deref({ $ref: ref }), closed, new Set([...seen, ref]), inComposition);
    }
    const out: Json = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === 'discriminator' || key === 'xml' || key === 'example' || key === 'examples') continue;
      if (key === 'properties' && isObject(value)) out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.prepare(v, closed, seen, false)]));
      else if (key === 'allOf') out[key] = this.prepare(value, closed, seen, true);
      else if (key === 'required' && closed) continue;
      else out[key] = this.prepare(value, closed, seen, false);
    }
    if (this.openapi30 && out['nullable'] === true) {
      delete out['nullable'];
      return { anyOf: [out, { type: 'null' }] };
    }
    // a consumer may rely on a subset of the response, never on a field the spec does not promise; inside allOf
    // each branch sees only its own properties, so closing them there would reject every valid value
    if (closed && !inComposition && isObject(out['properties']) && out['additionalProperties'] === undefined && out['allOf'] === undefined) out['additionalProperties'] = false;
    return out;
  }
}

function basePathOf(doc: OpenApiDocument): string {
  if (typeof doc['basePath'] === 'string') return doc['basePath'].replace(/\/$/, '');
  const servers = Array.isArray(doc['servers']) ? doc['servers'] : [];
  const url = isObject(servers[0]) && typeof servers[0]['url'] === 'string' ? servers[0]['url'] : '';
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  return path.startsWith('/') ? path.replace(/\/$/, '') : '';
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
