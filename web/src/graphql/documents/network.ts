import { gql } from '../client.ts';
import type { Status } from '../../lib/status.ts';

export interface NetworkData {
  network: {
    nodes: Array<{ id: string; pacticipant: { name: string; displayName: string | null } }>;
    edges: Array<{ id: string; source: string; target: string; kind: string; status: Status; integration: { statusLabel: string; lastVerifiedAt: string | null } }>;
  };
}

export const NETWORK_QUERY = gql<NetworkData>(/* GraphQL */ `
  query Network {
    network {
      nodes { id pacticipant { name displayName } }
      edges { id source target kind status integration { statusLabel lastVerifiedAt } }
    }
  }
`);
