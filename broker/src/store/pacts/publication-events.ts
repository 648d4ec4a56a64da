// The jobs a publication enqueues: one `webhook` job per (matching webhook × fired event) and one
// `github-status` job, inserted in the publishing transaction so they exist exactly when the
// publication does. The decision "which events fire" is domain/webhooks/events.ts; this file
// gathers the facts it needs and writes the jobs.
//
// Payloads carry identities (ids, the webhook uuid, the event), not rendered requests: the delivery
// job loads the template data and the webhook definition when it runs (jobs/webhook-template-data.ts).
// Why run time: the publish transaction stays short (no tag/label/URL assembly per webhook), an edited
// webhook's fix applies to its pending retries, and a deleted or disabled webhook simply stops
// (its job ends done with a log line), which is what the Pact Broker does with triggered webhooks.
import { randomUUID } from 'node:crypto';
import {
  eventsForPactPublication,
  eventsForVerification,
  requiredVerifications,
  UNTAGGED,
  type FiredEvent,
  type PactPublicationChange,
  type PreviousPact,
  type RequiredVerificationCandidate,
} from '../../domain/webhooks/events.ts';
import type { Config } from '../../config.ts';
import type { Webhook } from '../../domain/webhooks/webhook.ts';
import { enqueueJobs, type NewJob } from '../job-queue.ts';
import { pactSchemaCheckJobs } from '../schemas/contract-checks.ts';
import type { Db } from '../db.ts';
import { findWebhooksForEvents } from '../webhooks/webhooks.ts';
import { sql } from '../sql.ts';

/** What the publishing request adds to its jobs. Absent: the write fires nothing (seeding, tools). */
export interface JobTriggerOptions {
  /** The base URL of the request, for links rendered later (TREATY_BASE_URL wins at run time). */
  baseUrl: string | undefined;
  webhookMaxAttempts: number;
  /** A GitHub token is configured: enqueue commit-status jobs. */
  githubStatuses: boolean;
}

/** What the HTTP routes pass to publishContracts / recordVerification. */
export function jobTriggerOptions(config: Pick<Config, 'webhooks' | 'github'>, requestBaseUrl: string | undefined): JobTriggerOptions {
  return { baseUrl: requestBaseUrl, webhookMaxAttempts: config.webhooks.maxAttempts, githubStatuses: config.github.token !== undefined };
}

/** Job payload of kind `webhook`; see jobs/webhook-delivery.ts. */
export interface WebhookJobPayload {
  webhookUuid: string;
  /** Shared by every attempt of this job: the Pact Broker's triggered-webhook uuid. */
  triggeredUuid: string;
  event: FiredEvent['name'];
  baseUrl: string | null;
  consumerId: number;
  providerId: number;
  consumerVersionId: number;
  pactVersionId: number;
  verificationId?: number;
  /** contract_requiring_verification_published: the provider version that should verify. */
  providerVersionId?: number;
  providerVersionDescriptions?: string[];
}

/** Job payload of kind `github-status`; see jobs/github-status.ts. */
export type GitHubStatusJobPayload =
  | { trigger: 'pact-published'; baseUrl: string | null; consumerVersionId: number; pactVersionId: number; providerId: number }
  | { trigger: 'verification'; baseUrl: string | null; verificationId: number }
  | { trigger: 'can-i-deploy'; baseUrl: string | null; versionId: number; environment: string; deployable: boolean; reason: string }
  /** Treaty's check of a consumer schema against a provider schema (contract_checks, kind consumer-schema). */
  | { trigger: 'schema-check'; baseUrl: string | null; contractCheckId: number };

export interface PactPublishedFacts {
  publicationId: number;
  revisionNumber: number;
  consumerId: number;
  providerId: number;
  consumerVersionId: number;
  pactVersionId: number;
  sha: string;
  /** The content SHA the publication had before this write; null when it was just created. */
  previousShaOfPublication: string | null;
}

