// The log of webhook and GitHub calls: one row per attempt (webhook_executions), already redacted
// by the writer. Read by the REST resources (per webhook, per triggered webhook, per integration's
// webhook status) and by GraphQL (batched per webhook uuid).
import type { Prisma } from '@treaty/prisma';
import type { Db } from './db.ts';

export const ExecutionKind = {
  webhook: 'webhook',
  githubStatus: 'github-status',
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
  await db.webhookExecution.create({
    data: {
      triggeredUuid: e.triggeredUuid,
      kind: e.kind,
      webhookUuid: e.webhookUuid,
      jobId: e.jobId === null ? null : BigInt(e.jobId),
      eventName: e.eventName,
      consumerId: e.consumerId ?? null,
      providerId: e.providerId ?? null,
      consumerVersionNumber: e.consumerVersionNumber ?? null,
      providerVersionNumber: e.providerVersionNumber ?? null,
      pactVersionSha: e.pactVersionSha ?? null,
      attempt: e.attempt,
      success: e.success,
      request: e.request as unknown as Prisma.InputJsonValue,
      responseStatus: e.responseStatus ?? null,
      ...(e.responseHeaders ? { responseHeaders: e.responseHeaders } : {}),
      responseBody: e.responseBody ?? null,
      error: e.error ?? null,
      durationMs: e.durationMs,
      ...(e.createdAt ? { createdAt: e.createdAt } : {}),
    },
  });
}

