// The comparison behind `treaty schema diff`: two local versions of a schema publication, no broker.
// Each kind goes through its verifier (compareProtobuf, compareJsonSchemas, compareOpenApi, compareAsyncApi) and comes back
// as the same list of findings {rule, file, line, column, message} the broker's checks use (SchemaFinding).
// `file` is relative to the folder given (or the file's own name), as in `buf breaking`.
import { compareJsonSchemas, PointerLocator, type CompatibilityMode, type JsonValue } from '@treaty/verifiers/jsonschema';
import { compareOpenApi } from '@treaty/verifiers/openapi';
import { compareProtobuf, type BreakingFinding, type CompareProtobufOptions } from '@treaty/verifiers/protobuf';
import { compareAsyncApi, readAsyncApi } from '@treaty/verifiers/asyncapi';
import type { SchemaFinding, SchemaVerdict } from '@treaty/wire';
import { InvalidOptionError, InvalidSchemaFileError } from '../errors.ts';
import { displayPath, type ParsedSchemaInput } from './schema-inputs.ts';

export interface LocalDiffOptions {
  mode: CompatibilityMode;
  /** protobuf only: rules or categories; replaces buf.yaml's `use` */
  use: readonly string[];
  /** protobuf only: added to buf.yaml's `except` */
  except: readonly string[];
}

export interface LocalDiffReport {
  verdict: SchemaVerdict;
  findings: SchemaFinding[];
  /** why the verdict is unknown */
  reasons: string[];
  /** what was checked, for the summary line (e.g. "rules WIRE_JSON from buf.yaml") */
  checked: string;
}

export function diffSchemas(previous: ParsedSchemaInput, current: ParsedSchemaInput, options: LocalDiffOptions): LocalDiffReport {
  switch (current.kind) {
    case 'protobuf':
      return diffProtobuf(previous, current, options);
    case 'jsonschema':
      return diffJsonSchemas(previous, current, options);
    case 'openapi':
      return diffOpenApi(previous, current, options);
    case 'asyncapi':
      return diffAsyncApi(previous, current, options);
    default: {
      const never: never = current.kind;
      return never;
    }
  }
}

const verdictOf = (findings: readonly SchemaFinding[], reasons: readonly string[]): SchemaVerdict =>
  findings.length > 0 ? 'breaking' : reasons.length > 0 ? 'unknown' : 'compatible';

function protobufOptions(
  previous: ParsedSchemaInput,
  current: ParsedSchemaInput,
  options: LocalDiffOptions,
): { options: CompareProtobufOptions; source: string } {
  // Like `buf breaking`: the current module's buf.yaml decides, else the previous one's.
  const config = current.bufConfig?.breaking ?? previous.bufConfig?.breaking ?? null;
  const use = options.use.length > 0 ? options.use : (config?.use ?? ['WIRE_JSON']);
  const source = options.use.length > 0 ? '--use' : config ? 'buf.yaml' : 'default';
  return {
    options: { ...(config ?? {}), use, except: [...(config?.except ?? []), ...options.except] },
    source: `rules ${use.join(', ')} (${source})`,
  };
}

