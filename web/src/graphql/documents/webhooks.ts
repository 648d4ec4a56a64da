import { gql } from '../client.ts';

export interface WebhookExecutionFields {
  id: string;
  eventName: string;
  attempt: number;
  success: boolean;
  method: string;
  url: string;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
  createdAt: string;
}

export interface WebhookFields {
  uuid: string;
  description: string | null;
  consumer: { name: string } | null;
  provider: { name: string } | null;
  consumerLabel: string | null;
  providerLabel: string | null;
  events: string[];
  enabled: boolean;
  method: string;
  url: string;
  executions: { nodes: WebhookExecutionFields[]; pageInfo: { hasNextPage: boolean } };
}

export const WEBHOOKS_QUERY = gql<{ webhooks: WebhookFields[] }>(/* GraphQL */ `
  query Webhooks {
    webhooks {
      uuid
      description
      consumer {
        name
      }
      provider {
        name
      }
      consumerLabel
      providerLabel
      events
      enabled
      method
      url
      executions(first: 5) {
        nodes {
          id
          eventName
          attempt
          success
          method
          url
          responseStatus
          error
          durationMs
          createdAt
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`);
