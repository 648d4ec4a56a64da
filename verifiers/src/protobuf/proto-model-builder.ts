/**
 * Turns one protobufjs parse result (plus declaration spans) into the normalized `ProtoFile`.
 */
import protobuf from 'protobufjs';
import { defaultFeatures, explicitFeatures, fileFeatures, mergeFeatures, type FeatureSet } from './proto-features.ts';
import type { FileLocations } from './proto-locations.ts';
import type {
  Cardinality, FieldKind, OptionValue, ProtoEnum, ProtoField, ProtoFile, ProtoMessage, ProtoMethod, ProtoService,
  ProtoSourceError, SourceSpan, Syntax, TagRange,
} from './proto-model.ts';
import type { TypeIndex } from './proto-loader.ts';

export interface ParsedFile {
  readonly path: string;
  readonly source: string;
  readonly result: protobuf.IParserResult;
  readonly locations: FileLocations;
}

const SCALARS = new Set<string>([
  'double', 'float', 'int64', 'uint64', 'int32', 'fixed64', 'fixed32', 'bool', 'string', 'bytes', 'uint32',
  'sfixed32', 'sfixed64', 'sint32', 'sint64',
]);
const isScalar = (t: string): t is FieldKind => SCALARS.has(t);
const MAX_FIELD = 536870911;
/** Shared empty map for elements without option statements (read-only, saves one Map per field). */
const NO_OPTION_SPANS: ReadonlyMap<string, SourceSpan> = new Map();

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
  /** `${scope}|${raw}` → resolved full name */
  readonly resolved: Map<string, string | undefined>;
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

