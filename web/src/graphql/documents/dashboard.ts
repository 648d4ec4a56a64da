import { gql } from '../client.ts';
import type { Status } from '../../lib/status.ts';

export interface DashboardIntegration {
  id: string;
  consumer: { name: string; displayName: string | null };
  provider: { name: string; displayName: string | null };
  status: Status;
  statusLabel: string;
  lastPublishedAt: string | null;
  lastVerifiedAt: string | null;
  latestPact: { sha: string; consumerVersion: { number: string } } | null;
  latestVerification: { number: number; success: boolean; verifiedAt: string; providerVersion: { number: string } } | null;
}

export const DASHBOARD_QUERY = gql<{ integrations: DashboardIntegration[] }, { search: string | null }>(/* GraphQL */ `
  query Dashboard($search: String) {
    integrations(search: $search) {
      id
      consumer {
        name
        displayName
      }
      provider {
        name
        displayName
      }
      status
      statusLabel
      lastPublishedAt
      lastVerifiedAt
      latestPact {
        sha
        consumerVersion {
          number
        }
      }
      latestVerification {
        number
        success
        verifiedAt
        providerVersion {
          number
        }
      }
    }
  }
`);
