/**
 * Reading an OpenAPI document (3.0 / 3.1, JSON or YAML; Swagger 2.0 is read too, for its paths) and telling a user
 * precisely why a file is not one: the file, the line and the problem.
 */
import { parseDocument } from 'yaml';
import { isObject } from '../json.ts';

export interface OpenApiProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type OpenApiDocument = Record<string, unknown> & { readonly paths?: Record<string, unknown> };

export type ParsedOpenApi =
  | { readonly status: 'ok'; readonly document: OpenApiDocument; readonly version: string }
  | { readonly status: 'invalid'; readonly errors: readonly OpenApiProblem[] };

/** Parses one OpenAPI file (YAML is a superset of JSON, so one parser reads both and reports lines for both). */
export function parseOpenApi(file: string, text: string): ParsedOpenApi {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false });
  if (doc.errors.length > 0) {
    return {
      status: 'invalid',
      errors: doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line ?? 1,
        column: e.linePos?.[0]?.col ?? 1,
        message: e.message.split('\n')[0] ?? e.message,
      })),
    };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  const problem = (message: string): ParsedOpenApi => ({ status: 'invalid', errors: [{ file, line: 1, column: 1, message }] });
  if (!isObject(value))
    return problem('is not an OpenAPI document: the top level must be an object with an "openapi" field (e.g. openapi: 3.1.0)');
  const version =
    typeof value['openapi'] === 'string' ? value['openapi'] : typeof value['swagger'] === 'string' ? value['swagger'] : undefined;
  if (version === undefined) return problem('is not an OpenAPI document: it has no "openapi" field (e.g. openapi: 3.1.0)');
  if (!/^(3\.[01]\.\d+|2\.0)$/.test(version))
    return problem(`OpenAPI version ${JSON.stringify(version)} is not supported; use 3.0.x or 3.1.x`);
  if (value['paths'] !== undefined && !isObject(value['paths'])) {
    return {
      status: 'invalid',
      errors: [{ file, line: lineOf(text, 'paths'), column: 1, message: '"paths" must be an object of path templates' }],
    };
  }
  return { status: 'ok', document: value as OpenApiDocument, version };
}

function lineOf(text: string, key: string): number {
  const index = text.split('\n').findIndex((l) => new RegExp(`^\\s*"?${key}"?\\s*:`).test(l));
  return index < 0 ? 1 : index + 1;
}
