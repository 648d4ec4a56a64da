// The single place where errors become HTTP responses (RFC 9457 application/problem+json).
//
// Pact Broker clients send `Accept: application/hal+json, application/json` (or no Accept at all)
// and their own pacts expect error bodies typed application/hal+json with an `errors` member. So
// the body is always a problem document that also carries the Pact Broker's `errors`, and the
// content type follows the Accept header (see problemContentType).
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { ProblemDetails } from '@treaty/wire';
import type { Logger } from 'pino';
import {
  HttpClientError,
  MalformedJsonError,
  MethodNotAllowedError,
  PayloadTooLargeError,
  ServiceUnavailableError,
  TreatyError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../errors.ts';
import { sqlState } from '../store/database-errors.ts';
import { HAL_JSON } from './hal.ts';

export function problemBody(error: TreatyError, instance?: string): ProblemDetails & Record<string, unknown> {
  return {
    type: `https://treaty.dev/problems/${error.code}`,
    title: error.title,
    status: error.status,
    detail: error.detail,
    ...(instance ? { instance } : {}),
    errors: pactBrokerErrors(error),
    ...error.extensions(),
  };
}

function pactBrokerErrors(error: TreatyError): Record<string, string[]> | string[] {
  if (error instanceof ValidationError && error.errors.length > 0) {
    const byField: Record<string, string[]> = {};
    for (const { field, message } of error.errors) (byField[field] ??= []).push(message);
    return byField;
  }
  return [error.detail];
}

/**
 * The media type of an error. The body is always an RFC 9457 problem document; it is typed
 * application/problem+json when the client asks for problem details or plain JSON, and
 * application/hal+json otherwise (no Accept, `*\/*`, HAL), because that is what the Pact Broker
 * answers and its clients' own pacts check (the Rust verifier replays them with `Accept: *\/*`).
 */
export function problemContentType(accept: string | undefined): string {
  const wanted = (accept ?? '').toLowerCase();
  if (wanted.includes('application/problem+json')) return 'application/problem+json';
  if (wanted.includes('application/hal+json')) return HAL_JSON;
  return /(^|[\s,])application\/json/.test(wanted) ? 'application/problem+json' : HAL_JSON;
}

export function sendProblem(req: Request, res: Response, error: TreatyError): void {
  if (error instanceof MethodNotAllowedError && error.allowed.length > 0) res.setHeader('Allow', error.allowed.join(', '));
  res.status(error.status).setHeader('Content-Type', problemContentType(req.headers.accept));
  if (error instanceof ServiceUnavailableError) res.setHeader('Retry-After', String(error.retryAfterSeconds));
  res.end(JSON.stringify(problemBody(error, req.originalUrl)));
}

/**
 * Errors thrown by Express, body-parser and raw-body (http-errors with a 4xx `status`), worded as
 * Treaty problems with their status kept: 400 bad JSON or bytes that do not match the
 * Content-Encoding, 413 too large, 415 unknown Content-Encoding or charset, and any other 4xx.
 */
function fromHttpLayer(err: unknown): TreatyError | undefined {
  const e = err as { type?: string; status?: number; statusCode?: number; limit?: number; message?: string; code?: string };
  if (e === null || typeof e !== 'object') return undefined;
  if (e.type === 'entity.parse.failed')
    return new MalformedJsonError(
      `The request body is not valid JSON (${e.message ?? 'parse error'}). Send a JSON document with Content-Type: application/json.`,
    );
  if (e.type === 'entity.too.large')
    return new PayloadTooLargeError(
      `The request body is larger than the limit of ${e.limit} bytes (TREATY_MAX_BODY_BYTES). Split the publication, or raise TREATY_MAX_BODY_BYTES on the broker.`,
    );
  if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported')
    return new UnsupportedMediaTypeError(
      `${e.message ?? 'Unsupported body encoding'}. Send JSON as UTF-8, uncompressed or with Content-Encoding gzip, deflate or br.`,
    );
  const status = e.status ?? e.statusCode;
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (typeof e.code === 'string' && /^(Z_|ERR__)/.test(e.code)) {
    // zlib could not decode the body: the Content-Encoding header does not describe its bytes.
    return new ValidationError(
      `The request body could not be decoded with its Content-Encoding (${e.message ?? 'decompression failed'}). Send bytes encoded as the header says, or leave the header out for a plain body.`,
      [{ field: 'body', message: 'does not match its Content-Encoding' }],
    );
  }
  return new HttpClientError(status, 'Bad request', e.message ?? `The request was refused (${status}).`);
}

/**
 * PostgreSQL errors that only a client's input can cause (hostile-input.test.ts): text that
 * PostgreSQL cannot store (NUL, U+0000 in JSON) and values too large to index. They are 400s, not bugs.
 */
const INPUT_SQLSTATES: Record<string, string> = {
  '22021': 'contains a character PostgreSQL cannot store (NUL, \\u0000)',
  '22P05': 'contains a character PostgreSQL cannot store (NUL, \\u0000)',
  '54000': 'contains a value too large to store (e.g. a name of many kilobytes)',
  '22001': 'contains a value longer than its field allows',
};

/** Seconds a client should wait after a statement timeout before it asks again. */
const STATEMENT_TIMEOUT_RETRY_AFTER_SECONDS = 5;

function fromDatabase(err: unknown): TreatyError | undefined {
  const state = sqlState(err);
  // 57014 query_canceled: the statement outlasted TREATY_DB_STATEMENT_TIMEOUT_MS. The broker is busy, not broken.
  if (state === '57014')
    return new ServiceUnavailableError(
      'The database did not finish this request within the statement timeout (TREATY_DB_STATEMENT_TIMEOUT_MS); nothing was changed. Retry later, or narrow the request.',
      STATEMENT_TIMEOUT_RETRY_AFTER_SECONDS,
    );
  const problem = state === undefined ? undefined : INPUT_SQLSTATES[state];
  if (problem === undefined) return undefined;
  return new ValidationError(
    `The request ${problem}. Remove control characters from names and keep names and versions short; nothing was changed.`,
  );
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = err instanceof TreatyError ? err : (fromHttpLayer(err) ?? fromDatabase(err));
    if (known) return sendProblem(req, res, known);
    const requestId = String(res.getHeader('x-request-id') ?? '');
    logger.error({ err, requestId, method: req.method, url: req.originalUrl }, 'unhandled error');
    res
      .status(500)
      .type('application/problem+json')
      .send(
        JSON.stringify({
          type: 'https://treaty.dev/problems/internal-error',
          title: 'Internal server error',
          status: 500,
          detail: `Something went wrong on the broker. Quote request id ${requestId} to its operator; the broker log has the details.`,
          instance: req.originalUrl,
        }),
      );
  };
}
