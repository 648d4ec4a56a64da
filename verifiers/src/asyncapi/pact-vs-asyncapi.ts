/**
 * A consumer's message pact against its provider's AsyncAPI document: the bi-directional idea of the
 * pact-against-OpenAPI check (../openapi/pact-vs-openapi.ts) for events. Every asynchronous message interaction must
 * match one message of the document (message-matching.ts), be one the provider sends, and fit it: content type,
 * contents against the payload schema, metadata against the headers schema. Errors fail the check; warnings do not.
 */
import type { JsonValue } from '../jsonschema/schema-refs.ts';
import type { AsyncApiModel } from './asyncapi-model.ts';
import type { AsyncApiFinding, AsyncApiFindingCode } from './asyncapi-findings.ts';
import { matchMessage, MATCHING_KEYS, type Candidate } from './message-matching.ts';
import { MessageSchemas } from './message-schemas.ts';
import { CONTENT_TYPE_KEYS, interactionCounts, messageInteractions, type MessageInteraction } from './pact-messages.ts';

export { ASYNCAPI_FINDING_CODES, type AsyncApiFinding, type AsyncApiFindingCode } from './asyncapi-findings.ts';

/**
 * - compatible: no error (warnings may be listed);
 * - incompatible: at least one error finding;
 * - unknown: nothing could be checked (no asynchronous messages in the pact) or a `$ref` of the document does not resolve.
 */
export type PactAsyncApiResult =
  | { readonly status: 'compatible'; readonly findings: readonly AsyncApiFinding[] }
  | { readonly status: 'incompatible'; readonly findings: readonly AsyncApiFinding[] }
  | { readonly status: 'unknown'; readonly findings: readonly AsyncApiFinding[]; readonly reasons: readonly string[] };

type Report = (
  code: AsyncApiFindingCode,
  severity: 'error' | 'warning',
  location: string,
  spec: { file: string; pointer: string } | null,
  message: string,
) => AsyncApiFinding;

export function comparePactWithAsyncApi(pact: unknown, model: AsyncApiModel): PactAsyncApiResult {
  const interactions = messageInteractions(pact);
  if (interactions.length === 0) {
    const counts = interactionCounts(pact);
    const other = counts.synchronousMessages > 0 ? ' (synchronous request/response messages are not checked)' : '';
    return {
      status: 'unknown',
      findings: [],
      reasons: [`the pact has no asynchronous messages to check against the AsyncAPI document${other}`],
    };
  }
  const schemas = new MessageSchemas(model.files);
  const findings = interactions.flatMap((i) => checkInteraction(model, schemas, i));
  if (schemas.unresolved.size > 0)
    return {
      status: 'unknown',
      findings,
      reasons: [...schemas.unresolved].map((r) => `$ref ${JSON.stringify(r)} does not resolve in the AsyncAPI publication`),
    };
  return findings.some((f) => f.severity === 'error') ? { status: 'incompatible', findings } : { status: 'compatible', findings };
}

function checkInteraction(model: AsyncApiModel, schemas: MessageSchemas, i: MessageInteraction): AsyncApiFinding[] {
  const report: Report = (code, severity, location, spec, message) => ({
    code,
    severity,
    interaction: i.description,
    location: location === '' ? i.location : `${i.location}.${location}`,
    specLocation: spec ? `${spec.file}#${spec.pointer}` : '[root].channels',
    specFile: spec?.file ?? null,
    specPointer: spec?.pointer ?? null,
    message,
  });
  const match = matchMessage(model, i);
  switch (match.status) {
    case 'unmatched':
      return [report(match.code, 'error', 'metadata', null, match.message)];
    case 'ambiguous':
      return [
        report(
          'message.ambiguous',
          'error',
          'description',
          null,
          `"${i.description}" matches several messages (${match.rule}): ${match.candidates.map((c) => `${c.message.id} on channel ${c.channel.address ?? c.channel.id}`).join('; ')}. Name one in the pact metadata (messageId, channel, operationId).`,
        ),
      ];
    case 'matched':
      break;
    default: {
      const never: never = match;
      return never;
    }
  }
  const { candidate } = match;
  const at = { file: candidate.message.file, pointer: candidate.message.pointer };
  const findings: AsyncApiFinding[] = [];
  if (match.sameDefinitionElsewhere.length > 0)
    findings.push(
      report(
        'message.channel.ambiguous',
        'warning',
        'metadata',
        at,
        `Message ${candidate.message.id} is used on channels ${[candidate, ...match.sameDefinitionElsewhere].map((c) => c.channel.address ?? c.channel.id).join(', ')}; the pact does not say which (add "channel" to its metadata).`,
      ),
    );
  findings.push(...checkDirection(model, candidate, report, at));
  findings.push(...checkContentType(candidate, i, report, at));
  findings.push(...checkPayload(schemas, candidate, i, report, at));
  findings.push(...checkHeaders(schemas, candidate, i, report, at));
  return findings;
}

