// @treaty/verifiers/jsonschema: JSON Schema compatibility (Confluent's modes and change types), meta-schema validation.
export {
  compareJsonSchemas,
  type CompareJsonSchemasOptions,
  type JsonValue,
  type JsonSchemaCompatibility,
} from './compare-json-schemas.ts';
export { validateMetaSchema, type MetaSchemaResult } from './meta-schema-validation.ts';
export { parseSchemaDocument, type SchemaDocumentResult } from './schema-document.ts';
export { PointerLocator, type TextPosition } from './pointer-locations.ts';
export { COMPATIBILITY_MODES, type CompatibilityMode } from './compatibility-modes.ts';
export { DIFFERENCE_TYPES, type DifferenceType, type SchemaChange } from './difference-types.ts';
