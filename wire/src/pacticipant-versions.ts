// GET /pacticipants/{p}/versions/{v} and /pacticipants/{p}/latest-version[/{tag}].
import type { HalLink, HalResource } from './hal.ts';

export interface VersionTagBody {
  name: string;
  _links?: { self?: HalLink };
}

export interface VersionBranchBody {
  name: string;
  latest?: boolean;
  _links?: { self?: HalLink };
}

export interface PacticipantVersionBody extends HalResource {
  number: string;
  buildUrl?: string | null;
  createdAt?: string;
  _embedded?: { branchVersions?: VersionBranchBody[]; tags?: VersionTagBody[] };
  /** Includes the `pb:record-deployment` and `pb:record-release` arrays, one entry per environment (name = environment name). */
  _links?: Record<string, HalLink | HalLink[]>;
}
