// Reads the schema files named on the command line (files or folders) for `treaty schema diff|publish|check`,
// and checks locally that they parse, so a typo is reported with its file:line:column before anything is compared
// or sent. Paths inside a publication are relative (what `import "..."` and `$ref`s name).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { loadProtoFiles, readProtoFolder, type BufConfig } from '@treaty/verifiers/protobuf';
import { openApiProblem } from '@treaty/verifiers/openapi';
import { parseSchemaDocument, PointerLocator, validateMetaSchema, type JsonValue } from '@treaty/verifiers/jsonschema';
import { validateAsyncApi } from '@treaty/verifiers/asyncapi';
import type { SchemaFile, SchemaKind } from '@treaty/wire';
import { InvalidSchemaFileError, NoSchemaFilesError } from '../errors.ts';

export { SCHEMA_KINDS } from './schema-kinds.ts';

export interface SchemaInput {
  readonly kind: SchemaKind;
  /** the file or folder as the user named it, to build the paths printed in errors */
  readonly label: string;
  /** true when `label` is a folder (file paths are relative to it) */
  readonly isFolder: boolean;
  readonly files: readonly SchemaFile[];
  /** the folder's buf.yaml, when there is one (protobuf) */
  readonly bufConfig: BufConfig | null;
}

/** A file or folder of a schema publication, its parsed JSON/YAML documents when the kind has them. */
export interface ParsedSchemaInput extends SchemaInput {
  /** relative path → parsed document (jsonschema, openapi) */
  readonly documents: ReadonlyMap<string, JsonValue>;
}

const EXTENSIONS: Record<SchemaKind, readonly string[]> = {
  protobuf: ['.proto'],
  jsonschema: ['.json', '.yaml', '.yml'],
  openapi: ['.json', '.yaml', '.yml'],
  asyncapi: ['.json', '.yaml', '.yml'],
};

const hasExtension = (kind: SchemaKind, name: string): boolean =>
  EXTENSIONS[kind].some((ext) => name.endsWith(ext)) && name !== 'buf.yaml' && name !== 'buf.lock';

function listFiles(kind: SchemaKind, dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...listFiles(kind, path));
    else if (hasExtension(kind, entry)) out.push(path);
  }
  return out;
}

const slash = (path: string): string => path.split(sep).join('/');

/** The path a user sees for a file of the input: the folder joined with the relative path, or the file itself. */
export function displayPath(input: Pick<SchemaInput, 'label' | 'isFolder' | 'files'>, path: string | null): string {
  if (path === null) return input.label;
  if (input.isFolder) return slash(join(input.label, path));
  return input.files.length === 1 ? input.label : path;
}

/**
 * Reads `args` (one folder, or one or more files) of `kind`. A folder of protobuf honours its buf.yaml
 * (build roots, breaking rules). Several files are named relative to their common parent folder.
 */
export function readSchemaInput(kind: SchemaKind, args: readonly string[], cwd: string): SchemaInput {
  if (args.length === 0)
    throw new NoSchemaFilesError('No schema files given. Pass a file or a folder, e.g. contracts/payment.proto or contracts/.');
  for (const arg of args) {
    if (!existsSync(resolve(cwd, arg)))
      throw new NoSchemaFilesError(`${arg} does not exist. Pass the ${kind} file(s) or a folder of them.`);
  }
  const first = resolve(cwd, args[0] ?? '.');
  if (args.length === 1 && statSync(first).isDirectory()) return readFolder(kind, args[0] ?? '.', first);
  const absolute = args.map((a) => resolve(cwd, a));
  const folders = absolute.filter((a) => statSync(a).isDirectory());
  if (folders.length > 0)
    throw new NoSchemaFilesError(
      `Pass either one folder or a list of files, not both (${args.filter((a) => statSync(resolve(cwd, a)).isDirectory()).join(', ')} is a folder).`,
    );
  const base = commonFolder(absolute);
  const files = absolute.map((a) => ({ path: slash(relative(base, a)), content: readFileSync(a, 'utf8') }));
  return {
    kind,
    label: args.length === 1 ? (args[0] ?? '') : slash(relative(cwd, base) || '.'),
    isFolder: args.length > 1,
    files,
    bufConfig: null,
  };
}

function readFolder(kind: SchemaKind, label: string, dir: string): SchemaInput {
  if (kind === 'protobuf') {
    let folder: ReturnType<typeof readProtoFolder>;
    try {
      folder = readProtoFolder(dir);
    } catch (error) {
      throw new InvalidSchemaFileError(`${slash(join(label, 'buf.yaml'))}: ${(error as Error).message.replace(/^.*buf\.yaml: /, '')}`);
    }
    const files = Object.entries(folder.sources).map(([path, content]) => ({ path, content }));
    if (files.length === 0) throw new NoSchemaFilesError(`The folder ${label} has no .proto files.`);
    return { kind, label, isFolder: true, files, bufConfig: folder.config };
  }
  const files = listFiles(kind, dir).map((f) => ({ path: slash(relative(dir, f)), content: readFileSync(f, 'utf8') }));
  if (files.length === 0)
    throw new NoSchemaFilesError(`The folder ${label} has no ${EXTENSIONS[kind].join(', ')} files for --kind ${kind}.`);
  return { kind, label, isFolder: true, files, bufConfig: null };
}

