// Parsing and validating a pact document of any specification version:
// V1/V1.1/V2 (`interactions` with `providerState`), V3 (`interactions` with `providerStates`, or
// `messages` for message pacts) and V4 (`interactions` of mixed types: Synchronous/HTTP,
// Asynchronous/Messages, Synchronous/Messages). A pact with no interactions is valid (the Pact
// Broker client's own pacts publish one).
import { DEFAULT_MAX_JSON_DEPTH, exceedsJsonDepth } from '../json-depth.ts';
import { isJsonObject, type JsonObject } from './canonical-json.ts';

export interface PactIssue {
  /** Where the problem is, e.g. `consumer.name` or `interactions[2]`. */
  field: string;
  message: string;
}

export interface PactSummary {
  consumerName: string;
  providerName: string;
  /** From metadata.pactSpecification.version (or the V1 spellings); undefined when the file has none. */
  specificationVersion: string | undefined;
  /** HTTP interactions plus messages of every kind. */
  interactionCount: number;
  /** Interaction counts by type: `Synchronous/HTTP`, `Asynchronous/Messages`, `Synchronous/Messages`. */
  interactionTypes: Record<string, number>;
}

export type PactParseResult = { ok: true; pact: JsonObject; summary: PactSummary } | { ok: false; issues: PactIssue[] };

/** The field name used in issues for the document itself (publish uses `contracts[0].content`). */
const ROOT = 'content';

/**
 * Parses pact JSON text (a UTF-8 BOM is tolerated) and validates it. A pact nesting deeper than
 * `maxJsonDepth` levels is refused: storing and comparing it would recurse once per level.
 */
export function parsePactText(text: string, maxJsonDepth = DEFAULT_MAX_JSON_DEPTH): PactParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    return fail(ROOT, `is not valid JSON (${(err as Error).message}). Publish the pact file written by your Pact consumer tests.`);
  }
  if (exceedsJsonDepth(value, maxJsonDepth))
    return fail(ROOT, `nests arrays and objects more than ${maxJsonDepth} levels deep (the limit, TREATY_MAX_JSON_DEPTH).`);
  return validatePact(value);
}

export function validatePact(value: unknown): PactParseResult {
  if (!isJsonObject(value)) {
    return fail(ROOT, `is not a pact: expected a JSON object with consumer, provider and interactions, got ${describe(value)}.`);
  }
  const issues: PactIssue[] = [];
  const consumerName = participantName(value, 'consumer', issues);
  const providerName = participantName(value, 'provider', issues);
  const interactionTypes: Record<string, number> = {};
  const interactions = interactionList(value, 'interactions', issues);
  const messages = interactionList(value, 'messages', issues);
  for (const i of interactions) bump(interactionTypes, interactionType(i, 'Synchronous/HTTP'));
  for (const m of messages) bump(interactionTypes, interactionType(m, 'Asynchronous/Messages'));
  if (issues.length > 0 || consumerName === undefined || providerName === undefined) return { ok: false, issues };
  return {
    ok: true,
    pact: value,
    summary: {
      consumerName,
      providerName,
      specificationVersion: specificationVersionOf(value),
      interactionCount: interactions.length + messages.length,
      interactionTypes,
    },
  };
}

/** The major specification version (1..4), or undefined when the pact does not say. */
export function specificationMajor(summary: Pick<PactSummary, 'specificationVersion'>): number | undefined {
  const major = Number.parseInt(summary.specificationVersion ?? '', 10);
  return Number.isFinite(major) ? major : undefined;
}

function participantName(pact: JsonObject, role: 'consumer' | 'provider', issues: PactIssue[]): string | undefined {
  const participant = pact[role];
  if (participant === undefined) {
    issues.push({ field: `${role}.name`, message: `is missing. A pact names its ${role}: add "${role}": {"name": "..."}.` });
    return undefined;
  }
  const name = isJsonObject(participant) ? participant.name : undefined;
  if (typeof name !== 'string' || name.trim() === '') {
    issues.push({
      field: `${role}.name`,
      message: `must be a non-empty string naming the ${role} service, e.g. "${role}": {"name": "order-service"}.`,
    });
    return undefined;
  }
  return name;
}

function interactionList(pact: JsonObject, key: 'interactions' | 'messages', issues: PactIssue[]): JsonObject[] {
  const list = pact[key];
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    issues.push({ field: key, message: `must be an array, got ${describe(list)}.` });
    return [];
  }
  const valid: JsonObject[] = [];
  list.forEach((item, index) => {
    if (!isJsonObject(item)) {
      issues.push({ field: `${key}[${index}]`, message: `must be an object, got ${describe(item)}.` });
    } else if (item.description !== undefined && typeof item.description !== 'string') {
      issues.push({ field: `${key}[${index}].description`, message: 'must be a string.' });
    } else {
      valid.push(item);
    }
  });
  return valid;
}

function interactionType(interaction: JsonObject, fallback: string): string {
  return typeof interaction.type === 'string' ? interaction.type : fallback;
}

function specificationVersionOf(pact: JsonObject): string | undefined {
  const metadata = pact.metadata;
  if (!isJsonObject(metadata)) return undefined;
  for (const key of ['pactSpecification', 'pact-specification', 'pactSpecificationVersion']) {
    const entry = metadata[key];
    if (typeof entry === 'string') return entry;
    if (isJsonObject(entry) && typeof entry.version === 'string') return entry.version;
  }
  return undefined;
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function fail(field: string, message: string): PactParseResult {
  return { ok: false, issues: [{ field, message }] };
}
