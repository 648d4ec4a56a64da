/** Rules comparing a field with the field of the same number (Buf's field-pair rules). */
import type { Cardinality, FieldKind, ProtoField, ProtoMessage } from '../proto-model.ts';
import { fieldDescription, firstSpan, forEachFieldPair, q, type Emit, type RuleCheck, type RuleContext } from '../rule-context.ts';
import { fieldDefaultChange } from './field-default.ts';

/** https://protobuf.dev/programming-guides/proto3/#updating (Buf's fieldKindToWireCompatibilityGroup) */
const WIRE_GROUP: Record<FieldKind, number> = {
  int32: 1,
  int64: 1,
  uint32: 1,
  uint64: 1,
  bool: 1,
  sint32: 2,
  sint64: 2,
  string: 3,
  bytes: 4,
  fixed32: 5,
  sfixed32: 5,
  fixed64: 6,
  sfixed64: 6,
  double: 7,
  float: 8,
  group: 9,
  message: 10,
  enum: 11,
};
/** wire- AND JSON-compatible groups (Buf's fieldKindToWireJSONCompatibilityGroup) */
const WIRE_JSON_GROUP: Record<FieldKind, number> = {
  int32: 1,
  uint32: 1,
  int64: 2,
  uint64: 2,
  fixed32: 3,
  sfixed32: 3,
  fixed64: 4,
  sfixed64: 4,
  bool: 5,
  sint32: 6,
  sint64: 7,
  string: 8,
  bytes: 9,
  double: 10,
  float: 11,
  group: 12,
  message: 13,
  enum: 14,
};
const WIRE_CARDINALITY: Record<Cardinality, number> = {
  'optional with explicit presence': 1,
  'optional with implicit presence': 1,
  required: 2,
  repeated: 3,
  map: 3,
};
const WIRE_JSON_CARDINALITY: Record<Cardinality, number> = { ...WIRE_CARDINALITY, map: 4 };

const WIRE_NOTE = 'See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules.';
const WIRE_JSON_NOTE =
  'See https://developers.google.com/protocol-buffers/docs/proto3#updating for wire compatibility rules and https://developers.google.com/protocol-buffers/docs/proto3#json for JSON compatibility rules.';
const BYTES_TO_STRING_NOTE =
  'Note that while string and bytes are compatible if the data is valid UTF-8, there is no way to enforce that a bytes field is UTF-8, so these fields may be incompatible.';

type PairCheck = (
  emit: Emit,
  field: ProtoField,
  previous: ProtoField,
  ctx: RuleContext,
  message: ProtoMessage | null,
  previousMessage: ProtoMessage | null,
) => void;

const pairRule =
  (check: PairCheck): RuleCheck =>
  (ctx, emit) =>
    forEachFieldPair(ctx, (field, previous, message, previousMessage) => check(emit, field, previous, ctx, message, previousMessage));

const bothMapEntries = (m: ProtoMessage | null, p: ProtoMessage | null): boolean => m?.isMapEntry === true && p?.isMapEntry === true;

function prettyKind(f: ProtoField, syntaxOf: (f: ProtoField) => string): string {
  return f.kind === 'group' && syntaxOf(f) !== 'proto2' ? 'message (delimited encoding)' : f.kind;
}

function changedType(emit: Emit, ctx: RuleContext, field: ProtoField, previous: ProtoField, ...notes: string[]): void {
  const syntaxOf =
    (side: 'current' | 'previous') =>
    (f: ProtoField): string =>
      ctx[side].files.get(f.file)?.syntax ?? 'proto3';
  const extra = notes.length > 0 ? ` ${notes.join(' ')}` : '';
  emit(
    field.file,
    field.typeSpan,
    `${fieldDescription(field)} changed type from ${q(prettyKind(previous, syntaxOf('previous')))} to ${q(prettyKind(field, syntaxOf('current')))}.${extra}`,
  );
}

function changedTypeName(emit: Emit, field: ProtoField, previous: ProtoField): void {
  emit(field.file, field.typeSpan, `${fieldDescription(field)} changed type from ${q(previous.typeName)} to ${q(field.typeName)}.`);
}

/** Buf's checkEnumWireCompatibleForField: same short name and the previous values a subset of the new ones. */
function enumWireCompatible(emit: Emit, ctx: RuleContext, field: ProtoField, previous: ProtoField): void {
  const before = ctx.previous.enums.get(previous.typeName);
  const after = ctx.current.enums.get(field.typeName);
  const subset =
    before &&
    after &&
    before.name === after.name &&
    before.values.every((v) => after.values.some((w) => w.name === v.name && w.number === v.number));
  if (!subset) changedTypeName(emit, field, previous);
}

