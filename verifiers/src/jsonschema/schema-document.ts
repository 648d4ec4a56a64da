/**
 * Parses a schema document as published: `.json` strictly with JSON.parse, anything else as YAML (OpenAPI is
 * often YAML). A syntax error comes back as a result with its line and column, not as an exception.
 */
import { parse as parseYaml, parseDocument } from 'yaml';
import type { JsonValue } from './schema-refs.ts';

export type SchemaDocumentResult =
  | { readonly status: 'ok'; readonly value: JsonValue }
  | { readonly status: 'invalid'; readonly line: number; readonly column: number; readonly message: string };

export function parseSchemaDocument(path: string, text: string): SchemaDocumentResult {
  if (path.endsWith('.json')) {
    try {
      return { status: 'ok', value: JSON.parse(text) as JsonValue };
    } catch (error) {
      // Node reports "... in JSON at position 42" (Node 20) or "... (line 3 column 5)" (Node 22).
      const message = (error as Error).message;
      const position = /position (\d+)/.exec(message)?.[1];
      const before = text.slice(0, Number(position ?? 0)).split('\n');
      // some messages carry no position (Node 20: "Unexpected token '}', ... is not valid JSON"): ask the YAML parser where
      const fallback = position === undefined ? parseDocument(text, { prettyErrors: true }).errors[0]?.linePos?.[0] : undefined;
      return {
        status: 'invalid',
        line: fallback?.line ?? before.length,
        column: fallback?.col ?? (before.at(-1)?.length ?? 0) + 1,
        message: `not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}`,
      };
    }
  }
  // prettyErrors: the yaml package fills `linePos` (the error's line and column) only with it
  const doc = parseDocument(text, { prettyErrors: true });
  const error = doc.errors[0];
  if (error) {
    return {
      status: 'invalid',
      line: error.linePos?.[0].line ?? 1,
      column: error.linePos?.[0].col ?? 1,
      message: `not valid YAML: ${(error.message.split('\n')[0] ?? error.code).replace(/ at line \d+, column \d+:?$/, '')}`,
    };
  }
  return { status: 'ok', value: parseYaml(text) as JsonValue };
}
