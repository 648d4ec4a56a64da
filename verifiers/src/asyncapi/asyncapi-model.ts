/**
 * An AsyncAPI 2.x or 3.x document read into one plain model: its channels, the messages on each, and the operations
 * (what the application sends and receives). Message traits are applied (2.x: a trait overrides the message;
 * 3.x: the message overrides its traits, as the specification and @asyncapi/parser do). Payload and header schemas
 * stay as written, with their `$ref`s in the absolute form of asyncapi-files.ts, so the JSON Schema rules can follow
 * them (cycles included). The document is assumed valid (publish validates it with @asyncapi/parser); what cannot be
 * read is left out, and the checks then report a missing channel or message rather than guess.
 */
import { isObject, type JsonObject, type JsonValue } from '../jsonschema/schema-refs.ts';
import { AsyncApiFiles, type PublicationFile, type RefProblem, type SyntaxProblem } from './asyncapi-files.ts';

/** send: the application produces the message (consumers receive it); receive: the application consumes it. */
export type AsyncApiAction = 'send' | 'receive';

export interface AsyncApiMessage {
  /** Identity within its channel: 3.x the key under `channel.messages`; 2.x `messageId`, else `name`, else the component key. */
  readonly id: string;
  readonly name: string | undefined;
  readonly title: string | undefined;
  /** the message's own content type, else the document's `defaultContentType` */
  readonly contentType: string | undefined;
  readonly payload: JsonValue | undefined;
  /** the payload's schema format when not a JSON Schema / AsyncAPI schema (e.g. Avro); such payloads are not checked */
  readonly foreignSchemaFormat: string | undefined;
  readonly headers: JsonValue | undefined;
  /** where the message is defined (after following `$ref`s) */
  readonly file: string;
  readonly pointer: string;
}

export interface AsyncApiChannel {
  /** 3.x the key under `channels`; 2.x the channel name, which is its address */
  readonly id: string;
  readonly address: string | null;
  readonly messages: readonly AsyncApiMessage[];
  readonly pointer: string;
}

export interface AsyncApiOperation {
  /** 3.x the key under `operations`; 2.x `operationId`, else `<publish|subscribe> <channel>` */
  readonly id: string;
  readonly action: AsyncApiAction;
  readonly channelId: string;
  /** ids of the channel's messages this operation carries (all of the channel's when it names none) */
  readonly messageIds: readonly string[];
  readonly pointer: string;
}

export interface AsyncApiModel {
  /** e.g. 2.6.0, 3.0.0 */
  readonly version: string;
  readonly major: 2 | 3;
  readonly title: string | undefined;
  readonly channels: readonly AsyncApiChannel[];
  readonly operations: readonly AsyncApiOperation[];
  readonly files: AsyncApiFiles;
}

export type ReadAsyncApi =
  | { readonly status: 'ok'; readonly model: AsyncApiModel }
  | {
      readonly status: 'invalid';
      readonly syntax: readonly SyntaxProblem[];
      readonly refs: readonly RefProblem[];
      readonly reason?: string;
    };