const sameType: PairCheck = (emit, field, previous, ctx) => {
  if (field.kind !== previous.kind) changedType(emit, ctx, field, previous);
  else if ((field.kind === 'enum' || field.kind === 'message' || field.kind === 'group') && field.typeName !== previous.typeName)
    changedTypeName(emit, field, previous);
};

const wireCompatibleType: PairCheck = (emit, field, previous, ctx) => {
  if (WIRE_GROUP[field.kind] !== WIRE_GROUP[previous.kind]) {
    if (previous.kind === 'string' && field.kind === 'bytes') return;
    const notes = previous.kind === 'bytes' && field.kind === 'string' ? [WIRE_NOTE, BYTES_TO_STRING_NOTE] : [WIRE_NOTE];
    changedType(emit, ctx, field, previous, ...notes);
  } else if (field.kind === 'enum' && field.typeName !== previous.typeName) {
    enumWireCompatible(emit, ctx, field, previous);
  } else if ((field.kind === 'message' || field.kind === 'group') && field.typeName !== previous.typeName) {
    changedTypeName(emit, field, previous);
  }
};

const wireJsonCompatibleType: PairCheck = (emit, field, previous, ctx) => {
  if (WIRE_JSON_GROUP[field.kind] !== WIRE_JSON_GROUP[previous.kind]) changedType(emit, ctx, field, previous, WIRE_JSON_NOTE);
  else if (field.kind === 'enum' && field.typeName !== previous.typeName) enumWireCompatible(emit, ctx, field, previous);
  else if ((field.kind === 'message' || field.kind === 'group') && field.typeName !== previous.typeName)
    changedTypeName(emit, field, previous);
};

function cardinalityRule(groups: Record<Cardinality, number> | null): PairCheck {
  return (emit, field, previous, _ctx, message, previousMessage) => {
    if (bothMapEntries(message, previousMessage)) return;
    const differs = groups ? groups[field.cardinality] !== groups[previous.cardinality] : field.cardinality !== previous.cardinality;
    if (differs)
      emit(
        field.file,
        field.span,
        `${fieldDescription(field)} changed cardinality from ${q(previous.cardinality)} to ${q(field.cardinality)}.`,
      );
  };
}

const sameName: PairCheck = (emit, field, previous) => {
  const [before, after] = field.extendee ? [previous.fullName, field.fullName] : [previous.name, field.name];
  if (before !== after)
    emit(field.file, field.nameSpan, `${fieldDescription(field, false)} changed name from ${q(before)} to ${q(after)}.`);
};

const sameJsonName: PairCheck = (emit, field, previous) => {
  if (previous.extendee || field.jsonName === previous.jsonName) return;
  emit(
    field.file,
    firstSpan(field.optionSpans.get('json_name'), field.span),
    `${fieldDescription(field)} changed option "json_name" from ${q(previous.jsonName)} to ${q(field.jsonName)}.`,
  );
};

const sameOneof: PairCheck = (emit, field, previous) => {
  if (previous.extendee || (field.oneof === null && previous.oneof === null)) return;
  if (field.oneof !== null && previous.oneof !== null) {
    // Buf's format string here is `%sq moved from oneof ...` (a stray "q"); Treaty prints the intended sentence.
    if (field.oneof !== previous.oneof)
      emit(field.file, field.span, `${fieldDescription(field)} moved from oneof ${q(previous.oneof)} to oneof ${q(field.oneof)}.`);
    return;
  }
  const [from, to] = field.oneof !== null ? ['outside', 'inside'] : ['inside', 'outside'];
  emit(field.file, field.span, `${fieldDescription(field)} moved from ${from} to ${to} a oneof.`);
};

const is64 = (k: FieldKind): boolean => k === 'int64' || k === 'sint64' || k === 'uint64' || k === 'fixed64' || k === 'sfixed64';
const jstypeOf = (f: ProtoField): string => (typeof f.options['jstype'] === 'string' ? f.options['jstype'] : 'JS_NORMAL');

const sameJstype: PairCheck = (emit, field, previous) => {
  if (!is64(field.kind) || !is64(previous.kind) || jstypeOf(field) === jstypeOf(previous)) return;
  emit(
    field.file,
    firstSpan(field.optionSpans.get('jstype'), field.span),
    `${fieldDescription(field)} changed option "jstype" from ${q(jstypeOf(previous))} to ${q(jstypeOf(field))}.`,
  );
};

/** Buf's fieldCppStringType: the ctype option (before edition 2024) or the (pb.cpp).string_type feature. */
function cppStringType(f: ProtoField, edition: string): { type: string; piece: boolean } {
  const ctype = f.options['ctype'];
  if (edition < '2024' || edition.startsWith('proto')) {
    if (ctype === 'CORD') return { type: 'CORD', piece: false };
    if (ctype === 'STRING_PIECE') return { type: 'STRING', piece: true };
    if (ctype === 'STRING') return { type: 'STRING', piece: false };
  }
  return { type: f.features.cppStringType, piece: false };
}

