// The log of webhook and GitHub calls: one row per attempt (webhook_executions), already redacted
// by the writer. Read by the REST resources (per webhook, per triggered webhook, per integration's
// webhook status) and by GraphQL (batched per webhook uuid).
import type { Db } from '../db.ts';
import { jsonbText, sql } from '../sql.ts';

export const ExecutionKind = {
  webhook: 'webhook',
  /** POST /repos/{owner}/{repo}/statuses/{sha} (jobs/github-status.ts). */
  githubCommitStatus: 'github-commit-status',
  /** The check-run calls (jobs/github-check-run.ts): the lookup of an earlier run and the POST. */
  githubCheckRun: 'github-check-run',
} as const;
export type ExecutionKind = (typeof ExecutionKind)[keyof typeof ExecutionKind];

/** The request as stored: redacted, as sent. */
export interface StoredRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | null;
}

export interface NewExecution {
  triggeredUuid: string;
  kind: ExecutionKind;
  webhookUuid: string | null;
  jobId: string | null;
  eventName: string;
  consumerId?: number | null;
  providerId?: number | null;
  consumerVersionNumber?: string | null;
  providerVersionNumber?: string | null;
  pactVersionSha?: string | null;
  /** GitHub calls: the state sent (a status's state, a check run's conclusion) and its line (context or check-run name). */
  githubState?: string | null;
  githubContext?: string | null;
  attempt: number;
  success: boolean;
  request: StoredRequest;
  responseStatus?: number | null;
  responseHeaders?: Record<string, string> | null;
  responseBody?: string | null;
  error?: string | null;
  durationMs: number;
  createdAt?: Date;
}

export interface ExecutionRow extends Required<Omit<NewExecution, 'request' | 'createdAt' | 'jobId'>> {
  id: number;
  jobId: string | null;
  request: StoredRequest;
  createdAt: Date;
}

export async function recordExecution(db: Db, e: NewExecution): Promise<void> {
  await db.execute(
    sql`INSERT INTO webhook_executions (triggered_uuid, kind, webhook_uuid, job_id, event_name, consumer_id, provider_id,
          consumer_version_number, provider_version_number, pact_version_sha, github_state, github_context, attempt, success, request, response_status,
          response_headers, response_body, error, duration_ms, created_at)
        VALUES (${e.triggeredUuid}, ${e.kind}, ${e.webhookUuid}, ${e.jobId}::bigint, ${e.eventName}, ${e.consumerId ?? null}, ${e.providerId ?? null},
          ${e.consumerVersionNumber ?? null}, ${e.providerVersionNumber ?? null}, ${e.pactVersionSha ?? null}, ${e.githubState ?? null}, ${e.githubContext ?? null}, ${e.attempt}, ${e.success},
          ${jsonbText(e.request)}::jsonb, ${e.responseStatus ?? null}, ${jsonbText(e.responseHeaders)}::jsonb,
          ${e.responseBody ?? null}, ${e.error ?? null}, ${e.durationMs}, COALESCE(${e.createdAt ?? null}::timestamptz, now()))`,
  );
}

const COLUMNS = sql`id, triggered_uuid AS "triggeredUuid", kind, webhook_uuid AS "webhookUuid", job_id::text AS "jobId", event_name AS "eventName",
  consumer_id AS "consumerId", provider_id AS "providerId", consumer_version_number AS "consumerVersionNumber",
  provider_version_number AS "providerVersionNumber", pact_version_sha AS "pactVersionSha", github_state AS "githubState",
  github_context AS "githubContext", attempt, success, request,
  response_status AS "responseStatus", response_headers AS "responseHeaders", response_body AS "responseBody", error,
  duration_ms AS "durationMs", created_at AS "createdAt"`;

function toRow(r: ExecutionRow): ExecutionRow {
  const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
  return {
    ...r,
    request: json<StoredRequest>(r.request),
    responseHeaders: r.responseHeaders === null ? null : json<Record<string, string>>(r.responseHeaders),
  };
}

/** Newest first; `beforeId` continues after the last row of the previous page. */
export async function listExecutionsForWebhook(
  db: Db,
  webhookUuid: string,
  page: { limit: number; beforeId?: number | undefined },
): Promise<ExecutionRow[]> {
  const before = page.beforeId === undefined ? sql.empty : sql`AND id < ${page.beforeId}`;
  const rows = await db.rows<ExecutionRow>(
    sql`SELECT ${COLUMNS} FROM webhook_executions WHERE webhook_uuid = ${webhookUuid} ${before} ORDER BY id DESC LIMIT ${page.limit}`,
  );
  return rows.map(toRow);
}

