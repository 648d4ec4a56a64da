// What a pact verification run against Treaty found, per consumer pact and per interaction. These are
// results, not exceptions: a failed interaction is an answer (conventions §4). Errors that stop the run
// (Treaty or the provider unreachable, a verifier crash) are thrown as PactVerificationError.

/** How one interaction fared. */
export const InteractionOutcome = {
  /** The provider's response matched the pact. */
  Passed: 'passed',
  /** A mismatch, or an error while replaying it (state change failed, connection reset, ...). */
  Failed: 'failed',
  /** The verifier reported nothing for it (e.g. it stopped early). Counts as a failure for a non-pending pact. */
  NotRun: 'not-run',
} as const;
export type InteractionOutcome = (typeof InteractionOutcome)[keyof typeof InteractionOutcome];

/** How one pact (one consumer version's contract) fared. */
export const PactOutcome = {
  /** Every interaction passed. */
  Passed: 'passed',
  /** At least one interaction failed, and the pact is not pending: the build must fail. */
  Failed: 'failed',
  /** At least one interaction failed, but the pact is pending (never verified by this provider branch): the build must not fail. */
  FailedPending: 'failed-pending',
} as const;
export type PactOutcome = (typeof PactOutcome)[keyof typeof PactOutcome];

/** The verdict of the whole run. */
export const VerificationStatus = {
  /** Every pact passed. */
  Passed: 'passed',
  /** Only pending pacts failed: the build passes, the consumer team has work to do. */
  PassedWithPendingFailures: 'passed-with-pending-failures',
  /** A non-pending pact failed: the build must fail. */
  Failed: 'failed',
  /** Treaty returned no pacts for these selectors; nothing was verified. */
  NoPacts: 'no-pacts',
} as const;
export type VerificationStatus = (typeof VerificationStatus)[keyof typeof VerificationStatus];

export interface InteractionResult {
  description: string;
  /** The provider state names it was given, in order. */
  providerStates: string[];
  outcome: InteractionOutcome;
  /** One line per mismatch or error, e.g. `$.status: Actual map is missing the following keys: status`. */
  mismatches: string[];
}

export interface PactResult {
  consumer: string;
  /** The consumer version the pact was selected for (Treaty's `pb:consumer-version`), when known. */
  consumerVersion: string | undefined;
  /** Why Treaty selected it, e.g. "latest from main branch, deployed to production". */
  selectedBecause: string;
  pending: boolean;
  wip: boolean;
  /** The URL the verifier fetched (and published results under). */
  url: string;
  outcome: PactOutcome;
  interactions: InteractionResult[];
}

export interface VerificationSummary {
  status: VerificationStatus;
  /** True unless a non-pending pact failed: the exit status a CI step should take. */
  success: boolean;
  provider: string;
  providerVersion: string;
  providerBranch: string | undefined;
  /** Whether results were published to Treaty (they are, failed or not, when `publish` was asked for). */
  published: boolean;
  pacts: PactResult[];
  /** Treaty's notices (why each pact was selected, pending explanations), in the order received. */
  notices: string[];
}

/** The pact outcome from its interactions and pending flag. */
export function pactOutcome(interactions: readonly InteractionResult[], pending: boolean): PactOutcome {
  const allPassed = interactions.every((i) => i.outcome === InteractionOutcome.Passed);
  if (allPassed) return PactOutcome.Passed;
  return pending ? PactOutcome.FailedPending : PactOutcome.Failed;
}

/** The run's verdict from its pacts. */
export function verificationStatus(pacts: readonly PactResult[]): VerificationStatus {
  if (pacts.length === 0) return VerificationStatus.NoPacts;
  if (pacts.some((p) => p.outcome === PactOutcome.Failed)) return VerificationStatus.Failed;
  if (pacts.some((p) => p.outcome === PactOutcome.FailedPending)) return VerificationStatus.PassedWithPendingFailures;
  return VerificationStatus.Passed;
}
