// JSON helpers every verifier kind shares: JSON values, the object test, and JSON-pointer tokens (RFC 6901).

/** A JSON value as parsed from a schema, a pact or an OpenAPI document. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

/** A plain object (not null, not an array). */
export function isObject(v: JsonValue | undefined): v is JsonObject;
export function isObject(v: unknown): v is Record<string, unknown>;
export function isObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One reference token of a JSON pointer: `~` becomes `~0` and `/` becomes `~1`. */
export const escapePointerToken = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** The token a JSON pointer segment stands for (the inverse of escapePointerToken). */
export const unescapePointerToken = (segment: string): string => segment.replace(/~1/g, '/').replace(/~0/g, '~');