/** Up to `limit` newest executions per webhook, for many webhooks in one query (GraphQL batching). */
export async function listExecutionsForWebhooks(
  db: Db,
  webhookUuids: readonly string[],
  page: { limit: number; beforeId?: number | undefined },
): Promise<Map<string, ExecutionRow[]>> {
  const before = page.beforeId === undefined ? sql.empty : sql`AND x.id < ${page.beforeId}`;
  const rows = await db.rows<ExecutionRow>(sql`SELECT e.* FROM unnest(${webhookUuids}::text[]) AS w(uuid)
       CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM webhook_executions x WHERE x.webhook_uuid = w.uuid ${before} ORDER BY x.id DESC LIMIT ${page.limit}) e
      ORDER BY e.id DESC`);
  const byUuid = new Map<string, ExecutionRow[]>(webhookUuids.map((u) => [u, []]));
  for (const row of rows.map(toRow)) byUuid.get(row.webhookUuid ?? '')?.push(row);
  return byUuid;
}

/** Every attempt of one triggered webhook, oldest first (its log). */
export async function listExecutionsForTriggered(db: Db, triggeredUuid: string): Promise<ExecutionRow[]> {
  const rows = await db.rows<ExecutionRow>(
    sql`SELECT ${COLUMNS} FROM webhook_executions WHERE triggered_uuid = ${triggeredUuid} ORDER BY id`,
  );
  return rows.map(toRow);
}

