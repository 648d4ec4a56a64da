import { gql } from '../client.ts';
import type { Outcome } from '../../lib/status.ts';

export type LatestBy = 'CVP' | 'CVPV' | 'CP';

export interface MatrixFilterInput {
  pacticipant: string;
  version?: string;
  branch?: string;
  environment?: string;
  latest?: boolean;
  counterpart?: string;
  latestBy?: LatestBy;
  success?: boolean;
  unverifiedOnly?: boolean;
}

export interface MatrixVersionFields {
  number: string;
  branches: Array<{ name: string; latest: boolean }>;
  tags: Array<{ name: string }>;
  deployments: Array<{ environment: { name: string; production: boolean } }>;
  releases: Array<{ environment: { name: string; production: boolean } }>;
}

export interface MatrixRowFields {
  consumer: { name: string };
  consumerVersion: MatrixVersionFields;
  provider: { name: string };
  providerVersion: MatrixVersionFields | null;
  pact: { sha: string; consumerVersion: { number: string } };
  verification: { number: number; success: boolean; verifiedAt: string; buildUrl: string | null } | null;
  outcome: Outcome;
  pactPublishedAt: string;
  verifiedAt: string | null;
}

const VERSION_FIELDS = /* GraphQL */ `
  number
  branches { name latest }
  tags { name }
  deployments(currentOnly: true) { environment { name production } }
  releases(currentOnly: true) { environment { name production } }
`;

export const MATRIX_ROW_FIELDS = /* GraphQL */ `
  consumer { name }
  consumerVersion { ${VERSION_FIELDS} }
  provider { name }
  providerVersion { ${VERSION_FIELDS} }
  pact { sha consumerVersion { number } }
  verification { number success verifiedAt buildUrl }
  outcome
  pactPublishedAt
  verifiedAt
`;

export interface MatrixData {
  matrix: { nodes: MatrixRowFields[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export const MATRIX_QUERY = gql<MatrixData, { filter: MatrixFilterInput; first: number; after: string | null }>(/* GraphQL */ `
  query Matrix($filter: MatrixFilter!, $first: Int, $after: String) {
    matrix(filter: $filter, first: $first, after: $after) {
      nodes { ${MATRIX_ROW_FIELDS} }
      pageInfo { hasNextPage endCursor }
    }
  }
`);

export interface FilterOptions {
  pacticipants: Array<{ name: string; branches: Array<{ name: string }> }>;
  environments: Array<{ name: string; displayName: string | null }>;
}

export const FILTER_OPTIONS_QUERY = gql<FilterOptions>(/* GraphQL */ `
  query FilterOptions {
    pacticipants {
      name
      branches {
        name
      }
    }
    environments {
      name
      displayName
    }
  }
`);
