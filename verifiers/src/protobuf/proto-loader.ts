/**
 * Loads a set of `.proto` sources (path → text): parses each with protobufjs (which validates the syntax),
 * checks that imports and type references resolve within the set, locates declarations, and builds the
 * normalized model. Pure: no file-system access (see `proto-folder.ts` for reading a folder).
 */
import { createHash } from 'node:crypto';
import protobuf from 'protobufjs';
import type { LoadResult, ProtoFile, ProtoSourceError } from './proto-model.ts';
import { locateDeclarations, type FileLocations } from './proto-locations.ts';
import { buildFile, mapEntryName, type ParsedFile } from './proto-model-builder.ts';

export type ProtoSources = Readonly<Record<string, string>>;

/** Imports that may be referenced without being part of the set (protoc ships them). */
const WELL_KNOWN_PREFIX = 'google/protobuf/';

/**
 * Whole loaded sets by the hashes of their files: the model of a file depends on the types of the others, so it is
 * cached per set. The broker checks one published version against many; the CLI compares both ways for FULL.
 */
const setCache = new Map<string, LoadResult>();
const SET_CACHE_LIMIT = 50;

export function loadProtoFiles(sources: ProtoSources): LoadResult {
  // Each source is hashed once here and the key handed on to the parse cache (hashing is per byte of source).
  const entries = Object.entries(sources)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, source]) => ({ path, source, key: cacheKey(path, source) }));
  const setKey = entries.map((e) => e.key).join('\n');
  const cached = setCache.get(setKey);
  if (cached) return cached;
  const result = loadUncached(entries, sources);
  if (setCache.size >= SET_CACHE_LIMIT) setCache.delete(setCache.keys().next().value as string);
  setCache.set(setKey, result);
  return result;
}

const cacheKey = (path: string, source: string): string => `${path}\u0000${createHash('sha256').update(source).digest('base64')}`;

interface SourceEntry {
  readonly path: string;
  readonly source: string;
  /** path + content hash, the parse cache's key */
  readonly key: string;
}

function loadUncached(entries: readonly SourceEntry[], sources: ProtoSources): LoadResult {
  const errors: ProtoSourceError[] = [];
  const parsed: ParsedFile[] = [];
  for (const entry of entries) {
    const result = parseOne(entry);
    if ('error' in result) errors.push(result.error);
    else parsed.push(result.file);
  }
  if (errors.length > 0) return { status: 'invalid', errors };
  errors.push(...missingImports(parsed, sources));
  if (errors.length > 0) return { status: 'invalid', errors };
  const typeIndex = indexTypes(parsed);
  const files: ProtoFile[] = [];
  for (const file of parsed) {
    const built = buildFile(file, typeIndex);
    if (built.status === 'invalid') errors.push(...built.errors);
    else files.push(built.file);
  }
  return errors.length > 0 ? { status: 'invalid', errors } : { status: 'ok', fileSet: { files } };
}

type ParseOutcome = { file: ParsedFile } | { error: ProtoSourceError };

/**
 * Parse results by path + content hash. A broker checks the same published version against many others and the
 * CLI compares a set with itself per direction, so the same text is parsed again and again; parsing (protobufjs
 * plus the locator) is most of the cost. The entries are treated as immutable by the model builder.
 */
const parseCache = new Map<string, ParseOutcome>();
const PARSE_CACHE_LIMIT = 2000;

/** Empties the parse cache (benchmarks use it to time cold parses). */
export function clearParseCache(): void {
  parseCache.clear();
  setCache.clear();
}

function parseOne({ path, source, key }: SourceEntry): ParseOutcome {
  const cached = parseCache.get(key);
  if (cached) return cached;
  const outcome = parseUncached(path, source);
  // Oldest first out: Map iteration order is insertion order.
  if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.delete(parseCache.keys().next().value as string);
  parseCache.set(key, outcome);
  return outcome;
}

function parseUncached(path: string, source: string): ParseOutcome {
  try {
    const result = protobuf.parse(source, new protobuf.Root(), { keepCase: true, alternateCommentMode: true });
    const locations: FileLocations = locateDeclarations(source);
    return { file: { path, source, result, locations } };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { error: { file: path, ...errorPosition(message, source), message: message.replace(/\s*\(line \d+\)$/, '') } };
  }
}

/** protobufjs reports `illegal token 'x' (line 3)`; find the column of the quoted token on that line. */
function errorPosition(message: string, source: string): { line: number; column: number } {
  const lineMatch = /\(line (\d+)\)/.exec(message);
  const line = lineMatch ? Number(lineMatch[1]) : 1;
  const token = /'([^']*)'/.exec(message)?.[1];
  const text = source.split('\n')[line - 1] ?? '';
  const index = token ? text.indexOf(token) : -1;
  return { line, column: index >= 0 ? index + 1 : 1 };
}

function missingImports(files: readonly ParsedFile[], sources: ProtoSources): ProtoSourceError[] {
  const errors: ProtoSourceError[] = [];
  for (const file of files) {
    const imports = [...(file.result.imports ?? []), ...(file.result.weakImports ?? [])];
    for (const imported of imports) {
      if (imported in sources || imported.startsWith(WELL_KNOWN_PREFIX)) continue;
      const lines = file.source.split('\n');
      const index = lines.findIndex((l) => l.includes(`"${imported}"`) || l.includes(`'${imported}'`));
      errors.push({
        file: file.path,
        line: index + 1 || 1,
        column: index >= 0 ? (lines[index]?.indexOf('import') ?? 0) + 1 : 1,
        message: `import "${imported}": file does not exist in this set of .proto files.`,
      });
    }
  }
  return errors;
}

/** full type name (no leading dot) → 'message' | 'enum', across the whole set. */
export type TypeIndex = ReadonlyMap<string, 'message' | 'enum'>;

function indexTypes(files: readonly ParsedFile[]): TypeIndex {
  const index = new Map<string, 'message' | 'enum'>();
  for (const file of files) indexNamespace(index, file.result.root, '');
  return index;
}

/** A module-level recursive function rather than a closure per call (one type per declaration in the set). */
function indexNamespace(index: Map<string, 'message' | 'enum'>, ns: protobuf.ReflectionObject, prefix: string): void {
  if (ns instanceof protobuf.Type) {
    index.set(prefix, 'message');
    for (const field of ns.fieldsArray) {
      if (field.map) index.set(`${prefix}.${mapEntryName(field.name)}`, 'message');
    }
  } else if (ns instanceof protobuf.Enum) {
    index.set(prefix, 'enum');
  }
  if (ns instanceof protobuf.Namespace) {
    for (const child of ns.nestedArray) indexNamespace(index, child, prefix ? `${prefix}.${child.name}` : child.name);
  }
}
