/**
 * Turns one protobufjs parse result (plus declaration spans) into the normalized `ProtoFile`.
 */
import protobuf from 'protobufjs';
import { defaultFeatures, explicitFeatures, fileFeatures, mergeFeatures, NO_FEATURES, type FeatureSet } from './proto-features.ts';
import type { FieldLocation, FileLocations } from './proto-locations.ts';
import type {
  Cardinality,
  FieldKind,
  OptionValue,
  ProtoEnum,
  ProtoField,
  ProtoFile,
  ProtoMessage,
  ProtoMethod,
  ProtoService,
  ProtoSourceError,
  SourceSpan,
  Syntax,
  TagRange,
} from './proto-model.ts';
import type { TypeIndex } from './proto-loader.ts';

export interface ParsedFile {
  readonly path: string;
  readonly source: string;
  readonly result: protobuf.IParserResult;
  readonly locations: FileLocations;
}

const SCALARS = new Set<string>([
  'double',
  'float',
  'int64',
  'uint64',
  'int32',
  'fixed64',
  'fixed32',
  'bool',
  'string',
  'bytes',
  'uint32',
  'sfixed32',
  'sfixed64',
  'sint32',
  'sint64',
]);
const MAX_FIELD = 536870911;
/**
 * Shared read-only empties for the (many) elements that have nothing of a kind: a model holds one field per declared
 * field plus two per map entry, and allocating a fresh empty Map/array/object for each was a visible share of the
 * garbage collected during a cold load. The model is typed read-only throughout, so sharing is safe; the arrays and
 * the object are frozen so a stray mutation fails loudly instead of leaking into every other element.
 */
const NO_OPTION_SPANS: ReadonlyMap<string, SourceSpan> = new Map();
const NO_OPTIONS: Readonly<Record<string, OptionValue>> = Object.freeze({});
const NO_RANGES: readonly TagRange[] = Object.freeze([]);
const NO_NAMES: readonly string[] = Object.freeze([]);
/** `{ kind, typeName }` of each scalar, built once: scalar fields are the majority and the pair is only read. */
const SCALAR_KINDS: ReadonlyMap<string, { kind: FieldKind; typeName: string }> = new Map(
  [...SCALARS].map((t) => [t, Object.freeze({ kind: t as FieldKind, typeName: t })]),
);

interface Ctx {
  readonly file: ParsedFile;
  readonly pkg: string;
  readonly syntax: Syntax;
  readonly types: TypeIndex;
  readonly errors: ProtoSourceError[];
  readonly messages: ProtoMessage[];
  readonly enums: ProtoEnum[];
  readonly services: ProtoService[];
  readonly extensions: (ProtoField & { nestedName: string })[];
  /** scope's full name → raw reference → resolved full name; nested rather than one `${scope}|${raw}` key so a lookup builds no string */
  readonly resolved: Map<string, Map<string, string | undefined>>;
}

export function buildFile(
  file: ParsedFile,
  types: TypeIndex,
): { status: 'ok'; file: ProtoFile } | { status: 'invalid'; errors: ProtoSourceError[] } {
  const pkg = file.result.package ?? '';
  const edition = detectEdition(file.source);
  const syntax: Syntax = edition === 'proto2' || edition === 'proto3' ? edition : 'editions';
  const ctx: Ctx = { file, pkg, syntax, types, errors: [], messages: [], enums: [], services: [], extensions: [], resolved: new Map() };
  const pkgNs = pkg ? file.result.root.lookup(pkg) : file.result.root;
  const features = mergeFeatures(defaultFeatures(edition), fileFeatures(file.locations.optionValues));
  if (pkgNs instanceof protobuf.Namespace) walkNamespace(ctx, pkgNs, '', features);
  const options = asOptions(pkgNs?.options);
  const built: ProtoFile = {
    path: file.path,
    package: pkg,
    syntax,
    edition,
    imports: [...(file.result.imports ?? [])],
    options,
    optionSpans: file.locations.options,
    syntaxSpan: file.locations.syntax ?? null,
    packageSpan: file.locations.package ?? null,
    messages: ctx.messages,
    enums: ctx.enums,
    services: ctx.services,
    extensions: ctx.extensions,
  };
  return ctx.errors.length > 0 ? { status: 'invalid', errors: ctx.errors } : { status: 'ok', file: built };
}

