// The export/import file: `treaty export` writes it by crawling a Pact Broker's (or Treaty's) HAL
// API, `treaty import` sends it to POST /admin/import. Versioned by `format`; a reader refuses any
// other value. Times are ISO 8601. Documented in cli/README.md ("Export and import").

export interface TreatyExport {
  format: 'treaty-export/1';
  exportedAt: string;
  /** The broker the data came from (informational). */
  source?: string;
  pacticipants: ExportedPacticipant[];
  environments: ExportedEnvironment[];
  /** One per consumer version × provider, oldest first. */
  pacts: ExportedPact[];
  /** Oldest first within each pact content (their numbers 1, 2, 3... are kept by order). */
  verifications: ExportedVerification[];
  /** Deployments current at export time (history of undeployed ones is not in the Pact Broker's API). */
  deployments: ExportedDeployment[];
  /** Releases still supported at export time. */
  releases: ExportedRelease[];
}

export interface ExportedPacticipant {
  name: string;
  displayName?: string | null;
  mainBranch?: string | null;
  repositoryUrl?: string | null;
  /** Oldest first: the import creates them in this order, so "latest" means the same after import. */
  versions: ExportedVersion[];
}

export interface ExportedVersion {
  number: string;
  createdAt: string;
  buildUrl?: string | null;
  branches: string[];
  tags: string[];
}

export interface ExportedEnvironment {
  uuid: string;
  name: string;
  displayName?: string | null;
  production: boolean;
}

export interface ExportedPact {
  consumer: string;
  provider: string;
  consumerVersion: string;
  createdAt: string;
  /** The pact JSON text exactly as the broker serves it, without the broker's own `_links` / `createdAt`. */
  content: string;
}

export interface ExportedVerification {
  consumer: string;
  provider: string;
  /** A consumer version that published the verified content (identifies the content). */
  consumerVersion: string;
  providerVersion: string;
  success: boolean;
  verifiedAt: string;
  buildUrl?: string | null;
}

export interface ExportedDeployment {
  pacticipant: string;
  version: string;
  environment: string;
  applicationInstance?: string | null;
  deployedAt: string;
}

export interface ExportedRelease {
  pacticipant: string;
  version: string;
  environment: string;
  releasedAt: string;
}

/** POST /admin/import's answer: how many of each were created (0 everywhere when the file was already imported). */
export interface ImportResult {
  created: { pacticipants: number; versions: number; environments: number; pacts: number; verifications: number; deployments: number; releases: number };
  skipped: { pacts: number; verifications: number; deployments: number; releases: number };
}
