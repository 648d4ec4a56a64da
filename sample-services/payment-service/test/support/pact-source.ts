// Where the provider verification gets its pacts from. Today: the pact FILE written by order-service's
// consumer test. Later: Treaty's "pacts for verification" endpoint, by passing a `broker` source; the
// rest of the verifier options (provider, base URL, state handlers) do not change.
import type { VerifierOptions } from '@pact-foundation/pact';

export type ConsumerVersionSelector = NonNullable<VerifierOptions['consumerVersionSelectors']>[number];

export type PactSource =
  /** Verify these pact files or URLs as they are. */
  | { kind: 'files'; pactUrls: string[] }
  /** Ask a Pact Broker (or Treaty) which pacts to verify, and optionally publish the results back. */
  | {
      kind: 'broker';
      pactBrokerUrl: string;
      pactBrokerToken?: string;
      consumerVersionSelectors: ConsumerVersionSelector[];
      enablePending?: boolean;
      includeWipPactsSince?: string;
      /** Publishing needs providerVersion (a git SHA) and, for branch-based selectors, providerVersionBranch. */
      publishVerificationResult?: boolean;
      providerVersion?: string;
      providerVersionBranch?: string;
    };

export type PactSourceOptions = Pick<
  VerifierOptions,
  | 'pactUrls'
  | 'pactBrokerUrl'
  | 'pactBrokerToken'
  | 'consumerVersionSelectors'
  | 'enablePending'
  | 'includeWipPactsSince'
  | 'publishVerificationResult'
  | 'providerVersion'
  | 'providerVersionBranch'
>;

/** The part of VerifierOptions that says which pacts to verify. */
export function pactSourceOptions(source: PactSource): PactSourceOptions {
  switch (source.kind) {
    case 'files':
      return { pactUrls: source.pactUrls };
    case 'broker': {
      const { kind: _kind, ...options } = source;
      return options;
    }
    default: {
      const unreachable: never = source;
      throw new Error(`unknown pact source ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * PACT_BROKER_BASE_URL set: ask that broker (Pact's standard variable; PACT_BROKER_TOKEN, GIT_COMMIT,
 * GIT_BRANCH and PACT_PUBLISH_VERIFICATION_RESULTS=true are honoured too). Otherwise: the local file.
 */
export async function pactSourceFromEnv(localFile: () => Promise<string>): Promise<PactSource> {
  const pactBrokerUrl = process.env.PACT_BROKER_BASE_URL?.trim();
  if (!pactBrokerUrl) return { kind: 'files', pactUrls: [await localFile()] };
  return {
    kind: 'broker',
    pactBrokerUrl,
    pactBrokerToken: process.env.PACT_BROKER_TOKEN?.trim() || undefined,
    consumerVersionSelectors: [{ mainBranch: true }, { matchingBranch: true }, { deployedOrReleased: true }],
    enablePending: true,
    publishVerificationResult: process.env.PACT_PUBLISH_VERIFICATION_RESULTS === 'true',
    providerVersion: process.env.GIT_COMMIT?.trim() || undefined,
    providerVersionBranch: process.env.GIT_BRANCH?.trim() || undefined,
  };
}
