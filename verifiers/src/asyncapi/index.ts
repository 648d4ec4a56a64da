/**
 * AsyncAPI (2.x and 3.x) provider contracts: validating a document (@asyncapi/parser, loaded on first use), reading it
 * into a model of channels, messages and operations, checking consumers' message pacts against it, and comparing two
 * versions for changes that break consumers. docs/asyncapi.md describes the rules.
 */
export { validateAsyncApi, type AsyncApiProblem, type AsyncApiValidation } from './asyncapi-validation.ts';
export {
  readAsyncApi,
  type AsyncApiModel,
  type AsyncApiChannel,
  type AsyncApiMessage,
  type AsyncApiOperation,
  type ReadAsyncApi,
} from './asyncapi-model.ts';
export type { PublicationFile } from './asyncapi-files.ts';
export {
  comparePactWithAsyncApi,
  ASYNCAPI_FINDING_CODES,
  type AsyncApiFinding,
  type AsyncApiFindingCode,
  type PactAsyncApiResult,
} from './pact-vs-asyncapi.ts';
export { compareAsyncApi, type AsyncApiChange, type AsyncApiCompatibility, type AsyncApiDiffSide } from './compare-asyncapi.ts';
export { interactionCounts, messageInteractions, type InteractionCounts, type MessageInteraction } from './pact-messages.ts';
