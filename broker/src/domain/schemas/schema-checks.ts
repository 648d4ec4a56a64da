// The checks Treaty runs itself, as pure functions of file contents: a provider's schema against its earlier versions
// (per the subject's mode), a consumer's schema against a provider's, and a pact against an OpenAPI or AsyncAPI
// document. Each returns success / failure / unknown with findings a user can act on; unknown is never turned into success.
import type { SchemaCompatibilityMode, SchemaFile, SchemaFinding, SchemaKind } from '@treaty/wire';
import { compareJsonSchemas, type JsonSchemaCompatibility } from '@treaty/verifiers/jsonschema';
import { comparePactWithOpenApi, parseOpenApi } from '@treaty/verifiers/openapi';
import { compareProtobuf, type ProtobufCompatibility } from '@treaty/verifiers/protobuf';
import { asyncApiEvolution } from './asyncapi-checks.ts';
import { combine, fromPactComparison, success, unknown, type CheckOutcome } from './check-outcome.ts';
import { CheckStatus } from './schema-kinds.ts';

export type { CheckOutcome } from './check-outcome.ts';
import { lineOfPointer, parseJsonFile } from './schema-content.ts';

type Direction = 'backward' | 'forward';
const directionsOf = (mode: SchemaCompatibilityMode): Direction[] =>
  mode === 'NONE' ? [] : mode.startsWith('BACKWARD') ? ['backward'] : mode.startsWith('FORWARD') ? ['forward'] : ['backward', 'forward'];

// ---- protobuf -----------------------------------------------------------------------------------

const protoSources = (files: readonly SchemaFile[]) => Object.fromEntries(files.map((f) => [f.path, f.content]));

