import { gql } from '../client.ts';
import type { DeployStatus, Outcome } from '../../lib/status.ts';

export interface EnvironmentFields {
  uuid: string;
  name: string;
  displayName: string | null;
  production: boolean;
  createdAt: string;
  deployedVersions: Array<{
    uuid: string;
    applicationInstance: string | null;
    deployedAt: string;
    pacticipant: { name: string };
    version: { number: string };
  }>;
  releasedVersions: Array<{ uuid: string; releasedAt: string; pacticipant: { name: string }; version: { number: string } }>;
}

const ENVIRONMENT_FIELDS = /* GraphQL */ `
  uuid
  name
  displayName
  production
  createdAt
  deployedVersions { uuid applicationInstance deployedAt pacticipant { name } version { number } }
  releasedVersions { uuid releasedAt pacticipant { name } version { number } }
`;

export const ENVIRONMENTS_QUERY = gql<{ environments: EnvironmentFields[]; pacticipants: Array<{ name: string }> }>(/* GraphQL */ `
  query Environments {
    environments { ${ENVIRONMENT_FIELDS} }
    pacticipants { name }
  }
`);

export const ENVIRONMENT_QUERY = gql<
  { environment: EnvironmentFields | null; pacticipants: Array<{ name: string }> },
  { name: string }
>(/* GraphQL */ `
  query Environment($name: String!) {
    environment(name: $name) { ${ENVIRONMENT_FIELDS} }
    pacticipants { name }
  }
`);

export interface CanIDeployData {
  canIDeploy: {
    deployable: boolean | null;
    status: DeployStatus;
    reasons: string[];
    notices: Array<{ type: string; text: string }>;
    counts: { success: number; failed: number; unknown: number };
    rows: Array<{
      consumer: { name: string };
      consumerVersion: { number: string };
      provider: { name: string };
      providerVersion: { number: string } | null;
      outcome: Outcome;
      verifiedAt: string | null;
    }>;
  };
}

export const CAN_I_DEPLOY_QUERY = gql<CanIDeployData, { pacticipant: string; version: string; environment: string }>(/* GraphQL */ `
  query CanIDeploy($pacticipant: String!, $version: String!, $environment: String!) {
    canIDeploy(pacticipant: $pacticipant, version: $version, environment: $environment) {
      deployable
      status
      reasons
      notices {
        type
        text
      }
      counts {
        success
        failed
        unknown
      }
      rows {
        consumer {
          name
        }
        consumerVersion {
          number
        }
        provider {
          name
        }
        providerVersion {
          number
        }
        outcome
        verifiedAt
      }
    }
  }
`);
