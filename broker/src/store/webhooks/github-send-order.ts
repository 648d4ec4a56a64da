// The order of Treaty's sends to GitHub, per line (repository, commit, status context or check-run name):
// an older state must never reach GitHub after a newer one. "Newer" is the later job: jobs are inserted in
// the transaction of the event that causes them (a publish, a verification, a can-i-deploy answer), so a
// higher job id is a later event. `sendIfNewest` locks the line's row (github_send_order) and keeps the lock
// while the call is in flight, so two workers sending on one line take turns; it sends only when no newer job
// has sent on the line yet, and records the job as the line's newest even when GitHub's answer is an error
// (GitHub may have acted before failing, and the newer job's own retry will repeat its state).
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
  /** A newer job already sent on this line: this state is stale and was not sent. */
  | { sent: false; newerJobId: string; newerState: string };

/**
 * Runs `send` if job `jobId` is still the newest on `line`, holding the line's row lock while it runs.
 * `timeoutMs` bounds the transaction (and so the lock); `send` must give up sooner.
 */
export async function sendIfNewest<T>(
  db: Db,
  line: GitHubLine,
  jobId: string,
  state: string,
  send: () => Promise<T>,
  timeoutMs: number,
): Promise<SendTurn<T>> {
  const repository = line.repository.toLowerCase();
  const key = sql`repository = ${repository} AND sha = ${line.sha} AND context = ${line.context}`;
  return db.transaction(
    async (tx): Promise<SendTurn<T>> => {
      await tx.execute(
        sql`INSERT INTO github_send_order (repository, sha, context, job_id, state)
            VALUES (${repository}, ${line.sha}, ${line.context}, ${jobId}::bigint, ${state}) ON CONFLICT DO NOTHING`,
      );
      const newest = await tx.one<{ jobId: string; state: string }>(
        sql`SELECT job_id::text AS "jobId", state FROM github_send_order WHERE ${key} FOR UPDATE`,
      );
      if (BigInt(newest.jobId) > BigInt(jobId)) return { sent: false, newerJobId: newest.jobId, newerState: newest.state };
      await tx.execute(sql`UPDATE github_send_order SET job_id = ${jobId}::bigint, state = ${state}, updated_at = now() WHERE ${key}`);
      try {
        return { sent: true, result: await send() };
      } catch (error) {
        // Commit anyway: this job stays the line's newest, so an older job's retry cannot follow it.
        return { sent: true, error };
      }
    },
    { timeoutMs },
  );
}

/** The newest state sent on a line, for tests and support questions. */
export function newestOnLine(db: Db, line: GitHubLine): Promise<{ jobId: string; state: string } | undefined> {
  return db.maybeOne<{ jobId: string; state: string }>(
    sql`SELECT job_id::text AS "jobId", state FROM github_send_order
         WHERE repository = ${line.repository.toLowerCase()} AND sha = ${line.sha} AND context = ${line.context}`,
  );
}
