// One error hierarchy for the broker. Each error knows its HTTP status and a stable `type` slug;
// http/problem.ts turns it into application/problem+json in exactly one place, and GraphQL maps
// the same `code` into extensions.code.

export const ErrorCode = {
  /** The request is malformed or a field is invalid. */
  validation: 'validation-error',
  /** The body is not JSON. */
  malformedJson: 'malformed-json',
  /** The body exceeds TREATY_MAX_BODY_BYTES. */
  payloadTooLarge: 'payload-too-large',
  /** A named resource does not exist. */
  notFound: 'not-found',
  /** Different pact content for a consumer version that already has one. */
  pactVersionConflict: 'pact-version-conflict',
  /** Any other state conflict (duplicate name, ...). */
  conflict: 'conflict',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  unsupportedMediaType: 'unsupported-media-type',
  methodNotAllowed: 'method-not-allowed',
  /** The broker is saturated with expensive work, or a database statement timed out: retry after Retry-After. */
  serviceUnavailable: 'service-unavailable',
  /** Another 4xx decided by the HTTP layer itself (Node's parser, body-parser): the status is kept. */
  badRequest: 'bad-request',
  internal: 'internal-error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const statusForCode: Record<ErrorCode, number> = {
  'validation-error': 400,
  'malformed-json': 400,
  'payload-too-large': 413,
  'not-found': 404,
  'pact-version-conflict': 409,
  conflict: 409,
  unauthorized: 401,
  forbidden: 403,
  'unsupported-media-type': 415,
  'method-not-allowed': 405,
  'service-unavailable': 503,
  'bad-request': 400,
  'internal-error': 500,
};

export interface FieldError {
  field: string;
  message: string;
}

export abstract class TreatyError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly title: string;
  constructor(readonly detail: string) {
    super(detail);
    this.name = new.target.name;
  }
  get status(): number {
    return statusForCode[this.code];
  }
  /** Extra members merged into the problem body (e.g. field errors, notices). */
  extensions(): Record<string, unknown> {
    return {};
  }
}

export class ValidationError extends TreatyError {
  readonly code = ErrorCode.validation;
  readonly title = 'Invalid request';
  constructor(
    detail: string,
    readonly errors: FieldError[] = [],
  ) {
    super(detail);
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError(`${field}: ${message}`, [{ field, message }]);
  }
}

export class MalformedJsonError extends TreatyError {
  readonly code = ErrorCode.malformedJson;
  readonly title = 'Malformed JSON';
}

export class PayloadTooLargeError extends TreatyError {
  readonly code = ErrorCode.payloadTooLarge;
  readonly title = 'Request body too large';
}

export class NotFoundError extends TreatyError {
  readonly code = ErrorCode.notFound;
  readonly title = 'Not found';
}

export class ConflictError extends TreatyError {
  readonly code = ErrorCode.conflict;
  readonly title = 'Conflict';
}

export class PactVersionConflictError extends TreatyError {
  readonly code = ErrorCode.pactVersionConflict;
  readonly title = 'Pact content conflict';
  constructor(
    detail: string,
    readonly notices: Array<{ type: string; text: string }> = [],
  ) {
    super(detail);
  }
  override extensions() {
    return { notices: this.notices };
  }
}

export class UnauthorizedError extends TreatyError {
  readonly code = ErrorCode.unauthorized;
  readonly title = 'Unauthorized';
}

export class ForbiddenError extends TreatyError {
  readonly code = ErrorCode.forbidden;
  readonly title = 'Forbidden';
}

export class UnsupportedMediaTypeError extends TreatyError {
  readonly code = ErrorCode.unsupportedMediaType;
  readonly title = 'Unsupported media type';
}

export class MethodNotAllowedError extends TreatyError {
  readonly code = ErrorCode.methodNotAllowed;
  readonly title = 'Method not allowed';
  constructor(
    detail: string,
    /** The methods the resource does allow (the Allow header). */
    readonly allowed: string[] = [],
  ) {
    super(detail);
  }
}

/**
 * A 4xx that the HTTP layer decided before any route ran (Node's HTTP parser: 400, 408, 431;
 * body-parser: 400, 403, 411 ...). Its status is kept as it was, only the body becomes a problem.
 */
export class HttpClientError extends TreatyError {
  readonly code = ErrorCode.badRequest;
  constructor(
    private readonly httpStatus: number,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
  }
  override get status(): number {
    return this.httpStatus;
  }
}

/**
 * 503: too much expensive work is running (admission.ts), or a statement outlasted the database's statement
 * timeout. Answered with a Retry-After header; nothing was changed.
 */
export class ServiceUnavailableError extends TreatyError {
  readonly code = ErrorCode.serviceUnavailable;
  readonly title = 'Service unavailable';
  constructor(
    detail: string,
    readonly retryAfterSeconds: number,
  ) {
    super(detail);
  }
  override extensions(): Record<string, unknown> {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

/**
 * A 400 validation error carrying the Pact Broker's `errors` member exactly: an array of messages for
 * /matrix (the pact_broker-client pacts expect an array), a field → messages hash for /can-i-deploy.
 * (ValidationError's own extensions() would replace problem.ts's hash with its FieldError objects.)
 */
export class MatrixQueryError extends TreatyError {
  readonly code = ErrorCode.validation;
  readonly title = 'Invalid matrix query';
  constructor(readonly errors: string[] | Record<string, string[]>) {
    super(
      Array.isArray(errors)
        ? errors.join(' ')
        : Object.entries(errors)
            .map(([f, m]) => `${f}: ${m.join(' ')}`)
            .join('; '),
    );
  }
  static fields(issues: ReadonlyArray<{ field: string; message: string }>): MatrixQueryError {
    const byField: Record<string, string[]> = {};
    for (const { field, message } of issues) (byField[field] ??= []).push(message);
    return new MatrixQueryError(byField);
  }
  override extensions(): Record<string, unknown> {
    return { errors: this.errors };
  }
}
