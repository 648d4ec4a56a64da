/**
 * The asynchronous message interactions of a pact, normalised for checking against an AsyncAPI document:
 * Pact V3 `messages` and V4 `Asynchronous/Messages` interactions, with their contents decoded (V4 wraps them as
 * `{content, contentType, encoded}`), their content type, and their metadata.
 */
import { isObject } from '../openapi/json-value.ts';

export interface MessageInteraction {
  readonly description: string;
  /** where the interaction is in the pact, e.g. `[root].messages[0]` or `[root].interactions[2]` */
  readonly location: string;
  /** the example contents (matcher values are examples of what they match) */
  readonly contents: unknown;
  readonly hasContents: boolean;
  /** from the metadata (`contentType`, `content-type`, `content_type`) or the V4 contents; undefined when not given */
  readonly contentType: string | undefined;
  /** the message metadata as the pact writes it, content type keys included */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** How many interactions of each kind a pact has: a check covers only its own kind, and says what it left out. */
export interface InteractionCounts {
  readonly http: number;
  readonly asynchronousMessages: number;
  readonly synchronousMessages: number;
}

export const CONTENT_TYPE_KEYS = ['contentType', 'content-type', 'content_type', 'Content-Type'];

export function interactionCounts(pact: unknown): InteractionCounts {
  const interactions = isObject(pact) && Array.isArray(pact['interactions']) ? pact['interactions'] : [];
  const typeOf = (i: unknown): string =>
    isObject(i) && typeof i['type'] === 'string' ? i['type'] : isObject(i) && isObject(i['request']) ? 'Synchronous/HTTP' : '';
  const v3Messages = isObject(pact) && Array.isArray(pact['messages']) ? pact['messages'].length : 0;
  return {
    http: interactions.filter((i) => typeOf(i) === 'Synchronous/HTTP').length,
    asynchronousMessages: v3Messages + interactions.filter((i) => typeOf(i) === 'Asynchronous/Messages').length,
    synchronousMessages: interactions.filter((i) => typeOf(i) === 'Synchronous/Messages').length,
  };
}

export function messageInteractions(pact: unknown): MessageInteraction[] {
  if (!isObject(pact)) return [];
  const v3 = Array.isArray(pact['messages'])
    ? pact['messages'].flatMap((raw, index) => (isObject(raw) ? [v3Message(raw, `[root].messages[${index}]`)] : []))
    : [];
  const v4 = Array.isArray(pact['interactions'])
    ? pact['interactions'].flatMap((raw, index) =>
        isObject(raw) && raw['type'] === 'Asynchronous/Messages' ? [v4Message(raw, `[root].interactions[${index}]`)] : [],
      )
    : [];
  return [...v3, ...v4];
}

const descriptionOf = (raw: Record<string, unknown>, location: string): string =>
  typeof raw['description'] === 'string' ? raw['description'] : location;

function metadataOf(raw: Record<string, unknown>): Record<string, unknown> {
  return isObject(raw['metadata']) ? raw['metadata'] : {};
}

function contentTypeIn(metadata: Readonly<Record<string, unknown>>): string | undefined {
  for (const key of CONTENT_TYPE_KEYS) if (typeof metadata[key] === 'string') return metadata[key];
  return undefined;
}

function v3Message(raw: Record<string, unknown>, location: string): MessageInteraction {
  const metadata = metadataOf(raw);
  const contents = raw['contents'];
  return {
    description: descriptionOf(raw, location),
    location,
    contents,
    hasContents: contents !== undefined && contents !== null,
    contentType: contentTypeIn(metadata),
    metadata,
  };
}

function v4Message(raw: Record<string, unknown>, location: string): MessageInteraction {
  const metadata = metadataOf(raw);
  const wrapped = isObject(raw['contents']) ? raw['contents'] : {};
  const declared = typeof wrapped['contentType'] === 'string' ? wrapped['contentType'] : undefined;
  const contentType = contentTypeIn(metadata) ?? declared;
  return {
    description: descriptionOf(raw, location),
    location,
    contents: decode(wrapped['content'], wrapped['encoded'], contentType),
    hasContents: wrapped['content'] !== undefined && wrapped['content'] !== null,
    contentType,
    metadata,
  };
}

/** V4 contents may be a JSON value, a string, or base64 (`encoded: "base64"` or `true`); JSON text is parsed. */
function decode(content: unknown, encoded: unknown, contentType: string | undefined): unknown {
  if (typeof content !== 'string') return content;
  const text = encoded === 'base64' || encoded === true ? Buffer.from(content, 'base64').toString('utf8') : content;
  if (contentType !== undefined && /json/i.test(contentType) && (encoded !== false || text !== content)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}
