// The input boundary: every request passes these checks before any route sees it, so a route can
// trust that the URL decodes, that a body it reads is JSON of bounded size and depth, and that the
// body type is one it understands. Anything else is a 4xx problem here, never a 500 later.
import express, { type Request, type RequestHandler } from 'express';
import { exceedsJsonDepth } from '../domain/json-depth.ts';
import { UnsupportedMediaTypeError, ValidationError } from '../errors.ts';
import { isHost } from './hal.ts';

/** The body types routes read: application/json, and +json types such as application/merge-patch+json. */
export const JSON_BODY_TYPES = ['application/json', 'application/*+json'];

/**
 * Rejects a URL whose percent-encoding does not decode to UTF-8 text: invalid bytes (`%ff%fe`),
 * a truncated sequence (`%E0%A4%A`), an encoded lone surrogate (`%ED%A0%80`), a bare `%` or `%%`.
 * Express would otherwise throw while matching a route (a 500), or hand the raw text to a route.
 * Both the path and the query string are checked; `+` in a query means a space and is fine.
 */
export function rejectMalformedUrl(): RequestHandler {
  return (req, _res, next) => {
    const url = req.originalUrl;
    const queryStart = url.indexOf('?');
    const path = queryStart < 0 ? url : url.slice(0, queryStart);
    const query = queryStart < 0 ? '' : url.slice(queryStart + 1);
    const badPath = path.split('/').find((segment) => !decodes(segment));
    if (badPath !== undefined) return next(malformed('path segment', badPath));
    const badQuery = query.split('&').find((pair) => !decodes(pair));
    if (badQuery !== undefined) return next(malformed('query parameter', badQuery));
    next();
  };
}

function decodes(text: string): boolean {
  if (!text.includes('%')) return true;
  try {
    decodeURIComponent(text);
    return true;
  } catch {
    return false;
  }
}

function malformed(where: string, text: string): ValidationError {
  const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return ValidationError.field(
    'url',
    `the ${where} "${shown}" has malformed percent-encoding: every % must start a %XX escape, and the escapes must spell UTF-8 text (encode names with encodeURIComponent).`,
  );
}

/**
 * 400 for an HTTP/1.1 request without a Host header, or with one that is not a host[:port]. Node's
 * own check answers with an empty body (http-server.ts turns it off so this one answers instead).
 */
export function requireValidHost(): RequestHandler {
  return (req, _res, next) => {
    const host = req.headers.host;
    if (host === undefined && req.httpVersion === '1.0') return next();
    if (host !== undefined && isHost(host)) return next();
    next(
      ValidationError.field(
        'host',
        host === undefined
          ? 'is missing: an HTTP/1.1 request names the host it is for (Host: broker.example.com).'
          : `${JSON.stringify(host.slice(0, 100))} is not a host name or address with an optional port.`,
      ),
    );
  };
}

export interface JsonBodyLimits {
  /** TREATY_MAX_BODY_BYTES */
  maxBodyBytes: number;
  /** TREATY_MAX_JSON_DEPTH */
  maxJsonDepth: number;
}

/**
 * Reads a JSON body (any Content-Encoding body-parser can decode: gzip, deflate, br) within the size
 * limit, then refuses one that nests deeper than the depth limit. JSON.parse itself copes with any
 * depth, but serialising the value again (storing a pact, a webhook, a verification's testResults)
 * recurses once per level, so the depth is measured here, iteratively, before any route runs.
 * Errors keep the status body-parser gives them (400 bad JSON or bytes that do not match the
 * Content-Encoding, 413 too large, 415 unknown encoding or charset); problem.ts words them.
 */
