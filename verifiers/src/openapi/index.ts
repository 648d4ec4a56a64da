// @treaty/verifiers/openapi: OpenAPI documents compared with each other, and a pact checked against one.
export {
  compareOpenApi,
  openApiProblem,
  type OpenApiChange,
  type OpenApiCompatibility,
  type OpenApiDiffProblem,
  type OpenApiDiffSide,
} from './compare-openapi.ts';
export { parseOpenApi, type OpenApiDocument, type OpenApiProblem, type ParsedOpenApi } from './openapi-document.ts';
export { comparePactWithOpenApi, type OpenApiFinding, type OpenApiFindingCode, type PactOpenApiResult } from './pact-vs-openapi.ts';
