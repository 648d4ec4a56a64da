// The durable job queue: work that must happen after a request, survive a restart and run once
// even with several broker processes on one database (webhook deliveries, GitHub statuses, Treaty's
// own schema checks, scheduled cleanup).
//
// How it stays correct:
// - A job is a row in `jobs`, inserted in the same transaction as the write that caused it, so a
//   publish that commits always has its jobs, and a rolled-back publish has none.
// - A worker claims due rows with one UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED):
//   two workers never claim the same row. The claim sets a lease (locked_until), renewed while the
//   handler runs; a worker that dies leaves its lease to expire, and another worker claims the job again.
// - `dedupe_key` is unique: enqueueing the same event twice (a retried request, a racing replica)
//   produces one job.
// Delivery is therefore once per event while processes live; a process killed between the HTTP call
// and the completion UPDATE makes the job run again after its lease (at-least-once across crashes).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Prisma, SqlRunner, TreatyDatabase } from '@treaty/prisma';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';

export interface NewJob {
  /** The handler that runs it (see handlers.ts). */
  kind: string;
  payload: Prisma.InputJsonValue;
  /** One job per key, ever: a second enqueue with the same key is skipped. */
  dedupeKey?: string;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Attempts before the job is marked failed (default 7: the first try and the Pact Broker's six retries). */
  maxAttempts?: number;
}

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: unknown;
  /** 1 on the first run. */
  attempt: number;
  maxAttempts: number;
  createdAt: Date;
}

export interface JobContext {
  db: TreatyDatabase;
  config: Config;
  logger: Logger;
  /** Aborted when the worker stops and the handler overruns the grace period. */
  signal: AbortSignal;
}

export type JobOutcome =
  | { status: 'done' }
  /** Try again later (after retryAfterMs, or the exponential backoff) unless attempts are used up. */
  | { status: 'retry'; error: string; retryAfterMs?: number }
  /** Give up now: retrying cannot help (e.g. 404 from the target). */
  | { status: 'failed'; error: string };

export type JobHandler = (job: ClaimedJob, ctx: JobContext) => Promise<JobOutcome>;

export const DEFAULT_MAX_ATTEMPTS = 7;

/** Inserts jobs inside the caller's transaction (or directly with the client). Duplicate dedupe keys are skipped. */
export async function enqueueJobs(db: Db, jobs: readonly NewJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await db.job.createMany({
    data: jobs.map((job) => ({
      kind: job.kind,
      payload: job.payload,
      dedupeKey: job.dedupeKey ?? null,
      runAt: job.runAt ?? new Date(),
      maxAttempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    })),
    skipDuplicates: true,
  });
}

/** Exponential backoff: 10 s, 20 s, 40 s ... capped at 20 minutes, with ±10 % jitter so retries of many jobs spread out. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000 * 2 ** Math.max(0, attempt - 1), 20 * 60_000);
  return Math.round(base * (0.9 + random() * 0.2));
}

export interface Schedule {
  kind: string;
  everyMs: number;
  payload?: Prisma.InputJsonValue;
}

export interface JobWorkerOptions {
  db: TreatyDatabase;
  config: Config;
  logger: Logger;
  handlers: Readonly<Record<string, JobHandler>>;
  /** How often to look for due jobs when idle (default 1 s). */
  pollIntervalMs?: number;
  /** Jobs run at once by this worker (default 4). */
  concurrency?: number;
  /** How long a claim holds before another worker may take the job (default 2 min; renewed while running). */
  leaseMs?: number;
  /** Periodic jobs: each period enqueues one job, whichever replica gets there first. */
  schedules?: readonly Schedule[];
  /** How long finished jobs are kept (default 7 days). */
  keepFinishedMs?: number;
  /** Called after each job run, e.g. for metrics. */
  onJobFinished?: (job: ClaimedJob, outcome: JobOutcome['status'] | 'gave-up') => void;
}

interface ClaimedRow {
  id: string | number | bigint;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  created_at: Date | string;
}

export class JobWorker {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly sql: SqlRunner;
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly keepFinishedMs: number;
  private readonly running = new Map<string, { job: ClaimedJob; done: Promise<void>; controller: AbortController }>();
  private readonly lastScheduledPeriod = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = true;
  private lastPurge = 0;

