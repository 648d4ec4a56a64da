// @treaty/verifiers/pact: Pact provider verification against Treaty (loads Pact JS and its native core; only `treaty verify` needs it).
export {
  verifyProviderAgainstTreaty,
  DEFAULT_CONSUMER_VERSION_SELECTORS,
  type ConsumerVersionSelector,
  type VerifyProviderAgainstTreatyOptions,
} from './verify-provider-against-treaty.ts';
export {
  InteractionOutcome,
  PactOutcome,
  VerificationStatus,
  type InteractionResult,
  type PactResult,
  type VerificationSummary,
} from './verification-summary.ts';
export { PactVerificationError, PactVerificationErrorKind } from './errors.ts';
