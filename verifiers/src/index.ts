/**
 * @treaty/verifiers — compatibility checks for schema contracts.
 */
export {
  compareProtobuf,
  isUnstablePackage,
  type BreakingFinding,
  type CompareProtobufOptions,
  type ProtobufCompatibility,
} from './protobuf/compare-protobuf.ts';
export {
  BREAKING_CATEGORIES,
  BREAKING_RULES,
  DEPRECATED_RULES,
  selectRules,
  type BreakingCategory,
  type BreakingRuleId,
} from './protobuf/breaking-rules.ts';
export { loadProtoFiles, type ProtoSources } from './protobuf/proto-loader.ts';
export { parseBufConfig, type BufConfig } from './protobuf/buf-config.ts';
export { readProtoFolder, type ProtoFolder } from './protobuf/proto-folder.ts';
export type * from './protobuf/proto-model.ts';
export {
  compareJsonSchemas,
  type CompareJsonSchemasOptions,
  type JsonValue,
  type JsonSchemaCompatibility,
} from './jsonschema/compare-json-schemas.ts';
export { validateMetaSchema, type MetaSchemaResult } from './jsonschema/meta-schema-validation.ts';
export { parseSchemaDocument, type SchemaDocumentResult } from './jsonschema/schema-document.ts';
export { PointerLocator, type TextPosition } from './jsonschema/pointer-locations.ts';
export {
  compareOpenApi,
  openApiProblem,
  type OpenApiChange,
  type OpenApiCompatibility,
  type OpenApiDiffProblem,
  type OpenApiDiffSide,
} from './openapi/compare-openapi.ts';
export { COMPATIBILITY_MODES, type CompatibilityMode } from './jsonschema/compatibility-modes.ts';
export { DIFFERENCE_TYPES, type DifferenceType, type SchemaChange } from './jsonschema/difference-types.ts';
export {
  verifyProviderAgainstTreaty,
  DEFAULT_CONSUMER_VERSION_SELECTORS,
  type ConsumerVersionSelector,
  type VerifyProviderAgainstTreatyOptions,
} from './pact/verify-provider-against-treaty.ts';
export {
  InteractionOutcome,
  PactOutcome,
  VerificationStatus,
  type InteractionResult,
  type PactResult,
  type VerificationSummary,
} from './pact/verification-summary.ts';
export { PactVerificationError, PactVerificationErrorKind } from './pact/errors.ts';
export { parseOpenApi, type OpenApiDocument, type OpenApiProblem, type ParsedOpenApi } from './openapi/openapi-document.ts';
export { comparePactWithOpenApi, type OpenApiFinding, type OpenApiFindingCode, type PactOpenApiResult } from './openapi/pact-vs-openapi.ts';
export * from './asyncapi/index.ts';