  constructor(private readonly options: JobWorkerOptions) {
    this.sql = options.db.sql;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.concurrency = options.concurrency ?? 4;
    this.leaseMs = options.leaseMs ?? 120_000;
    this.keepFinishedMs = options.keepFinishedMs ?? 7 * 24 * 3_600_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops claiming; waits up to graceMs for running jobs, then aborts them and hands their jobs back to the queue. */
  async stop(graceMs = 10_000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    const pending = [...this.running.values()];
    if (pending.length === 0) return;
    let timeout: NodeJS.Timeout | undefined;
    const graceOver = new Promise<'timeout'>((resolve) => (timeout = setTimeout(() => resolve('timeout'), graceMs)));
    const outcome = await Promise.race([Promise.all(pending.map((p) => p.done)).then(() => 'done' as const), graceOver]);
    clearTimeout(timeout);
    if (outcome === 'done') return;
    const left = [...this.running.values()];
    for (const r of left) r.controller.abort();
    // Give the jobs back without counting the interrupted attempt, so a restart runs them promptly.
    await this.sql.query(
      `UPDATE jobs SET status = 'queued', attempts = attempts - 1, locked_by = NULL, locked_until = NULL, run_at = now(), updated_at = now()
        WHERE id = ANY($1::bigint[]) AND locked_by = $2 AND status = 'running'`,
      [left.map((r) => r.job.id), this.workerId],
    );
  }

  /** Claims and runs every job due now, until none is left; returns how many ran. For tests and one-shot tools. */
  async runDue(): Promise<number> {
    let ran = 0;
    for (;;) {
      await this.enqueueScheduled();
      const jobs = await this.claim(this.concurrency);
      if (jobs.length === 0) return ran;
      await Promise.all(jobs.map((job) => this.run(job)));
      ran += jobs.length;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.ticking = this.tick().finally(() => (this.ticking = undefined));
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let claimedFullBatch = false;
    try {
      await this.enqueueScheduled();
      await this.purgeFinished();
      const free = this.concurrency - this.running.size;
      if (free > 0) {
        const jobs = await this.claim(free);
        claimedFullBatch = jobs.length === free;
        for (const job of jobs) this.track(job);
      }
    } catch (err) {
      // The database may be briefly unreachable (failover, restart); keep polling.
      this.options.logger.warn({ err }, 'job queue: polling failed; will retry');
    }
    this.schedule(claimedFullBatch ? 0 : this.pollIntervalMs);
  }

  private track(job: ClaimedJob): void {
    const controller = new AbortController();
    const done = this.run(job, controller).finally(() => {
      this.running.delete(job.id);
      // A slot is free: look for more work now rather than at the next poll.
      if (!this.stopped && this.timer) {
        clearTimeout(this.timer);
        this.schedule(0);
      }
    });
    this.running.set(job.id, { job, done, controller });
  }

  private async claim(limit: number): Promise<ClaimedJob[]> {
    // Due queued jobs, and running jobs whose worker's lease ran out (it died or lost the database).
    const rows = (await this.sql.query(
      `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $1,
              locked_until = now() + $2 * interval '1 millisecond', updated_at = now()
        WHERE id IN (
          SELECT id FROM jobs
           WHERE ((status = 'queued' AND run_at <= now()) OR (status = 'running' AND locked_until < now()))
             AND kind = ANY($4::text[])
           ORDER BY run_at, id
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, payload, attempts, max_attempts, created_at`,
      // Only kinds this process knows: during a rolling upgrade an older replica leaves a new kind to the new ones.
      [this.workerId, this.leaseMs, limit, Object.keys(this.options.handlers)],
    )) as ClaimedRow[];
    return rows.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : r.payload,
      attempt: r.attempts,
      maxAttempts: r.max_attempts,
      createdAt: new Date(r.created_at),
    }));
  }

  private async run(job: ClaimedJob, controller = new AbortController()): Promise<void> {
    const { logger } = this.options;
    if (job.attempt > job.maxAttempts) {
      // Its last attempt was claimed by a worker that died before finishing it.
      await this.finish(job, 'failed', 'the worker running the last attempt stopped before it finished');
      this.options.onJobFinished?.(job, 'gave-up');
      return;
    }
    const handler = this.options.handlers[job.kind];
    if (!handler) return; // not claimable: claim() asks only for known kinds
    const renewLease = setInterval(
      () => {
        this.sql
          .query(`UPDATE jobs SET locked_until = now() + $3 * interval '1 millisecond' WHERE id = $1 AND locked_by = $2`, [
            job.id,
            this.workerId,
            this.leaseMs,
          ])
          .catch((err: unknown) => logger.warn({ err, jobId: job.id }, 'job queue: could not renew a lease'));
      },
      Math.max(1_000, Math.floor(this.leaseMs / 3)),
    );
    renewLease.unref();
    let outcome: JobOutcome;
    try {
      outcome = await handler(job, { db: this.options.db, config: this.options.config, logger, signal: controller.signal });
    } catch (err) {
      logger.warn({ err, jobId: job.id, kind: job.kind, attempt: job.attempt }, 'job failed with an exception');
      outcome = { status: 'retry', error: err instanceof Error ? err.message : String(err) };
    } finally {
      clearInterval(renewLease);
    }
    if (controller.signal.aborted) return; // stop() hands the job back
    try {
      if (outcome.status === 'done') {
        await this.finish(job, 'done', null);
      } else if (outcome.status === 'failed' || job.attempt >= job.maxAttempts) {
        await this.finish(job, 'failed', outcome.error);
        logger.warn({ jobId: job.id, kind: job.kind, attempts: job.attempt, error: outcome.error }, 'job gave up');
      } else {
        const delay = outcome.retryAfterMs ?? backoffMs(job.attempt);
        await this.sql.query(
          `UPDATE jobs SET status = 'queued', run_at = now() + $3 * interval '1 millisecond', last_error = $4,
                  locked_by = NULL, locked_until = NULL, updated_at = now()
            WHERE id = $1 AND locked_by = $2`,
          [job.id, this.workerId, delay, outcome.error],
        );
      }
    } catch (err) {
      // The lease will expire and another worker (or this one) runs the job again.
      logger.error({ err, jobId: job.id }, 'job queue: could not record the outcome of a job');
    }
    this.options.onJobFinished?.(job, outcome.status === 'retry' && job.attempt >= job.maxAttempts ? 'gave-up' : outcome.status);
  }

  private async finish(job: ClaimedJob, status: 'done' | 'failed', error: string | null): Promise<void> {
    await this.sql.query(
      `UPDATE jobs SET status = $3, last_error = $4, finished_at = now(), locked_by = NULL, locked_until = NULL, updated_at = now()
        WHERE id = $1 AND locked_by = $2`,
      [job.id, this.workerId, status, error],
    );
  }

  private async enqueueScheduled(): Promise<void> {
    const now = Date.now();
    for (const s of this.options.schedules ?? []) {
      const period = Math.floor(now / s.everyMs);
      if (this.lastScheduledPeriod.get(s.kind) === period) continue;
      // The key names the period: every replica tries, one insert wins.
      await this.sql.query(
        `INSERT INTO jobs (kind, payload, dedupe_key, max_attempts) VALUES ($1, $2::jsonb, $3, 3) ON CONFLICT (dedupe_key) DO NOTHING`,
        [s.kind, JSON.stringify(s.payload ?? {}), `schedule:${s.kind}:${s.everyMs}:${period}`],
      );
      this.lastScheduledPeriod.set(s.kind, period);
    }
  }

  private async purgeFinished(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurge < 3_600_000) return;
    this.lastPurge = now;
    // Failed jobs stay as long as done ones: their last_error is what an operator looks for.
    await this.sql.query(`DELETE FROM jobs WHERE status IN ('done', 'failed') AND finished_at < now() - $1 * interval '1 millisecond'`, [
      this.keepFinishedMs,
    ]);
  }
}

/** Counts per kind and status, for /metrics and the operations docs. */
export async function jobQueueDepth(sql: SqlRunner): Promise<Array<{ kind: string; status: string; count: number }>> {
  const rows = (await sql.query(
    `SELECT kind, status, count(*)::int AS count FROM jobs WHERE status IN ('queued', 'running', 'failed') GROUP BY kind, status`,
  )) as Array<{
    kind: string;
    status: string;
    count: number;
  }>;
  return rows;
}
