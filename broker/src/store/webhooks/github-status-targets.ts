// What a `github-status` job needs to know when it runs: the consumer version (its number is the
// commit SHA), the consumer's repository fields, and what happened (see jobs/github-status.ts).
import type { RepositoryFields } from '../../domain/github/repository.ts';
import type { StatusEvent } from '../../domain/github/commit-status.ts';
import type { Db } from '../db.ts';
import type { GitHubStatusJobPayload } from '../pacts/publication-events.ts';
import { sql } from '../sql.ts';

export interface GitHubStatusTarget {
  /** The pacticipant whose commit gets the status (the consumer, or can-i-deploy's pacticipant). */
  pacticipantId: number;
  pacticipantName: string;
  versionNumber: string;
  repository: RepositoryFields;
  /** For the UI link and the log: the pact's provider and content, when the status is about a pact. */
  providerId: number | null;
  providerName: string | null;
  pactVersionSha: string | null;
  providerVersionNumber: string | null;
  event: StatusEvent;
  /**
   * A "pending" status whose pact already has a verification result: that result's own status job
   * says more, and sending pending after it (a retried or slow job) would hide it on GitHub.
   */
  superseded: boolean;
}

interface VersionRow extends RepositoryFields {
  pacticipantId: number;
  pacticipantName: string;
  versionNumber: string;
}

async function version(db: Db, versionId: number): Promise<VersionRow | undefined> {
  const rows =
    await db.rows<VersionRow>(sql`SELECT p.id AS "pacticipantId", p.name AS "pacticipantName", v.number AS "versionNumber", p.repository_url AS "repositoryUrl",
            p.repository_namespace AS "repositoryNamespace", p.repository_name AS "repositoryName"
       FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE v.id = ${versionId}`);
  return rows[0];
}

function target(
  v: VersionRow,
  rest: Omit<GitHubStatusTarget, 'pacticipantId' | 'pacticipantName' | 'versionNumber' | 'repository' | 'superseded'> & {
    superseded?: boolean;
  },
): GitHubStatusTarget {
  return {
    pacticipantId: v.pacticipantId,
    pacticipantName: v.pacticipantName,
    versionNumber: v.versionNumber,
    repository: { repositoryUrl: v.repositoryUrl, repositoryNamespace: v.repositoryNamespace, repositoryName: v.repositoryName },
    ...rest,
    superseded: rest.superseded ?? false,
  };
}