function detectEdition(source: string): string {
  const stripped = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  const m = /^\s*(syntax|edition)\s*=\s*["']([^"']+)["']/.exec(stripped);
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

/** Resolves a type reference as protoc does: innermost scope first. Memoized per file (scope + name repeat a lot). */
function resolveType(ctx: Ctx, raw: string, scope: string): string | undefined {
  const key = `${scope}|${raw}`;
  if (ctx.resolved.has(key)) return ctx.resolved.get(key);
  const resolved = resolveUncached(ctx, raw, scope);
  ctx.resolved.set(key, resolved);
  return resolved;
}

function resolveUncached(ctx: Ctx, raw: string, scope: string): string | undefined {
  if (raw.startsWith('.')) return ctx.types.has(raw.slice(1)) ? raw.slice(1) : undefined;
  // Try `pkg.Outer.Inner.raw`, then `pkg.Outer.raw`, ... up to `raw`, trimming one name at a time (no arrays).
  let prefix = join(ctx.pkg, scope);
  for (;;) {
    const candidate = prefix ? `${prefix}.${raw}` : raw;
    if (ctx.types.has(candidate)) return candidate;
    if (prefix === '') break;
    const dot = prefix.lastIndexOf('.');
    prefix = dot < 0 ? '' : prefix.slice(0, dot);
  }
  return raw.startsWith('google.protobuf.') ? raw : undefined;
}

function ranges(reserved: readonly (number[] | string)[] | undefined): { ranges: TagRange[]; names: string[] } {
  const result = { ranges: [] as TagRange[], names: [] as string[] };
  for (const r of reserved ?? []) {
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
  const oneofs = type.oneofsArray.filter((o) => !isSynthetic(o)).map((o) => o.name);
  const message: ProtoMessage = {
    name: type.name,
    fullName: join(ctx.pkg, nestedName),
    nestedName,
    file: ctx.file.path,
    fields,
    oneofs,
    reservedRanges: reserved.ranges,
    reservedNames: reserved.names,
    extensionRanges: (type.extensions ?? []).map((r) => ({ start: r[0] ?? 0, end: r[1] ?? 0 })),
    isMapEntry: false,
    messageSetWireFormat: options['message_set_wire_format'] === true,
    noStandardDescriptorAccessor: options['no_standard_descriptor_accessor'] === true,
    jsonFormat: features.json_format,
    span: loc?.span ?? null,
    optionSpans: loc?.options ?? new Map(),
  };
  ctx.messages.push(message);
  for (const field of type.fieldsArray) {
    if (field.name.startsWith('.') || field.extend) continue;
    const built = buildField(ctx, field, type, nestedName, features, null);
    if (built) fields.push(built);
    if (field instanceof protobuf.MapField) buildMapEntry(ctx, field, nestedName, built, features);
  }
  walkNamespace(ctx, type, nestedName, features);
}

function isSynthetic(oneof: protobuf.OneOf): boolean {
  const only = oneof.fieldsArray[0] ?? oneof.parent?.get(oneof.oneof[0] ?? '');
  return oneof.oneof.length === 1 && only instanceof protobuf.Field && only.options?.['proto3_optional'] === true;
}

function buildMapEntry(ctx: Ctx, field: protobuf.MapField, scope: string, mapField: ProtoField | undefined, features: FeatureSet): void {
  const nestedName = join(scope, mapEntryName(field.name));
  const entryFields: ProtoField[] = [];
  const message: ProtoMessage = {
    name: mapEntryName(field.name), fullName: join(ctx.pkg, nestedName), nestedName, file: ctx.file.path,
    fields: entryFields, oneofs: [], reservedRanges: [], reservedNames: [], extensionRanges: [], isMapEntry: true,
    messageSetWireFormat: false, noStandardDescriptorAccessor: false, jsonFormat: features.json_format,
    span: mapField?.span ?? null, optionSpans: new Map(),
  };
  ctx.messages.push(message);
  const span = mapField?.typeSpan ?? null;
  const entryFeatures = mapField?.features ?? fieldFeatures(features);
  const valueKind = kindOf(ctx, field.type, scope, features, undefined);
  const presence = (kind: FieldKind): Cardinality =>
    kind === 'message' || kind === 'group' || ctx.syntax === 'proto2' || (ctx.syntax === 'editions' && features.field_presence !== 'IMPLICIT')
      ? 'optional with explicit presence'
      : 'optional with implicit presence';
  // Built as plain literals: object spread of a ten-property base costs ~10 µs per field in V8 (measured), which
  // dominated loading a set with many map fields.
  const entryField = (name: 'key' | 'value', number: number, kind: FieldKind, typeName: string): ProtoField => ({
    name, fullName: `${message.fullName}.${name}`, number, jsonName: name, kind, typeName, cardinality: presence(kind), features: entryFeatures,
    messageName: message.name, oneof: null, extendee: null, options: {}, defaultValue: undefined, file: ctx.file.path,
    span, typeSpan: span, nameSpan: span, optionSpans: NO_OPTION_SPANS,
  });
  entryFields.push(entryField('key', 1, field.keyType as FieldKind, field.keyType));
  if (valueKind) entryFields.push(entryField('value', 2, valueKind.kind, valueKind.typeName));
}

function kindOf(ctx: Ctx, raw: string, scope: string, features: FeatureSet, field: protobuf.Field | undefined): { kind: FieldKind; typeName: string } | undefined {
  if (isScalar(raw)) return { kind: raw, typeName: raw };
  const resolved = resolveType(ctx, raw, scope);
  if (!resolved) return undefined;
  const declaredAsGroup = field?.parent instanceof protobuf.Type && field.parent.get(raw) instanceof protobuf.Type && (field.parent.get(raw) as protobuf.Type & { group?: boolean }).group === true;
  if (ctx.types.get(resolved) === 'enum') return { kind: 'enum', typeName: resolved };
  if (declaredAsGroup || features.message_encoding === 'DELIMITED') return { kind: 'group', typeName: resolved };
  return { kind: 'message', typeName: resolved };
}

function cardinalityOf(ctx: Ctx, field: protobuf.Field, kind: FieldKind, inOneof: boolean, features: FeatureSet, isExtension: boolean): Cardinality {
  if (field instanceof protobuf.MapField) return 'map';
  if (field.repeated) return 'repeated';
  if (field.rule === 'required' || features.field_presence === 'LEGACY_REQUIRED') return 'required';
  const explicit =
    isExtension || inOneof || kind === 'message' || kind === 'group' ||
    (ctx.syntax === 'proto2') || field.options?.['proto3_optional'] === true ||
    (ctx.syntax === 'editions' && features.field_presence === 'EXPLICIT');
  return explicit ? 'optional with explicit presence' : 'optional with implicit presence';
}

export function defaultJsonName(name: string): string {
  return name.replace(/_([a-z0-9]?)/gi, (_m, c: string) => c.toUpperCase());
}

function buildField(ctx: Ctx, field: protobuf.Field, parent: protobuf.Type | null, scope: string, parentFeatures: FeatureSet, extScope: string | null): ProtoField | undefined {
  const options = asOptions(field.options);
  const oneofObj = field.partOf && !isSynthetic(field.partOf) ? field.partOf : null;
  const oneofFeatures = oneofObj ? explicitFeatures(asOptions(oneofObj.options)) : {};
  const features = mergeFeatures(mergeFeatures(parentFeatures, oneofFeatures), explicitFeatures(options));
  const kind = kindOf(ctx, field.type, extScope ?? scope, features, field);
  const key = extScope === null ? `${scope}#${field.name}` : `${extScope}#+${field.name}`;
  const loc = ctx.file.locations.fields.get(key);
  if (!kind) {
    ctx.errors.push({ file: ctx.file.path, line: loc?.typeSpan.line ?? 1, column: loc?.typeSpan.column ?? 1, message: `field ${join(ctx.pkg, scope)}.${field.name}: unknown type ${field.type}` });
    return undefined;
  }
  const extendee = field.extend ? resolveType(ctx, field.extend, extScope ?? scope) ?? field.extend.replace(/^\./, '') : null;
  const explicitJson = typeof options['json_name'] === 'string' ? options['json_name'] : undefined;
  const fieldKind = field instanceof protobuf.MapField ? 'message' : kind.kind;
  return {
    name: field.name,
    fullName: join(join(ctx.pkg, extScope ?? scope), field.name),
    number: field.id,
    jsonName: explicitJson ?? defaultJsonName(field.name),
    kind: fieldKind,
    typeName: field instanceof protobuf.MapField ? join(join(ctx.pkg, scope), mapEntryName(field.name)) : kind.typeName,
    cardinality: cardinalityOf(ctx, field, kind.kind, oneofObj !== null, features, extendee !== null),
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
    shared = { utf8Validation: features.utf8_validation, cppStringType: features.cpp_string_type, javaUtf8Validation: features.java_utf8_validation };
    fieldFeatureCache.set(features, shared);
  }
  return shared;
}


function buildExtension(ctx: Ctx, field: protobuf.Field, scope: string, features: FeatureSet): void {
  const built = buildField(ctx, field, null, scope, features, scope);
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
    values: Object.entries(e.values).map(([name, number]) => ({ name, number, numberSpan: ctx.file.locations.enumValues.get(`${nestedName}#${name}`)?.numberSpan ?? null })),
    reservedRanges: reserved.ranges,
    reservedNames: reserved.names,
    closed: features.enum_type === 'CLOSED',
    jsonFormat: features.json_format,
    span: loc?.span ?? null,
    optionSpans: loc?.options ?? new Map(),
  });
}