function commonFolder(paths: readonly string[]): string {
  let base = dirname(paths[0] ?? '.');
  while (!paths.every((p) => p === base || p.startsWith(base.endsWith(sep) ? base : `${base}${sep}`))) {
    const parent = dirname(base);
    if (parent === base) break;
    base = parent;
  }
  return base;
}

/**
 * Parses and validates every file; throws one InvalidSchemaFileError listing every problem as file:line:column.
 * Asynchronous: an AsyncAPI publication is validated by @asyncapi/parser.
 */
export async function parseSchemaInput(input: SchemaInput): Promise<ParsedSchemaInput> {
  const problems: string[] = [];
  const documents = new Map<string, JsonValue>();
  if (input.kind === 'asyncapi') return parseAsyncApiInput(input);
  if (input.kind === 'protobuf') {
    const loaded = loadProtoFiles(Object.fromEntries(input.files.map((f) => [f.path, f.content])));
    if (loaded.status === 'invalid')
      problems.push(...loaded.errors.map((e) => `${displayPath(input, e.file)}:${e.line}:${e.column}: ${e.message}`));
  } else {
    for (const file of input.files) {
      const parsed = parseSchemaDocument(file.path, file.content);
      if (parsed.status === 'invalid') {
        problems.push(`${displayPath(input, file.path)}:${parsed.line}:${parsed.column}: ${parsed.message}`);
        continue;
      }
      documents.set(file.path, parsed.value);
      problems.push(...documentProblems(input.kind, file, parsed.value).map((p) => `${displayPath(input, file.path)}:${p}`));
    }
  }
  if (problems.length > 0) {
    const what = problems.length === 1 ? 'This schema file is invalid' : `These ${problems.length} schema problems were found`;
    throw new InvalidSchemaFileError(
      `${what} (--kind ${input.kind}):\n  ${problems.join('\n  ')}\nFix the file; nothing was compared or sent.`,
    );
  }
  return { ...input, documents };
}

/**
 * An AsyncAPI publication: the document (the one file with an `asyncapi` field) first, then the files it `$ref`s,
 * validated by @asyncapi/parser.
 */
async function parseAsyncApiInput(input: SchemaInput): Promise<ParsedSchemaInput> {
  const documents = new Map<string, JsonValue>();
  const problems: string[] = [];
  for (const file of input.files) {
    const parsed = parseSchemaDocument(file.path, file.content);
    if (parsed.status === 'invalid') problems.push(`${displayPath(input, file.path)}:${parsed.line}:${parsed.column}: ${parsed.message}`);
    else documents.set(file.path, parsed.value);
  }
  const roots = input.files.filter((f) => {
    const doc = documents.get(f.path);
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) && 'asyncapi' in doc;
  });
  if (problems.length === 0 && roots.length !== 1) {
    problems.push(
      roots.length === 0
        ? `${input.label}: no AsyncAPI document (a file with an "asyncapi" field, e.g. asyncapi: 3.0.0)`
        : `${input.label}: ${roots.length} AsyncAPI documents (${roots.map((r) => r.path).join(', ')}); publish each under its own subject`,
    );
  }
  const [root] = roots;
  const files = root ? [root, ...input.files.filter((f) => f !== root)] : [...input.files];
  if (problems.length === 0) {
    const result = await validateAsyncApi(files);
    if (result.status === 'invalid')
      problems.push(...result.problems.map((p) => `${displayPath(input, p.file)}:${p.line}:${p.column}: ${p.message}`));
  }
  if (problems.length > 0) {
    const what = problems.length === 1 ? 'This AsyncAPI publication is invalid' : `These ${problems.length} AsyncAPI problems were found`;
    throw new InvalidSchemaFileError(`${what} (--kind asyncapi):\n  ${problems.join('\n  ')}\nFix the file; nothing was compared or sent.`);
  }
  return { ...input, files, documents };
}

/** `line:column: problem` for each reason the document is not a valid JSON Schema / OpenAPI document. */
function documentProblems(kind: SchemaKind, file: SchemaFile, value: JsonValue): string[] {
  if (kind === 'openapi') {
    const problem = openApiProblem(value);
    return problem ? [`1:1: ${problem}`] : [];
  }
  const result = validateMetaSchema(value);
  if (result.status === 'valid') return [];
  const locator = new PointerLocator(file.content);
  return result.errors.map((e) => {
    const at = locator.locate(e.path);
    return `${at.line}:${at.column}: ${e.path || '/'} ${e.message} (not a valid JSON Schema)`;
  });
}
