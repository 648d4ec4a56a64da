import { gql } from '../client.ts';
import type { NetworkLayoutWire } from '@treaty/wire/src/network-layout-shape.ts';
import type { Status } from '../../lib/status.ts';

export interface NetworkData {
  network: {
    nodes: Array<{
      id: string;
      pacticipant: { name: string; displayName: string | null; labels: string[]; environments: Array<{ name: string }> };
    }>;
    edges: Array<{
      id: string;
      source: string;
      target: string;
      /** PACT or SCHEMA (a consumer reads a schema subject the provider publishes). */
      kind: 'PACT' | 'SCHEMA';
      subject: string | null;
      status: Status;
      statusLabel: string;
      integration: { lastVerifiedAt: string | null } | null;
    }>;
  };
}

export const NETWORK_QUERY = gql<NetworkData>(/* GraphQL */ `
  query Network {
    network {
      nodes {
        id
        pacticipant {
          name
          displayName
          labels
          environments {
            name
          }
        }
      }
      edges {
        id
        source
        target
        kind
        subject
        status
        statusLabel
        integration {
          lastVerifiedAt
        }
      }
    }
  }
`);

export interface NetworkLayoutData {
  network: { layout: NetworkLayoutWire | null };
}

/** The whole network laid out by the broker (issue #17): asked beside NETWORK_QUERY when the page may draw it. */
export const NETWORK_LAYOUT_QUERY = gql<NetworkLayoutData, { groupByLabel: boolean }>(/* GraphQL */ `
  query NetworkLayout($groupByLabel: Boolean!) {
    network {
      layout(groupByLabel: $groupByLabel) {
        key
        width
        height
        nodes {
          id
          x
          y
        }
        edges {
          id
          points
        }
        groups {
          label
          x
          y
          width
          height
        }
      }
    }
  }
`);
