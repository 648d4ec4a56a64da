/**
 * Buf's breaking-change rule IDs and categories (bufcheckserver.go, v2 configuration), and how a
 * `use` / `except` list is expanded into the set of rules to run.
 */

/** FILE ⊃ PACKAGE ⊃ WIRE_JSON ⊃ WIRE in strictness; CSR = Confluent Schema Registry-compatible checks. */
export const BREAKING_CATEGORIES = ['FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE', 'CSR'] as const;
export type BreakingCategory = (typeof BREAKING_CATEGORIES)[number];

const A = ['CSR', 'FILE', 'PACKAGE', 'WIRE_JSON', 'WIRE'] as const;

export const BREAKING_RULES = {
  ENUM_NO_DELETE: ['CSR', 'FILE'],
  ENUM_SAME_JSON_FORMAT: ['CSR', 'FILE', 'PACKAGE', 'WIRE_JSON'],
  ENUM_SAME_TYPE: ['FILE', 'PACKAGE'],
  ENUM_VALUE_NO_DELETE: ['CSR', 'FILE', 'PACKAGE'],
  ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED: ['CSR', 'WIRE_JSON'],
  ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED: ['CSR', 'WIRE_JSON', 'WIRE'],
  ENUM_VALUE_SAME_NAME: ['CSR', 'FILE', 'PACKAGE', 'WIRE_JSON'],
  EXTENSION_MESSAGE_NO_DELETE: ['CSR', 'FILE', 'PACKAGE'],
  EXTENSION_NO_DELETE: ['FILE'],
  FIELD_NO_DELETE: ['CSR', 'FILE', 'PACKAGE'],
  FIELD_NO_DELETE_UNLESS_NAME_RESERVED: ['CSR', 'WIRE_JSON'],
  FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED: ['CSR', 'WIRE_JSON', 'WIRE'],
  FIELD_SAME_CARDINALITY: ['FILE', 'PACKAGE'],
  FIELD_SAME_CPP_STRING_TYPE: ['FILE', 'PACKAGE'],
  FIELD_SAME_DEFAULT: A,
  FIELD_SAME_JAVA_UTF8_VALIDATION: ['FILE', 'PACKAGE'],
  FIELD_SAME_JSON_NAME: ['CSR', 'FILE', 'PACKAGE', 'WIRE_JSON'],
  FIELD_SAME_JSTYPE: ['FILE', 'PACKAGE'],
  FIELD_SAME_NAME: ['CSR', 'FILE', 'PACKAGE', 'WIRE_JSON'],
  FIELD_SAME_ONEOF: A,
  FIELD_SAME_TYPE: ['CSR', 'FILE', 'PACKAGE'],
  FIELD_SAME_UTF8_VALIDATION: ['FILE', 'PACKAGE'],
  FIELD_WIRE_COMPATIBLE_CARDINALITY: ['WIRE'],
  FIELD_WIRE_COMPATIBLE_TYPE: ['WIRE'],
  FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY: ['CSR', 'WIRE_JSON'],
  FIELD_WIRE_JSON_COMPATIBLE_TYPE: ['CSR', 'WIRE_JSON'],
  FILE_NO_DELETE: ['CSR', 'FILE'],
  FILE_SAME_CC_ENABLE_ARENAS: ['FILE', 'PACKAGE'],
  FILE_SAME_CC_GENERIC_SERVICES: ['FILE', 'PACKAGE'],
  FILE_SAME_CSHARP_NAMESPACE: ['FILE', 'PACKAGE'],
  FILE_SAME_GO_PACKAGE: ['FILE', 'PACKAGE'],
  FILE_SAME_JAVA_GENERIC_SERVICES: ['FILE', 'PACKAGE'],
  FILE_SAME_JAVA_MULTIPLE_FILES: ['FILE', 'PACKAGE'],
  FILE_SAME_JAVA_OUTER_CLASSNAME: ['FILE', 'PACKAGE'],
  FILE_SAME_JAVA_PACKAGE: ['FILE', 'PACKAGE'],
  FILE_SAME_OBJC_CLASS_PREFIX: ['FILE', 'PACKAGE'],
  FILE_SAME_OPTIMIZE_FOR: ['FILE', 'PACKAGE'],
  FILE_SAME_PACKAGE: A,
  FILE_SAME_PHP_CLASS_PREFIX: ['FILE', 'PACKAGE'],
  FILE_SAME_PHP_GENERIC_SERVICES: [],
  FILE_SAME_PHP_METADATA_NAMESPACE: ['FILE', 'PACKAGE'],
  FILE_SAME_PHP_NAMESPACE: ['FILE', 'PACKAGE'],
  FILE_SAME_PY_GENERIC_SERVICES: ['FILE', 'PACKAGE'],
  FILE_SAME_RUBY_PACKAGE: ['FILE', 'PACKAGE'],
  FILE_SAME_SWIFT_PREFIX: ['FILE', 'PACKAGE'],
  FILE_SAME_SYNTAX: ['CSR', 'FILE', 'PACKAGE'],
  MESSAGE_NO_DELETE: ['CSR', 'FILE'],
  MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR: ['CSR', 'FILE', 'PACKAGE'],
  MESSAGE_SAME_JSON_FORMAT: ['CSR', 'FILE', 'PACKAGE', 'WIRE_JSON'],
  MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT: [],
  MESSAGE_SAME_REQUIRED_FIELDS: A,
  ONEOF_NO_DELETE: ['CSR', 'FILE', 'PACKAGE'],
  PACKAGE_ENUM_NO_DELETE: ['PACKAGE'],
  PACKAGE_EXTENSION_NO_DELETE: ['PACKAGE'],
  PACKAGE_MESSAGE_NO_DELETE: ['PACKAGE'],
  PACKAGE_NO_DELETE: ['PACKAGE'],
  PACKAGE_SERVICE_NO_DELETE: ['PACKAGE'],
  RESERVED_ENUM_NO_DELETE: A,
  RESERVED_MESSAGE_NO_DELETE: A,
  RPC_NO_DELETE: ['FILE', 'PACKAGE'],
  RPC_SAME_CLIENT_STREAMING: A,
  RPC_SAME_IDEMPOTENCY_LEVEL: A,
  RPC_SAME_REQUEST_TYPE: A,
  RPC_SAME_RESPONSE_TYPE: A,
  RPC_SAME_SERVER_STREAMING: A,
  SERVICE_NO_DELETE: ['FILE'],
} as const satisfies Record<string, readonly BreakingCategory[]>;