export function jsonBody(limits: JsonBodyLimits): RequestHandler[] {
  const parse = express.json({
    limit: limits.maxBodyBytes,
    type: JSON_BODY_TYPES,
    strict: false,
    verify: (req, _res, bytes) => {
      if (mayEscapeASurrogate(bytes)) surrogateEscapes.add(req);
    },
  });
  const limitDepth: RequestHandler = (req, _res, next) => {
    if (req.body !== null && typeof req.body === 'object' && exceedsJsonDepth(req.body, limits.maxJsonDepth)) {
      return next(
        ValidationError.field(
          'body',
          `nests arrays and objects more than ${limits.maxJsonDepth} levels deep (the limit, TREATY_MAX_JSON_DEPTH). Flatten the document; nothing was changed.`,
        ),
      );
    }
    if (surrogateEscapes.has(req)) req.body = replaceLoneSurrogates(req.body);
    next();
  };
  return [parse, limitDepth];
}

/** Requests whose body bytes hold a `\uD800`–`\uDFFF` escape (set while body-parser reads them). */
const surrogateEscapes = new WeakSet<object>();

/**
 * Cheap pre-check on the raw bytes: only a JSON escape (`\\uD800`–`\\uDFFF`) can put a lone
 * surrogate in a parsed string, since UTF-8 bytes cannot encode one. Searched in the Buffer itself,
 * so a 10 MB pact is not copied into a string for it.
 */
function mayEscapeASurrogate(bytes: Buffer): boolean {
  for (let at = bytes.indexOf('\\u'); at >= 0; at = bytes.indexOf('\\u', at + 2)) {
    const d = bytes[at + 2];
    const next = bytes[at + 3];
    if ((d === 0x64 || d === 0x44) && next !== undefined && /[89a-fA-F]/.test(String.fromCharCode(next))) return true;
  }
  return false;
}

const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;

/**
 * The body with every lone UTF-16 surrogate (`"\ud800"`: legal JSON, not a Unicode character) in a
 * string or key replaced by U+FFFD. PostgreSQL refuses such an escape in jsonb, and its text columns
 * would receive U+FFFD anyway (the driver writes UTF-8), so every store sees one value: the one the
 * content hash, the stored pact and the stored webhook agree on. Paired surrogates (emoji) are kept.
 * Iterative, like the depth check, and it runs only when the bytes hold a surrogate escape at all.
 */
export function replaceLoneSurrogates(body: unknown): unknown {
  const clean = (text: string): string => (LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text);
  if (typeof body === 'string') return clean(body);
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const current = pending.pop();
    if (current === null || typeof current !== 'object') continue;
    if (Array.isArray(current)) {
      current.forEach((item, i) => {
        if (typeof item === 'string') current[i] = clean(item);
        else pending.push(item);
      });
      continue;
    }
    const record = current as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const value = record[key];
      const cleanValue = typeof value === 'string' ? clean(value) : value;
      const cleanKey = clean(key);
      if (cleanKey !== key) delete record[key];
      // defineProperty, not assignment: a key such as "__proto__" stays an own data property.
      if (cleanKey !== key || cleanValue !== value)
        Object.defineProperty(record, cleanKey, { value: cleanValue, writable: true, enumerable: true, configurable: true });
      if (typeof value !== 'string') pending.push(value);
    }
  }
  return body;
}

/**
 * 415 for a write whose body is not JSON (a form post, text/plain, XML): routes only read JSON, and
 * without this the body would be ignored and the request treated as having none. Requests without
 * a body (the Pact Broker CLI's empty PUTs, DELETE) pass whatever their Content-Type says.
 */
export function requireJsonBodies(): RequestHandler {
  return (req, _res, next) => {
    if (!WRITE_METHODS.has(req.method) || !hasBody(req) || req.is(JSON_BODY_TYPES)) return next();
    const given = req.headers['content-type'];
    next(
      new UnsupportedMediaTypeError(
        `${req.method} ${req.path} reads a JSON body, but this one is ${given ? `typed ${JSON.stringify(given.slice(0, 100))}` : 'untyped'}. Send it with Content-Type: application/json.`,
      ),
    );
  };
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** The request has body bytes (a Content-Length above 0, or a chunked body). */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}