/** Undefined when what the job speaks of was deleted since it was enqueued. */
export async function findGitHubStatusTarget(db: Db, payload: GitHubStatusJobPayload): Promise<GitHubStatusTarget | undefined> {
  switch (payload.trigger) {
    case 'pact-published': {
      const [consumer, pacts] = await Promise.all([
        version(db, payload.consumerVersionId),
        db.rows<{
          sha: string;
          providerName: string;
          verified: boolean;
        }>(sql`SELECT pv.sha, p.name AS "providerName", EXISTS (SELECT 1 FROM verifications v WHERE v.pact_version_id = pv.id) AS verified
             FROM pact_versions pv JOIN pacticipants p ON p.id = pv.provider_id WHERE pv.id = ${payload.pactVersionId}`),
      ]);
      const pact = pacts[0];
      if (!consumer || !pact) return undefined;
      return target(consumer, {
        providerId: payload.providerId,
        providerName: pact.providerName,
        pactVersionSha: pact.sha,
        providerVersionNumber: null,
        event: { kind: 'pact-published', providerName: pact.providerName },
        superseded: pact.verified,
      });
    }
    case 'verification': {
      // The status goes on the latest consumer version that published the verified content.
      const rows = await db.rows<{
        success: boolean;
        providerId: number;
        providerName: string;
        providerVersionNumber: string;
        sha: string;
        consumerVersionId: number | null;
      }>(sql`SELECT v.success, v.provider_id AS "providerId", p.name AS "providerName", pv_num.number AS "providerVersionNumber", pv.sha,
                (SELECT pp.consumer_version_id FROM pact_publications pp WHERE pp.pact_version_id = v.pact_version_id ORDER BY pp.consumer_version_id DESC LIMIT 1) AS "consumerVersionId"
           FROM verifications v JOIN pacticipants p ON p.id = v.provider_id JOIN versions pv_num ON pv_num.id = v.provider_version_id
           JOIN pact_versions pv ON pv.id = v.pact_version_id
          WHERE v.id = ${payload.verificationId}`);
      const row = rows[0];
      const consumer = row?.consumerVersionId ? await version(db, row.consumerVersionId) : undefined;
      if (!row || !consumer) return undefined;
      return target(consumer, {
        providerId: row.providerId,
        providerName: row.providerName,
        pactVersionSha: row.sha,
        providerVersionNumber: row.providerVersionNumber,
        event: {
          kind: 'verification',
          providerName: row.providerName,
          providerVersionNumber: row.providerVersionNumber,
          success: row.success,
        },
      });
    }
    case 'can-i-deploy': {
      const v = await version(db, payload.versionId);
      if (!v) return undefined;
      return target(v, {
        providerId: null,
        providerName: null,
        pactVersionSha: null,
        providerVersionNumber: null,
        event: { kind: 'can-i-deploy', environment: payload.environment, deployable: payload.deployable, reason: payload.reason },
      });
    }
    case 'schema-check': {
      const row = await db.maybeOne<{
        consumerVersionId: number | null;
        providerId: number;
        providerName: string;
        providerVersionNumber: string;
        subject: string;
        status: string;
      }>(sql`SELECT cc.consumer_version_id AS "consumerVersionId", pv.pacticipant_id AS "providerId", pp.name AS "providerName",
                pv.number AS "providerVersionNumber", s.name AS subject, cc.status
           FROM contract_checks cc JOIN schema_subjects s ON s.id = cc.subject_id
           JOIN versions pv ON pv.id = cc.provider_version_id JOIN pacticipants pp ON pp.id = pv.pacticipant_id
          WHERE cc.id = ${payload.contractCheckId}`);
      const consumer = row?.consumerVersionId ? await version(db, row.consumerVersionId) : undefined;
      if (!row || !consumer) return undefined;
      const status = row.status === 'success' || row.status === 'failure' ? row.status : 'unknown';
      return target(consumer, {
        providerId: row.providerId,
        providerName: row.providerName,
        pactVersionSha: null,
        providerVersionNumber: row.providerVersionNumber,
        event: {
          kind: 'schema-check',
          providerName: row.providerName,
          providerVersionNumber: row.providerVersionNumber,
          subject: row.subject,
          status,
        },
      });
    }
    default: {
      const unreachable: never = payload;
      return unreachable;
    }
  }
}

/** The findings of a schema check (for its check run); undefined when it was deleted. */
export async function findContractCheckFindings(
  db: Db,
  contractCheckId: number,
): Promise<Array<{ rule: string; file: string | null; line: number | null; message: string; severity?: string }> | undefined> {
  const row = await db.maybeOne<{ findings: unknown }>(sql`SELECT findings FROM contract_checks WHERE id = ${contractCheckId}`);
  if (!row) return undefined;
  const findings = parsedJson(row.findings);
  return Array.isArray(findings)
    ? (findings as Array<{ rule: string; file: string | null; line: number | null; message: string; severity?: string }>)
    : [];
}

/** What a check run shows of a verification besides its outcome; undefined when it was deleted. */
export interface VerificationDetails {
  /** As the verifier published it (see domain/github/check-run.ts for the shapes understood). */
  testResults: unknown;
  buildUrl: string | null;
}

export async function findVerificationDetails(db: Db, verificationId: number): Promise<VerificationDetails | undefined> {
  const rows = await db.rows<{ testResults: unknown; buildUrl: string | null }>(
    sql`SELECT test_results AS "testResults", build_url AS "buildUrl" FROM verifications WHERE id = ${verificationId}`,
  );
  const row = rows[0];
  if (!row) return undefined;
  return { testResults: parsedJson(row.testResults), buildUrl: row.buildUrl };
}

/** Drivers differ in whether json columns arrive parsed; a JSON string value stays a string. */
function parsedJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
