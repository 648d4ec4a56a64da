/**
 * compareAsyncApi: is a new version of a provider's AsyncAPI document safe for the consumers of the old one?
 *
 * Structure (always breaking when it happens):
 * - a channel removed (CHANNEL_REMOVED; channels are matched by address, so a changed address is a removal);
 * - a message removed from a channel (MESSAGE_REMOVED; matched by id, then by name);
 * - an operation removed (OPERATION_REMOVED), its action changed (OPERATION_ACTION_CHANGED), moved to another
 *   channel (OPERATION_CHANNEL_CHANGED) or no longer carrying a message (OPERATION_MESSAGE_REMOVED);
 * - a message's content type changed (MESSAGE_CONTENT_TYPE_CHANGED).
 * Schemas: payloads and headers are compared by the JSON Schema rules (../jsonschema, Confluent's difference types).
 *
 * Direction, as for OpenAPI: BACKWARD (a subject's default) means "consumers of the previous version keep working".
 * Messages the provider sends are read by its consumers, so their schemas are checked FORWARD (old readers read new
 * messages); messages it receives are checked BACKWARD (the new provider reads what old senders send). FORWARD swaps
 * the two, FULL checks both, NONE checks nothing. New channels, messages and operations never break anyone.
 */
import { compareJsonSchemas } from '../jsonschema/compare-json-schemas.ts';
import type { CompatibilityMode } from '../jsonschema/compatibility-modes.ts';
import type { JsonValue } from '../jsonschema/schema-refs.ts';
import { messagesOf, type AsyncApiChannel, type AsyncApiMessage, type AsyncApiModel, type AsyncApiOperation } from './asyncapi-model.ts';

export type AsyncApiDiffSide = 'previous' | 'current';

export interface AsyncApiChange {
  /** CHANNEL_REMOVED, MESSAGE_REMOVED, ... or a JSON Schema difference type (e.g. PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL) */
  readonly rule: string;
  /** the document the place is in */
  readonly side: AsyncApiDiffSide;
  readonly file: string;
  /** JSON Pointer into that file */
  readonly pointer: string;
  readonly message: string;
}

export type AsyncApiCompatibility =
  | { readonly status: 'compatible' }
  | { readonly status: 'incompatible'; readonly breakingChanges: readonly AsyncApiChange[] }
  | { readonly status: 'unknown'; readonly reasons: readonly string[] };

interface Pair {
  readonly previous: AsyncApiModel;
  readonly current: AsyncApiModel;
  readonly receivedMode: CompatibilityMode;
  readonly sentMode: CompatibilityMode;
  readonly findings: AsyncApiChange[];
  readonly reasons: string[];
}

const where = (c: AsyncApiChannel): string => c.address ?? c.id;
const channelKey = (c: AsyncApiChannel): string => c.address ?? `#${c.id}`;

export function compareAsyncApi(
  previous: AsyncApiModel,
  current: AsyncApiModel,
  options: { readonly mode?: CompatibilityMode } = {},
): AsyncApiCompatibility {
  const mode = options.mode ?? 'BACKWARD';
  if (mode === 'NONE') return { status: 'compatible' };
  const [receivedMode, sentMode] = mode.startsWith('FULL')
    ? (['FULL', 'FULL'] as const)
    : mode.startsWith('FORWARD')
      ? (['FORWARD', 'BACKWARD'] as const)
      : (['BACKWARD', 'FORWARD'] as const);
  const pair: Pair = { previous, current, receivedMode, sentMode, findings: [], reasons: [] };
  const now = new Map(current.channels.map((c) => [channelKey(c), c]));
  for (const before of previous.channels) {
    const after = now.get(channelKey(before));
    if (!after) {
      pair.findings.push({
        rule: 'CHANNEL_REMOVED',
        side: 'previous',
        file: previous.files.root,
        pointer: before.pointer,
        message: `Channel ${where(before)} was removed (or its address changed).`,
      });
      continue;
    }
    compareChannel(pair, before, after);
  }
  for (const op of previous.operations) compareOperation(pair, op);
  if (pair.findings.length > 0) return { status: 'incompatible', breakingChanges: pair.findings };
  if (pair.reasons.length > 0) return { status: 'unknown', reasons: [...new Set(pair.reasons)] };
  return { status: 'compatible' };
}

/** The same message in the other version of a channel: by id, else by name. */
function counterpart(message: AsyncApiMessage, channel: AsyncApiChannel): AsyncApiMessage | undefined {
  return (
    channel.messages.find((m) => m.id === message.id) ?? (message.name ? channel.messages.find((m) => m.name === message.name) : undefined)
  );
}

