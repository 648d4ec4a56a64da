// Loads, when a webhook job runs, the data its `${pactbroker.*}` parameters are rendered from: the
// names, versions, branches, tags and labels as they are now, and the URLs of the pact and the
// verification. The job payload holds only ids (see store/publication-events.ts for why).
import type { WebhookTemplateData } from '../domain/webhooks/template.ts';
import { href, paths } from '../http/paths.ts';
import type { Db } from '../store/db.ts';
import type { WebhookJobPayload } from '../store/publication-events.ts';

interface VersionFacts {
  number: string;
  pacticipantName: string;
  buildUrl: string | null;
  branch: string | null;
  tags: string[] | null;
  labels: string[] | null;
}

async function versionFacts(db: Db, versionId: number): Promise<VersionFacts | undefined> {
  const rows = await db.$queryRawUnsafe<VersionFacts[]>(
    `SELECT v.number, p.name AS "pacticipantName", v.build_url AS "buildUrl",
            (SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id ORDER BY bv.id DESC LIMIT 1) AS branch,
            ARRAY(SELECT t.name FROM tags t WHERE t.version_id = v.id ORDER BY t.created_at, t.name) AS tags,
            ARRAY(SELECT l.name FROM pacticipant_labels l WHERE l.pacticipant_id = p.id ORDER BY l.name) AS labels
       FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE v.id = $1`,
    versionId,
  );
  return rows[0];
}

interface VerificationFacts {
  number: number;
  success: boolean;
  buildUrl: string | null;
  providerVersionId: number;
}

/** The data for one webhook job, or undefined when what it speaks of was deleted since. */
export async function loadWebhookTemplateData(
  db: Db,
  payload: WebhookJobPayload,
  baseUrl: string,
): Promise<{ data: WebhookTemplateData; sha: string } | undefined> {
  const consumer = await versionFacts(db, payload.consumerVersionId);
  const pactRows = await db.$queryRawUnsafe<Array<{ sha: string; providerName: string; providerLabels: string[] }>>(
    `SELECT pv.sha, p.name AS "providerName", ARRAY(SELECT l.name FROM pacticipant_labels l WHERE l.pacticipant_id = p.id ORDER BY l.name) AS "providerLabels"
       FROM pact_versions pv JOIN pacticipants p ON p.id = pv.provider_id WHERE pv.id = $1`,
    payload.pactVersionId,
  );
  const pact = pactRows[0];
  if (!consumer || !pact) return undefined;
  const names = { provider: pact.providerName, consumer: consumer.pacticipantName, sha: pact.sha };
  const data: WebhookTemplateData = {
    eventName: payload.event,
    pact: {
      consumerName: consumer.pacticipantName,
      providerName: pact.providerName,
      consumerVersionNumber: consumer.number,
      consumerVersionBranch: consumer.branch,
      consumerVersionTags: consumer.tags ?? [],
      url: href(baseUrl, paths.pactByContentSha, names),
    },
    consumerLabels: consumer.labels ?? [],
    providerLabels: pact.providerLabels ?? [],
    buildUrl: consumer.buildUrl,
  };
  if (payload.verificationId !== undefined) {
    const rows = await db.$queryRawUnsafe<VerificationFacts[]>(
      `SELECT number, success, build_url AS "buildUrl", provider_version_id AS "providerVersionId" FROM verifications WHERE id = $1`,
      payload.verificationId,
    );
    const verification = rows[0];
    const provider = verification ? await versionFacts(db, verification.providerVersionId) : undefined;
    if (!verification || !provider) return undefined;
    data.verification = {
      success: verification.success,
      url: href(baseUrl, paths.verificationResult, { ...names, number: verification.number }),
      providerVersionNumber: provider.number,
      providerVersionBranch: provider.branch,
      providerVersionTags: provider.tags ?? [],
    };
    // For verification events the build is the verifying one (the Pact Broker's rule).
    data.buildUrl = verification.buildUrl;
  }
  if (payload.providerVersionId !== undefined) {
    const provider = await versionFacts(db, payload.providerVersionId);
    if (!provider) return undefined;
    data.providerVersion = { number: provider.number, branch: provider.branch, tags: provider.tags ?? [] };
    data.providerVersionDescriptions = payload.providerVersionDescriptions ?? [];
  }
  return { data, sha: pact.sha };
}
