/**
 * Form bodies (`application/x-www-form-urlencoded`, `multipart/form-data`) as objects, so their fields can be
 * validated against the request body schema like a JSON body. Field values are strings on the wire and are coerced
 * to the property's type first, as for parameters.
 */
import { isObject, type Json } from './json-value.ts';
import type { SpecContext } from './spec-context.ts';

export type FormKind = 'urlencoded' | 'multipart';

export function formKindOf(mediaType: string): FormKind | undefined {
  const base = (mediaType.split(';')[0] ?? '').trim().toLowerCase();
  return base === 'application/x-www-form-urlencoded' ? 'urlencoded' : base === 'multipart/form-data' ? 'multipart' : undefined;
}

/** The form's fields; a body a pact already holds as an object is taken as is. */
export function formBodyOf(ctx: SpecContext, kind: FormKind, body: unknown, contentType: string | undefined, schema: unknown): unknown {
  if (typeof body !== 'string') return body;
  const fields = kind === 'urlencoded' ? [...new URLSearchParams(body)] : multipartFields(body, contentType ?? '');
  const resolved = ctx.deref(schema);
  const properties = isObject(resolved) && isObject(resolved['properties']) ? resolved['properties'] : {};
  const out: Json = {};
  for (const [name, value] of fields) out[name] = coerce(ctx, properties[name], value);
  return out;
}

function coerce(ctx: SpecContext, schema: unknown, raw: string): unknown {
  const s = ctx.deref(schema);
  const type = isObject(s) ? s['type'] : undefined;
  if ((type === 'integer' || type === 'number') && raw.trim() !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true';
  return raw;
}

/** `name` and content of each part between `--boundary` lines (RFC 7578). */
function multipartFields(body: string, contentType: string): Array<[string, string]> {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary === undefined) return [];
  return body.split(`--${boundary}`).flatMap((part): Array<[string, string]> => {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) return [];
    const name = /name="([^"]*)"/i.exec(part.slice(0, split))?.[1];
    return name === undefined ? [] : [[name, part.slice(split + 4).replace(/\r\n$/, '')]];
  });
}
