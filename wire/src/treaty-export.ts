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
  /**
   * Webhook definitions (GET /webhooks/{uuid} of each `pb:webhooks` entry), in the order the source lists them. Absent in
   * files written before webhooks were exported; the import then leaves webhooks alone.
   */
  webhooks?: ExportedWebhook[];
}

export interface ExportedPacticipant {
  name: string;
  displayName?: string | null;
  mainBranch?: string | null;
  repositoryUrl?: string | null;
  /** Label names (`_embedded.labels`), which webhooks can be scoped by. Absent in files written before labels were exported. */
  labels?: string[];
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

/** One side of a webhook's scope: a pacticipant by name, or every pacticipant with a label. Absent: any. */
export type ExportedWebhookScope = { name: string } | { label: string };

export interface ExportedWebhook {
  /** The source's uuid, kept so that importing again replaces this webhook instead of adding a copy. */
  uuid: string;
  description?: string | null;
  consumer?: ExportedWebhookScope | null;
  provider?: ExportedWebhookScope | null;
  /** Event names, e.g. ["contract_requiring_verification_published"]. */
  events: string[];
  /** The request template as the source showed it, `${pactbroker.*}` parameters unrendered. */
  request: {
    method: string;
    url: string;
    headers?: Record<string, string>;
    /** Any JSON value (a string is sent as it is). */
    body?: unknown;
    username?: string | null;
    /** Only ever the source's mask (e.g. "**********"): brokers do not show passwords. */
    password?: string | null;
  };
  enabled: boolean;
  createdAt?: string;
  /**
   * True when the source showed masks instead of secrets (asterisks in a header value or the
   * password): the masks are kept as they were shown, never replaced by guesses, and the import
   * creates the webhook disabled so that nothing sends them.
   */
  secretsRedacted?: boolean;
  /** Which fields held masks, e.g. ["request.headers.Authorization", "request.password"]. */
  redactedFields?: string[];
}

/** A webhook the import created disabled because the source broker had redacted its secrets. */
export interface ImportedDisabledWebhook {
  uuid: string;
  description: string;
  /** The fields to set again (PUT /webhooks/{uuid}), as in ExportedWebhook.redactedFields. */
  redactedFields: string[];
}

/** POST /admin/import's answer: how many of each were created (0 everywhere when the file was already imported). */
export interface ImportResult {
  created: {
    pacticipants: number;
    versions: number;
    environments: number;
    pacts: number;
    verifications: number;
    deployments: number;
    releases: number;
    labels: number;
    webhooks: number;
  };
  skipped: { pacts: number; verifications: number; deployments: number; releases: number; webhooks: number };
  /** Webhooks that existed here (same uuid) with another definition and were replaced by the file's. */
  replaced: { webhooks: number };
  /** Created disabled: the source redacted their secrets, so someone has to set them and enable the webhook. */
  disabledWebhooks: ImportedDisabledWebhook[];
}