async function anyEnabledWebhook(db: Db): Promise<boolean> {
  const rows = await db.rows<{ any: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM webhooks WHERE enabled) AS "any"`);
  return rows[0]?.any === true;
}

export async function enqueuePactPublishedJobs(db: Db, facts: PactPublishedFacts, options: JobTriggerOptions): Promise<void> {
  const jobs: NewJob[] = [];
  const baseUrl = options.baseUrl ?? null;
  if (await anyEnabledWebhook(db)) {
    const change: PactPublicationChange =
      facts.previousShaOfPublication === null
        ? { kind: 'new', previousPacts: await previousPacts(db, facts) }
        : { kind: 'existing', previousSha: facts.previousShaOfPublication };
    const required = requiredVerifications(await requiredVerificationCandidates(db, facts.providerId, facts.pactVersionId));
    const events = eventsForPactPublication({ sha: facts.sha, change, requiredVerifications: required });
    const occurrence = `pp${facts.publicationId}:r${facts.revisionNumber}`;
    const webhooks = await findWebhooksForEvents(db, {
      names: events.map((e) => e.name),
      consumerId: facts.consumerId,
      providerId: facts.providerId,
    });
    for (const event of events) {
      const extra =
        event.name === 'contract_requiring_verification_published'
          ? {
              providerVersionId: event.requiredVerification.providerVersionId,
              providerVersionDescriptions: event.requiredVerification.descriptions,
            }
          : {};
      const key = `${occurrence}${extra.providerVersionId === undefined ? '' : `:pv${extra.providerVersionId}`}`;
      jobs.push(
        ...webhookJobs(webhooks, event.name, key, options, {
          baseUrl,
          consumerId: facts.consumerId,
          providerId: facts.providerId,
          consumerVersionId: facts.consumerVersionId,
          pactVersionId: facts.pactVersionId,
          ...extra,
        }),
      );
    }
  }
  if (options.githubStatuses) {
    const payload: GitHubStatusJobPayload = {
      trigger: 'pact-published',
      baseUrl,
      consumerVersionId: facts.consumerVersionId,
      pactVersionId: facts.pactVersionId,
      providerId: facts.providerId,
    };
    jobs.push({
      kind: 'github-status',
      payload,
      dedupeKey: `github-status:pp${facts.publicationId}:r${facts.revisionNumber}`,
      maxAttempts: options.webhookMaxAttempts,
    });
  }
  // Treaty checks the pact against the provider's OpenAPI document, if it published one (issue #8)
  jobs.push(...(await pactSchemaCheckJobs(db, facts)));
  await enqueueJobs(db, jobs);
}

export interface VerificationFacts {
  verificationId: number;
  success: boolean;
  consumerId: number;
  providerId: number;
  pactVersionId: number;
}

export async function enqueueVerificationJobs(db: Db, facts: VerificationFacts, options: JobTriggerOptions): Promise<void> {
  const jobs: NewJob[] = [];
  const baseUrl = options.baseUrl ?? null;
  // A pact version whose publications were all deleted has no consumer version to speak of.
  const consumerVersionId = (await anyEnabledWebhook(db)) ? await latestConsumerVersionWithPact(db, facts.pactVersionId) : undefined;
  if (consumerVersionId !== undefined) {
    const events = eventsForVerification(facts.success);
    const webhooks = await findWebhooksForEvents(db, {
      names: events.map((e) => e.name),
      consumerId: facts.consumerId,
      providerId: facts.providerId,
    });
    for (const event of events) {
      jobs.push(
        ...webhookJobs(webhooks, event.name, `v${facts.verificationId}`, options, {
          baseUrl,
          consumerId: facts.consumerId,
          providerId: facts.providerId,
          consumerVersionId,
          pactVersionId: facts.pactVersionId,
          verificationId: facts.verificationId,
        }),
      );
    }
  }
  if (options.githubStatuses) {
    const payload: GitHubStatusJobPayload = { trigger: 'verification', baseUrl, verificationId: facts.verificationId };
    jobs.push({
      kind: 'github-status',
      payload,
      dedupeKey: `github-status:v${facts.verificationId}`,
      maxAttempts: options.webhookMaxAttempts,
    });
  }
  await enqueueJobs(db, jobs);
}

/**
 * One job per enabled webhook subscribed to the event. The dedupe key names the webhook, the event
 * and the occurrence (publication revision or verification), so a retried request or a racing
 * replica enqueues nothing new. A re-publish of identical content is the same occurrence.
 */
function webhookJobs(
  pairWebhooks: readonly Webhook[],
  event: FiredEvent['name'],
  occurrence: string,
  options: JobTriggerOptions,
  rest: Omit<WebhookJobPayload, 'webhookUuid' | 'triggeredUuid' | 'event'>,
): NewJob[] {
  return pairWebhooks
    .filter((webhook) => webhook.events.includes(event))
    .map((webhook) => {
      const payload: WebhookJobPayload = { webhookUuid: webhook.uuid, triggeredUuid: randomUUID(), event, ...rest };
      return {
        kind: 'webhook',
        payload: { ...payload },
        dedupeKey: `webhook:${webhook.uuid}:${event}:${occurrence}`,
        maxAttempts: options.webhookMaxAttempts,
      };
    });
}

/** Pact Broker's find_previous_pacts: per tag of the version (or "untagged"), the latest earlier pact. */
async function previousPacts(db: Db, facts: PactPublishedFacts): Promise<PreviousPact[]> {
  const tags = await db.rows<{ name: string }>(sql`SELECT name FROM tags WHERE version_id = ${facts.consumerVersionId} ORDER BY name`);
  const selectors = tags.length > 0 ? tags.map((t) => t.name) : [UNTAGGED];
  const result: PreviousPact[] = [];
  for (const selector of selectors) {
    const tagFilter =
      selector === UNTAGGED
        ? sql`NOT EXISTS (SELECT 1 FROM tags t WHERE t.version_id = pp.consumer_version_id)`
        : sql`EXISTS (SELECT 1 FROM tags t WHERE t.version_id = pp.consumer_version_id AND t.name = ${selector})`;
    // Version ids grow with creation order, which is the Pact Broker's version order.
    const previous = await db.maybeOne<{ sha: string }>(
      sql`SELECT pv.sha FROM pact_publications pp JOIN pact_versions pv ON pv.id = pp.pact_version_id
        WHERE pp.consumer_id = ${facts.consumerId} AND pp.provider_id = ${facts.providerId}
          AND pp.consumer_version_id < ${facts.consumerVersionId} AND ${tagFilter}
        ORDER BY pp.consumer_version_id DESC LIMIT 1`,
    );
    result.push({ selector, sha: previous?.sha ?? null });
  }
  return result;
}

/** The provider's main-branch head and its deployed / supported released versions, each marked when it already verified this content. */
export async function requiredVerificationCandidates(
  db: Db,
  provider: number,
  pactVersionId: number,
): Promise<RequiredVerificationCandidate[]> {
  const providerId = sql.param(provider);
  return db.rows<RequiredVerificationCandidate>(sql`WITH candidates AS (
       SELECT h.version_id, 1 AS ord, 'latest version from main branch' AS description
         FROM pacticipants p JOIN branches b ON b.pacticipant_id = p.id AND b.name = p.main_branch
         CROSS JOIN LATERAL (SELECT bv.version_id FROM branch_versions bv WHERE bv.branch_id = b.id ORDER BY bv.version_id DESC LIMIT 1) h
        WHERE p.id = ${providerId}
       UNION ALL
       SELECT cd.version_id, 2, 'currently deployed version (' || e.name || ')'
         FROM current_deployments cd JOIN environments e ON e.uuid = cd.environment_uuid WHERE cd.pacticipant_id = ${providerId}
       UNION ALL
       SELECT rv.version_id, 3, 'currently released version (' || e.name || ')'
         FROM released_versions rv JOIN environments e ON e.uuid = rv.environment_uuid WHERE rv.pacticipant_id = ${providerId} AND rv.support_ended_at IS NULL
     )
     SELECT v.id AS "providerVersionId", v.number AS "providerVersionNumber", c.description,
            (SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id ORDER BY bv.id LIMIT 1) AS "providerVersionBranch",
            EXISTS (SELECT 1 FROM verifications ver WHERE ver.pact_version_id = ${pactVersionId} AND ver.provider_version_id = v.id) AS "alreadyVerified"
       FROM candidates c JOIN versions v ON v.id = c.version_id
      ORDER BY c.ord, c.description, v.id`);
}

/** The consumer version a verification's events speak of: the latest one that published this content. */
async function latestConsumerVersionWithPact(db: Db, pactVersionId: number): Promise<number | undefined> {
  const rows = await db.rows<{ id: number }>(
    sql`SELECT consumer_version_id AS id FROM pact_publications WHERE pact_version_id = ${pactVersionId} ORDER BY consumer_version_id DESC LIMIT 1`,
  );
  return rows[0]?.id;
}
