/**
 * A pact request's path variables, query and headers against the operation's parameters.
 */
import type { FindingFactory, OpenApiFinding } from './openapi-findings.ts';
import type { HttpInteraction } from './pact-interactions.ts';
import { coerceParameter, deepObjectOf, parametersOf, type Parameter } from './parameter-values.ts';
import type { OperationMatch, SpecContext } from './spec-context.ts';
import { STANDARD_REQUEST_HEADERS } from './standard-headers.ts';

/** OpenAPI 3: header parameters with these names are ignored; content negotiation and security describe them. */
const IGNORED_HEADER_PARAMETERS = new Set(['accept', 'content-type', 'authorization']);

/** Whether the request's path variables fit their declared schemas; a route where they do not is not a match. */
export function pathFits(ctx: SpecContext, match: OperationMatch): boolean {
  return parametersOf(ctx, match.pathItem, match.operation)
    .filter((p) => p.in === 'path' && match.pathValues[p.name] !== undefined)
    .every((p) => ctx.validate(p.schema, coerceParameter(ctx, p, [decode(match.pathValues[p.name] ?? '')]), false).length === 0);
}

export interface ParameterContext {
  readonly ctx: SpecContext;
  readonly interaction: HttpInteraction;
  readonly match: OperationMatch;
  readonly opLocation: string;
  readonly finding: FindingFactory;
  /** query / header names that carry credentials (apiKey security schemes), declared by the spec although not as parameters */
  readonly credentialNames: { readonly query: ReadonlySet<string>; readonly header: ReadonlySet<string> };
}

export function checkQuery(pc: ParameterContext): OpenApiFinding[] {
  const { ctx, interaction, match, opLocation, finding } = pc;
  const query = interaction.request.query;
  const declared = parametersOf(ctx, match.pathItem, match.operation).filter((p) => p.in === 'query');
  const findings: OpenApiFinding[] = [];
  for (const p of declared) {
    const value =
      p.style === 'deepObject'
        ? deepObjectOf(ctx, p, query)
        : query[p.name] === undefined
          ? undefined
          : coerceParameter(ctx, p, query[p.name] ?? []);
    findings.push(...validateParameter(pc, p, value, 'request.query.incompatible', `request.query.${p.name}`));
  }
  const known = (name: string): boolean =>
    pc.credentialNames.query.has(name) ||
    declared.some((p) => p.name === name || (p.style === 'deepObject' && name.startsWith(`${p.name}[`)));
  for (const name of Object.keys(query).filter((n) => !known(n))) {
    findings.push(
      finding(
        'request.query.unknown',
        'warning',
        `request.query.${name}`,
        `${opLocation}.parameters`,
        `Query parameter is not defined in the spec file: ${name}`,
      ),
    );
  }
  return findings;
}

export function checkRequestHeaders(pc: ParameterContext): OpenApiFinding[] {
  const { ctx, interaction, match, opLocation, finding } = pc;
  const headers = interaction.request.headers;
  const declared = parametersOf(ctx, match.pathItem, match.operation).filter(
    (p) => p.in === 'header' && !IGNORED_HEADER_PARAMETERS.has(p.name.toLowerCase()),
  );
  const findings: OpenApiFinding[] = [];
  for (const p of declared) {
    const raw = headers[p.name.toLowerCase()];
    findings.push(
      ...validateParameter(
        pc,
        p,
        raw === undefined ? undefined : coerceParameter(ctx, p, [raw]),
        'request.header.incompatible',
        `request.headers.${p.name}`,
      ),
    );
  }
  const names = new Set(declared.map((p) => p.name.toLowerCase()));
  for (const name of Object.keys(headers)) {
    if (names.has(name) || STANDARD_REQUEST_HEADERS.has(name) || pc.credentialNames.header.has(name)) continue;
    findings.push(
      finding(
        'request.header.unknown',
        'warning',
        `request.headers.${name}`,
        `${opLocation}.parameters`,
        `Request header is not defined in the spec file: ${name}`,
      ),
    );
  }
  return findings;
}

function validateParameter(
  pc: ParameterContext,
  p: Parameter,
  value: unknown,
  code: 'request.query.incompatible' | 'request.header.incompatible',
  location: string,
): OpenApiFinding[] {
  const specLocation = `${pc.opLocation}.parameters.${p.name}`;
  if (value === undefined) {
    return p.required
      ? [
          pc.finding(
            code,
            'error',
            location,
            specLocation,
            `Value is incompatible with the parameter defined in the spec file: must have required property '${p.name}'`,
          ),
        ]
      : [];
  }
  return pc.ctx
    .validate(p.schema, value, false)
    .map((e) =>
      pc.finding(
        code,
        'error',
        `${location}${e.path}`,
        specLocation,
        `Value is incompatible with the parameter defined in the spec file: ${e.reason}`,
      ),
    );
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
