// The code sets of schema contracts (issue #8), each a const object with its derived union type.
import type { SchemaCompatibilityMode, SchemaKind, SchemaRole, SchemaVerdict } from '@treaty/wire';

/** protobuf: `.proto` files; jsonschema: draft-07 / 2019-09 / 2020-12; openapi: 3.0 / 3.1; asyncapi: 2.x / 3.x (JSON or YAML). */
export const SchemaKinds = ['protobuf', 'jsonschema', 'openapi', 'asyncapi'] as const satisfies readonly SchemaKind[];

/** The kinds a provider publishes to describe its whole API: consumers publish pacts, which Treaty checks against them. */
export const ProviderContractKinds = ['openapi', 'asyncapi'] as const satisfies readonly SchemaKind[];
export type ProviderContractKind = (typeof ProviderContractKinds)[number];
export const isProviderContractKind = (kind: SchemaKind): kind is ProviderContractKind =>
  (ProviderContractKinds as readonly SchemaKind[]).includes(kind);

/** provider: what a pacticipant offers; consumer: what it reads (only protobuf and jsonschema: a consumer of an HTTP or event API publishes its pact). */
export const SchemaRoles = ['provider', 'consumer'] as const satisfies readonly SchemaRole[];

/** Confluent Schema Registry's modes; BACKWARD is a new subject's default. */
export const CompatibilityModes = [
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
  'NONE',
] as const satisfies readonly SchemaCompatibilityMode[];

export const DEFAULT_COMPATIBILITY: SchemaCompatibilityMode = 'BACKWARD';

/**
 * How a check ended, as stored: success (nothing breaks), failure (at least one error finding), unknown (the check
 * could not decide: a construct it does not analyse, a document it cannot read). Unknown is never counted as success.
 */
export const CheckStatus = { success: 'success', failure: 'failure', unknown: 'unknown' } as const;
export type CheckStatus = (typeof CheckStatus)[keyof typeof CheckStatus];

export const verdictOf: Record<CheckStatus, SchemaVerdict> = { success: 'compatible', failure: 'breaking', unknown: 'unknown' };

/** The kinds of check Treaty stores in contract_checks (pact-against-OpenAPI/AsyncAPI results are verifications too, see PactCheckKind). */
export const ContractCheckKind = {
  /** a consumer's schema against a provider's schema of the same subject (a matrix row) */
  consumerSchema: 'consumer-schema',
  /** a provider publication against its earlier ones, per the subject's mode */
  providerEvolution: 'provider-evolution',
} as const;
export type ContractCheckKind = (typeof ContractCheckKind)[keyof typeof ContractCheckKind];

/** A pact checked against one provider contract document (its result is also recorded as a verification of the pact). */
export const PactCheckKind = { openapi: 'pact-openapi', asyncapi: 'pact-asyncapi' } as const satisfies Record<ProviderContractKind, string>;
export type PactCheckKind = (typeof PactCheckKind)[keyof typeof PactCheckKind];
export const isPactCheckKind = (kind: string): kind is PactCheckKind => kind.startsWith('pact-');

export const isSchemaKind = (v: unknown): v is SchemaKind => (SchemaKinds as readonly unknown[]).includes(v);
export const isCompatibilityMode = (v: unknown): v is SchemaCompatibilityMode => (CompatibilityModes as readonly unknown[]).includes(v);
