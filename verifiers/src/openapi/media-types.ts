/**
 * Media types an operation consumes and produces (OpenAPI 3 `content`, Swagger 2 `consumes`/`produces` plus a body
 * schema), and matching a pact's Content-Type or Accept against them.
 */
import { isObject, type Json } from './json-value.ts';
import type { SpecContext } from './spec-context.ts';

export interface Media {
  readonly type: string;
  readonly schema: unknown;
}

export const isJsonMedia = (type: string): boolean => /^application\/(.+\+)?json/i.test(type) || type === '*/*';
const baseOf = (type: string): string => (type.split(';')[0] ?? type).trim().toLowerCase();
/** `application/json; version=2` and `application/json;version=2` are the same media type (parameters distinguish versions) */
const normalise = (type: string): string => type.replace(/\s+/g, '').toLowerCase();

/** Swagger 2: the operation's `consumes`/`produces`, else the document's, else JSON. */
function swagger2Types(ctx: SpecContext, operation: Json, key: 'consumes' | 'produces'): string[] {
  const list = Array.isArray(operation[key]) ? operation[key] : Array.isArray(ctx.doc[key]) ? ctx.doc[key] : ['application/json'];
  return list.map(String);
}

/** The request body's media types, or undefined when the operation takes no body. */
export function requestContent(ctx: SpecContext, operation: Json): { content: Json; required: boolean } | undefined {
  const body = ctx.deref(operation['requestBody']);
  if (isObject(body) && isObject(body['content'])) return { content: body['content'], required: body['required'] === true };
  // Swagger 2.0: an `in: body` parameter
  const params = Array.isArray(operation['parameters']) ? operation['parameters'].map((p) => ctx.deref(p)) : [];
  const bodyParam = params.find((p) => isObject(p) && p['in'] === 'body');
  if (!isObject(bodyParam)) return undefined;
  const content = Object.fromEntries(swagger2Types(ctx, operation, 'consumes').map((t) => [t, { schema: bodyParam['schema'] }]));
  return { content, required: bodyParam['required'] === true };
}

/** A response's media types; empty when it defines no body. */
export function responseContent(ctx: SpecContext, operation: Json, response: unknown): Json {
  if (!isObject(response)) return {};
  if (ctx.swagger2)
    return response['schema'] === undefined
      ? {}
      : Object.fromEntries(swagger2Types(ctx, operation, 'produces').map((t) => [t, { schema: response['schema'] }]));
  return isObject(response['content']) ? response['content'] : {};
}

/** Every media type the operation can answer with, whatever the status: what an Accept header is negotiated against. */
export function producedTypes(ctx: SpecContext, operation: Json): string[] {
  if (ctx.swagger2)
    return Array.isArray(operation['produces'])
      ? operation['produces'].map(String)
      : Array.isArray(ctx.doc['produces'])
        ? ctx.doc['produces'].map(String)
        : [];
  const responses = isObject(operation['responses']) ? operation['responses'] : {};
  return [...new Set(Object.values(responses).flatMap((r) => Object.keys(responseContent(ctx, operation, ctx.deref(r)))))];
}

/** The media type entry for a content type (exact with parameters, then the same type, then type/*, then *\/*); without a header, JSON if the spec has it. */
export function pickMedia(content: Json, contentType: string | undefined): Media | undefined {
  const entries = Object.entries(content);
  const base = contentType === undefined ? undefined : baseOf(contentType);
  const found =
    base === undefined
      ? (entries.find(([t]) => isJsonMedia(t)) ?? entries[0])
      : (entries.find(([t]) => normalise(t) === normalise(contentType ?? '')) ??
        entries.find(([t]) => baseOf(t) === base) ??
        entries.find(([t]) => baseOf(t).endsWith('/*') && base.startsWith(baseOf(t).slice(0, -1))) ??
        entries.find(([t]) => baseOf(t) === '*/*'));
  if (!found) return undefined;
  return { type: found[0], schema: isObject(found[1]) ? found[1]['schema'] : undefined };
}

/** Whether any type of an Accept header (`a/b;q=0.5, c/*`) matches any of the given media types. */
export function acceptsAny(accept: string, types: readonly string[]): boolean {
  const wanted = accept
    .split(',')
    .map(baseOf)
    .filter((t) => t !== '');
  const offered = types.map(baseOf);
  const matches = (w: string, o: string): boolean => {
    if (w === '*/*' || o === '*/*' || w === o) return true;
    const [wType, wSub] = w.split('/');
    const [oType, oSub] = o.split('/');
    return wType === oType && (wSub === '*' || oSub === '*');
  };
  return wanted.some((w) => offered.some((o) => matches(w, o)));
}