function fromProtobuf(result: ProtobufCompatibility): CheckOutcome {
  switch (result.status) {
    case 'compatible':
      return success();
    case 'incompatible':
      return {
        status: CheckStatus.failure,
        findings: result.breakingChanges.map((c) => ({
          rule: c.rule,
          file: c.file,
          line: c.line,
          column: c.column,
          message: c.message,
          severity: 'error',
        })),
        reasons: [],
      };
    case 'invalid':
      return unknown(result.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`));
    default: {
      const never: never = result;
      return never;
    }
  }
}

/** Buf's breaking check: `previous` is what must keep working, `current` is judged. */
const protobufPair = (previous: readonly SchemaFile[], current: readonly SchemaFile[]): CheckOutcome =>
  fromProtobuf(compareProtobuf(protoSources(previous), protoSources(current)));

// ---- JSON Schema ----------------------------------------------------------------------------------

function jsonPublication(files: readonly SchemaFile[]): { schema: never; references: Record<string, never> } | { problem: string } {
  const parsed = files.map((f) => ({ f, r: parseJsonFile(f) }));
  const bad = parsed.find((p) => 'problem' in p.r);
  if (bad && 'problem' in bad.r) return { problem: `${bad.f.path}: ${bad.r.problem.message}` };
  const values = parsed.map((p) => ('value' in p.r ? p.r.value : null)) as never[];
  return { schema: values[0]!, references: Object.fromEntries(files.slice(1).map((f, i) => [f.path, values[i + 1]!])) };
}

function fromJsonSchema(result: JsonSchemaCompatibility, rootFile: SchemaFile): CheckOutcome {
  const info = (changes: ReadonlyArray<{ type: string; path: string; message: string }>): SchemaFinding[] =>
    changes.map((c) => ({
      rule: c.type,
      file: rootFile.path,
      line: lineOfPointer(rootFile.content, c.path),
      column: null,
      message: c.message,
      severity: 'info',
    }));
  switch (result.status) {
    case 'compatible':
      return success(info(result.changes));
    case 'incompatible':
      return {
        status: CheckStatus.failure,
        findings: result.breakingChanges.map((c) => ({
          rule: c.type,
          file: rootFile.path,
          line: lineOfPointer(rootFile.content, c.path),
          column: null,
          message: `${c.message} (${c.direction === 'backward' ? 'readers of the new schema cannot read data of the earlier one' : 'readers of the earlier schema cannot read data of the new one'})`,
          severity: 'error',
        })),
        reasons: [],
      };
    case 'unknown':
      return unknown([...result.reasons], info(result.changes));
    case 'invalid':
      return unknown(result.errors.map((e) => `${e.file || rootFile.path}${e.path}: ${e.message}`));
    default: {
      const never: never = result;
      return never;
    }
  }
}

// ---- OpenAPI evolution: operations and responses that disappear -----------------------------------------------------

function openApiEvolution(previous: readonly SchemaFile[], current: readonly SchemaFile[]): CheckOutcome {
  const [before, after] = [previous[0], current[0]].map((f) => (f ? parseOpenApi(f.path, f.content) : undefined));
  if (before?.status !== 'ok' || after?.status !== 'ok') return unknown(['an OpenAPI document could not be read']);
  const file = current[0]!.path;
  const findings: SchemaFinding[] = [];
  let bodiesChanged = false;
  for (const [path, item] of Object.entries(before.document.paths ?? {})) {
    const now = (after.document.paths ?? {})[path] as Record<string, unknown> | undefined;
    for (const [method, op] of Object.entries((item ?? {}) as Record<string, { responses?: Record<string, unknown> }>)) {
      if (!['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'].includes(method)) continue;
      const nowOp = now?.[method] as { responses?: Record<string, unknown> } | undefined;
      if (!nowOp) {
        findings.push({
          rule: 'OPERATION_REMOVED',
          file,
          line: null,
          column: null,
          message: `${method.toUpperCase()} ${path} was removed`,
          severity: 'error',
        });
        continue;
      }
      for (const status of Object.keys(op.responses ?? {})) {
        if (!(status in (nowOp.responses ?? {})))
          findings.push({
            rule: 'RESPONSE_REMOVED',
            file,
            line: null,
            column: null,
            message: `Response ${status} of ${method.toUpperCase()} ${path} was removed`,
            severity: 'error',
          });
      }
      if (JSON.stringify(op) !== JSON.stringify(nowOp)) bodiesChanged = true;
    }
  }
  if (findings.length > 0) return { status: CheckStatus.failure, findings, reasons: [] };
  if (bodiesChanged || JSON.stringify(before.document['components']) !== JSON.stringify(after.document['components'])) {
    return unknown([
      'request or response schemas of the OpenAPI document changed; Treaty does not yet judge those changes (check them with the pacts of the consumers)',
    ]);
  }
  return success();
}

// ---- the three checks -------------------------------------------------------------------------------

/**
 * A provider publication against its earlier ones (oldest first). BACKWARD: the new version must keep working for
 * what was written or read with the earlier one (Buf: earlier → new; JSON Schema: new readers read earlier data);
 * FORWARD the other way; FULL both; *_TRANSITIVE against every earlier version, the others against the latest only.
 */
export function checkEvolution(
  kind: SchemaKind,
  earlier: ReadonlyArray<readonly SchemaFile[]>,
  current: readonly SchemaFile[],
  mode: SchemaCompatibilityMode,
): CheckOutcome {
  if (mode === 'NONE' || earlier.length === 0) return success();
  const against = mode.endsWith('_TRANSITIVE') ? earlier : earlier.slice(-1);
  switch (kind) {
    case 'protobuf':
      return combine(
        against.flatMap((prev) =>
          directionsOf(mode).map((d) => (d === 'backward' ? protobufPair(prev, current) : protobufPair(current, prev))),
        ),
      );
    case 'jsonschema': {
      const now = jsonPublication(current);
      const before = against.map(jsonPublication);
      const bad = [now, ...before].find((p): p is { problem: string } => 'problem' in p);
      if (bad) return unknown([bad.problem]);
      return fromJsonSchema(compareJsonSchemas(before as never[], now as never, { mode }), current[0]!);
    }
    case 'openapi':
      return combine(
        against.flatMap((prev) =>
          directionsOf(mode).map((d) => (d === 'backward' ? openApiEvolution(prev, current) : openApiEvolution(current, prev))),
        ),
      );
    case 'asyncapi':
      // the mode's directions are applied per message inside (sent messages are read by consumers, received ones by the provider)
      return combine(against.map((prev) => asyncApiEvolution(prev, current, mode.replace('_TRANSITIVE', '') as SchemaCompatibilityMode)));
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/**
 * Consumer-driven: every message, field, type and number the consumer's schema reads must be in the provider's and
 * compatible. Protobuf: Buf's rules with the consumer's files as "previous" (what must keep working) and the provider's
 * as "current". JSON Schema: the provider writes, the consumer reads (Confluent BACKWARD with the provider's schema as
 * the earlier one). FORWARD reverses the roles (the consumer writes, e.g. requests); FULL checks both; NONE skips.
 */
export function checkConsumerSchema(
  kind: SchemaKind,
  consumer: readonly SchemaFile[],
  provider: readonly SchemaFile[],
  mode: SchemaCompatibilityMode,
): CheckOutcome {
  if (mode === 'NONE') return success();
  switch (kind) {
    case 'protobuf':
      return combine(
        directionsOf(mode).map((d) => (d === 'backward' ? protobufPair(consumer, provider) : protobufPair(provider, consumer))),
      );
    case 'jsonschema': {
      const reader = jsonPublication(consumer);
      const writer = jsonPublication(provider);
      if ('problem' in reader) return unknown([reader.problem]);
      if ('problem' in writer) return unknown([writer.problem]);
      const plain = mode.replace('_TRANSITIVE', '') as SchemaCompatibilityMode;
      return fromJsonSchema(compareJsonSchemas(writer as never, reader as never, { mode: plain }), consumer[0]!);
    }
    case 'openapi':
      return unknown([
        "an OpenAPI document is not a consumer schema; HTTP consumers publish their pact, which Treaty checks against the provider's OpenAPI document",
      ]);
    case 'asyncapi':
      return unknown([
        "an AsyncAPI document is not a consumer schema; consumers of events publish their message pact, which Treaty checks against the provider's AsyncAPI document",
      ]);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** A pact (its JSON text) against a provider's OpenAPI publication. */
export function checkPactAgainstOpenApi(pactText: string, openapi: readonly SchemaFile[]): CheckOutcome {
  const root = openapi[0];
  if (!root) return unknown(['the OpenAPI publication has no files']);
  const parsed = parseOpenApi(root.path, root.content);
  if (parsed.status !== 'ok') return unknown(parsed.errors.map((e) => `${e.file}:${e.line}: ${e.message}`));
  let pact: unknown;
  try {
    pact = JSON.parse(pactText) as unknown;
  } catch {
    return unknown(['the pact is not JSON']);
  }
  const result = comparePactWithOpenApi(pact, parsed.document);
  const findings: SchemaFinding[] = result.findings.map((f) => ({
    rule: f.code,
    file: root.path,
    line: null,
    column: null,
    message: `${f.interaction}: ${f.message} (pact ${f.location}, spec ${f.specLocation})`,
    severity: f.severity,
  }));
  return fromPactComparison(result, findings);
}

/** The first error finding as one line, for can-i-deploy reasons: `RULE: message`. */
export function firstBreakingChange(findings: readonly SchemaFinding[]): string | undefined {
  const f = findings.find((x) => x.severity === undefined || x.severity === 'error');
  return f ? `${f.rule}: ${f.message}` : undefined;
}
