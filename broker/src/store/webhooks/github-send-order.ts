// The order of Treaty's sends to GitHub, per line (repository, commit, status context or check-run name):
// an older state must never reach GitHub after a newer one. "Newer" is the later job: jobs are inserted in
// the transaction of the event that causes them (a publish, a verification, a schema check, a can-i-deploy
// answer), so a higher job id is a later event.
//
// `sendIfNewest` claims the line in github_send_order with one atomic upsert: the claim succeeds only when no
// newer job has claimed the line and no other job's call is in flight on it (a lease, sending_until, that a
// worker which died lets lapse). The claim makes the job the line's newest before the call, and stays so even
// when GitHub answers with an error (GitHub may have acted before failing; the newer job's own retry repeats its
// state). An older job that comes later finds a newer one and does not send; a newer job that finds an older
// call in flight waits for it to be answered, so GitHub receives the two in order. No database lock or
// transaction is held while GitHub answers.
import type { Db } from '../db.ts';
import { sql } from '../sql.ts';

export interface GitHubLine {
  /** owner/repo (compared case-insensitively, as GitHub does). */
  repository: string;
  sha: string;
  /** The commit status context, or `check-run:<name>`. */
  context: string;
}

export type SendTurn<T> =
  | { sent: true; result: T }
  /** `send` threw: the call was made (and logged by the caller) but failed. */
  | { sent: true; error: unknown }
  /** A newer job already sent (or is sending) on this line: this state is stale and was not sent. */
  | { sent: false; newerJobId: string; newerState: string };

export interface SendOptions {
  /** How long a claim holds; `send` must give up sooner. */
  leaseMs: number;
  /** How often a job that found another call in flight looks again (default 200 ms). */
  pollMs?: number;
  /** Stops waiting for another call in flight (the worker is stopping). */
  signal?: AbortSignal;
}

/** Runs `send` if job `jobId` is still the newest on `line`, with the line claimed while it runs. */
export async function sendIfNewest<T>(
  db: Db,
  line: GitHubLine,
  jobId: string,
  state: string,
  send: () => Promise<T>,
  options: SendOptions,
): Promise<SendTurn<T>> {
  const key = { ...line, repository: line.repository.toLowerCase() };
  for (;;) {
    const claimed = await claimLine(db, key, jobId, state, options.leaseMs);
    if (claimed) break;
    const newest = await newestOnLine(db, key);
    if (newest && BigInt(newest.jobId) > BigInt(jobId)) return { sent: false, newerJobId: newest.jobId, newerState: newest.state };
    // An older (or this) job's call is in flight: wait until it is answered or its claim lapses.
    options.signal?.throwIfAborted();
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
  try {
    return { sent: true, result: await send() };
  } catch (error) {
    return { sent: true, error };
  } finally {
    await releaseLine(db, key, jobId);
  }
}

async function claimLine(db: Db, line: GitHubLine, jobId: string, state: string, leaseMs: number): Promise<boolean> {
  const rows = await db.rows<{ jobId: string }>(
    sql`INSERT INTO github_send_order AS o (repository, sha, context, job_id, state, sending_job_id, sending_until)
        VALUES (${line.repository}, ${line.sha}, ${line.context}, ${jobId}::bigint, ${state}, ${jobId}::bigint,
                now() + ${leaseMs} * interval '1 millisecond')
        ON CONFLICT (repository, sha, context) DO UPDATE
          SET job_id = EXCLUDED.job_id, state = EXCLUDED.state, sending_job_id = EXCLUDED.sending_job_id,
              sending_until = EXCLUDED.sending_until, updated_at = now()
        WHERE o.job_id <= EXCLUDED.job_id
          AND (o.sending_job_id IS NULL OR o.sending_until < now() OR o.sending_job_id = EXCLUDED.sending_job_id)
        RETURNING job_id::text AS "jobId"`,
  );
  return rows.length > 0;
}

async function releaseLine(db: Db, line: GitHubLine, jobId: string): Promise<void> {
  await db.execute(
    sql`UPDATE github_send_order SET sending_job_id = NULL, sending_until = NULL
         WHERE repository = ${line.repository} AND sha = ${line.sha} AND context = ${line.context} AND sending_job_id = ${jobId}::bigint`,
  );
}

/** The newest state sent (or being sent) on a line. */
export function newestOnLine(db: Db, line: GitHubLine): Promise<{ jobId: string; state: string } | undefined> {
  return db.maybeOne<{ jobId: string; state: string }>(
    sql`SELECT job_id::text AS "jobId", state FROM github_send_order
         WHERE repository = ${line.repository.toLowerCase()} AND sha = ${line.sha} AND context = ${line.context}`,
  );
}