function checkDirection(model: AsyncApiModel, c: Candidate, report: Report, at: { file: string; pointer: string }): AsyncApiFinding[] {
  if (c.operations.some((o) => o.action === 'send')) return [];
  const channel = c.channel.address ?? c.channel.id;
  if (c.operations.length === 0)
    return [
      report(
        'message.direction.undeclared',
        'warning',
        '',
        at,
        `No operation of the document sends message ${c.message.id} on channel ${channel}; add one with action: send.`,
      ),
    ];
  const v2 = model.major === 2;
  return [
    report(
      'message.direction.receive-only',
      v2 ? 'warning' : 'error',
      '',
      { file: model.files.root, pointer: c.operations[0]!.pointer },
      v2
        ? `The document only has a "publish" operation for message ${c.message.id} on channel ${channel}: in AsyncAPI 2.x that means the provider receives it. If the document means the provider sends it, use "subscribe".`
        : `The document says the provider only receives message ${c.message.id} on channel ${channel} (${c.operations.map((o) => o.id).join(', ')}: action receive); the consumer expects the provider to send it.`,
    ),
  ];
}

const baseType = (type: string): string => (type.split(';')[0] ?? type).trim().toLowerCase();
const isJsonType = (type: string): boolean => /^application\/(.+\+)?json$/.test(baseType(type)) || /\+json$/.test(baseType(type));

function checkContentType(c: Candidate, i: MessageInteraction, report: Report, at: { file: string; pointer: string }): AsyncApiFinding[] {
  const declared = c.message.contentType;
  if (i.contentType === undefined || declared === undefined) return [];
  const [want, have] = [baseType(declared), baseType(i.contentType)];
  const fits = want === have || want === '*/*' || (want.endsWith('/*') && have.startsWith(want.slice(0, -1)));
  if (fits) return [];
  return [
    report(
      'message.content-type.incompatible',
      'error',
      'metadata.contentType',
      { file: at.file, pointer: `${at.pointer}/contentType` },
      `The pact message has content type ${i.contentType}; the document declares ${declared}.`,
    ),
  ];
}

function checkPayload(
  schemas: MessageSchemas,
  c: Candidate,
  i: MessageInteraction,
  report: Report,
  at: { file: string; pointer: string },
): AsyncApiFinding[] {
  if (!i.hasContents) return [];
  const spec = { file: at.file, pointer: `${at.pointer}/payload` };
  if (c.message.payload === undefined)
    return [
      report('message.payload.unknown', 'error', 'contents', at, `Message ${c.message.id} declares no payload, but the pact has contents.`),
    ];
  const type = i.contentType ?? c.message.contentType;
  if (c.message.foreignSchemaFormat !== undefined || (type !== undefined && !isJsonType(type))) {
    const why =
      c.message.foreignSchemaFormat !== undefined ? `its schema format is ${c.message.foreignSchemaFormat}` : `its content type is ${type}`;
    return [report('message.payload.unvalidatable', 'warning', 'contents', spec, `The contents are not checked: ${why}, not JSON.`)];
  }
  return schemas
    .validate(c.message.payload, i.contents)
    .map((e) =>
      report(
        'message.payload.incompatible',
        'error',
        `contents${e.path}`,
        spec,
        `Contents are incompatible with the payload schema of message ${c.message.id}: ${e.message}`,
      ),
    );
}

function checkHeaders(
  schemas: MessageSchemas,
  c: Candidate,
  i: MessageInteraction,
  report: Report,
  at: { file: string; pointer: string },
): AsyncApiFinding[] {
  const headers = c.message.headers;
  const declared = declaredHeaderNames(schemas, headers);
  const relevant = Object.entries(i.metadata).filter(
    ([key]) => !CONTENT_TYPE_KEYS.includes(key) && (!(MATCHING_KEYS as readonly string[]).includes(key) || declared.has(key)),
  );
  if (relevant.length === 0) return [];
  const spec = { file: at.file, pointer: `${at.pointer}/headers` };
  const unknown = (key: string) =>
    report(
      'message.header.unknown',
      'error',
      `metadata.${key}`,
      headers === undefined ? at : spec,
      `The pact expects metadata "${key}", which the headers of message ${c.message.id} do not declare.`,
    );
  if (headers === undefined) return relevant.map(([key]) => unknown(key));
  // sorted by metadata key, so findings read in the same order whatever ajv reports first
  const keyOf = (e: { path: string; property: string | undefined }): string => (e.property ?? e.path).replace(/^\./, '');
  return [...schemas.validate(headers, Object.fromEntries(relevant) as JsonValue)]
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)))
    .map((e) =>
      e.keyword === 'additionalProperties' && e.property !== undefined
        ? unknown(e.property)
        : report(
            'message.header.incompatible',
            'error',
            `metadata${e.path}`,
            spec,
            `Metadata is incompatible with the headers schema of message ${c.message.id}: ${e.message}`,
          ),
    );
}

/** The header names a headers schema declares at its top level (following `$ref`s and `allOf`). */
function declaredHeaderNames(schemas: MessageSchemas, headers: JsonValue | undefined): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown, depth: number): void => {
    const schema = schemas.resolved(node);
    if (depth > 10 || typeof schema !== 'object' || schema === null || Array.isArray(schema)) return;
    const record = schema as Record<string, unknown>;
    if (typeof record['properties'] === 'object' && record['properties'] !== null)
      for (const name of Object.keys(record['properties'])) names.add(name);
    if (Array.isArray(record['allOf'])) for (const branch of record['allOf']) visit(branch, depth + 1);
  };
  visit(headers, 0);
  return names;
}
