/**
 * The normalized model of a set of `.proto` files that the breaking-change rules compare. Built by
 * `proto-loader.ts` from protobufjs' parse result plus the declaration spans of `proto-locations.ts`.
 * Features (editions) are resolved here once, so that rules compare plain values.
 */
import type { SourceSpan } from './proto-tokens.ts';

export type { SourceSpan } from './proto-tokens.ts';

/** `proto2` / `proto3` for `syntax = ...`; `editions` for `edition = "2023"` and later. */
export type Syntax = 'proto2' | 'proto3' | 'editions';

/** Scalar kinds plus `message`, `group` (delimited message) and `enum`, as protoreflect names them. */
export type FieldKind =
  | 'double'
  | 'float'
  | 'int64'
  | 'uint64'
  | 'int32'
  | 'fixed64'
  | 'fixed32'
  | 'bool'
  | 'string'
  | 'bytes'
  | 'uint32'
  | 'sfixed32'
  | 'sfixed64'
  | 'sint32'
  | 'sint64'
  | 'message'
  | 'group'
  | 'enum';

/** Buf's cardinality names (bufcheckserverhandle/cardinality.go). */
export type Cardinality = 'optional with explicit presence' | 'optional with implicit presence' | 'required' | 'repeated' | 'map';

export type OptionValue = string | number | boolean | null | { readonly [key: string]: OptionValue } | readonly OptionValue[];

/** Resolved (inherited) feature values that the rules look at. */
export interface ResolvedFieldFeatures {
  readonly utf8Validation: 'VERIFY' | 'NONE';
  readonly cppStringType: 'STRING' | 'CORD' | 'VIEW';
  readonly javaUtf8Validation: 'VERIFY' | 'DEFAULT';
}

export interface ProtoField {
  readonly name: string;
  readonly fullName: string;
  readonly number: number;
  /** the JSON name: the explicit `json_name` or the default lowerCamelCase of the name */
  readonly jsonName: string;
  readonly kind: FieldKind;
  /** fully-qualified type name without leading dot for message/enum/group fields; the scalar otherwise */
  readonly typeName: string;
  readonly cardinality: Cardinality;
  /** the non-synthetic oneof this field belongs to */
  readonly oneof: string | null;
  /** set for extensions: the extended message's full name */
  readonly extendee: string | null;
  /** the containing message's simple name (for messages) */
  readonly messageName: string;
  readonly options: Readonly<Record<string, OptionValue>>;
  readonly defaultValue: OptionValue | undefined;
  readonly features: ResolvedFieldFeatures;
  readonly file: string;
  readonly span: SourceSpan | null;
  readonly typeSpan: SourceSpan | null;
  readonly nameSpan: SourceSpan | null;
  readonly optionSpans: ReadonlyMap<string, SourceSpan>;
}

export type JsonFormat = 'ALLOW' | 'LEGACY_BEST_EFFORT';

export interface TagRange {
  readonly start: number;
  readonly end: number;
}

export interface ProtoMessage {
  readonly name: string;
  readonly fullName: string;
  /** name within the file's package, e.g. `Outer.Inner` */
  readonly nestedName: string;
  readonly file: string;
  readonly fields: readonly ProtoField[];
  readonly oneofs: readonly string[];
  readonly reservedRanges: readonly TagRange[];
  readonly reservedNames: readonly string[];
  readonly extensionRanges: readonly TagRange[];
  readonly isMapEntry: boolean;
  readonly messageSetWireFormat: boolean;
  readonly noStandardDescriptorAccessor: boolean;
  readonly jsonFormat: JsonFormat;
  readonly span: SourceSpan | null;
  readonly optionSpans: ReadonlyMap<string, SourceSpan>;
}

export interface ProtoEnumValue {
  readonly name: string;
  readonly number: number;
  readonly numberSpan: SourceSpan | null;
}

export interface ProtoEnum {
  readonly name: string;
  readonly fullName: string;
  readonly nestedName: string;
  readonly file: string;
  readonly values: readonly ProtoEnumValue[];
  readonly reservedRanges: readonly TagRange[];
  readonly reservedNames: readonly string[];
  readonly closed: boolean;
  readonly jsonFormat: JsonFormat;
  readonly span: SourceSpan | null;
  readonly optionSpans: ReadonlyMap<string, SourceSpan>;
}

export interface ProtoMethod {
  readonly name: string;
  readonly serviceName: string;
  readonly inputType: string;
  readonly outputType: string;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
  readonly idempotencyLevel: 'IDEMPOTENCY_UNKNOWN' | 'NO_SIDE_EFFECTS' | 'IDEMPOTENT';
  readonly file: string;
  readonly span: SourceSpan | null;
  readonly inputSpan: SourceSpan | null;
  readonly outputSpan: SourceSpan | null;
  readonly optionSpans: ReadonlyMap<string, SourceSpan>;
}

export interface ProtoService {
  readonly name: string;
  readonly fullName: string;
  readonly file: string;
  readonly methods: readonly ProtoMethod[];
  readonly span: SourceSpan | null;
}

export interface ProtoFile {
  readonly path: string;
  readonly package: string;
  readonly syntax: Syntax;
  /** `proto2`, `proto3`, or the edition (`2023`) */
  readonly edition: string;
  readonly imports: readonly string[];
  /** file options (`java_package`, `go_package`, ...) as written */
  readonly options: Readonly<Record<string, OptionValue>>;
  readonly optionSpans: ReadonlyMap<string, SourceSpan>;
  readonly syntaxSpan: SourceSpan | null;
  readonly packageSpan: SourceSpan | null;
  /** every message in the file, nested ones included (map entries too), in declaration order */
  readonly messages: readonly ProtoMessage[];
  readonly enums: readonly ProtoEnum[];
  readonly services: readonly ProtoService[];
  /** extensions declared anywhere in the file; `nestedName` = declaring scope + name */
  readonly extensions: readonly (ProtoField & { readonly nestedName: string })[];
}

export interface ProtoFileSet {
  readonly files: readonly ProtoFile[];
}

/** A problem that makes a `.proto` set unusable. */
export interface ProtoSourceError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type LoadResult =
  { readonly status: 'ok'; readonly fileSet: ProtoFileSet } | { readonly status: 'invalid'; readonly errors: readonly ProtoSourceError[] };