/** A triggered webhook: one job (a webhook delivery, a GitHub commit status or check run) and what its attempts did. */
export interface TriggeredWebhookRow {
  triggeredUuid: string;
  /** The execution kind: webhook, github-commit-status or github-check-run. */
  kind: string;
  webhookUuid: string | null;
  eventName: string;
  /** queued | running | done | failed; null when the job row was purged (then the executions tell). */
  jobStatus: string | null;
  attempts: number;
  maxAttempts: number | null;
  lastSuccess: boolean | null;
  /** The latest attempt's request and answer (null before the first attempt). */
  lastRequest: StoredRequest | null;
  lastResponseStatus: number | null;
  /** GitHub calls: the commit, the state sent and its context (or check-run name). */
  commit: string | null;
  githubState: string | null;
  githubContext: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The latest attempt of each triggered webhook `t`, as columns of a row. */
const LAST_ATTEMPT = sql`last.success AS "lastSuccess", last.request AS "lastRequest", last.response_status AS "lastResponseStatus",
  last.consumer_version_number AS "commitOrVersion", last.github_state AS "githubState", last.github_context AS "githubContext"`;

type TriggeredSqlRow = Omit<TriggeredWebhookRow, 'commit' | 'lastRequest'> & { commitOrVersion: string | null; lastRequest: unknown };

function toTriggered(r: TriggeredSqlRow): TriggeredWebhookRow {
  const { commitOrVersion, lastRequest, ...rest } = r;
  return {
    ...rest,
    lastRequest:
      lastRequest === null
        ? null
        : typeof lastRequest === 'string'
          ? (JSON.parse(lastRequest) as StoredRequest)
          : (lastRequest as StoredRequest),
    commit: r.kind === ExecutionKind.webhook ? null : commitOrVersion,
  };
}

/**
 * The latest triggered webhooks of one integration (the Pact Broker's webhook status resource): webhook jobs
 * still known to the queue, and every triggered webhook or GitHub call (commit status, check run) of the
 * integration's pacts found in the log, with its job's status while the job row is kept.
 */
export async function listTriggeredWebhooksForIntegration(
  db: Db,
  consumerId: number,
  providerId: number,
  limit = 50,
): Promise<TriggeredWebhookRow[]> {
  const rows = await db.rows<TriggeredSqlRow>(sql`WITH from_jobs AS (
       SELECT j.payload->>'triggeredUuid' AS "triggeredUuid", j.kind, j.payload->>'webhookUuid' AS "webhookUuid", j.payload->>'event' AS "eventName",
              j.status AS "jobStatus", j.attempts, j.max_attempts AS "maxAttempts", j.created_at AS "createdAt", j.updated_at AS "updatedAt"
         FROM jobs j
        WHERE j.kind = 'webhook' AND (j.payload->>'consumerId')::int = ${consumerId} AND (j.payload->>'providerId')::int = ${providerId}
     ), logged AS (
       SELECT e.triggered_uuid AS "triggeredUuid", min(e.kind) AS kind, min(e.webhook_uuid) AS "webhookUuid", min(e.event_name) AS "eventName",
              max(e.job_id) AS job_id, max(e.attempt) AS attempts, min(e.created_at) AS "createdAt", max(e.created_at) AS "updatedAt"
         FROM webhook_executions e
        WHERE e.consumer_id = ${consumerId} AND e.provider_id = ${providerId}
          AND NOT EXISTS (SELECT 1 FROM from_jobs f WHERE f."triggeredUuid" = e.triggered_uuid)
        GROUP BY e.triggered_uuid
     ), from_logs AS (
       SELECT l."triggeredUuid", l.kind, l."webhookUuid", l."eventName", j.status AS "jobStatus", GREATEST(l.attempts, COALESCE(j.attempts, 0)) AS attempts,
              j.max_attempts AS "maxAttempts", l."createdAt", GREATEST(l."updatedAt", COALESCE(j.updated_at, l."updatedAt")) AS "updatedAt"
         FROM logged l LEFT JOIN jobs j ON j.id = l.job_id AND l.kind <> 'webhook'
     )
     SELECT t.*, ${LAST_ATTEMPT}
       FROM (SELECT * FROM from_jobs UNION ALL SELECT * FROM from_logs) t
       LEFT JOIN LATERAL (SELECT x.* FROM webhook_executions x WHERE x.triggered_uuid = t."triggeredUuid" ORDER BY x.id DESC LIMIT 1) last ON true
      ORDER BY t."createdAt" DESC, t."triggeredUuid" LIMIT ${limit}`);
  return rows.map(toTriggered);
}

/**
 * What one verification result triggered (the Pact Broker's `pb:triggered-webhooks` of a verification): the
 * webhook jobs its publication enqueued, its GitHub commit status and its check run, found by the verification
 * id in their payload. Once the job rows are purged (TREATY keeps finished jobs 7 days) the list is empty; the
 * logs remain in the integration's webhook status.
 */
export async function listTriggeredWebhooksForVerification(db: Db, verificationId: number): Promise<TriggeredWebhookRow[]> {
  const rows = await db.rows<TriggeredSqlRow>(sql`SELECT t.*, ${LAST_ATTEMPT}
       FROM (SELECT CASE j.kind WHEN 'webhook' THEN j.payload->>'triggeredUuid' ELSE j.kind || '-' || j.id END AS "triggeredUuid",
                    CASE j.kind WHEN 'github-status' THEN 'github-commit-status' ELSE j.kind END AS kind,
                    j.payload->>'webhookUuid' AS "webhookUuid", COALESCE(j.payload->>'event', 'provider_verification_published') AS "eventName",
                    j.status AS "jobStatus", j.attempts, j.max_attempts AS "maxAttempts", j.created_at AS "createdAt", j.updated_at AS "updatedAt", j.id
               FROM jobs j
              WHERE (j.kind = 'webhook' OR (j.kind = 'github-status' AND j.payload->>'trigger' = 'verification') OR j.kind = 'github-check-run')
                AND (j.payload->>'verificationId')::int = ${verificationId}) t
       LEFT JOIN LATERAL (SELECT x.* FROM webhook_executions x WHERE x.triggered_uuid = t."triggeredUuid" ORDER BY x.id DESC LIMIT 1) last ON true
      ORDER BY t."createdAt" DESC, t.id`);
  return rows.map(toTriggered);
}

/** GitHub calls (commit statuses and check runs), newest first; of one integration when its ids are given. */
export async function listGitHubCalls(
  db: Db,
  filter: { consumerId?: number | undefined; providerId?: number | undefined },
  page: { limit: number; beforeId?: number | undefined },
): Promise<ExecutionRow[]> {
  const before = page.beforeId === undefined ? sql.empty : sql`AND id < ${page.beforeId}`;
  const consumer = filter.consumerId === undefined ? sql.empty : sql`AND consumer_id = ${filter.consumerId}`;
  const provider = filter.providerId === undefined ? sql.empty : sql`AND provider_id = ${filter.providerId}`;
  const rows = await db.rows<ExecutionRow>(
    sql`SELECT ${COLUMNS} FROM webhook_executions
         WHERE kind IN (${ExecutionKind.githubCommitStatus}, ${ExecutionKind.githubCheckRun}) ${consumer} ${provider} ${before}
         ORDER BY id DESC LIMIT ${page.limit}`,
  );
  return rows.map(toRow);
}

/** Every call of one integration (webhook deliveries and GitHub calls), newest first. */
export async function listExecutionsForIntegration(
  db: Db,
  consumerId: number,
  providerId: number,
  page: { limit: number; beforeId?: number | undefined },
): Promise<ExecutionRow[]> {
  const before = page.beforeId === undefined ? sql.empty : sql`AND id < ${page.beforeId}`;
  const rows = await db.rows<ExecutionRow>(
    sql`SELECT ${COLUMNS} FROM webhook_executions WHERE consumer_id = ${consumerId} AND provider_id = ${providerId} ${before}
         ORDER BY id DESC LIMIT ${page.limit}`,
  );
  return rows.map(toRow);
}

/** The triggered webhook with this uuid (for its logs resource), if known. */
export async function findTriggeredWebhook(
  db: Db,
  triggeredUuid: string,
): Promise<{ webhookUuid: string | null; eventName: string } | undefined> {
  return db.maybeOne<{
    webhookUuid: string | null;
    eventName: string;
  }>(sql`SELECT payload->>'webhookUuid' AS "webhookUuid", payload->>'event' AS "eventName" FROM jobs WHERE payload->>'triggeredUuid' = ${triggeredUuid}
     UNION ALL
     SELECT webhook_uuid, event_name FROM webhook_executions WHERE triggered_uuid = ${triggeredUuid}
     LIMIT 1`);
}
