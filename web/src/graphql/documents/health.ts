// Environment health and promotion planning (issue #17): broker/src/graphql/schema.graphql EnvironmentHealth, PromotionPlan.
import { gql } from '../client.ts';
import type { DeployStatus } from '../../lib/status.ts';

export type HealthStatus = 'HEALTHY' | 'FAILING' | 'UNVERIFIED';
export type PairStatus = 'VERIFIED' | 'FAILED' | 'UNVERIFIED';

export interface VerdictCounts {
  verified: number;
  failed: number;
  unverified: number;
  total: number;
}

export interface PairVerdict {
  status: PairStatus;
  consumer: string;
  consumerVersion: string | null;
  provider: string;
  providerVersion: string | null;
  kind: 'PACT' | 'SCHEMA';
  subject: string | null;
  pactSha: string | null;
  pactPath: string | null;
  verificationPath: string | null;
  reason: string;
}

export interface HealthSummary {
  status: HealthStatus;
  counts: VerdictCounts;
  versionCount: number;
  pacticipantCount: number;
}

export interface EnvironmentHealthData extends HealthSummary {
  pairs: PairVerdict[];
}

export const PAIR_FIELDS = /* GraphQL */ `
  status consumer consumerVersion provider providerVersion kind subject pactSha pactPath verificationPath reason
`;
const SUMMARY_FIELDS = /* GraphQL */ `status versionCount pacticipantCount counts { verified failed unverified total }`;

/** One line per environment (the dashboard): counts only. */
export const HEALTH_SUMMARIES_QUERY = gql<{
  environments: Array<{ name: string; displayName: string | null; production: boolean; health: HealthSummary }>;
}>(/* GraphQL */ `
  query HealthSummaries {
    environments { name displayName production health { ${SUMMARY_FIELDS} } }
  }
`);

/** Every pair of one environment, failures first. */
export const ENVIRONMENT_HEALTH_QUERY = gql<
  { environment: { name: string; health: EnvironmentHealthData } | null },
  { name: string }
>(/* GraphQL */ `
  query EnvironmentHealth($name: String!) {
    environment(name: $name) { name health { ${SUMMARY_FIELDS} pairs { ${PAIR_FIELDS} } } }
  }
`);

export interface PromotionPlanData {
  promotionPlan: {
    sourceEnvironment: string | null;
    targetEnvironment: string;
    deployable: boolean | null;
    status: DeployStatus;
    reasons: string[];
    changes: Array<{ pacticipant: string; currentVersions: string[]; promotedVersions: string[] }>;
    counts: Omit<VerdictCounts, 'total'>;
    pairs: PairVerdict[];
  };
}

export type PromotionPlanVariables = {
  target: string;
  source: string | null;
  versions: Array<{ pacticipant: string; version: string }> | null;
};

export const PROMOTION_PLAN_QUERY = gql<PromotionPlanData, PromotionPlanVariables>(/* GraphQL */ `
  query PromotionPlan($target: String!, $source: String, $versions: [PacticipantVersionInput!]) {
    promotionPlan(targetEnvironment: $target, sourceEnvironment: $source, versions: $versions) {
      sourceEnvironment targetEnvironment deployable status reasons
      changes { pacticipant currentVersions promotedVersions }
      counts { verified failed unverified }
      pairs { ${PAIR_FIELDS} }
    }
  }
`);
