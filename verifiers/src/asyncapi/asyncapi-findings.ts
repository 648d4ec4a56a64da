/**
 * The findings of a message-pact-against-AsyncAPI check. Codes follow the pact-against-OpenAPI ones
 * (swagger-mock-validator's `<part>.<what>.<problem>` style), so a team that reads one reads the other.
 */

/** Each code and when it is reported (docs/asyncapi.md explains the matching rules). */
export const ASYNCAPI_FINDING_CODES = {
  'message.unmatched': 'no message of the document matches the interaction (by its metadata, description or discriminator)',
  'message.ambiguous': 'several different messages match the interaction equally well; name one in the pact metadata',
  'message.channel.ambiguous':
    'warning: the matched message is used on several channels and the pact does not say which; it was checked once',
  'message.channel.unknown': 'the pact metadata `channel` names no channel (by id or address) of the document',
  'message.operation.unknown': 'the pact metadata `operationId` names no operation of the document, or one on another channel',
  'message.id.unknown': 'the pact metadata `messageId` names no message (by id, messageId or name) where the other keys point',
  'message.direction.receive-only':
    'the document says the provider only receives this message (3.x `action: receive`; a warning for 2.x `publish`, often used the other way round)',
  'message.direction.undeclared': 'warning: no operation of the document says the provider sends this message',
  'message.content-type.incompatible': 'the pact content type is not the one the message (or the document default) declares',
  'message.payload.incompatible': 'the contents do not validate against the (closed) payload schema',
  'message.payload.unknown': 'the pact has contents but the message declares no payload',
  'message.payload.unvalidatable': 'warning: the payload schema format (e.g. Avro) or the content type is not JSON, so it is not checked',
  'message.header.incompatible': 'a metadata value does not fit the header schema the message declares',
  'message.header.unknown': 'the pact expects a metadata key the message headers do not declare',
} as const;

export type AsyncApiFindingCode = keyof typeof ASYNCAPI_FINDING_CODES;

export interface AsyncApiFinding {
  readonly code: AsyncApiFindingCode;
  readonly severity: 'error' | 'warning';
  readonly interaction: string;
  /** where in the pact, e.g. `[root].interactions[0].contents.amount_cents` */
  readonly location: string;
  /** where in the AsyncAPI document, e.g. `[root].channels.orderEvents.messages.orderPlaced.payload` */
  readonly specLocation: string;
  /** the same place as a file of the publication and a JSON Pointer in it (for a line number); null when not one place */
  readonly specFile: string | null;
  readonly specPointer: string | null;
  readonly message: string;
}