const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
const str = (v: JsonValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const obj = (v: JsonValue | undefined): JsonObject => (isObject(v) ? v : {});
/** JSON Merge Patch (RFC 7396), the way traits are applied. */
function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isObject(patch)) return patch;
  const out: Record<string, JsonValue> = { ...obj(target) };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** Schema formats whose payloads are JSON Schemas (AsyncAPI's schema object is a JSON Schema draft-07 superset). */
const JSON_SCHEMA_FORMAT = /^application\/(vnd\.aai\.asyncapi|schema)(\+json|\+yaml)?(;|$)/i;

export function readAsyncApi(publication: readonly PublicationFile[]): ReadAsyncApi {
  const loaded = AsyncApiFiles.load(publication);
  if (loaded.status === 'invalid') return { status: 'invalid', syntax: loaded.syntax, refs: [] };
  const files = loaded.files;
  if (files.refProblems.length > 0) return { status: 'invalid', syntax: [], refs: files.refProblems };
  const doc = obj(files.document());
  const version = str(doc['asyncapi']) ?? '';
  const major = version.startsWith('2.') ? 2 : version.startsWith('3.') ? 3 : undefined;
  if (major === undefined)
    return {
      status: 'invalid',
      syntax: [],
      refs: [],
      reason: `is not an AsyncAPI 2.x or 3.x document (its "asyncapi" field is ${JSON.stringify(doc['asyncapi'] ?? null)})`,
    };
  const reader = new Reader(files, str(doc['defaultContentType']));
  const { channels, operations } = major === 2 ? reader.v2(doc) : reader.v3(doc);
  return { status: 'ok', model: { version, major, title: str(obj(doc['info'])['title']), channels, operations, files } };
}

class Reader {
  constructor(
    private readonly files: AsyncApiFiles,
    private readonly defaultContentType: string | undefined,
  ) {}

  private at(node: JsonValue | undefined, pointer: string) {
    return this.files.follow(node, this.files.root, pointer);
  }

  // ---- 3.x: channels hold messages; operations point at a channel and some of its messages -------------------

  v3(doc: JsonObject): { channels: AsyncApiChannel[]; operations: AsyncApiOperation[] } {
    const channels = Object.entries(obj(doc['channels'])).map(([id, raw]) => {
      const pointer = `/channels/${escape(id)}`;
      const channel = this.at(raw, pointer);
      const body = obj(channel.value);
      const messages = Object.entries(obj(body['messages'])).map(([key, m]) =>
        this.message(key, this.files.follow(m, channel.file, `${channel.pointer}/messages/${escape(key)}`), 3),
      );
      // 3.x: an absent or null address is unknown (e.g. generated at run time); the channel is then known by its id only
      return { id, address: str(body['address']) ?? null, messages, pointer };
    });
    const operations = Object.entries(obj(doc['operations'])).flatMap(([id, raw]): AsyncApiOperation[] => {
      const pointer = `/operations/${escape(id)}`;
      const op = obj(this.at(raw, pointer).value);
      const channelRef = str(obj(op['channel'])['$ref']);
      const channelId = channelRef === undefined ? undefined : lastSegmentUnder(channelRef, '/channels/');
      const action = op['action'] === 'send' || op['action'] === 'receive' ? op['action'] : undefined;
      if (channelId === undefined || action === undefined) return [];
      const channel = channels.find((c) => c.id === channelId);
      const named = Array.isArray(op['messages'])
        ? (op['messages'] as readonly JsonValue[]).flatMap((m) => {
            const key = lastSegmentUnder(str(obj(m)['$ref']) ?? '', '/messages/');
            return key === undefined ? [] : [key];
          })
        : undefined;
      return [{ id, action, channelId, messageIds: named ?? channel?.messages.map((m) => m.id) ?? [], pointer }];
    });
    return { channels, operations };
  }

  // ---- 2.x: each channel has a publish (the application receives) and a subscribe (it sends) operation -----------

  v2(doc: JsonObject): { channels: AsyncApiChannel[]; operations: AsyncApiOperation[] } {
    const channels: AsyncApiChannel[] = [];
    const operations: AsyncApiOperation[] = [];
    for (const [address, raw] of Object.entries(obj(doc['channels']))) {
      const pointer = `/channels/${escape(address)}`;
      const channel = this.at(raw, pointer);
      const messages = new Map<string, AsyncApiMessage>();
      for (const [verb, action] of [
        ['subscribe', 'send'],
        ['publish', 'receive'],
      ] as const) {
        const op = this.files.follow(obj(channel.value)[verb], channel.file, `${channel.pointer}/${verb}`);
        if (!isObject(op.value)) continue;
        const body = op.value;
        const ids = this.v2Messages(body['message'], op.file, `${op.pointer}/message`, `${verb} message`).map((m) => {
          if (!messages.has(m.id)) messages.set(m.id, m);
          return m.id;
        });
        operations.push({
          id: str(body['operationId']) ?? `${verb} ${address}`,
          action,
          channelId: address,
          messageIds: ids,
          pointer: `${pointer}/${verb}`,
        });
      }
      channels.push({ id: address, address, messages: [...messages.values()], pointer });
    }
    return { channels, operations };
  }

  /** `fallback` names an anonymous message (no messageId, no name, not a component) by its place. */
  private v2Messages(raw: JsonValue | undefined, file: string, pointer: string, fallback: string): AsyncApiMessage[] {
    const message = this.files.follow(raw, file, pointer);
    const body = obj(message.value);
    if (Array.isArray(body['oneOf']))
      return (body['oneOf'] as readonly JsonValue[]).flatMap((m, i) =>
        this.v2Messages(m, message.file, `${message.pointer}/oneOf/${i}`, `${fallback} ${i}`),
      );
    if (!isObject(message.value)) return [];
    const componentKey = lastSegmentUnder(message.pointer, '/components/messages/');
    const id = str(body['messageId']) ?? str(body['name']) ?? componentKey ?? fallback;
    return [this.message(id, message, 2)];
  }

  // ---- a message, with its traits applied ---------------------------------------------------------------------

  private message(id: string, at: { value: JsonValue | undefined; file: string; pointer: string }, major: 2 | 3): AsyncApiMessage {
    let body = obj(at.value);
    const traits = Array.isArray(body['traits']) ? (body['traits'] as readonly JsonValue[]) : [];
    for (const [i, t] of traits.entries()) {
      const trait = obj(this.files.follow(t, at.file, `${at.pointer}/traits/${i}`).value);
      // 2.x: the trait's fields are merged into the message; 3.x: the message's own fields win over its traits
      body = (major === 2 ? mergePatch(body, trait) : mergePatch(trait, body)) as JsonObject;
    }
    const payload = body['payload'];
    const multiFormat = major === 3 && isObject(payload) && typeof payload['schemaFormat'] === 'string' && 'schema' in payload;
    const format = multiFormat ? str(obj(payload)['schemaFormat']) : str(body['schemaFormat']);
    const headers = body['headers'];
    return {
      id,
      name: str(body['name']),
      title: str(body['title']),
      contentType: str(body['contentType']) ?? this.defaultContentType,
      payload: multiFormat ? obj(payload)['schema'] : payload,
      foreignSchemaFormat: format === undefined || JSON_SCHEMA_FORMAT.test(format) ? undefined : format,
      headers: major === 3 && isObject(headers) && typeof headers['schemaFormat'] === 'string' ? headers['schema'] : headers,
      file: at.file,
      pointer: at.pointer,
    };
  }
}

/** `file#/channels/orders` → `orders` (the key right after `under`), unescaped. */
function lastSegmentUnder(ref: string, under: string): string | undefined {
  const index = ref.lastIndexOf(under);
  if (index < 0) return undefined;
  const rest = ref.slice(index + under.length);
  if (rest === '' || rest.includes('/')) return undefined;
  return decodeURIComponent(rest).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Every message of the model with its channel and the operations that carry it. */
export function messagesOf(
  model: AsyncApiModel,
): Array<{ channel: AsyncApiChannel; message: AsyncApiMessage; operations: AsyncApiOperation[] }> {
  return model.channels.flatMap((channel) =>
    channel.messages.map((message) => ({
      channel,
      message,
      operations: model.operations.filter((o) => o.channelId === channel.id && o.messageIds.includes(message.id)),
    })),
  );
}