const SYNTAX_STATEMENT = /^\s*(syntax|edition)\s*=\s*["']([^"']+)["']/;

function detectEdition(source: string): string {
  // Fast path: a file that starts with its syntax statement. When that match holds no `/`, no comment can start
  // inside it, so stripping comments (two regex passes over the whole file) would leave it, and the answer, unchanged.
  const direct = SYNTAX_STATEMENT.exec(source);
  if (direct && !direct[0].includes('/')) return direct[2] ?? 'proto2';
  const stripped = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const m = SYNTAX_STATEMENT.exec(stripped);
  return m?.[2] ?? 'proto2';
}

const join = (a: string, b: string): string => (a ? `${a}.${b}` : b);

function walkNamespace(ctx: Ctx, ns: protobuf.Namespace, scope: string, features: FeatureSet): void {
  for (const child of ns.nestedArray) {
    if (child instanceof protobuf.Type) buildMessage(ctx, child, join(scope, child.name), features);
    else if (child instanceof protobuf.Enum) buildEnum(ctx, child, join(scope, child.name), features);
    else if (child instanceof protobuf.Service) buildService(ctx, child);
    else if (child instanceof protobuf.Field && child.extend) buildExtension(ctx, child, scope, features);
    else if (child instanceof protobuf.Namespace) walkNamespace(ctx, child, join(scope, child.name), features);
  }
}

/**
 * Resolves a type reference as protoc does: innermost scope first, i.e. `prefix.raw`, then the same with the last
 * name of `prefix` dropped, ... up to `raw` itself. `prefix` is the full name (package included) of the scope the
 * reference is written in. Memoized per file and per prefix, and the walk outwards goes through the memo: sibling
 * messages share their parent's answers, so each reference costs about one candidate name instead of one per level.
 */
function resolveType(ctx: Ctx, raw: string, prefix: string): string | undefined {
  if (raw.startsWith('.')) return ctx.types.has(raw.slice(1)) ? raw.slice(1) : undefined;
  let inScope = ctx.resolved.get(prefix);
  if (!inScope) {
    inScope = new Map();
    ctx.resolved.set(prefix, inScope);
  }
  if (inScope.has(raw)) return inScope.get(raw);
  let resolved: string | undefined;
  if (prefix === '') {
    resolved = ctx.types.has(raw) ? raw : raw.startsWith('google.protobuf.') ? raw : undefined;
  } else {
    const candidate = `${prefix}.${raw}`;
    resolved = ctx.types.has(candidate) ? candidate : resolveType(ctx, raw, prefix.slice(0, Math.max(0, prefix.lastIndexOf('.'))));
  }
  inScope.set(raw, resolved);
  return resolved;
}

const NO_RESERVED: { ranges: readonly TagRange[]; names: readonly string[] } = Object.freeze({ ranges: NO_RANGES, names: NO_NAMES });

function ranges(reserved: readonly (number[] | string)[] | undefined): { ranges: readonly TagRange[]; names: readonly string[] } {
  if (!reserved || reserved.length === 0) return NO_RESERVED;
  const result = { ranges: [] as TagRange[], names: [] as string[] };
  for (const r of reserved) {
    if (typeof r === 'string') result.names.push(r);
    else result.ranges.push({ start: r[0] ?? 0, end: r[1] ?? 0 });
  }
  return result;
}

function buildMessage(ctx: Ctx, type: protobuf.Type, nestedName: string, parentFeatures: FeatureSet): void {
  const options = asOptions(type.options);
  const features = mergeFeatures(parentFeatures, explicitFeatures(options));
  const loc = ctx.file.locations.messages.get(nestedName);
  const reserved = ranges(type.reserved);
  const fields: ProtoField[] = [];
  const oneofs = type.oneofsArray.length === 0 ? NO_NAMES : type.oneofsArray.filter((o) => !isSynthetic(o)).map((o) => o.name);
  const fullName = join(ctx.pkg, nestedName);
  const message: ProtoMessage = {
    name: type.name,
    fullName,
    nestedName,
    file: ctx.file.path,
    fields,
    oneofs,
    reservedRanges: reserved.ranges,
    reservedNames: reserved.names,
    extensionRanges:
      type.extensions && type.extensions.length > 0 ? type.extensions.map((r) => ({ start: r[0] ?? 0, end: r[1] ?? 0 })) : NO_RANGES,
    isMapEntry: false,
    messageSetWireFormat: options['message_set_wire_format'] === true,
    noStandardDescriptorAccessor: options['no_standard_descriptor_accessor'] === true,
    jsonFormat: features.json_format,
    span: loc?.span ?? null,
    optionSpans: loc?.options ?? NO_OPTION_SPANS,
  };
  ctx.messages.push(message);
  // Looked up once per message rather than by a `${scope}#${name}` key built per field.
  const fieldLocations = ctx.file.locations.fields.get(nestedName);
  for (const field of type.fieldsArray) {
    if (field.name.startsWith('.') || field.extend) continue;
    const built = buildField(ctx, field, type, fullName, features, fieldLocations?.get(field.name));
    if (built) fields.push(built);
    if (field instanceof protobuf.MapField) buildMapEntry(ctx, field, nestedName, fullName, built, features);
  }
  walkNamespace(ctx, type, nestedName, features);
}

