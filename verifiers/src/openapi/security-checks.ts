/**
 * Does a pact request carry the credentials an operation requires? The operation's `security` (or the document's)
 * lists alternatives (any one suffices); each alternative names schemes that must all be present.
 */
import type { FindingFactory, OpenApiFinding } from './openapi-findings.ts';
import type { HttpInteraction } from './pact-interactions.ts';
import { isObject, type Json } from './json-value.ts';
import type { SpecContext } from './spec-context.ts';

/** Where a scheme's credential travels; `none` for schemes a pact cannot show (cookies, mutual TLS) or does not know. */
type Credential = { readonly in: 'header' | 'query'; readonly name: string } | { readonly in: 'none' };

function credentialOf(scheme: unknown): Credential {
  if (!isObject(scheme)) return { in: 'none' };
  switch (scheme['type']) {
    case 'apiKey':
      return (scheme['in'] === 'header' || scheme['in'] === 'query') && typeof scheme['name'] === 'string'
        ? { in: scheme['in'], name: scheme['in'] === 'header' ? scheme['name'].toLowerCase() : scheme['name'] }
        : { in: 'none' };
    // http (basic, bearer, …), Swagger 2's basic, OAuth 2 and OpenID Connect tokens all go in Authorization
    case 'http':
    case 'basic':
    case 'oauth2':
    case 'openIdConnect':
      return { in: 'header', name: 'authorization' };
    default:
      return { in: 'none' };
  }
}

function schemesOf(ctx: SpecContext): Json {
  const components = isObject(ctx.doc['components']) ? ctx.doc['components'] : {};
  const schemes = ctx.swagger2 ? ctx.doc['securityDefinitions'] : components['securitySchemes'];
  return isObject(schemes) ? schemes : {};
}

/** The alternatives, each a list of credentials that must all be present. */
function requirementsOf(ctx: SpecContext, operation: Json): Credential[][] {
  const security = Array.isArray(operation['security'])
    ? operation['security']
    : Array.isArray(ctx.doc['security'])
      ? ctx.doc['security']
      : [];
  const schemes = schemesOf(ctx);
  return security.filter(isObject).map((requirement) => Object.keys(requirement).map((name) => credentialOf(ctx.deref(schemes[name]))));
}

/** apiKey names in query and headers: they are declared by the spec, so never "unknown" parameters. */
export function credentialNamesOf(ctx: SpecContext, operation: Json): { query: Set<string>; header: Set<string> } {
  const names = { query: new Set<string>(), header: new Set<string>() };
  for (const credential of requirementsOf(ctx, operation).flat()) if (credential.in !== 'none') names[credential.in].add(credential.name);
  return names;
}

export function checkSecurity(
  ctx: SpecContext,
  interaction: HttpInteraction,
  operation: Json,
  opLocation: string,
  finding: FindingFactory,
): OpenApiFinding[] {
  const alternatives = requirementsOf(ctx, operation);
  if (alternatives.length === 0) return [];
  const present = (c: Credential): boolean =>
    c.in === 'none' ||
    (c.in === 'header' ? interaction.request.headers[c.name] !== undefined : interaction.request.query[c.name] !== undefined);
  if (alternatives.some((all) => all.every(present))) return [];
  // report where the first alternative's first missing credential was expected
  const missing = alternatives[0]?.find((c) => !present(c));
  const where = missing?.in === 'query' ? 'query' : 'header';
  return [
    finding(
      'request.authorization.missing',
      'error',
      where === 'query' ? 'request.query' : 'request.headers',
      `${opLocation}.security`,
      `Request Authorization ${where} is missing but is required by the spec file`,
    ),
  ];
}