const COLUMNS = `id, triggered_uuid AS "triggeredUuid", kind, webhook_uuid AS "webhookUuid", job_id::text AS "jobId", event_name AS "eventName",
  consumer_id AS "consumerId", provider_id AS "providerId", consumer_version_number AS "consumerVersionNumber",
  provider_version_number AS "providerVersionNumber", pact_version_sha AS "pactVersionSha", attempt, success, request,
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
  const rows = await db.$queryRawUnsafe<ExecutionRow[]>(
    `SELECT ${COLUMNS} FROM webhook_executions WHERE webhook_uuid = $1 AND ($2::int IS NULL OR id < $2) ORDER BY id DESC LIMIT $3`,
    webhookUuid,
    page.beforeId ?? null,
    page.limit,
  );
  return rows.map(toRow);
}

/** Up to `limit` newest executions per webhook, for many webhooks in one query (GraphQL batching). */
export async function listExecutionsForWebhooks(
  db: Db,
  webhookUuids: readonly string[],
  page: { limit: number; beforeId?: number | undefined },
): Promise<Map<string, ExecutionRow[]>> {
  const rows = await db.$queryRawUnsafe<ExecutionRow[]>(
    `SELECT e.* FROM unnest($1::text[]) AS w(uuid)
       CROSS JOIN LATERAL (SELECT ${COLUMNS} FROM webhook_executions x WHERE x.webhook_uuid = w.uuid AND ($2::int IS NULL OR x.id < $2) ORDER BY x.id DESC LIMIT $3) e
      ORDER BY e.id DESC`,
    [...webhookUuids],
    page.beforeId ?? null,
    page.limit,
  );
  const byUuid = new Map<string, ExecutionRow[]>(webhookUuids.map((u) => [u, []]));
  for (const row of rows.map(toRow)) byUuid.get(row.webhookUuid ?? '')?.push(row);
  return byUuid;
}

/** Every attempt of one triggered webhook, oldest first (its log). */
export async function listExecutionsForTriggered(db: Db, triggeredUuid: string): Promise<ExecutionRow[]> {
  const rows = await db.$queryRawUnsafe<ExecutionRow[]>(
    `SELECT ${COLUMNS} FROM webhook_executions WHERE triggered_uuid = $1 ORDER BY id`,
    triggeredUuid,
  );
  return rows.map(toRow);
}

/** A triggered webhook: one job of kind webhook / github-status and what its attempts did. */
export interface TriggeredWebhookRow {
  triggeredUuid: string;
  kind: string;
  webhookUuid: string | null;
  eventName: string;
  /** queued | running | done | failed; null when the job row was purged (then the executions tell). */
  jobStatus: string | null;
  attempts: number;
  maxAttempts: number | null;
  lastSuccess: boolean | null;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * The latest triggered webhooks of one integration (the Pact Broker's webhook status resource): jobs
 * still known to the queue, and triggered webhooks whose job was purged but whose log remains.
 */
export async function listTriggeredWebhooksForIntegration(
  db: Db,
  consumerId: number,
  providerId: number,
  limit = 50,
): Promise<TriggeredWebhookRow[]> {
  return db.$queryRawUnsafe<TriggeredWebhookRow[]>(
    `WITH from_jobs AS (
       SELECT j.payload->>'triggeredUuid' AS "triggeredUuid", j.kind, j.payload->>'webhookUuid' AS "webhookUuid", j.payload->>'event' AS "eventName",
              j.status AS "jobStatus", j.attempts, j.max_attempts AS "maxAttempts", j.created_at AS "createdAt", j.updated_at AS "updatedAt"
         FROM jobs j
        WHERE j.kind = 'webhook' AND (j.payload->>'consumerId')::int = $1 AND (j.payload->>'providerId')::int = $2
     ), from_logs AS (
       SELECT e.triggered_uuid AS "triggeredUuid", min(e.kind) AS kind, min(e.webhook_uuid) AS "webhookUuid", min(e.event_name) AS "eventName",
              NULL::text AS "jobStatus", max(e.attempt) AS attempts, NULL::int AS "maxAttempts", min(e.created_at) AS "createdAt", max(e.created_at) AS "updatedAt"
         FROM webhook_executions e
        WHERE e.kind = 'webhook' AND e.consumer_id = $1 AND e.provider_id = $2
          AND NOT EXISTS (SELECT 1 FROM from_jobs f WHERE f."triggeredUuid" = e.triggered_uuid)
        GROUP BY e.triggered_uuid
     )
     SELECT t.*, (SELECT x.success FROM webhook_executions x WHERE x.triggered_uuid = t."triggeredUuid" ORDER BY x.id DESC LIMIT 1) AS "lastSuccess"
       FROM (SELECT * FROM from_jobs UNION ALL SELECT * FROM from_logs) t
      ORDER BY t."createdAt" DESC, t."triggeredUuid" LIMIT $3`,
    consumerId,
    providerId,
    limit,
  );
}

/**
 * The webhooks triggered by one verification result (the Pact Broker's `pb:triggered-webhooks` of a
 * verification): the jobs its publication enqueued, found by the verification id in their payload.
 * Once the job rows are purged (TREATY keeps finished jobs 7 days) the list is empty; the logs remain
 * in the integration's webhook status.
 */
export async function listTriggeredWebhooksForVerification(db: Db, verificationId: number): Promise<TriggeredWebhookRow[]> {
  return db.$queryRawUnsafe<TriggeredWebhookRow[]>(
    `SELECT j.payload->>'triggeredUuid' AS "triggeredUuid", j.kind, j.payload->>'webhookUuid' AS "webhookUuid", j.payload->>'event' AS "eventName",
            j.status AS "jobStatus", j.attempts, j.max_attempts AS "maxAttempts", j.created_at AS "createdAt", j.updated_at AS "updatedAt",
            (SELECT x.success FROM webhook_executions x WHERE x.triggered_uuid = j.payload->>'triggeredUuid' ORDER BY x.id DESC LIMIT 1) AS "lastSuccess"
       FROM jobs j
      WHERE j.kind = 'webhook' AND (j.payload->>'verificationId')::int = $1
      ORDER BY j.created_at DESC, j.id`,
    verificationId,
  );
}

/** The triggered webhook with this uuid (for its logs resource), if known. */
export async function findTriggeredWebhook(
  db: Db,
  triggeredUuid: string,
): Promise<{ webhookUuid: string | null; eventName: string } | undefined> {
  const rows = await db.$queryRawUnsafe<Array<{ webhookUuid: string | null; eventName: string }>>(
    `SELECT payload->>'webhookUuid' AS "webhookUuid", payload->>'event' AS "eventName" FROM jobs WHERE payload->>'triggeredUuid' = $1
     UNION ALL
     SELECT webhook_uuid, event_name FROM webhook_executions WHERE triggered_uuid = $1
     LIMIT 1`,
    triggeredUuid,
  );
  return rows[0];
}
