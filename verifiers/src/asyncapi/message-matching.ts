/**
 * Which AsyncAPI message a pact message interaction is about. Rules, first that decides wins (docs/asyncapi.md):
 *
 * 1. Explicit metadata in the pact narrows the candidates: `channel` (a channel id or address), `operationId`
 *    (an operation; its channel and messages), `messageId` (a message id, `messageId` or `name`). A key that
 *    names nothing is a finding. One candidate left: matched.
 * 2. The interaction description equals (ignoring case) a candidate's id, name or title.
 * 3. The contents carry a candidate's discriminator: the payload schema's `discriminator` property holds the
 *    message's id or name, or a value its schema allows with `const`/`enum`.
 * 4. The description mentions a candidate's id, name or title as a whole word ("an OrderPlaced event").
 *
 * Each rule prefers the messages the provider sends. Several candidates of different definitions left by the
 * deciding rule are ambiguous; none at all is unmatched. Both are errors: a pact message is never passed silently.
 */
import { isObject, type JsonValue } from '../jsonschema/schema-refs.ts';
import { messagesOf, type AsyncApiChannel, type AsyncApiMessage, type AsyncApiModel, type AsyncApiOperation } from './asyncapi-model.ts';
import type { AsyncApiFindingCode } from './asyncapi-findings.ts';
import type { MessageInteraction } from './pact-messages.ts';

/** The metadata keys that say where a message belongs rather than carry a header. */
export const MATCHING_KEYS = ['channel', 'operationId', 'messageId'] as const;

export interface Candidate {
  readonly channel: AsyncApiChannel;
  readonly message: AsyncApiMessage;
  readonly operations: readonly AsyncApiOperation[];
}

export type MessageMatch =
  | {
      readonly status: 'matched';
      readonly candidate: Candidate;
      readonly rule: string;
      readonly sameDefinitionElsewhere: readonly Candidate[];
    }
  | { readonly status: 'unmatched'; readonly code: AsyncApiFindingCode; readonly message: string }
  | { readonly status: 'ambiguous'; readonly candidates: readonly Candidate[]; readonly rule: string };

const lower = (s: string | undefined): string | undefined => s?.trim().toLowerCase();
const namesOf = (m: AsyncApiMessage): string[] => [m.id, m.name, m.title].filter((n): n is string => typeof n === 'string' && n !== '');
const label = (c: Candidate): string => `${c.message.name ?? c.message.id} on channel ${c.channel.address ?? c.channel.id}`;
const definitionOf = (c: Candidate): string => `${c.message.file}#${c.message.pointer}`;
const sends = (c: Candidate): boolean => c.operations.some((o) => o.action === 'send');

export function matchMessage(model: AsyncApiModel, interaction: MessageInteraction): MessageMatch {
  const explicit = narrowByMetadata(messagesOf(model), model, interaction.metadata);
  if ('unmatched' in explicit) return explicit.unmatched;
  const { candidates, named } = explicit;
  if (candidates.length === 0)
    return { status: 'unmatched', code: 'message.unmatched', message: 'The document declares no message (no channel has messages).' };
  if (named && distinctDefinitions(candidates) === 1) return matched(candidates, 'pact metadata');

  const rules: Array<[string, (c: Candidate) => boolean]> = [
    ['description equals its id, name or title', (c) => namesOf(c.message).some((n) => lower(n) === lower(interaction.description))],
    ['discriminator in the contents', (c) => carriesDiscriminator(model, c, interaction.contents)],
    ['description mentions its id, name or title', (c) => namesOf(c.message).some((n) => mentions(interaction.description, n))],
  ];
  for (const [rule, fits] of rules) {
    const fitting = candidates.filter(fits);
    if (fitting.length === 0) continue;
    const preferred = fitting.some(sends) ? fitting.filter(sends) : fitting;
    if (distinctDefinitions(preferred) === 1) return matched(preferred, rule);
    return { status: 'ambiguous', candidates: preferred, rule };
  }
  const scope = named ? 'of those the pact metadata names' : 'of the document';
  return {
    status: 'unmatched',
    code: 'message.unmatched',
    message: `No message ${scope} matches "${interaction.description}": none has it as id, name or title, none is named in it, and no discriminator in the contents picks one. Messages: ${candidates.map(label).join('; ')}. Name one in the pact metadata (messageId, channel, operationId) or in the description.`,
  };
}

