// Verification status as the UI shows it: a colour AND a text label AND a symbol, never colour alone.
// The values are the GraphQL IntegrationStatus enum (broker/src/graphql/schema.graphql).
export const Status = {
  /** The latest pact's latest verification succeeded. */
  VERIFIED: 'VERIFIED',
  /** The latest pact's latest verification failed. */
  FAILED: 'FAILED',
  /** The latest pact is not verified yet, but an earlier pact of the integration was. */
  PENDING: 'PENDING',
  /** The provider never verified any pact of the integration. */
  UNVERIFIED: 'UNVERIFIED',
} as const;
export type Status = (typeof Status)[keyof typeof Status];

export interface StatusPresentation {
  label: string;
  symbol: string;
  tone: 'green' | 'red' | 'amber' | 'grey';
  description: string;
}

export const statusPresentation = {
  VERIFIED: { label: 'Verified', symbol: '✓', tone: 'green', description: 'The provider verified the latest pact successfully.' },
  FAILED: { label: 'Failed', symbol: '✕', tone: 'red', description: 'The latest verification of the latest pact failed.' },
  PENDING: {
    label: 'Awaiting verification',
    symbol: '!',
    tone: 'amber',
    description: 'The pact changed since the provider last verified this integration.',
  },
  UNVERIFIED: {
    label: 'Never verified',
    symbol: '?',
    tone: 'grey',
    description: 'No provider version has verified a pact of this integration.',
  },
} as const satisfies Record<Status, StatusPresentation>;

/** A matrix row's outcome (GraphQL VerificationOutcome) shown with the same badges. */
export type Outcome = 'SUCCESS' | 'FAILED' | 'UNVERIFIED';

export const outcomeStatus = {
  SUCCESS: Status.VERIFIED,
  FAILED: Status.FAILED,
  UNVERIFIED: Status.UNVERIFIED,
} as const satisfies Record<Outcome, Status>;

/** A single verification result as a status. */
export function verificationStatus(verification: { success: boolean } | null | undefined): Status {
  if (!verification) return Status.UNVERIFIED;
  return verification.success ? Status.VERIFIED : Status.FAILED;
}

/** can-i-deploy answers (GraphQL DeployStatus). */
export type DeployStatus = 'YES' | 'NO' | 'UNKNOWN';

export const deployPresentation = {
  YES: { label: 'YES', symbol: '✓', tone: 'green', description: 'Every required verification passed.' },
  NO: { label: 'NO', symbol: '✕', tone: 'red', description: 'A verification failed or a version is missing.' },
  UNKNOWN: { label: 'UNKNOWN', symbol: '?', tone: 'amber', description: 'A required verification is missing.' },
} as const satisfies Record<DeployStatus, StatusPresentation>;
