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
  const parse = express.json({ limit: limits.maxBodyBytes, type: JSON_BODY_TYPES, strict: false });
  const limitDepth: RequestHandler = (req, _res, next) => {
    if (req.body !== null && typeof req.body === 'object' && exceedsJsonDepth(req.body, limits.maxJsonDepth)) {
      return next(
        ValidationError.field(
          'body',
          `nests arrays and objects more than ${limits.maxJsonDepth} levels deep (the limit, TREATY_MAX_JSON_DEPTH). Flatten the document; nothing was changed.`,
        ),
      );
    }
    next();
  };
  return [parse, limitDepth];
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
