/**
 * A pact response against the operation's responses: status, Content-Type, headers, then the body against the
 * response schema with undeclared properties forbidden (a consumer may rely on a subset of the response, never on a
 * field the spec does not promise).
 */
import { isJsonMedia, pickMedia, producedTypes, responseContent } from './media-types.ts';
import type { FindingFactory, OpenApiFinding } from './openapi-findings.ts';
import type { HttpInteraction } from './pact-interactions.ts';
import { coerceParameter, responseHeadersOf } from './parameter-values.ts';
import { isObject, type Json } from './json-value.ts';
import type { SpecContext } from './spec-context.ts';
import { STANDARD_RESPONSE_HEADERS } from './standard-headers.ts';

export function checkResponse(
  ctx: SpecContext,
  i: HttpInteraction,
  operation: Json,
  opLocation: string,
  finding: FindingFactory,
): OpenApiFinding[] {
  const responses = isObject(operation['responses']) ? operation['responses'] : {};
  const status = String(i.response.status);
  const key =
    status in responses ? status : `${status[0]}XX` in responses ? `${status[0]}XX` : 'default' in responses ? 'default' : undefined;
  if (key === undefined)
    return [
      finding(
        'response.status.unknown',
        'error',
        'response.status',
        `${opLocation}.responses`,
        `Response status code not defined in spec file: ${status}`,
      ),
    ];
  const findings: OpenApiFinding[] = [];
  if (key === 'default')
    findings.push(
      finding(
        'response.status.default',
        'warning',
        'response.status',
        `${opLocation}.responses`,
        `Response status code matched default response in spec file: ${status}`,
      ),
    );
  const response = ctx.deref(responses[key]);
  const respLocation = `${opLocation}.responses.${key}`;
  findings.push(...checkResponseHeaders(ctx, i, response, respLocation, finding));

  const content = responseContent(ctx, operation, response);
  const contentType = i.response.headers['content-type'];
  const hasContent = Object.keys(content).length > 0;
  // Swagger 2 declares what an operation produces apart from the response's schema
  const declaresMedia = hasContent || (ctx.swagger2 && producedTypes(ctx, operation).length > 0);
  if (contentType !== undefined && !declaresMedia) {
    findings.push(
      finding(
        'response.content-type.unknown',
        'warning',
        'response.headers.content-type',
        respLocation,
        'Response Content-Type header is defined but the spec does not specify any mime-types to produce',
      ),
    );
  }
  const media = hasContent ? pickMedia(content, contentType) : undefined;
  if (hasContent && !media) {
    return [
      ...findings,
      finding(
        'response.content-type.incompatible',
        'error',
        'response.headers.content-type',
        `${respLocation}.content`,
        `Response Content-Type header is incompatible with the mime-types the spec defines to produce: ${Object.keys(content).join(', ')}`,
      ),
    ];
  }
  if (!i.response.hasBody) return findings;
  if (!media)
    return [...findings, finding('response.body.unknown', 'error', 'response.body', respLocation, 'No schema found for response body')];
  if (!isJsonMedia(media.type))
    return [
      ...findings,
      finding(
        'response.body.unvalidatable',
        'warning',
        'response.body',
        `${respLocation}.content`,
        `Body with content type '${media.type}' is not supported by the spec comparator`,
      ),
    ];
  if (media.schema === undefined) return findings;
  for (const e of ctx.validate(media.schema, i.response.body, true)) {
    findings.push(
      finding(
        'response.body.incompatible',
        'error',
        `response.body${e.path}`,
        `${respLocation}.content.${media.type}.schema`,
        `Response body is incompatible with the response body schema in the spec file: ${e.message}`,
      ),
    );
  }
  return findings;
}

/**
 * Headers the pact expects: a declared one must fit its schema; an undeclared standard one (`Date`, `Age`) only
 * warns; an undeclared custom one is an error, since the provider never promised to send it. Content-Type is
 * negotiated separately.
 */
function checkResponseHeaders(
  ctx: SpecContext,
  i: HttpInteraction,
  response: unknown,
  respLocation: string,
  finding: FindingFactory,
): OpenApiFinding[] {
  const declared = responseHeadersOf(ctx, response);
  return Object.entries(i.response.headers).flatMap(([name, value]): OpenApiFinding[] => {
    if (name === 'content-type') return [];
    const location = `response.headers.${name}`;
    const header = declared.get(name);
    if (header) {
      return ctx
        .validate(header.schema, coerceParameter(ctx, header, [value]), false)
        .map((e) =>
          finding(
            'response.header.incompatible',
            'error',
            `${location}${e.path}`,
            `${respLocation}.headers.${name}`,
            `Value is incompatible with the parameter defined in the spec file: ${e.reason}`,
          ),
        );
    }
    if (STANDARD_RESPONSE_HEADERS.has(name))
      return [
        finding(
          'response.header.undefined',
          'warning',
          location,
          `${respLocation}.headers`,
          `Standard http response header is not defined in the spec file: ${name}`,
        ),
      ];
    return [
      finding(
        'response.header.unknown',
        'error',
        location,
        `${respLocation}.headers`,
        `Response header is not defined in the spec file: ${name}`,
      ),
    ];
  });
}
