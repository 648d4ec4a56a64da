// The /matrix and /can-i-deploy response body: the Pact Broker's shape (clients parse it).
import type { HalLink, HalResource } from './hal.ts';

export type Deployable = boolean | null;

export type NoticeType = 'success' | 'error' | 'warning' | 'info' | 'debug' | 'prompt' | 'danger';

export interface Notice {
  type: NoticeType;
  text: string;
}

export interface MatrixSummary {
  /** true: deploy; false: a verification failed or a named version does not exist; null: unknown (a result is missing). */
  deployable: Deployable;
  /** The reasons joined with "\n". */
  reason: string;
  success: number;
  failed: number;
  unknown: number;
  /** Present only when ignore selectors were given. */
  ignored?: number;
}

export interface MatrixBranchVersion {
  name: string;
  latest: boolean;
  _links: { self: HalLink };
}

export interface MatrixTag {
  name: string;
  latest: boolean;
  _links: { self: HalLink };
}

export interface MatrixVersion {
  number: string;
  branch: string | null;
  branches: Array<{ name: string; latest: boolean; _links: { self: HalLink } }>;
  branchVersions: MatrixBranchVersion[];
  environments: Array<{ uuid: string; name: string; displayName: string | null; production: boolean; _links?: { self: HalLink } }>;
  tags: MatrixTag[];
  _links: { self: HalLink };
}

export interface MatrixParty {
  name: string;
  version: MatrixVersion | null;
  _links: { self: HalLink };
}

export interface MatrixRowBody {
  consumer: MatrixParty & { version: MatrixVersion };
  provider: MatrixParty;
  pact: { createdAt: string; _links: { self: HalLink } };
  verificationResult: { success: boolean; verifiedAt: string; _links: { self: HalLink } } | null;
  ignored?: true;
  /**
   * Treaty extension, present on rows that are not pacts: a consumer's schema of `subject` checked by Treaty against
   * the provider version's schema (issue #8). `pact` then describes the consumer's schema publication and
   * `verificationResult` the check (null while it is missing or could not decide: `checkStatus` says which).
   */
  treaty?: {
    contractKind: 'schema';
    subject: string;
    checkStatus: 'success' | 'failure' | 'unknown' | null;
    breakingChange: string | null;
  };
}

export interface MatrixResponse extends HalResource {
  summary: MatrixSummary;
  notices: Notice[];
  matrix: MatrixRowBody[];
}
