/**
 * The findings of a pact-against-OpenAPI check. Codes are swagger-mock-validator's (also used by PactFlow's
 * openapi-pact-comparator), so users of PactFlow recognise them.
 */

/** Each code and when it is reported. */
export const OPENAPI_FINDING_CODES = {
  'request.path-or-method.unknown':
    'no path template (with path variables that fit their schemas) and method of the spec matches the request',
  'request.body.incompatible': 'the request body does not validate against the request body schema, or a required body is missing',
  'request.body.unknown': 'warning: the pact sends a request body but the operation defines none',
  'request.body.unvalidatable': 'warning: the request media type is neither JSON nor a form, so the body is not checked',
  'request.content-type.incompatible': 'the request Content-Type is not one the operation consumes',
  'request.content-type.missing': 'warning: the pact sends a body without Content-Type although the operation declares what it consumes',
  'request.content-type.unknown': 'warning: the request has a Content-Type but the operation declares no request body',
  'request.accept.incompatible': 'none of the request Accept types is one the operation produces',
  'request.accept.unknown': 'warning: the request has an Accept header but the operation declares no response media types',
  'request.query.incompatible': 'a query parameter is missing although required, or its value does not fit its schema',
  'request.query.unknown': 'warning: a query parameter the spec does not declare',
  'request.header.incompatible': 'a header parameter is missing although required, or its value does not fit its schema',
  'request.header.unknown': 'warning: a non-standard request header the spec does not declare',
  'request.authorization.missing': 'no security requirement of the operation is satisfied by the request',
  'response.status.unknown': 'the response status is not defined for the operation (and there is no default response)',
  'response.status.default': 'warning: the response status matched only the default response',
  'response.body.incompatible': 'the response body does not validate against the (closed) response schema',
  'response.body.unknown': 'the pact expects a response body but the spec defines none',
  'response.body.unvalidatable': 'warning: the response media type is not JSON, so the body is not checked',
  'response.content-type.incompatible': 'the response Content-Type is not one the spec defines for the status',
  'response.content-type.unknown': 'warning: the response has a Content-Type but the spec defines no media type for the status',
  'response.header.incompatible': 'a response header value does not fit the header schema the spec defines',
  'response.header.unknown': 'the pact expects a non-standard response header the spec does not define',
  'response.header.undefined': 'warning: the pact expects a standard HTTP response header the spec does not define',
} as const;

export type OpenApiFindingCode = keyof typeof OPENAPI_FINDING_CODES;

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

/** Builds a finding for the interaction being checked; `location` is relative to the interaction. */
export type FindingFactory = (
  code: OpenApiFindingCode,
  severity: 'error' | 'warning',
  location: string,
  specLocation: string,
  message: string,
) => OpenApiFinding;