function diffProtobuf(previous: ParsedSchemaInput, current: ParsedSchemaInput, options: LocalDiffOptions): LocalDiffReport {
  const { options: protoOptions, source } = protobufOptions(previous, current, options);
  const checked = `${source}, mode ${options.mode}`;
  if (options.mode === 'NONE') return { verdict: 'compatible', findings: [], reasons: [], checked };
  // Two single files are one file in two versions, whatever their names (old/payment.proto vs payment.proto).
  const singleFiles = !previous.isFolder && !current.isFolder && previous.files.length === 1 && current.files.length === 1;
  const sources = (input: ParsedSchemaInput): Record<string, string> =>
    Object.fromEntries(input.files.map((f) => [singleFiles ? (current.files[0]?.path ?? f.path) : f.path, f.content]));
  // Buf's rules read previous → current (old readers, new writers and vice versa are symmetric for most rules);
  // FORWARD runs them the other way round, FULL both ways. Two versions only, so *_TRANSITIVE equals the plain mode.
  const directions: [ParsedSchemaInput, ParsedSchemaInput][] = options.mode.startsWith('FORWARD')
    ? [[current, previous]]
    : options.mode.startsWith('FULL')
      ? [
          [previous, current],
          [current, previous],
        ]
      : [[previous, current]];
  const findings: SchemaFinding[] = [];
  for (const [before, after] of directions) {
    const result = compareProtobuf(sources(before), sources(after), protoOptions);
    if (result.status === 'invalid') {
      const optionErrors = result.errors.filter((e) => e.side === 'options');
      if (optionErrors.length > 0)
        throw new InvalidOptionError(
          `${optionErrors.map((e) => e.message).join(' ')} Use a Buf rule ID (e.g. FIELD_SAME_TYPE) or a category: FILE, PACKAGE, WIRE_JSON, WIRE.`,
        );
      const lines = result.errors.map(
        (e) => `${displayPath(e.side === 'previous' ? before : after, e.file)}:${e.line}:${e.column}: ${e.message}`,
      );
      throw new InvalidSchemaFileError(`These .proto files do not load:\n  ${lines.join('\n  ')}`);
    }
    if (result.status === 'incompatible') findings.push(...result.breakingChanges.map(protoFinding));
  }
  return { verdict: verdictOf(findings, []), findings: dedupe(findings), reasons: [], checked };
}

const protoFinding = (f: BreakingFinding): SchemaFinding => ({
  rule: f.rule,
  file: f.file,
  line: f.line,
  column: f.column,
  message: f.message,
});

