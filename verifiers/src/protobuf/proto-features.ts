/**
 * Editions features: the defaults per syntax/edition and inheritance (file → message → field/oneof/enum).
 * Only the features Buf's breaking rules look at are modelled.
 */
import type { OptionValue } from './proto-model.ts';

export interface FeatureSet {
  readonly field_presence: 'EXPLICIT' | 'IMPLICIT' | 'LEGACY_REQUIRED';
  readonly enum_type: 'OPEN' | 'CLOSED';
  readonly json_format: 'ALLOW' | 'LEGACY_BEST_EFFORT';
  readonly utf8_validation: 'VERIFY' | 'NONE';
  readonly message_encoding: 'LENGTH_PREFIXED' | 'DELIMITED';
  readonly cpp_string_type: 'STRING' | 'CORD' | 'VIEW';
  readonly java_utf8_validation: 'DEFAULT' | 'VERIFY';
}

const PROTO2: FeatureSet = {
  field_presence: 'EXPLICIT',
  enum_type: 'CLOSED',
  json_format: 'LEGACY_BEST_EFFORT',
  utf8_validation: 'NONE',
  message_encoding: 'LENGTH_PREFIXED',
  cpp_string_type: 'STRING',
  java_utf8_validation: 'DEFAULT',
};
const PROTO3: FeatureSet = { ...PROTO2, field_presence: 'IMPLICIT', enum_type: 'OPEN', json_format: 'ALLOW', utf8_validation: 'VERIFY' };
const EDITION_2023: FeatureSet = { ...PROTO3, field_presence: 'EXPLICIT' };
const EDITION_2024: FeatureSet = { ...EDITION_2023, cpp_string_type: 'VIEW' };

export function defaultFeatures(edition: string): FeatureSet {
  switch (edition) {
    case 'proto2':
      return PROTO2;
    case 'proto3':
      return PROTO3;
    case '2023':
      return EDITION_2023;
    default:
      return edition > '2023' ? EDITION_2024 : EDITION_2023;
  }
}

const isRecord = (v: OptionValue | undefined): v is { readonly [key: string]: OptionValue } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const pick = <T extends string>(value: OptionValue | undefined, allowed: readonly T[]): T | undefined => allowed.find((a) => a === value);

/**
 * Reads the features set on one element from its protobufjs options. protobufjs stores
 * `features.(pb.cpp).string_type = VIEW` as `{ features: { '(pb': { 'cpp)': { string_type: 'VIEW' } } } }`.
 */
const NONE: Partial<FeatureSet> = Object.freeze({});
/** No explicit features; `mergeFeatures(parent, NO_FEATURES)` returns `parent` itself without looking at keys. */
export const NO_FEATURES: Partial<FeatureSet> = NONE;

export function explicitFeatures(options: Readonly<Record<string, OptionValue>> | undefined): Partial<FeatureSet> {
  const features = options?.['features'];
  if (!isRecord(features)) return NONE;
  const result: { -readonly [K in keyof FeatureSet]?: FeatureSet[K] } = {};
  result.field_presence = pick(features['field_presence'], ['EXPLICIT', 'IMPLICIT', 'LEGACY_REQUIRED'] as const);
  result.enum_type = pick(features['enum_type'], ['OPEN', 'CLOSED'] as const);
  result.json_format = pick(features['json_format'], ['ALLOW', 'LEGACY_BEST_EFFORT'] as const);
  result.utf8_validation = pick(features['utf8_validation'], ['VERIFY', 'NONE'] as const);
  result.message_encoding = pick(features['message_encoding'], ['LENGTH_PREFIXED', 'DELIMITED'] as const);
  const pb = features['(pb'];
  if (isRecord(pb)) {
    const cpp = pb['cpp)'];
    const java = pb['java)'];
    if (isRecord(cpp)) result.cpp_string_type = pick(cpp['string_type'], ['STRING', 'CORD', 'VIEW'] as const);
    if (isRecord(java)) result.java_utf8_validation = pick(java['utf8_validation'], ['DEFAULT', 'VERIFY'] as const);
  }
  return Object.fromEntries(Object.entries(result).filter(([, v]) => v !== undefined)) as Partial<FeatureSet>;
}

/** Reads file-level `option features.x = Y;` statements from their raw text (protobufjs folds them into top-level types). */
export function fileFeatures(optionValues: ReadonlyMap<string, string>): Partial<FeatureSet> {
  const nested: Record<string, OptionValue> = {};
  const features: Record<string, OptionValue> = {};
  for (const [name, value] of optionValues) {
    if (!name.startsWith('features.')) continue;
    const key = name.slice('features.'.length);
    if (key === '(pb.cpp).string_type')
      nested['(pb'] = { ...(isRecord(nested['(pb']) ? nested['(pb'] : {}), 'cpp)': { string_type: value } };
    else if (key === '(pb.java).utf8_validation')
      nested['(pb'] = { ...(isRecord(nested['(pb']) ? nested['(pb'] : {}), 'java)': { utf8_validation: value } };
    else features[key] = value;
  }
  return explicitFeatures({ features: { ...features, ...nested } });
}

export const mergeFeatures = (parent: FeatureSet, own: Partial<FeatureSet>): FeatureSet =>
  own === NONE || Object.keys(own).length === 0 ? parent : { ...parent, ...own };
