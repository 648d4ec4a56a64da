/**
 * The HTTP interactions of a pact (V2, V3 or V4 file), normalised for checking against an OpenAPI document:
 * query as name → values, headers with lower-case names, V4 bodies unwrapped.
 */
import { isObject } from './json-value.ts';

export interface HttpInteraction {
  readonly index: number;
  readonly description: string;
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly query: Readonly<Record<string, readonly string[]>>;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: unknown;
    readonly hasBody: boolean;
  };
  readonly response: {
    readonly status: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: unknown;
    readonly hasBody: boolean;
  };
}

export function httpInteractions(pact: unknown): HttpInteraction[] {
  if (!isObject(pact) || !Array.isArray(pact['interactions'])) return [];
  return pact['interactions'].flatMap((raw, index): HttpInteraction[] => {
    if (!isObject(raw) || !isObject(raw['request']) || !isObject(raw['response'])) return [];
    if (typeof raw['type'] === 'string' && raw['type'] !== 'Synchronous/HTTP') return [];
    const req = raw['request'];
    const res = raw['response'];
    const path = String(req['path'] ?? '/');
    return [
      {
        index,
        description: typeof raw['description'] === 'string' ? raw['description'] : `interaction ${index}`,
        request: {
          method: String(req['method'] ?? 'GET').toLowerCase(),
          path,
          query: queryOf(req['query'] ?? path.split('?')[1]),
          headers: headersOf(req['headers']),
          body: bodyOf(req['body']),
          // a pact writes `"body": null` for "no body" as often as it omits the field
          hasBody: req['body'] !== undefined && req['body'] !== null,
        },
        response: {
          status: Number(res['status'] ?? 200),
          headers: headersOf(res['headers']),
          body: bodyOf(res['body']),
          hasBody: res['body'] !== undefined && res['body'] !== null,
        },
      },
    ];
  });
}

/** Pact V2 writes the query as a string (`a=1&b=2`), V3 and later as an object of arrays. */
function queryOf(raw: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (typeof raw === 'string') {
    for (const pair of raw.split('&').filter((p) => p !== '')) {
      const eq = pair.indexOf('=');
      const name = decode(eq < 0 ? pair : pair.slice(0, eq));
      (out[name] ??= []).push(decode(eq < 0 ? '' : pair.slice(eq + 1)));
    }
  } else if (isObject(raw)) {
    for (const [name, value] of Object.entries(raw)) out[name] = (Array.isArray(value) ? value : [value]).map(String);
  }
  return out;
}

/** Header names are case-insensitive (RFC 9110); a V3+ pact may hold several values, which HTTP joins with commas. */
function headersOf(raw: unknown): Record<string, string> {
  if (!isObject(raw)) return {};
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.map(String).join(',') : String(v)]));
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
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
