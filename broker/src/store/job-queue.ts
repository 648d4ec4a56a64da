// The job table (`jobs`): Treaty's outbox. Work that must happen after a request, survive a restart
// and run once even with several broker processes on one database (webhook deliveries, GitHub
// statuses, Treaty's own schema checks, scheduled cleanup). jobs/job-runner.ts claims and runs them.
//
// How it stays correct:
// - A job is a row, inserted in the same transaction as the write that caused it (enqueueJobs(tx, ...)),
//   so a publish that commits always has its jobs, and a rolled-back publish has none.
// - claimJobs takes due rows with one UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED): two
//   workers never claim the same row. The claim sets a lease (locked_until), renewed while the handler
//   runs; a worker that dies leaves its lease to expire, and another worker claims the job again.
// - `dedupe_key` is unique: enqueueing the same event twice (a retried request, a racing replica)
//   produces one job.
// Every statement but enqueueJobs runs on the hot-path pool (prepared, run by every worker every second).
import type { Db } from './db.ts';
import { jsonbText, sql } from './sql.ts';

/** A JSON value as stored in a jsonb column. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined };

export interface NewJob {
  /** The handler that runs it (see jobs/handlers.ts). */
  kind: string;
  payload: JsonValue;
  /** One job per key, ever: a second enqueue with the same key is skipped. */
  dedupeKey?: string;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Attempts before the job is marked failed (default 7: the first try and the Pact Broker's six retries). */
  maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 7;

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  createdAt: Date;
}

/** Inserts jobs, in the caller's transaction when given one. Duplicate dedupe keys are skipped. */
export async function enqueueJobs(db: Db, jobs: readonly NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  const rows = jobs.map((job) => ({
    kind: job.kind,
    payload: job.payload,
    dedupe_key: job.dedupeKey ?? null,
    run_at: job.runAt?.toISOString() ?? null,
    max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
  }));
  await db.execute(
    sql`INSERT INTO jobs (kind, payload, dedupe_key, run_at, max_attempts)
        SELECT kind, payload, dedupe_key, COALESCE(run_at, now()), max_attempts
        FROM ROWS FROM (jsonb_to_recordset(${jsonbText(rows)}::jsonb)
          AS (kind text, payload jsonb, dedupe_key text, run_at timestamptz, max_attempts int)) WITH ORDINALITY
          AS x(kind, payload, dedupe_key, run_at, max_attempts, ord)
        ORDER BY ord
        ON CONFLICT DO NOTHING`,
  );
}

interface ClaimedRow {
  id: string | number | bigint;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  created_at: Date | string;
}

/**
 * Claims up to `limit` due jobs of the given kinds for `workerId`: queued jobs whose time has come, and
 * running jobs whose worker's lease ran out (it died or lost the database).
 */
export async function claimJobs(
  db: Db,
  claim: { workerId: string; leaseMs: number; limit: number; kinds: readonly string[] },
): Promise<ClaimedJob[]> {
  const rows = await db.hot.rows<ClaimedRow>(
    sql`UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${claim.workerId},
              locked_until = now() + ${claim.leaseMs} * interval '1 millisecond', updated_at = now()
        WHERE id IN (
          SELECT id FROM jobs
           WHERE ((status = 'queued' AND run_at <= now()) OR (status = 'running' AND locked_until < now()))
             AND kind = ANY(${claim.kinds}::text[])
           ORDER BY run_at, id
           LIMIT ${claim.limit}
           FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, payload, attempts, max_attempts, created_at`,
  );
  return rows.map((r) => ({
    id: String(r.id),
    kind: r.kind,
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : r.payload,
    attempt: r.attempts,
    maxAttempts: r.max_attempts,
    createdAt: new Date(r.created_at),
  }));
}

/** Extends the lease of a job this worker is running. */
export async function renewJobLease(db: Db, jobId: string, workerId: string, leaseMs: number): Promise<void> {
  await db.hot.execute(
    sql`UPDATE jobs SET locked_until = now() + ${leaseMs} * interval '1 millisecond' WHERE id = ${jobId} AND locked_by = ${workerId}`,
  );
}

/** Records the end of a job this worker ran: done, or failed for good with its last error. */
export async function finishJob(db: Db, jobId: string, workerId: string, status: 'done' | 'failed', error: string | null): Promise<void> {
  await db.hot.execute(
    sql`UPDATE jobs SET status = ${status}, last_error = ${error}, finished_at = now(), locked_by = NULL, locked_until = NULL, updated_at = now()
        WHERE id = ${jobId} AND locked_by = ${workerId}`,
  );
}

/** Puts a job this worker ran back in the queue, to run again after `delayMs`. */
export async function retryJob(db: Db, jobId: string, workerId: string, delayMs: number, error: string): Promise<void> {
  await db.hot.execute(
    sql`UPDATE jobs SET status = 'queued', run_at = now() + ${delayMs} * interval '1 millisecond', last_error = ${error},
              locked_by = NULL, locked_until = NULL, updated_at = now()
        WHERE id = ${jobId} AND locked_by = ${workerId}`,
  );
}

/** Hands running jobs back to the queue without counting the interrupted attempt, so a restart runs them promptly. */
export async function releaseJobs(db: Db, jobIds: readonly string[], workerId: string): Promise<void> {
  await db.hot.execute(
    sql`UPDATE jobs SET status = 'queued', attempts = attempts - 1, locked_by = NULL, locked_until = NULL, run_at = now(), updated_at = now()
        WHERE id = ANY(${jobIds}::bigint[]) AND locked_by = ${workerId} AND status = 'running'`,
  );
}

/** Enqueues one job of a schedule's period; the key names the period, so of all replicas one insert wins. */
export async function enqueueScheduledJob(db: Db, kind: string, payload: JsonValue, dedupeKey: string): Promise<void> {
  await db.hot.execute(
    sql`INSERT INTO jobs (kind, payload, dedupe_key, max_attempts) VALUES (${kind}, ${jsonbText(payload)}::jsonb, ${dedupeKey}, 3)
        ON CONFLICT (dedupe_key) DO NOTHING`,
  );
}

/** Deletes finished jobs older than `keepMs`. Failed jobs stay as long as done ones: their last_error is what an operator looks for. */
export async function purgeFinishedJobs(db: Db, keepMs: number): Promise<void> {
  await db.hot.execute(
    sql`DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < now() - ${keepMs} * interval '1 millisecond'`,
  );
}

/** Counts per kind and status, for /metrics and the operations docs. */
export function jobQueueDepth(db: Db): Promise<Array<{ kind: string; status: string; count: number }>> {
  return db.hot.rows<{ kind: string; status: string; count: number }>(
    sql`SELECT kind, status, count(*)::int AS count FROM jobs WHERE status IN ('queued', 'running', 'failed') GROUP BY kind, status`,
  );
}