function compareChannel(pair: Pair, before: AsyncApiChannel, after: AsyncApiChannel): void {
  const directions = new Map(
    messagesOf(pair.previous)
      .filter((x) => x.channel === before)
      .map((x) => [x.message.id, x.operations]),
  );
  for (const message of before.messages) {
    const next = counterpart(message, after);
    const label = `Message ${message.id} on channel ${where(before)}`;
    if (!next) {
      pair.findings.push({
        rule: 'MESSAGE_REMOVED',
        side: 'previous',
        file: message.file,
        pointer: message.pointer,
        message: `${label} was removed.`,
      });
      continue;
    }
    if (message.contentType !== undefined && next.contentType !== undefined && message.contentType !== next.contentType) {
      pair.findings.push({
        rule: 'MESSAGE_CONTENT_TYPE_CHANGED',
        side: 'current',
        file: next.file,
        pointer: `${next.pointer}/contentType`,
        message: `${label}: content type changed from ${message.contentType} to ${next.contentType}.`,
      });
    }
    const operations = directions.get(message.id) ?? [];
    // a message no operation mentions is described for its readers: judge it as sent
    const sent = operations.length === 0 || operations.some((o) => o.action === 'send');
    const received = operations.some((o) => o.action === 'receive');
    const modes = [...(sent ? [pair.sentMode] : []), ...(received ? [pair.receivedMode] : [])];
    for (const mode of new Set(modes)) {
      for (const part of ['payload', 'headers'] as const) compareSchema(pair, `${label} ${part}`, message, next, part, mode);
    }
  }
}

function compareSchema(
  pair: Pair,
  label: string,
  before: AsyncApiMessage,
  after: AsyncApiMessage,
  part: 'payload' | 'headers',
  mode: CompatibilityMode,
): void {
  const [a, b] = [before[part], after[part]];
  if (a === undefined && b === undefined) return;
  if (part === 'payload' && (before.foreignSchemaFormat !== undefined || after.foreignSchemaFormat !== undefined)) {
    if (before.foreignSchemaFormat !== after.foreignSchemaFormat || JSON.stringify(a) !== JSON.stringify(b))
      pair.reasons.push(
        `${label}: the schema format ${after.foreignSchemaFormat ?? before.foreignSchemaFormat} is not JSON Schema; Treaty does not judge its changes`,
      );
    return;
  }
  const result = compareJsonSchemas(publication(pair.previous, a), publication(pair.current, b), { mode });
  switch (result.status) {
    case 'compatible':
      return;
    case 'incompatible':
      for (const change of result.breakingChanges) {
        // a backward change is found in the current document's schema, a forward one in the previous document's
        const [model, message, side] =
          change.direction === 'backward' ? ([pair.current, after, 'current'] as const) : ([pair.previous, before, 'previous'] as const);
        const view = change.direction === 'forward' ? ' (as read by consumers of the previous version)' : '';
        // where the schema really is: a payload `$ref`ed from another file is reported in that file
        const home = model.files.follow(message[part], message.file, `${message.pointer}/${part}`);
        pair.findings.push({
          rule: change.type,
          side,
          file: home.file,
          pointer: `${home.pointer}${change.path}`,
          message: `${label}${view}: ${change.message}`,
        });
      }
      return;
    case 'unknown':
      pair.reasons.push(...result.reasons.map((r) => `${label}: ${r}`));
      return;
    case 'invalid':
      pair.reasons.push(
        ...result.errors.map(
          (e) => `${label}: ${e.version === 'current' ? 'current' : 'previous'} schema ${e.path || '/'} is invalid: ${e.message}`,
        ),
      );
      return;
    default: {
      const never: never = result;
      return never;
    }
  }
}

/** A payload or headers schema with the publication's files as the documents its `$ref`s resolve in; absent = any value. */
function publication(model: AsyncApiModel, schema: JsonValue | undefined) {
  return { schema: schema ?? true, references: model.files.all() };
}

function compareOperation(pair: Pair, before: AsyncApiOperation): void {
  const after = pair.current.operations.find((o) => o.id === before.id);
  const file = pair.previous.files.root;
  const add = (rule: string, side: 'previous' | 'current', pointer: string, message: string): void => {
    pair.findings.push({ rule, side, file: side === 'previous' ? file : pair.current.files.root, pointer, message });
  };
  if (!after)
    return add(
      'OPERATION_REMOVED',
      'previous',
      before.pointer,
      `Operation ${before.id} (${before.action} on ${before.channelId}) was removed.`,
    );
  if (after.action !== before.action)
    add(
      'OPERATION_ACTION_CHANGED',
      'current',
      `${after.pointer}/action`,
      `Operation ${before.id}: action changed from ${before.action} to ${after.action}.`,
    );
  const [was, is] = [
    pair.previous.channels.find((c) => c.id === before.channelId),
    pair.current.channels.find((c) => c.id === after.channelId),
  ];
  if (was && is && channelKey(was) !== channelKey(is)) {
    add(
      'OPERATION_CHANNEL_CHANGED',
      'current',
      `${after.pointer}/channel`,
      `Operation ${before.id} moved from channel ${where(was)} to ${where(is)}.`,
    );
    return;
  }
  if (!was || !is) return;
  for (const id of before.messageIds) {
    const message = was.messages.find((m) => m.id === id);
    const next = message ? counterpart(message, is) : undefined;
    // a message gone from the channel is already MESSAGE_REMOVED
    if (message && next && !after.messageIds.includes(next.id))
      add('OPERATION_MESSAGE_REMOVED', 'current', after.pointer, `Operation ${before.id} no longer carries message ${id}.`);
  }
}