function isSynthetic(oneof: protobuf.OneOf): boolean {
  const only = oneof.fieldsArray[0] ?? oneof.parent?.get(oneof.oneof[0] ?? '');
  return oneof.oneof.length === 1 && only instanceof protobuf.Field && only.options?.['proto3_optional'] === true;
}

function buildMapEntry(
  ctx: Ctx,
  field: protobuf.MapField,
  scope: string,
  scopeFullName: string,
  mapField: ProtoField | undefined,
  features: FeatureSet,
): void {
  const name = mapEntryName(field.name);
  const fullName = join(scopeFullName, name);
  const entryFields: ProtoField[] = [];
  const message: ProtoMessage = {
    name,
    fullName,
    nestedName: join(scope, name),
    file: ctx.file.path,
    fields: entryFields,
    oneofs: NO_NAMES,
    reservedRanges: NO_RANGES,
    reservedNames: NO_NAMES,
    extensionRanges: NO_RANGES,
    isMapEntry: true,
    messageSetWireFormat: false,
    noStandardDescriptorAccessor: false,
    jsonFormat: features.json_format,
    span: mapField?.span ?? null,
    optionSpans: NO_OPTION_SPANS,
  };
  ctx.messages.push(message);
  const span = mapField?.typeSpan ?? null;
  const entryFeatures = mapField?.features ?? fieldFeatures(features);
  const valueKind = kindOf(ctx, field.type, scopeFullName, features, undefined);
  entryFields.push(entryField(ctx, message, features, entryFeatures, span, 'key', 1, field.keyType as FieldKind, field.keyType));
  if (valueKind) entryFields.push(entryField(ctx, message, features, entryFeatures, span, 'value', 2, valueKind.kind, valueKind.typeName));
}

/**
 * One field of a synthesized map entry. Built as a plain literal: object spread of a ten-property base costs ~10 µs
 * per field in V8 (measured), which dominated loading a set with many map fields. A module-level function rather
 * than closures created per map field.
 */
function entryField(
  ctx: Ctx,
  entry: ProtoMessage,
  features: FeatureSet,
  entryFeatures: ProtoField['features'],
  span: SourceSpan | null,
  name: 'key' | 'value',
  number: number,
  kind: FieldKind,
  typeName: string,
): ProtoField {
  const explicit =
    kind === 'message' ||
    kind === 'group' ||
    ctx.syntax === 'proto2' ||
    (ctx.syntax === 'editions' && features.field_presence !== 'IMPLICIT');
  return {
    name,
    fullName: `${entry.fullName}.${name}`,
    number,
    jsonName: name,
    kind,
    typeName,
    cardinality: explicit ? 'optional with explicit presence' : 'optional with implicit presence',
    features: entryFeatures,
    messageName: entry.name,
    oneof: null,
    extendee: null,
    options: NO_OPTIONS,
    defaultValue: undefined,
    file: ctx.file.path,
    span,
    typeSpan: span,
    nameSpan: span,
    optionSpans: NO_OPTION_SPANS,
  };
}

function kindOf(
  ctx: Ctx,
  raw: string,
  scopeFullName: string,
  features: FeatureSet,
  field: protobuf.Field | undefined,
): { kind: FieldKind; typeName: string } | undefined {
  const scalar = SCALAR_KINDS.get(raw);
  if (scalar) return scalar;
  const resolved = resolveType(ctx, raw, scopeFullName);
  if (!resolved) return undefined;
  if (ctx.types.get(resolved) === 'enum') return { kind: 'enum', typeName: resolved };
  // The group lookup (protobufjs' Type#get) only matters for message types, so enums above skip it.
  if (features.message_encoding === 'DELIMITED' || declaredAsGroup(field, raw)) return { kind: 'group', typeName: resolved };
  return { kind: 'message', typeName: resolved };
}

