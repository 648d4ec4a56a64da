/**
 * A pact against a provider's OpenAPI document (PactFlow's "bi-directional" idea, ../shared/reference/bidirectional.md):
 * every HTTP interaction must be something the document allows. Result codes are swagger-mock-validator's, so users of
 * PactFlow recognise them. Errors fail the check; warnings do not.
 */
import { acceptsAny, producedTypes } from './media-types.ts';
import type { OpenApiDocument } from './openapi-document.ts';
import type { FindingFactory, OpenApiFinding } from './openapi-findings.ts';
import { httpInteractions, type HttpInteraction } from './pact-interactions.ts';
import { checkQuery, checkRequestHeaders, pathFits } from './parameter-checks.ts';
import { checkRequestBody } from './request-body-checks.ts';
import { checkResponse } from './response-checks.ts';
import { checkSecurity, credentialNamesOf } from './security-checks.ts';
import type { Json } from './json-value.ts';
import { SpecContext } from './spec-context.ts';
import type { CompatibilityResult } from '../compatibility.ts';

export { OPENAPI_FINDING_CODES, type OpenApiFinding, type OpenApiFindingCode } from './openapi-findings.ts';

/**
 * - compatible: no error (warnings may be listed);
 * - incompatible: at least one error finding;
 * - unknown: nothing could be checked (no HTTP interactions) or the document cannot be used (a `$ref` that does not resolve).
 */
/**
 * `findings`: every finding (errors, warnings); `breakingChanges`: its errors, the expectations the document does not meet.
 * The pact and the document are parsed before this check runs, so it is never `invalid`.
 */
export type PactOpenApiResult = Exclude<
  CompatibilityResult<OpenApiFinding, never, { readonly findings: readonly OpenApiFinding[] }>,
  { readonly status: 'invalid' }
>;

export function comparePactWithOpenApi(pact: unknown, document: OpenApiDocument): PactOpenApiResult {
  const interactions = httpInteractions(pact);
  if (interactions.length === 0)
    return { status: 'unknown', findings: [], reasons: ['the pact has no HTTP interactions to check against the OpenAPI document'] };
  const ctx = new SpecContext(document);
  const findings: OpenApiFinding[] = [];
  for (const interaction of interactions) findings.push(...checkInteraction(ctx, interaction));
  if (ctx.unresolved.size > 0)
    return {
      status: 'unknown',
      findings,
      reasons: [...ctx.unresolved].map((r) => `$ref ${JSON.stringify(r)} does not resolve in the OpenAPI document`),
    };
  const breakingChanges = findings.filter((f) => f.severity === 'error');
  return breakingChanges.length > 0 ? { status: 'incompatible', breakingChanges, findings } : { status: 'compatible', findings };
}

function checkInteraction(ctx: SpecContext, i: HttpInteraction): OpenApiFinding[] {
  const at = `[root].interactions[${i.index}]`;
  const finding: FindingFactory = (code, severity, location, specLocation, message) => ({
    code,
    severity,
    interaction: i.description,
    location: `${at}.${location}`,
    specLocation,
    message,
  });
  const match = ctx.findOperation(i.request.path, i.request.method, (m) => pathFits(ctx, m));
  if (!match)
    return [
      finding(
        'request.path-or-method.unknown',
        'error',
        'request.path',
        '[root].paths',
        `Path or method not defined in spec file: ${i.request.method.toUpperCase()} ${i.request.path}`,
      ),
    ];
  const { operation } = match;
  const opLocation = `[root].paths.${match.specPath}.${i.request.method}`;
  // a consumer testing a 4xx answer (bad input, missing or rejected credentials) sends such a request on purpose
  const expectsClientError = i.response.status >= 400 && i.response.status < 500;
  const findings = [
    ...checkRequestBody({ ctx, interaction: i, operation, opLocation, finding, expectsClientError }),
    ...checkAccept(ctx, i, operation, opLocation, finding),
  ];
  if (!expectsClientError) {
    const pc = { ctx, interaction: i, match, opLocation, finding, credentialNames: credentialNamesOf(ctx, operation) };
    findings.push(...checkSecurity(ctx, i, operation, opLocation, finding), ...checkQuery(pc), ...checkRequestHeaders(pc));
  }
  findings.push(...checkResponse(ctx, i, operation, opLocation, finding));
  return findings;
}

/** Accept is negotiated against every media type the operation produces, whatever status this interaction expects. */
function checkAccept(ctx: SpecContext, i: HttpInteraction, operation: Json, opLocation: string, finding: FindingFactory): OpenApiFinding[] {
  const accept = i.request.headers['accept'];
  if (accept === undefined) return [];
  const produced = producedTypes(ctx, operation);
  if (produced.length === 0)
    return [
      finding(
        'request.accept.unknown',
        'warning',
        'request.headers.accept',
        `${opLocation}.responses`,
        'Request Accept header is defined but the spec does not specify any mime-types to produce',
      ),
    ];
  if (acceptsAny(accept, produced)) return [];
  return [
    finding(
      'request.accept.incompatible',
      'error',
      'request.headers.accept',
      `${opLocation}.responses`,
      `Request Accept header is incompatible with the mime-types the spec defines to produce: ${produced.join(', ')}`,
    ),
  ];
}
