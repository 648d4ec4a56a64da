// A schema publication's content: its canonical form and SHA-256 (the content identity, like a pact version's), and
// the validation that turns a file that is not a schema of its kind into a problem naming the file, line and problem.
import { createHash } from 'node:crypto';
import type { SchemaFile, SchemaKind } from '@treaty/wire';
import { loadProtoFiles } from '@treaty/verifiers/protobuf';
import { parseOpenApi } from '@treaty/verifiers/openapi';
import { validateMetaSchema } from '@treaty/verifiers/jsonschema';
import { validateAsyncApi } from '@treaty/verifiers/asyncapi';
import { DEFAULT_MAX_JSON_DEPTH, exceedsJsonDepth, textNestingDepth } from '../json-depth.ts';

export interface FileProblem {
  file: string;
  line: number | null;
  column: number | null;
  message: string;
}

/**
 * The first file is the root (the JSON Schema or OpenAPI document others are `$ref`ed from); the rest are sorted by
 * path, so listing them in another order publishes the same content.
 */
export function canonicalFiles(files: readonly SchemaFile[]): SchemaFile[] {
  const [root, ...rest] = files.map((f) => ({ path: normalisePath(f.path), content: f.content }));
  return root ? [root, ...rest.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))] : [];
}

const normalisePath = (path: string): string => path.replace(/\\/g, '/').replace(/^\.\//, '');

export function schemaContentSha(kind: SchemaKind, files: readonly SchemaFile[]): string {
  return createHash('sha256')
    .update(JSON.stringify({ kind, files: canonicalFiles(files) }))
    .digest('hex');
}

/**
 * Every problem of every file; empty when the publication is a valid schema set of its kind. Asynchronous because
 * AsyncAPI documents are validated by @asyncapi/parser, which is (and which is loaded on the first one).
 */
export async function validateSchemaFiles(kind: SchemaKind, files: readonly SchemaFile[]): Promise<FileProblem[]> {
  const problems = [...pathProblems(files), ...nestingProblems(kind, files)];
  if (problems.length > 0) return problems;
  switch (kind) {
    case 'protobuf': {
      const result = loadProtoFiles(Object.fromEntries(files.map((f) => [normalisePath(f.path), f.content])));
      return result.status === 'ok'
        ? []
        : result.errors.map((e) => ({ file: e.file, line: e.line || null, column: e.column || null, message: e.message }));
    }
    case 'jsonschema':
      return files.flatMap((f) => {
        const parsed = parseJsonFile(f);
        if ('problem' in parsed) return [parsed.problem];
        const meta = validateMetaSchema(parsed.value);
        return meta.status === 'valid'
          ? []
          : meta.errors.map((e) => ({
              file: f.path,
              line: lineOfPointer(f.content, e.path),
              column: null,
              message: `${e.path || '(root)'} ${e.message} (meta-schema)`,
            }));
      });
    case 'openapi': {
      const [root] = files;
      if (!root) return [];
      const parsed = parseOpenApi(root.path, root.content);
      return parsed.status === 'ok' ? [] : parsed.errors.map((e) => ({ file: e.file, line: e.line, column: e.column, message: e.message }));
    }
    case 'asyncapi': {
      const result = await validateAsyncApi(files.map((f) => ({ path: normalisePath(f.path), content: f.content })));
      return result.status === 'valid' ? [] : result.problems.map((p) => ({ ...p }));
    }
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/**
 * Files nesting deeper than DEFAULT_MAX_JSON_DEPTH levels, measured on the text before any parser runs: the YAML,
 * protobuf and JSON Schema parsers recurse once per level and overflow the stack (or run out of memory) on hostile
 * documents thousands of levels deep.
 */
function nestingProblems(kind: SchemaKind, files: readonly SchemaFile[]): FileProblem[] {
  const yamlBlocks = kind === 'openapi' || kind === 'asyncapi';
  return files
    .filter((f) => textNestingDepth(f.content, { limit: DEFAULT_MAX_JSON_DEPTH, yamlBlocks }) > DEFAULT_MAX_JSON_DEPTH)
    .map((f) => ({
      file: f.path,
      line: null,
      column: null,
      message: `nests more than ${DEFAULT_MAX_JSON_DEPTH} levels deep (the limit for schema documents)`,
    }));
}

function pathProblems(files: readonly SchemaFile[]): FileProblem[] {
  const seen = new Set<string>();
  const problems: FileProblem[] = [];
  for (const f of files) {
    const path = normalisePath(f.path);
    if (path === '' || path.startsWith('/') || path.split('/').includes('..'))
      problems.push({
        file: f.path,
        line: null,
        column: null,
        message: 'path must be relative, without "..", e.g. payment/v1/payment.proto',
      });
    if (seen.has(path)) problems.push({ file: f.path, line: null, column: null, message: 'the same path is given twice' });
    seen.add(path);
  }
  return problems;
}

/** JSON.parse with the line and column of a syntax error. */
export function parseJsonFile(file: SchemaFile): { value: unknown } | { problem: FileProblem } {
  try {
    const value = JSON.parse(file.content) as unknown;
    if (exceedsJsonDepth(value, DEFAULT_MAX_JSON_DEPTH))
      return {
        problem: {
          file: file.path,
          line: null,
          column: null,
          message: `nests arrays and objects more than ${DEFAULT_MAX_JSON_DEPTH} levels deep (the limit for schema documents)`,
        },
      };
    return { value };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = /position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : undefined;
    const before = offset === undefined ? '' : file.content.slice(0, offset);
    const line = offset === undefined ? (/line (\d+)/.exec(message)?.[1] ?? null) : before.split('\n').length;
    const column = offset === undefined ? null : offset - before.lastIndexOf('\n');
    return { problem: { file: file.path, line: line === null ? null : Number(line), column, message: `is not valid JSON: ${message}` } };
  }
}

/** Best effort: the line of the last key of a JSON Pointer in pretty-printed JSON (null when not found). */
export function lineOfPointer(text: string, pointer: string): number | null {
  const key = pointer.split('/').filter(Boolean).pop();
  if (key === undefined) return 1;
  const index = text.split('\n').findIndex((l) => l.includes(`"${key.replace(/~1/g, '/').replace(/~0/g, '~')}"`));
  return index < 0 ? null : index + 1;
}
