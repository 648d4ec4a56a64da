import { gql } from '../client.ts';
import type { Status } from '../../lib/status.ts';

export interface PactSummary {
  consumer: { name: string };
  provider: { name: string };
  consumerVersion: { number: string };
  createdAt: string;
  interactionCount: number;
  latestVerification: { success: boolean; verifiedAt: string; providerVersion: { number: string } } | null;
}

export interface PacticipantData {
  pacticipant: {
    name: string;
    displayName: string | null;
    repositoryUrl: string | null;
    mainBranch: string | null;
    createdAt: string;
    labels: string[];
    branches: Array<{ name: string; latestVersion: { number: string; createdAt: string } | null }>;
    versions: {
      totalCount: number;
      nodes: Array<{
        number: string;
        createdAt: string;
        branches: Array<{ name: string; latest: boolean }>;
        tags: Array<{ name: string }>;
      }>;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    deployments: Array<{
      uuid: string;
      applicationInstance: string | null;
      deployedAt: string;
      version: { number: string };
      environment: { name: string; displayName: string | null; production: boolean };
    }>;
    releases: Array<{
      uuid: string;
      releasedAt: string;
      version: { number: string };
      environment: { name: string; displayName: string | null; production: boolean };
    }>;
    integrations: Array<{ id: string; consumer: { name: string }; provider: { name: string }; status: Status; statusLabel: string }>;
    contractsPublished: PactSummary[];
    contractsConsumed: PactSummary[];
    /** The latest schema per subject and role (issue #8). */
    schemas: Array<{ subject: string; kind: string; role: string; version: string; lastCheck: { verdict: string } | null }>;
  } | null;
}

const PACT_SUMMARY = /* GraphQL */ `
  consumer { name }
  provider { name }
  consumerVersion { number }
  createdAt
  interactionCount
  latestVerification { success verifiedAt providerVersion { number } }
`;

export const PACTICIPANT_QUERY = gql<PacticipantData, { name: string; branch: string | null; after: string | null }>(/* GraphQL */ `
  query Pacticipant($name: String!, $branch: String, $after: String) {
    pacticipant(name: $name) {
      name
      displayName
      repositoryUrl
      mainBranch
      createdAt
      labels
      branches { name latestVersion { number createdAt } }
      versions(branch: $branch, first: 20, after: $after) {
        totalCount
        nodes { number createdAt branches { name latest } tags { name } }
        pageInfo { hasNextPage endCursor }
      }
      deployments { uuid applicationInstance deployedAt version { number } environment { name displayName production } }
      releases { uuid releasedAt version { number } environment { name displayName production } }
      integrations { id consumer { name } provider { name } status statusLabel }
      contractsPublished { ${PACT_SUMMARY} }
      contractsConsumed { ${PACT_SUMMARY} }
      schemas { subject kind role version lastCheck { verdict } }
    }
  }
`);
