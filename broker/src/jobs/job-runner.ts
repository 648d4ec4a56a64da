// The job runner: claims due jobs from the job table (store/job-queue.ts, the outbox) and runs each
// with the handler of its kind (handlers.ts), renewing its lease while it runs. Delivery is once per
// event while processes live; a process killed between the work (an HTTP call) and the completion
// UPDATE makes the job run again after its lease (at-least-once across crashes).
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import {
  claimJobs,
  enqueueScheduledJob,
  finishJob,
  purgeFinishedJobs,
  releaseJobs,
  renewJobLease,
  retryJob,
  type ClaimedJob,
  type JsonValue,
} from '../store/job-queue.ts';

export type { ClaimedJob } from '../store/job-queue.ts';

export interface JobContext {
  db: Db;
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

/** Exponential backoff: 10 s, 20 s, 40 s ... capped at 20 minutes, with ±10 % jitter so retries of many jobs spread out. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(10_000 * 2 ** Math.max(0, attempt - 1), 20 * 60_000);
  return Math.round(base * (0.9 + random() * 0.2));
}

export interface Schedule {
  kind: string;
  everyMs: number;
  payload?: JsonValue;
}

export interface JobWorkerOptions {
  db: Db;
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

export class JobWorker {
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly db: Db;
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
    this.db = options.db;
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
    await releaseJobs(
      this.db,
      left.map((r) => r.job.id),
      this.workerId,
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

  private claim(limit: number): Promise<ClaimedJob[]> {
    // Only kinds this process knows: during a rolling upgrade an older replica leaves a new kind to the new ones.
    return claimJobs(this.db, { workerId: this.workerId, leaseMs: this.leaseMs, limit, kinds: Object.keys(this.options.handlers) });
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
        renewJobLease(this.db, job.id, this.workerId, this.leaseMs).catch((err: unknown) =>
          logger.warn({ err, jobId: job.id }, 'job queue: could not renew a lease'),
        );
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
        await retryJob(this.db, job.id, this.workerId, delay, outcome.error);
      }
    } catch (err) {
      // The lease will expire and another worker (or this one) runs the job again.
      logger.error({ err, jobId: job.id }, 'job queue: could not record the outcome of a job');
    }
    this.options.onJobFinished?.(job, outcome.status === 'retry' && job.attempt >= job.maxAttempts ? 'gave-up' : outcome.status);
  }

  private finish(job: ClaimedJob, status: 'done' | 'failed', error: string | null): Promise<void> {
    return finishJob(this.db, job.id, this.workerId, status, error);
  }

  private async enqueueScheduled(): Promise<void> {
    const now = Date.now();
    for (const s of this.options.schedules ?? []) {
      const period = Math.floor(now / s.everyMs);
      if (this.lastScheduledPeriod.get(s.kind) === period) continue;
      // The key names the period: every replica tries, one insert wins.
      await enqueueScheduledJob(this.db, s.kind, s.payload ?? {}, `schedule:${s.kind}:${s.everyMs}:${period}`);
      this.lastScheduledPeriod.set(s.kind, period);
    }
  }

  private async purgeFinished(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurge < 3_600_000) return;
    this.lastPurge = now;
    await purgeFinishedJobs(this.db, this.keepFinishedMs);
  }
}
