/**
 * A pact request's body and Content-Type against the operation's request body. The body is validated as the spec
 * says (objects are not closed: the provider defines what it accepts).
 */
import { formBodyOf, formKindOf } from './form-bodies.ts';
import { isJsonMedia, pickMedia, requestContent, type Media } from './media-types.ts';
import type { FindingFactory, OpenApiFinding } from './openapi-findings.ts';
import type { HttpInteraction } from './pact-interactions.ts';
import type { Json } from './json-value.ts';
import type { SpecContext } from './spec-context.ts';

export interface RequestBodyContext {
  readonly ctx: SpecContext;
  readonly interaction: HttpInteraction;
  readonly operation: Json;
  readonly opLocation: string;
  readonly finding: FindingFactory;
  /** a consumer testing a 4xx answer sends an invalid body on purpose: only its Content-Type is checked */
  readonly expectsClientError: boolean;
}

export function checkRequestBody(rc: RequestBodyContext): OpenApiFinding[] {
  const { ctx, interaction: i, opLocation, finding } = rc;
  const body = requestContent(ctx, rc.operation);
  const contentType = i.request.headers['content-type'];
  if (!body) {
    return [
      ...(contentType === undefined
        ? []
        : [
            finding(
              'request.content-type.unknown',
              'warning',
              'request.headers.content-type',
              opLocation,
              'Request content-type header is defined but the spec does not specify any mime-types to consume',
            ),
          ]),
      ...(i.request.hasBody
        ? [finding('request.body.unknown', 'warning', 'request.body', opLocation, 'No matching schema found for request body')]
        : []),
    ];
  }
  const contentLocation = `${opLocation}.requestBody.content`;
  const media = pickMedia(body.content, contentType);
  if (!media)
    return [
      finding(
        'request.content-type.incompatible',
        'error',
        'request.headers.content-type',
        contentLocation,
        `Request Content-Type header is incompatible with the mime-types the spec accepts to consume: ${Object.keys(body.content).join(', ')}`,
      ),
    ];
  const findings: OpenApiFinding[] = [];
  if (contentType === undefined && i.request.hasBody && i.request.body !== '') {
    findings.push(
      finding(
        'request.content-type.missing',
        'warning',
        'request.headers.content-type',
        contentLocation,
        'Request content type header is not defined but spec specifies mime-types to consume',
      ),
    );
  }
  if (rc.expectsClientError) return findings;
  if (!i.request.hasBody) return body.required ? [...findings, ...validateBody(rc, media, undefined)] : findings;
  const form = formKindOf(media.type);
  if (form) return [...findings, ...validateBody(rc, media, formBodyOf(ctx, form, i.request.body, contentType, media.schema))];
  if (!isJsonMedia(media.type))
    return [
      ...findings,
      finding(
        'request.body.unvalidatable',
        'warning',
        'request.body',
        contentLocation,
        `Body with content type '${media.type}' is not supported by the spec comparator`,
      ),
    ];
  return [...findings, ...validateBody(rc, media, i.request.body)];
}

/** A missing body is validated as an absent value, so a required body with schema `{}` (anything) still passes. */
function validateBody(rc: RequestBodyContext, media: Media, value: unknown): OpenApiFinding[] {
  if (media.schema === undefined) return [];
  return rc.ctx
    .validate(media.schema, value, false)
    .map((e) =>
      rc.finding(
        'request.body.incompatible',
        'error',
        `request.body${e.path}`,
        `${rc.opLocation}.requestBody.content.${media.type}.schema`,
        `Request body is incompatible with the request body schema in the spec file: ${e.message}`,
      ),
    );
}
