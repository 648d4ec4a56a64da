/** Rules on messages, enums, enum values and RPCs that are not deletions. */
import { firstSpan, forEachEnumPair, forEachMessagePair, forEachServicePair, q, type RuleCheck } from '../rule-context.ts';
import type { ProtoMethod, ProtoService } from '../proto-model.ts';

const requiredFields: RuleCheck = (ctx, emit) =>
  forEachMessagePair(ctx, (m, previous) => {
    const required = new Map(m.fields.filter((f) => f.cardinality === 'required').map((f) => [f.number, f]));
    const previousRequired = new Set(previous.fields.filter((f) => f.cardinality === 'required').map((f) => f.number));
    const tail =
      'Required fields must always be sent, so if one side does not know about the required field, this will result in a breakage.';
    for (const n of previousRequired) {
      if (!required.has(n)) emit(m.file, m.span, `Message ${q(previous.name)} had required field "${n}" deleted. ${tail}`);
    }
    for (const [n, f] of required) {
      if (!previousRequired.has(n)) emit(m.file, f.span, `Message ${q(m.name)} had required field "${n}" added. ${tail}`);
    }
  });

const messageJsonFormat: RuleCheck = (ctx, emit) =>
  forEachMessagePair(ctx, (m, previous) => {
    if (previous.jsonFormat === 'ALLOW' && m.jsonFormat !== 'ALLOW') {
      emit(
        m.file,
        firstSpan(m.optionSpans.get('features.json_format'), m.span),
        `Message ${q(m.name)} JSON format support changed from ${previous.jsonFormat} to ${m.jsonFormat}.`,
      );
    }
  });

const enumJsonFormat: RuleCheck = (ctx, emit) =>
  forEachEnumPair(ctx, (e, previous) => {
    if (previous.jsonFormat === 'ALLOW' && e.jsonFormat !== 'ALLOW') {
      emit(
        e.file,
        firstSpan(e.optionSpans.get('features.json_format'), e.span),
        `Enum ${q(e.name)} JSON format support changed from ${previous.jsonFormat} to ${e.jsonFormat}.`,
      );
    }
  });

const enumSameType: RuleCheck = (ctx, emit) =>
  forEachEnumPair(ctx, (e, previous) => {
    if (e.closed === previous.closed) return;
    const [from, to] = e.closed ? ['open', 'closed'] : ['closed', 'open'];
    emit(e.file, firstSpan(e.optionSpans.get('features.enum_type'), e.span), `Enum ${q(e.name)} changed from ${from} to ${to}.`);
  });

const enumValueSameName: RuleCheck = (ctx, emit) =>
  forEachEnumPair(ctx, (e, previous) => {
    const group = (values: typeof e.values): Map<number, string[]> => {
      const m = new Map<number, string[]>();
      for (const v of values) m.set(v.number, [...(m.get(v.number) ?? []), v.name]);
      return m;
    };
    const current = group(e.values);
    for (const [number, previousNames] of group(previous.values)) {
      const names = current.get(number);
      // Buf: every previous name must still be present (aliases may be added, not removed or renamed)
      if (!names || previousNames.every((n) => names.includes(n))) continue;
      const suffix = previousNames.length > 1 && names.length > 1 ? 's' : '';
      const from = [...previousNames].sort().map(q).join(', ');
      const to = [...names].sort().map(q).join(', ');
      for (const v of e.values.filter((x) => x.number === number)) {
        emit(e.file, v.numberSpan, `Enum value "${number}" on enum ${q(e.name)} changed name${suffix} from ${from} to ${to}.`);
      }
    }
  });

const noRemoveStandardDescriptorAccessor: RuleCheck = (ctx, emit) =>
  forEachMessagePair(ctx, (m, previous) => {
    if (!previous.noStandardDescriptorAccessor && m.noStandardDescriptorAccessor) {
      emit(
        m.file,
        firstSpan(m.optionSpans.get('no_standard_descriptor_accessor'), m.span),
        'Message option "no_standard_descriptor_accessor" changed from "false" to "true".',
      );
    }
  });