const IDEMPOTENCY = ['IDEMPOTENCY_UNKNOWN', 'NO_SIDE_EFFECTS', 'IDEMPOTENT'] as const;

function buildService(ctx: Ctx, s: protobuf.Service): void {
  const loc = ctx.file.locations.services.get(s.name);
  const methods: ProtoMethod[] = s.methodsArray.map((m) => {
    const ml = ctx.file.locations.methods.get(`${s.name}#${m.name}`);
    const level = asOptions(m.options)['idempotency_level'];
    const resolve = (raw: string): string => resolveType(ctx, raw, '') ?? raw.replace(/^\./, '');
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
      optionSpans: ml?.options ?? new Map(),
    };
  });
  ctx.services.push({ name: s.name, fullName: join(ctx.pkg, s.name), file: ctx.file.path, methods, span: loc?.span ?? null });
}

export const MAX_MESSAGE_FIELD_NUMBER = MAX_FIELD;

/** protoc's map entry naming: `foo_bar` → `FooBarEntry`. */
export function mapEntryName(fieldName: string): string {
  return fieldName.replace(/(?:^|_)([a-z0-9])/g, (_m, c: string) => c.toUpperCase()).replace(/_/g, '') + 'Entry';
}

export const asOptions = (options: { [k: string]: unknown } | undefined): Record<string, OptionValue> =>
  (options ?? {}) as Record<string, OptionValue>;
