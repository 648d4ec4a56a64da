// POST /contracts/publish (`pb:publish-contracts`): the Pact Broker's request and response shapes.
import type { HalLink, HalResource } from './hal.ts';
import type { Notice } from './matrix.ts';

export interface PublishContract {
  consumerName: string;
  providerName: string;
  /** `"pact"` for pact files. */
  specification: string;
  contentType: string;
  /** The contract document, base64-encoded. */
  content: string;
  /** `"merge"` merges the interactions into an existing pact for the same consumer version (CLI `--merge`). */
  onConflict?: 'merge' | 'overwrite';
}

export interface PublishContractsRequest {
  pacticipantName: string;
  pacticipantVersionNumber: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
  contracts: PublishContract[];
}

/** Deprecated by the Pact Broker in favour of notices, but its clients still read it. */
export interface PublishLog {
  level: string;
  message: string;
  deprecationWarning?: boolean;
}

export interface PublishContractsResponse extends HalResource {
  notices?: Notice[];
  logs?: PublishLog[];
  _embedded?: {
    pacticipant?: { name: string };
    version?: { number: string; branch?: string | null; buildUrl?: string | null };
  };
  _links?: Record<string, HalLink | HalLink[]>;
}