export type BreakingRuleId = keyof typeof BREAKING_RULES;

/**
 * Deprecated rule IDs Buf still accepts in configuration, and the rules that replace them
 * (FIELD_SAME_LABEL was split into the three cardinality rules; FIELD_SAME_CTYPE became FIELD_SAME_CPP_STRING_TYPE).
 */
export const DEPRECATED_RULES = {
  FIELD_SAME_LABEL: ['FIELD_SAME_CARDINALITY', 'FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY', 'FIELD_WIRE_COMPATIBLE_CARDINALITY'],
  FIELD_SAME_CTYPE: ['FIELD_SAME_CPP_STRING_TYPE'],
  FILE_SAME_JAVA_STRING_CHECK_UTF8: ['FIELD_SAME_JAVA_UTF8_VALIDATION'],
} as const satisfies Record<string, readonly BreakingRuleId[]>;

export const ALL_RULE_IDS = Object.keys(BREAKING_RULES) as BreakingRuleId[];

const isCategory = (s: string): s is BreakingCategory => (BREAKING_CATEGORIES as readonly string[]).includes(s);
const isRule = (s: string): s is BreakingRuleId => s in BREAKING_RULES;
const isDeprecated = (s: string): s is keyof typeof DEPRECATED_RULES => s in DEPRECATED_RULES;

export type RuleSelectionResult =
  | { readonly status: 'ok'; readonly rules: ReadonlySet<BreakingRuleId> }
  | { readonly status: 'invalid'; readonly unknown: readonly string[] };

function expand(id: string): BreakingRuleId[] | undefined {
  if (isCategory(id)) return ALL_RULE_IDS.filter((r) => (BREAKING_RULES[r] as readonly string[]).includes(id));
  if (isRule(id)) return [id];
  if (isDeprecated(id)) return [...DEPRECATED_RULES[id]];
  return undefined;
}

/** Expands `use` (rule IDs or categories; default WIRE_JSON, Treaty's default) minus `except`. */
export function selectRules(use: readonly string[] = ['WIRE_JSON'], except: readonly string[] = []): RuleSelectionResult {
  const unknown = [...use, ...except].filter((id) => expand(id) === undefined);
  if (unknown.length > 0) return { status: 'invalid', unknown };
  const excluded = new Set(except.flatMap((id) => expand(id) ?? []));
  const rules = new Set(use.flatMap((id) => expand(id) ?? []).filter((r) => !excluded.has(r)));
  return { status: 'ok', rules };
}