function dedupe(findings: SchemaFinding[]): SchemaFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}|${f.file}|${f.line}|${f.column}|${f.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Locates findings given as JSON Pointers, parsing each file at most once. */
class Locators {
  private readonly cache = new Map<string, PointerLocator>();
  at(input: ParsedSchemaInput, path: string, pointer: string): { line: number; column: number } {
    const key = `${input.label}\u0000${path}`;
    let locator = this.cache.get(key);
    if (!locator) {
      locator = new PointerLocator(input.files.find((f) => f.path === path)?.content ?? '');
      this.cache.set(key, locator);
    }
    return locator.locate(pointer);
  }
}

/** Pairs the files of two inputs: by relative path for folders, the two files themselves otherwise. */
function pairFiles(previous: ParsedSchemaInput, current: ParsedSchemaInput): { pairs: [string, string][]; removed: string[] } {
  if (!previous.isFolder && !current.isFolder && previous.files.length === 1 && current.files.length === 1) {
    return { pairs: [[previous.files[0]?.path ?? '', current.files[0]?.path ?? '']], removed: [] };
  }
  const now = new Set(current.files.map((f) => f.path));
  return {
    pairs: previous.files.filter((f) => now.has(f.path)).map((f) => [f.path, f.path]),
    removed: previous.files.filter((f) => !now.has(f.path)).map((f) => f.path),
  };
}

const others = (input: ParsedSchemaInput, path: string): Record<string, JsonValue> =>
  Object.fromEntries([...input.documents].filter(([p]) => p !== path));

function diffJsonSchemas(previous: ParsedSchemaInput, current: ParsedSchemaInput, options: LocalDiffOptions): LocalDiffReport {
  const checked = `mode ${options.mode}`;
  if (options.mode === 'NONE') return { verdict: 'compatible', findings: [], reasons: [], checked };
  const { pairs, removed } = pairFiles(previous, current);
  const findings: SchemaFinding[] = removed.map((path) => ({
    rule: 'SCHEMA_FILE_REMOVED',
    file: path,
    line: null,
    column: null,
    message: `Schema file "${path}" was removed.`,
  }));
  const reasons: string[] = [];
  const locators = new Locators();
  for (const [before, after] of pairs) {
    const result = compareJsonSchemas(
      { schema: previous.documents.get(before) ?? true, references: others(previous, before) },
      { schema: current.documents.get(after) ?? true, references: others(current, after) },
      { mode: options.mode },
    );
    if (result.status === 'invalid') {
      const lines = result.errors.map(
        (e) =>
          `${displayPath(e.version === 'current' ? current : previous, e.file || (e.version === 'current' ? after : before))}: ${e.path || '/'}: ${e.message}`,
      );
      throw new InvalidSchemaFileError(`These JSON Schemas are invalid:\n  ${lines.join('\n  ')}`);
    }
    if (result.status === 'unknown') reasons.push(...result.reasons.map((r) => `${displayPath(current, after)}: ${r}`));
    if (result.status !== 'incompatible') continue;
    for (const change of result.breakingChanges) {
      // The pointer is in the reader's schema: the current one for BACKWARD, the previous one for FORWARD.
      const [input, path] = change.direction === 'backward' ? [current, after] : [previous, before];
      const at = locators.at(input, path, change.path);
      findings.push({ rule: change.type, file: path, line: at.line, column: at.column, message: change.message });
    }
  }
  return { verdict: verdictOf(findings, reasons), findings: dedupe(findings), reasons, checked };
}

function diffOpenApi(previous: ParsedSchemaInput, current: ParsedSchemaInput, options: LocalDiffOptions): LocalDiffReport {
  const checked = `mode ${options.mode} (requests read by the server, responses by its clients)`;
  const { pairs, removed } = pairFiles(previous, current);
  const findings: SchemaFinding[] = removed.map((path) => ({
    rule: 'SCHEMA_FILE_REMOVED',
    file: path,
    line: null,
    column: null,
    message: `OpenAPI document "${path}" was removed.`,
  }));
  const reasons: string[] = [];
  const locators = new Locators();
  for (const [before, after] of pairs) {
    const result = compareOpenApi(previous.documents.get(before) ?? null, current.documents.get(after) ?? null, { mode: options.mode });
    if (result.status === 'invalid')
      throw new InvalidSchemaFileError(
        result.errors
          .map((e) => `${displayPath(e.side === 'current' ? current : previous, e.side === 'current' ? after : before)}:1:1: ${e.message}`)
          .join('\n'),
      );
    if (result.status === 'unknown') reasons.push(...result.reasons);
    if (result.status !== 'incompatible') continue;
    for (const change of result.breakingChanges) {
      const [input, path] = change.side === 'current' ? [current, after] : [previous, before];
      const at = locators.at(input, path, change.pointer);
      findings.push({ rule: change.rule, file: path, line: at.line, column: at.column, message: change.message });
    }
  }
  return { verdict: verdictOf(findings, reasons), findings: dedupe(findings), reasons, checked };
}

/**
 * AsyncAPI: the two publications as wholes (each its document and the files it `$ref`s). Findings are placed in the
 * file that declares what changed: the current version's for additions and narrowings, the previous one's for removals.
 */
function diffAsyncApi(previous: ParsedSchemaInput, current: ParsedSchemaInput, options: LocalDiffOptions): LocalDiffReport {
  const checked = `mode ${options.mode} (sent messages read by consumers, received ones by the provider)`;
  const [before, after] = [readAsyncApi(previous.files), readAsyncApi(current.files)];
  // parseSchemaInput validated both, so this is only a document the parser accepts and Treaty's reader does not
  if (before.status !== 'ok')
    throw new InvalidSchemaFileError(`${previous.label}: ${before.reason ?? 'cannot be read as an AsyncAPI document'}`);
  if (after.status !== 'ok')
    throw new InvalidSchemaFileError(`${current.label}: ${after.reason ?? 'cannot be read as an AsyncAPI document'}`);
  const result = compareAsyncApi(before.model, after.model, { mode: options.mode });
  if (result.status === 'compatible') return { verdict: 'compatible', findings: [], reasons: [], checked };
  if (result.status === 'unknown') return { verdict: 'unknown', findings: [], reasons: [...result.reasons], checked };
  const locators = new Locators();
  const findings = result.breakingChanges.map((change): SchemaFinding => {
    const input = change.side === 'current' ? current : previous;
    const at = locators.at(input, change.file, change.pointer);
    return { rule: change.rule, file: displayPath(input, change.file), line: at.line, column: at.column, message: change.message };
  });
  return { verdict: verdictOf(findings, []), findings: dedupe(findings), reasons: [], checked };
}
