// @treaty/verifiers: what every verifier kind shares. Each kind has its own entry point, so a schema check loads
// only its own code (and never Pact JS): @treaty/verifiers/protobuf, /jsonschema, /openapi, /asyncapi and /pact.
export type { CompatibilityResult, CompatibilityStatus } from './compatibility.ts';
export { escapePointerToken, isObject, unescapePointerToken, type JsonObject, type JsonValue } from './json.ts';