function declaredAsGroup(field: protobuf.Field | undefined, raw: string): boolean {
  if (!(field?.parent instanceof protobuf.Type)) return false;
  const declared = field.parent.get(raw);
  return declared instanceof protobuf.Type && (declared as protobuf.Type & { group?: boolean }).group === true;
}

function cardinalityOf(
  ctx: Ctx,
  field: protobuf.Field,
  isMap: boolean,
  kind: FieldKind,
  inOneof: boolean,
  features: FeatureSet,
  isExtension: boolean,
): Cardinality {
  if (isMap) return 'map';
  if (field.repeated) return 'repeated';
  if (field.rule === 'required' || features.field_presence === 'LEGACY_REQUIRED') return 'required';
  const explicit =
    isExtension ||
    inOneof ||
    kind === 'message' ||
    kind === 'group' ||
    ctx.syntax === 'proto2' ||
    field.options?.['proto3_optional'] === true ||
    (ctx.syntax === 'editions' && features.field_presence === 'EXPLICIT');
  return explicit ? 'optional with explicit presence' : 'optional with implicit presence';
}

export function defaultJsonName(name: string): string {
  // Most field names have no underscore, and then the name is its own JSON name: skip the regex (one per field).
  return name.includes('_') ? name.replace(/_([a-z0-9]?)/gi, (_m, c: string) => c.toUpperCase()) : name;
}

/**
 * `scopeFullName` is the full name (package included) of the message, or for an extension of its declaring scope;
 * the caller has already built it. `loc` is the field's location, looked up by the caller once per scope.
 */
function buildField(
  ctx: Ctx,
  field: protobuf.Field,
  parent: protobuf.Type | null,
  scopeFullName: string,
  parentFeatures: FeatureSet,
  loc: FieldLocation | undefined,
): ProtoField | undefined {
  const options = asOptions(field.options);
  const oneofObj = field.partOf && !isSynthetic(field.partOf) ? field.partOf : null;
  const oneofFeatures = oneofObj ? explicitFeatures(asOptions(oneofObj.options)) : NO_FEATURES;
  const features = mergeFeatures(mergeFeatures(parentFeatures, oneofFeatures), explicitFeatures(options));
  const kind = kindOf(ctx, field.type, scopeFullName, features, field);
  if (!kind) {
    ctx.errors.push({
      file: ctx.file.path,
      line: loc?.typeSpan.line ?? 1,
      column: loc?.typeSpan.column ?? 1,
      message: `field ${scopeFullName}.${field.name}: unknown type ${field.type}`,
    });
    return undefined;
  }
  const extendee = field.extend ? (resolveType(ctx, field.extend, scopeFullName) ?? field.extend.replace(/^\./, '')) : null;
  const explicitJson = typeof options['json_name'] === 'string' ? options['json_name'] : undefined;
  const isMap = field instanceof protobuf.MapField;
  return {
    name: field.name,
    fullName: join(scopeFullName, field.name),
    number: field.id,
    jsonName: explicitJson ?? defaultJsonName(field.name),
    kind: isMap ? 'message' : kind.kind,
    typeName: isMap ? join(scopeFullName, mapEntryName(field.name)) : kind.typeName,
    cardinality: cardinalityOf(ctx, field, isMap, kind.kind, oneofObj !== null, features, extendee !== null),
    oneof: oneofObj?.name ?? null,
    extendee,
    messageName: parent?.name ?? '',
    options,
    defaultValue: options['default'],
    features: fieldFeatures(features),
    file: ctx.file.path,
    span: loc?.span ?? null,
    typeSpan: loc?.typeSpan ?? null,
    nameSpan: loc?.nameSpan ?? null,
    optionSpans: loc?.options ?? NO_OPTION_SPANS,
  };
}

