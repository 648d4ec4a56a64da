// Failures that stop a pact verification run before it can produce a summary. Each names what to do
// next; `kind` lets a caller (the treaty CLI) map it to an exit code without string matching.

export const PactVerificationErrorKind = {
  /** Treaty could not be reached at all (connection refused, DNS, timeout). */
  BrokerUnreachable: 'broker-unreachable',
  /** Treaty answered with an error status or something that is not the expected HAL document. */
  BrokerRejected: 'broker-rejected',
  /** The provider (or its state-change URL) is not listening. */
  ProviderUnreachable: 'provider-unreachable',
  /** The options are inconsistent (e.g. WIP pacts without a provider branch). */
  InvalidOptions: 'invalid-options',
  /** The Pact verifier itself failed to run (not a failed interaction). */
  VerifierCrashed: 'verifier-crashed',
} as const;
export type PactVerificationErrorKind = (typeof PactVerificationErrorKind)[keyof typeof PactVerificationErrorKind];

export class PactVerificationError extends Error {
  constructor(
    readonly kind: PactVerificationErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PactVerificationError';
  }
}
