// One matrix row: a consumer version's pact (by content) joined to one verification of that content
// by a provider version, or to nothing (provider version and verification null: "unknown").

export interface MatrixRow {
  consumerId: number;
  consumerName: string;
  consumerVersionId: number;
  consumerVersionNumber: string;
  providerId: number;
  providerName: string;
  pactPublicationId: number;
  pactVersionId: number;
  pactVersionSha: string;
  pactRevision: number;
  pactCreatedAt: Date;
  providerVersionId: number | null;
  providerVersionNumber: string | null;
  verificationId: number | null;
  /** 1, 2, 3... per pact content, as in verification-results URLs. */
  verificationNumber: number | null;
  /** null: no verification by a selected provider version. */
  success: boolean | null;
  verifiedAt: Date | null;
  /**
   * Treaty: absent for a pact row. A schema row (issue #8) joins a consumer's schema publication of `subject` to a
   * provider version's publication of it and Treaty's check of the two contents; the pact* fields then describe the
   * consumer's publication (id, content id and SHA, revision, time) and the verification* fields the check
   * (`success` null while it is missing or could not decide).
   */
  contract?: SchemaContract;
}

export interface SchemaContract {
  kind: 'schema';
  subject: string;
  /** success / failure / unknown; null when no check under the subject's current mode exists. */
  checkStatus: 'success' | 'failure' | 'unknown' | null;
  /** The first breaking change, `RULE: message`, when the check failed. */
  breakingChange: string | null;
}

/** Rows of different contracts between the same versions never stand for each other (latestby, dedupe). */
export const contractKey = (r: MatrixRow): string => (r.contract ? `schema:${r.contract.subject}|` : '');

/** A consumer–provider pair the query involves. Required: the consumer needs this provider deployed. */
export interface Integration {
  consumerId: number;
  consumerName: string;
  providerId: number;
  providerName: string;
  required: boolean;
}

export const lastActionAt = (r: MatrixRow): number => Math.max(r.pactCreatedAt.getTime(), r.verifiedAt?.getTime() ?? 0);

/** Most recent action first (the later of the pact and the verification), then newest versions first. */
export function compareByLastAction(a: MatrixRow, b: MatrixRow): number {
  return lastActionAt(b) - lastActionAt(a) || compareIdsNewestFirst(a, b);
}

/** The first `limit` rows in compareByLastAction order, computing each row's last action once (matrices of 10 000+ rows). */
export function newestByLastAction<T extends MatrixRow>(rows: readonly T[], limit: number): T[] {
  if (limit <= 0) return [];
  const keyed = rows.map((row) => ({ row, at: lastActionAt(row) }));
  keyed.sort((a, b) => b.at - a.at || compareIdsNewestFirst(a.row, b.row));
  return keyed.slice(0, limit).map((k) => k.row);
}

function compareIdsNewestFirst(a: MatrixRow, b: MatrixRow): number {
  return (
    b.consumerVersionId - a.consumerVersionId ||
    (b.providerVersionId ?? -1) - (a.providerVersionId ?? -1) ||
    (b.verificationId ?? -1) - (a.verificationId ?? -1) ||
    a.providerId - b.providerId
  );
}