function matched(candidates: readonly Candidate[], rule: string): MessageMatch {
  const preferred = candidates.some(sends) ? candidates.filter(sends) : candidates;
  const [candidate, ...others] = preferred;
  return { status: 'matched', candidate: candidate!, rule, sameDefinitionElsewhere: others };
}

const distinctDefinitions = (candidates: readonly Candidate[]): number => new Set(candidates.map(definitionOf)).size;

function narrowByMetadata(
  all: Candidate[],
  model: AsyncApiModel,
  metadata: Readonly<Record<string, unknown>>,
): { candidates: Candidate[]; named: boolean } | { unmatched: MessageMatch } {
  const value = (key: string): string | undefined => (typeof metadata[key] === 'string' ? metadata[key] : undefined);
  const [channel, operationId, messageId] = MATCHING_KEYS.map(value);
  let candidates = all;
  const fail = (code: AsyncApiFindingCode, message: string) => ({ unmatched: { status: 'unmatched' as const, code, message } });
  if (channel !== undefined) {
    candidates = candidates.filter((c) => c.channel.id === channel || c.channel.address === channel);
    if (!model.channels.some((c) => c.id === channel || c.address === channel))
      return fail(
        'message.channel.unknown',
        `The pact metadata names channel "${channel}"; the document has ${listOf(model.channels.map((c) => c.address ?? c.id))}.`,
      );
  }
  if (operationId !== undefined) {
    const operation = model.operations.find((o) => o.id === operationId);
    if (!operation)
      return fail(
        'message.operation.unknown',
        `The pact metadata names operation "${operationId}"; the document has ${listOf(model.operations.map((o) => o.id))}.`,
      );
    candidates = candidates.filter((c) => c.channel.id === operation.channelId && operation.messageIds.includes(c.message.id));
    if (candidates.length === 0)
      return fail(
        'message.operation.unknown',
        `Operation "${operationId}" is on channel "${operation.channelId}", not on channel "${channel ?? ''}".`,
      );
  }
  if (messageId !== undefined) {
    const before = candidates;
    candidates = candidates.filter((c) => namesOf(c.message).includes(messageId));
    if (candidates.length === 0)
      return fail(
        'message.id.unknown',
        `The pact metadata names message "${messageId}"; ${channel !== undefined || operationId !== undefined ? 'there' : 'the document'} has ${listOf(before.map((c) => c.message.id))}.`,
      );
  }
  return { candidates, named: channel !== undefined || operationId !== undefined || messageId !== undefined };
}

const listOf = (names: readonly string[]): string => (names.length === 0 ? 'none' : [...new Set(names)].map((n) => `"${n}"`).join(', '));

/** A whole-word mention: `OrderPlaced` in "an OrderPlaced event", not in "OrderPlacedV2". */
function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_])${escaped}($|[^A-Za-z0-9_])`, 'i').test(text);
}

/** The payload schema's `discriminator` (AsyncAPI: the name of the property) and what its value must be. */
function carriesDiscriminator(model: AsyncApiModel, c: Candidate, contents: unknown): boolean {
  const payload = model.files.follow(c.message.payload, c.message.file, `${c.message.pointer}/payload`).value;
  if (!isObject(payload) || typeof payload['discriminator'] !== 'string' || !isObject(contents as JsonValue)) return false;
  const property = payload['discriminator'];
  const actual = (contents as Record<string, unknown>)[property];
  if (actual === undefined) return false;
  const propertySchema = isObject(payload['properties'])
    ? model.files.follow(payload['properties'][property], c.message.file, '').value
    : undefined;
  const allowed = isObject(propertySchema)
    ? propertySchema['const'] !== undefined
      ? [propertySchema['const']]
      : Array.isArray(propertySchema['enum'])
        ? (propertySchema['enum'] as readonly JsonValue[])
        : undefined
    : undefined;
  return allowed ? allowed.includes(actual as JsonValue) : namesOf(c.message).includes(String(actual));
}