const messageSetWireFormat: RuleCheck = (ctx, emit) =>
  forEachMessagePair(ctx, (m, previous) => {
    if (previous.messageSetWireFormat !== m.messageSetWireFormat) {
      emit(
        m.file,
        firstSpan(m.optionSpans.get('message_set_wire_format'), m.span),
        `Message option "message_set_wire_format" changed from ${q(String(previous.messageSetWireFormat))} to ${q(String(m.messageSetWireFormat))}.`,
      );
    }
  });

function forEachMethodPair(f: (m: ProtoMethod, previous: ProtoMethod, s: ProtoService) => void): RuleCheck {
  return (ctx) =>
    forEachServicePair(ctx, (s, previous) => {
      const byName = new Map(s.methods.map((m) => [m.name, m]));
      for (const p of previous.methods) {
        const m = byName.get(p.name);
        if (m) f(m, p, s);
      }
    });
}

const withEmit =
  (build: (emit: Parameters<RuleCheck>[1]) => RuleCheck): RuleCheck =>
  (ctx, emit) =>
    build(emit)(ctx, emit);

const rpc = (m: ProtoMethod): string => `RPC ${q(m.name)} on service ${q(m.serviceName)}`;
const mode = (streaming: boolean): string => (streaming ? 'streaming' : 'unary');

export const TYPE_RULES = {
  MESSAGE_SAME_REQUIRED_FIELDS: requiredFields,
  MESSAGE_SAME_JSON_FORMAT: messageJsonFormat,
  MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT: messageSetWireFormat,
  MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR: noRemoveStandardDescriptorAccessor,
  ENUM_SAME_JSON_FORMAT: enumJsonFormat,
  ENUM_SAME_TYPE: enumSameType,
  ENUM_VALUE_SAME_NAME: enumValueSameName,
  RPC_SAME_REQUEST_TYPE: withEmit((emit) =>
    forEachMethodPair((m, p) => {
      if (m.inputType !== p.inputType)
        emit(m.file, m.inputSpan, `${rpc(m)} changed request type from ${q(p.inputType)} to ${q(m.inputType)}.`);
    }),
  ),
  RPC_SAME_RESPONSE_TYPE: withEmit((emit) =>
    forEachMethodPair((m, p) => {
      if (m.outputType !== p.outputType)
        emit(m.file, m.outputSpan, `${rpc(m)} changed response type from ${q(p.outputType)} to ${q(m.outputType)}.`);
    }),
  ),
  RPC_SAME_CLIENT_STREAMING: withEmit((emit) =>
    forEachMethodPair((m, p) => {
      if (m.clientStreaming !== p.clientStreaming)
        emit(m.file, m.span, `${rpc(m)} changed from client ${mode(p.clientStreaming)} to client ${mode(m.clientStreaming)}.`);
    }),
  ),
  RPC_SAME_SERVER_STREAMING: withEmit((emit) =>
    forEachMethodPair((m, p) => {
      if (m.serverStreaming !== p.serverStreaming)
        emit(m.file, m.span, `${rpc(m)} changed from server ${mode(p.serverStreaming)} to server ${mode(m.serverStreaming)}.`);
    }),
  ),
  RPC_SAME_IDEMPOTENCY_LEVEL: withEmit((emit) =>
    forEachMethodPair((m, p) => {
      if (m.idempotencyLevel !== p.idempotencyLevel) {
        emit(
          m.file,
          m.optionSpans.get('idempotency_level') ?? null,
          `${rpc(m)} changed option "idempotency_level" from ${q(p.idempotencyLevel)} to ${q(m.idempotencyLevel)}.`,
        );
      }
    }),
  ),
} as const satisfies Record<string, RuleCheck>;
