/**
 * One OpenAPI (or Swagger 2.0) document prepared for checking pacts against it: its path templates as regular
 * expressions, `$ref` resolution, and ajv for its schemas.
 */
import AjvDraft07 from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { isObject, type Json } from './json-value.ts';
import type { OpenApiDocument } from './openapi-document.ts';
import { prepareSchema } from './schema-preparation.ts';
import { unescapePointerToken } from '../json.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface SchemaError {
  /** where in the value, e.g. `.items[2].name` */
  readonly path: string;
  /** the problem with where it is, e.g. `/items/2/name must be string` */
  readonly message: string;
  /** the problem alone, e.g. `must be string` */
  readonly reason: string;
}

interface Route {
  readonly specPath: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly item: Json;
}

export interface OperationMatch {
  readonly operation: Json;
  readonly pathItem: Json;
  readonly specPath: string;
  /** raw (still encoded per style) values of the path template's variables */
  readonly pathValues: Readonly<Record<string, string>>;
}

export class SpecContext {
  readonly unresolved = new Set<string>();
  readonly swagger2: boolean;
  private readonly routes: Route[];
  private readonly basePath: string;
  private readonly basePathRequired: boolean;
  private readonly caseInsensitive: boolean;
  private readonly ajv: InstanceType<typeof AjvDraft07>;
  private readonly openapi30: boolean;
  /** the same parameter schema is checked for many interactions; ajv compiles each distinct schema once */
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDocument) {
    const version = String(doc['openapi'] ?? doc['swagger'] ?? '3.1.0');
    this.swagger2 = version.startsWith('2');
    this.openapi30 = !version.startsWith('3.1');
    this.ajv = this.openapi30 ? new AjvDraft07({ strict: false, allErrors: true }) : new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(this.ajv);
    const info = isObject(doc['info']) ? doc['info'] : {};
    // PactFlow's comparator reads these two `x-opc-config-*` extensions from `info` to adapt matching to a provider
    const configuredBase = info['x-opc-config-base-path'];
    this.basePath = typeof configuredBase === 'string' ? configuredBase.replace(/\/$/, '') : basePathOf(doc);
    // PactFlow matches only base path + spec path for a configured base path or Swagger 2's `basePath`: a pact path
    // without it is unknown. Neither of its engines reads OpenAPI 3 `servers`, so a path from there is only tried first.
    this.basePathRequired = (typeof configuredBase === 'string' || typeof doc['basePath'] === 'string') && this.basePath !== '';
    this.caseInsensitive = info['x-opc-config-case-insensitive'] === true;
    const paths = isObject(doc.paths) ? doc.paths : {};
    this.routes = Object.entries(paths)
      .filter((e): e is [string, Json] => isObject(e[1]))
      .map(([specPath, item]) => routeOf(specPath, item, this.caseInsensitive))
      // literal segments win over templates, as in OpenAPI's matching rules
      .sort((a, b) => a.names.length - b.names.length);
  }

  /** The operation for a pact request; `acceptsPath` lets the caller reject a route whose path variables do not fit their schemas. */
  findOperation(path: string, method: string, acceptsPath: (match: OperationMatch) => boolean): OperationMatch | undefined {
    if (!METHODS.includes(method)) return undefined;
    const bare = path.split('?')[0] ?? path;
    const startsWithBase = this.caseInsensitive
      ? bare.toLowerCase().startsWith(this.basePath.toLowerCase())
      : bare.startsWith(this.basePath);
    if (this.basePathRequired && !startsWithBase) return undefined;
    const relative = this.basePath && startsWithBase ? bare.slice(this.basePath.length) || '/' : bare;
    const rooted = relative.startsWith('/') ? relative : `/${relative}`;
    // `/path` and `/path/` may be different templates: the exact one first, then the other spelling
    const toggled = rooted.endsWith('/') && rooted !== '/' ? rooted.slice(0, -1) : `${rooted}/`;
    return this.matchRoute(rooted, method, acceptsPath) ?? this.matchRoute(toggled, method, acceptsPath);
  }

  private matchRoute(relative: string, method: string, acceptsPath: (match: OperationMatch) => boolean): OperationMatch | undefined {
    for (const route of this.routes) {
      const m = route.regex.exec(relative);
      if (!m) continue;
      const operation = this.deref(route.item[method]);
      if (!isObject(operation)) continue;
      const pathValues = Object.fromEntries(route.names.map((name, i) => [name, m[i + 1] ?? '']));
      const match = { operation, pathItem: route.item, specPath: route.specPath, pathValues };
      if (acceptsPath(match)) return match;
    }
    return undefined;
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
      const key = unescapePointerToken(decodeURIComponent(raw));
      if (!isObject(node) && !Array.isArray(node)) return undefined;
      node = (node as Record<string, unknown>)[key];
      if (node === undefined) return undefined;
    }
    return node;
  }

  /** Validates a value; `closed` forbids undeclared properties and drops `required` (response bodies). */
  validate(schema: unknown, value: unknown, closed: boolean): SchemaError[] {
    const prepared = prepareSchema(schema, { response: closed, openapi30: this.openapi30, deref: (v) => this.deref(v) });
    const key = JSON.stringify(prepared) ?? '{}';
    let validate = this.compiled.get(key);
    try {
      validate ??= this.ajv.compile(isObject(prepared) ? prepared : {});
      this.compiled.set(key, validate);
    } catch (err) {
      const reason = `the schema in the spec file cannot be used: ${err instanceof Error ? err.message : String(err)}`;
      return [{ path: '', message: reason, reason }];
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => ({
      path: e.instancePath
        .split('/')
        .slice(1)
        .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
        .join(''),
      message: `${e.instancePath || 'body'} ${e.message ?? 'is invalid'}${e.keyword === 'additionalProperties' ? ` (${JSON.stringify((e.params as { additionalProperty?: string }).additionalProperty)})` : ''}`,
      reason: e.message ?? 'is invalid',
    }));
  }
}

/** `{id}`, `{id*}`, `{.id}`, `{;id*}`: a variable with an optional style prefix and explode marker. */
function routeOf(specPath: string, item: Json, caseInsensitive: boolean): Route {
  const names = (specPath.match(/\{[^}]+\}/g) ?? []).map((t) => t.slice(1, -1).replace(/^[.;]/, '').replace(/\*$/, ''));
  // PactFlow's comparator routes `*` in a template (`/files/**`) as a wildcard; a literal `*` would never match anyway
  const literal = (s: string): string => s.split(/\*+/).map(escapeRegex).join('.*');
  const source = `^${specPath
    .split(/\{[^}]+\}/)
    .map(literal)
    .join('([^/]+)')}$`;
  return { specPath, item, names, regex: new RegExp(source, caseInsensitive ? 'i' : '') };
}

function basePathOf(doc: OpenApiDocument): string {
  if (typeof doc['basePath'] === 'string') return doc['basePath'].replace(/\/$/, '');
  const servers = Array.isArray(doc['servers']) ? doc['servers'] : [];
  const url = isObject(servers[0]) && typeof servers[0]['url'] === 'string' ? servers[0]['url'] : '';
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '');
  return path.startsWith('/') ? path.replace(/\/$/, '') : '';
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
