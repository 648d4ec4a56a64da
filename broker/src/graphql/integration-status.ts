// The status of an integration, as the web UI shows it (an enum in the schema, with a label).

export const IntegrationStatus = {
  /** The latest pact's latest verification succeeded. */
  verified: 'VERIFIED',
  /** The latest pact's latest verification failed. */
  failed: 'FAILED',
  /** The latest pact is not verified yet, but the provider verified an earlier pact of the integration. */
  pending: 'PENDING',
  /** The provider never verified any pact of the integration. */
  unverified: 'UNVERIFIED',
} as const;
export type IntegrationStatus = (typeof IntegrationStatus)[keyof typeof IntegrationStatus];

export const integrationStatusLabel = {
  VERIFIED: 'Verified',
  FAILED: 'Verification failed',
  PENDING: 'Awaiting verification',
  UNVERIFIED: 'Never verified',
} as const satisfies Record<IntegrationStatus, string>;

/** `latestSuccess`: the latest pact's latest verification (undefined: none); `everVerified`: any pact of the pair was. */
export function integrationStatusOf(latestSuccess: boolean | undefined, everVerified: boolean): IntegrationStatus {
  if (latestSuccess === true) return IntegrationStatus.verified;
  if (latestSuccess === false) return IntegrationStatus.failed;
  return everVerified ? IntegrationStatus.pending : IntegrationStatus.unverified;
}