const sameCppStringType: PairCheck = (emit, field, previous, ctx, message, previousMessage) => {
  if (bothMapEntries(message, previousMessage)) return;
  const stringish = (k: FieldKind): boolean => k === 'string' || k === 'bytes';
  if (!stringish(field.kind) || !stringish(previous.kind)) return;
  const before = cppStringType(previous, ctx.previous.files.get(previous.file)?.edition ?? 'proto3');
  const after = cppStringType(field, ctx.current.files.get(field.file)?.edition ?? 'proto3');
  if ((before.type === after.type && before.piece === after.piece) || (before.piece && after.type === 'STRING' && !after.piece)) return;
  const show = (v: { type: string; piece: boolean }): string => (v.piece ? 'STRING_PIECE' : v.type);
  const span = firstSpan(field.optionSpans.get('ctype'), field.optionSpans.get('features.(pb.cpp).string_type'), field.span);
  emit(field.file, span, `${fieldDescription(field)} changed C++ string type from ${q(show(before))} to ${q(show(after))}.`);
};

/** Buf's fieldJavaUTF8Validation: java_string_check_utf8 (non-editions or when set) else the (pb.java) feature. */
function javaUtf8(ctx: RuleContext, side: 'current' | 'previous', f: ProtoField): string {
  const file = ctx[side].files.get(f.file);
  const fallback = f.features.utf8Validation;
  if (file?.syntax !== 'editions' || file.options['java_string_check_utf8'] !== undefined) {
    return file?.options['java_string_check_utf8'] === true ? 'VERIFY' : fallback;
  }
  return f.features.javaUtf8Validation === 'VERIFY' ? 'VERIFY' : fallback;
}

const sameJavaUtf8: PairCheck = (emit, field, previous, ctx) => {
  if (field.kind !== 'string' || previous.kind !== 'string') return;
  const before = javaUtf8(ctx, 'previous', previous);
  const after = javaUtf8(ctx, 'current', field);
  if (before === after) return;
  const fileSpan = ctx.current.files.get(field.file)?.optionSpans.get('java_string_check_utf8');
  emit(
    field.file,
    firstSpan(fileSpan, field.optionSpans.get('features.(pb.java).utf8_validation'), field.span),
    `${fieldDescription(field)} changed Java string UTF8 validation from ${q(before)} to ${q(after)}.`,
  );
};

const sameUtf8: PairCheck = (emit, field, previous) => {
  if (field.kind !== 'string' || previous.kind !== 'string') return;
  if (field.features.utf8Validation === previous.features.utf8Validation) return;
  emit(
    field.file,
    firstSpan(field.optionSpans.get('features.utf8_validation'), field.span),
    `${fieldDescription(field)} changed UTF8 validation from ${previous.features.utf8Validation} to ${field.features.utf8Validation}.`,
  );
};

const sameDefault: PairCheck = (emit, field, previous, ctx) => {
  const change = fieldDefaultChange(ctx, field, previous);
  if (change)
    emit(
      field.file,
      firstSpan(field.optionSpans.get('default'), field.span),
      `${fieldDescription(field)} changed default value from ${change.from} to ${change.to}.`,
    );
};

export const FIELD_RULES = {
  FIELD_SAME_TYPE: pairRule(sameType),
  FIELD_WIRE_COMPATIBLE_TYPE: pairRule(wireCompatibleType),
  FIELD_WIRE_JSON_COMPATIBLE_TYPE: pairRule(wireJsonCompatibleType),
  FIELD_SAME_CARDINALITY: pairRule(cardinalityRule(null)),
  FIELD_WIRE_COMPATIBLE_CARDINALITY: pairRule(cardinalityRule(WIRE_CARDINALITY)),
  FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY: pairRule(cardinalityRule(WIRE_JSON_CARDINALITY)),
  FIELD_SAME_NAME: pairRule(sameName),
  FIELD_SAME_JSON_NAME: pairRule(sameJsonName),
  FIELD_SAME_ONEOF: pairRule(sameOneof),
  FIELD_SAME_JSTYPE: pairRule(sameJstype),
  FIELD_SAME_CPP_STRING_TYPE: pairRule(sameCppStringType),
  FIELD_SAME_JAVA_UTF8_VALIDATION: pairRule(sameJavaUtf8),
  FIELD_SAME_UTF8_VALIDATION: pairRule(sameUtf8),
  FIELD_SAME_DEFAULT: pairRule(sameDefault),
} as const satisfies Record<string, RuleCheck>;
