import { gql } from '../client.ts';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface InteractionFields {
  type: string;
  description: string;
  providerStates: Json;
  request: Json;
  response: Json;
  contents: Json;
}

export interface ValueChangeFields {
  path: string;
  kind: 'ADDED' | 'REMOVED' | 'CHANGED';
  before: Json;
  after: Json;
}

export interface ContractData {
  pact: {
    sha: string;
    createdAt: string;
    consumer: { name: string };
    provider: { name: string };
    consumerVersion: { number: string; branches: Array<{ name: string }> };
    consumerVersions: Array<{ number: string }>;
    content: Json;
    interactionCount: number;
    interactions: InteractionFields[];
    verifications: Array<{
      number: number;
      success: boolean;
      verifiedAt: string;
      buildUrl: string | null;
      providerVersion: { number: string };
    }>;
    diffWithPrevious: {
      identical: boolean;
      text: string;
      added: string[];
      removed: string[];
      changed: Array<{ label: string; changes: ValueChangeFields[] }>;
      documentChanges: ValueChangeFields[];
      previous: { sha: string; createdAt: string; consumerVersion: { number: string } };
    } | null;
  } | null;
}

export const CONTRACT_QUERY = gql<ContractData, { consumer: string; provider: string; consumerVersion: string }>(/* GraphQL */ `
  query Contract($consumer: String!, $provider: String!, $consumerVersion: String!) {
    pact(consumer: $consumer, provider: $provider, consumerVersion: $consumerVersion) {
      sha
      createdAt
      consumer {
        name
      }
      provider {
        name
      }
      consumerVersion {
        number
        branches {
          name
        }
      }
      consumerVersions {
        number
      }
      content
      interactionCount
      interactions {
        type
        description
        providerStates
        request
        response
        contents
      }
      verifications {
        number
        success
        verifiedAt
        buildUrl
        providerVersion {
          number
        }
      }
      diffWithPrevious {
        identical
        text
        added
        removed
        changed {
          label
          changes {
            path
            kind
            before
            after
          }
        }
        documentChanges {
          path
          kind
          before
          after
        }
        previous {
          sha
          createdAt
          consumerVersion {
            number
          }
        }
      }
    }
  }
`);