/** One shared (read-only) field-feature object per feature set: fields are many, distinct feature sets few. */
const fieldFeatureCache = new WeakMap<FeatureSet, ProtoField['features']>();
function fieldFeatures(features: FeatureSet): ProtoField['features'] {
  let shared = fieldFeatureCache.get(features);
  if (!shared) {
    shared = {
      utf8Validation: features.utf8_validation,
      cppStringType: features.cpp_string_type,
      javaUtf8Validation: features.java_utf8_validation,
    };
    fieldFeatureCache.set(features, shared);
  }
  return shared;
}

function buildExtension(ctx: Ctx, field: protobuf.Field, scope: string, features: FeatureSet): void {
  const loc = ctx.file.locations.extensionFields.get(scope)?.get(field.name);
  const built = buildField(ctx, field, null, join(ctx.pkg, scope), features, loc);
  if (built) ctx.extensions.push({ ...built, nestedName: join(scope, field.name) });
}

function buildEnum(ctx: Ctx, e: protobuf.Enum, nestedName: string, parentFeatures: FeatureSet): void {
  const options = asOptions(e.options);
  const features = mergeFeatures(parentFeatures, explicitFeatures(options));
  const loc = ctx.file.locations.enums.get(nestedName);
  const reserved = ranges(e.reserved);
  ctx.enums.push({
    name: e.name,
    fullName: join(ctx.pkg, nestedName),
    nestedName,
    file: ctx.file.path,
    values: Object.entries(e.values).map(([name, number]) => ({
      name,
      number,
      numberSpan: ctx.file.locations.enumValues.get(`${nestedName}#${name}`)?.numberSpan ?? null,
    })),
    reservedRanges: reserved.ranges,
    reservedNames: reserved.names,
    closed: features.enum_type === 'CLOSED',
    jsonFormat: features.json_format,
    span: loc?.span ?? null,
    optionSpans: loc?.options ?? NO_OPTION_SPANS,
  });
}

const IDEMPOTENCY = ['IDEMPOTENCY_UNKNOWN', 'NO_SIDE_EFFECTS', 'IDEMPOTENT'] as const;

function buildService(ctx: Ctx, s: protobuf.Service): void {
  const loc = ctx.file.locations.services.get(s.name);
  const methods: ProtoMethod[] = s.methodsArray.map((m) => {
    const ml = ctx.file.locations.methods.get(`${s.name}#${m.name}`);
    const level = asOptions(m.options)['idempotency_level'];
    const resolve = (raw: string): string => resolveType(ctx, raw, ctx.pkg) ?? raw.replace(/^\./, '');
    return {
      name: m.name,
      serviceName: s.name,
      inputType: resolve(m.requestType),
      outputType: resolve(m.responseType),
      clientStreaming: m.requestStream === true,
      serverStreaming: m.responseStream === true,
      idempotencyLevel: IDEMPOTENCY.find((l) => l === level) ?? 'IDEMPOTENCY_UNKNOWN',
      file: ctx.file.path,
      span: ml?.span ?? null,
      inputSpan: ml?.inputSpan ?? null,
      outputSpan: ml?.outputSpan ?? null,
      optionSpans: ml?.options ?? NO_OPTION_SPANS,
    };
  });
  ctx.services.push({ name: s.name, fullName: join(ctx.pkg, s.name), file: ctx.file.path, methods, span: loc?.span ?? null });
}

export const MAX_MESSAGE_FIELD_NUMBER = MAX_FIELD;

/**
 * protoc's map entry naming: `foo_bar` → `FooBarEntry` (a letter or digit at the start or after `_` is upper-cased,
 * underscores dropped). Same result as `replace(/(?:^|_)([a-z0-9])/g, upper).replace(/_/g, '')`, written as one
 * loop because it runs for every map field in each of the index, the field and the entry message.
 */
export function mapEntryName(fieldName: string): string {
  let out = '';
  for (let i = 0; i < fieldName.length; i++) {
    const c = fieldName.charCodeAt(i);
    if (c === 95 /* _ */) continue;
    const afterBoundary = i === 0 || fieldName.charCodeAt(i - 1) === 95;
    out += afterBoundary && c >= 97 && c <= 122 ? String.fromCharCode(c - 32) : fieldName[i];
  }
  return out + 'Entry';
}

/** protobufjs leaves `options` undefined on elements without any; those all share one frozen empty object. */
export const asOptions = (options: { [k: string]: unknown } | undefined): Readonly<Record<string, OptionValue>> =>
  (options ?? NO_OPTIONS) as Readonly<Record<string, OptionValue>>;
