// The durable job queue against a real database: transactional enqueue, dedupe, retries with
// backoff, giving up, expired leases, graceful stop, schedules, and two workers on one PostgreSQL
// running each job exactly once.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger } from '../../src/logger.ts';
import { backoffMs, JobWorker, type JobHandler } from '../../src/jobs/job-runner.ts';
import { openDatabase, type Database } from '../../src/store/db.ts';
import { enqueueJobs, jobQueueDepth } from '../../src/store/job-queue.ts';
import { createScratchPostgres, type ScratchPostgres } from '../support/scratch-postgres.ts';
import { openIsolatedTestDatabase } from '../support/test-database.ts';
import { sql } from '../../src/store/sql.ts';

const config = loadConfig({ LOG_LEVEL: 'silent' });
const logger = createLogger(config);

interface JobRow {
  kind: string;
  status: string;
  attempts: number;
  last_error: string | null;
  run_at: Date;
  payload: unknown;
}
const jobsOf = async (db: Database, kind: string) =>
  (await db.rows(sql`SELECT kind, status, attempts, last_error, run_at, payload FROM jobs WHERE kind = ${kind} ORDER BY id`)) as JobRow[];

let db: Database;
beforeAll(async () => {
  db = await openIsolatedTestDatabase();
});
afterAll(async () => {
  await db.close();
});

const worker = (handlers: Record<string, JobHandler>, extra: Partial<ConstructorParameters<typeof JobWorker>[0]> = {}) =>
  new JobWorker({ db, config, logger, handlers, pollIntervalMs: 20, ...extra });

describe('enqueueing', () => {
  test('a job enqueued in a transaction that rolls back does not exist', async () => {
    await expect(
      db.transaction(async (tx) => {
        await enqueueJobs(tx, [{ kind: 'rollback-kind', payload: { n: 1 } }]);
        throw new Error('the publish failed');
      }),
    ).rejects.toThrow('the publish failed');
    expect(await jobsOf(db, 'rollback-kind')).toEqual([]);
  });

  test('the same dedupe key enqueued twice (a retried request, a racing replica) is one job', async () => {
    await enqueueJobs(db, [{ kind: 'dedupe-kind', payload: { n: 1 }, dedupeKey: 'event-42' }]);
    await enqueueJobs(db, [
      { kind: 'dedupe-kind', payload: { n: 2 }, dedupeKey: 'event-42' },
      { kind: 'dedupe-kind', payload: { n: 3 }, dedupeKey: 'event-43' },
    ]);
    const rows = await jobsOf(db, 'dedupe-kind');
    expect(rows.map((r) => r.payload)).toEqual([{ n: 1 }, { n: 3 }]);
  });
});

describe('running', () => {
  test('a handler that succeeds marks the job done, with its payload and attempt number', async () => {
    const seen: unknown[] = [];
    await enqueueJobs(db, [{ kind: 'ok-kind', payload: { hello: 'world' } }]);
    const ran = await worker({
      'ok-kind': async (job) => {
        seen.push({ payload: job.payload, attempt: job.attempt });
        return { status: 'done' };
      },
    }).runDue();
    expect(ran).toBe(1);
    expect(seen).toEqual([{ payload: { hello: 'world' }, attempt: 1 }]);
    expect((await jobsOf(db, 'ok-kind'))[0]).toMatchObject({ status: 'done', attempts: 1, last_error: null });
  });

  test('a handler that throws is retried later with backoff and keeps the error', async () => {
    await enqueueJobs(db, [{ kind: 'throw-kind', payload: {} }]);
    const before = Date.now();
    await worker({ 'throw-kind': () => Promise.reject(new Error('connection refused')) }).runDue();
    const [row] = await jobsOf(db, 'throw-kind');
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'connection refused' });
    // First retry after ~10 s (±10 % jitter): not due now, so runDue did not spin on it.
    expect(new Date(row!.run_at).getTime() - before).toBeGreaterThanOrEqual(8_000);
  });

  test('retry outcomes run again until max attempts, then the job is failed', async () => {
    await enqueueJobs(db, [{ kind: 'flaky-kind', payload: {}, maxAttempts: 3 }]);
    const attempts: number[] = [];
    await worker({
      'flaky-kind': async (job) => {
        attempts.push(job.attempt);
        return { status: 'retry', error: `503 on attempt ${job.attempt}`, retryAfterMs: 0 };
      },
    }).runDue();
    expect(attempts).toEqual([1, 2, 3]);
    expect((await jobsOf(db, 'flaky-kind'))[0]).toMatchObject({ status: 'failed', attempts: 3, last_error: '503 on attempt 3' });
  });

  test('a failed outcome gives up at once', async () => {
    await enqueueJobs(db, [{ kind: 'fatal-kind', payload: {} }]);
    let calls = 0;
    await worker({ 'fatal-kind': async () => (calls++, { status: 'failed', error: '404: no such repository' }) }).runDue();
    expect(calls).toBe(1);
    expect((await jobsOf(db, 'fatal-kind'))[0]).toMatchObject({ status: 'failed', last_error: '404: no such repository' });
  });

  test('a worker leaves jobs of kinds it does not know to workers that do', async () => {
    await enqueueJobs(db, [{ kind: 'future-kind', payload: {} }]);
    expect(await worker({ 'other-kind': async () => ({ status: 'done' }) }).runDue()).toBe(0);
    expect((await jobsOf(db, 'future-kind'))[0]).toMatchObject({ status: 'queued', attempts: 0 });
  });

  test('a job whose worker died (lease expired) is claimed again', async () => {
    await enqueueJobs(db, [{ kind: 'orphan-kind', payload: {} }]);
    await db.rows(
      sql`UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'dead-worker', locked_until = now() - interval '1 second' WHERE kind = 'orphan-kind'`,
    );
    const attempts: number[] = [];
    await worker({ 'orphan-kind': async (job) => (attempts.push(job.attempt), { status: 'done' }) }).runDue();
    expect(attempts).toEqual([2]);
    expect((await jobsOf(db, 'orphan-kind'))[0]).toMatchObject({ status: 'done' });
  });

  test('a job still leased by a live worker is not claimed', async () => {
    await enqueueJobs(db, [{ kind: 'leased-kind', payload: {} }]);
    await db.rows(
      sql`UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'live-worker', locked_until = now() + interval '1 minute' WHERE kind = 'leased-kind'`,
    );
    expect(await worker({ 'leased-kind': async () => ({ status: 'done' }) }).runDue()).toBe(0);
  });

  test('stop() waits for a running job; one that overruns the grace period goes back to the queue', async () => {
    await enqueueJobs(db, [{ kind: 'slow-kind', payload: {} }]);
    let started!: () => void;
    const isRunning = new Promise<void>((resolve) => (started = resolve));
    let aborted = false;
    const w = worker({
      'slow-kind': (_job, ctx) =>
        new Promise((resolve) => {
          started();
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ status: 'done' });
          });
        }),
    });
    w.start();
    await isRunning;
    await w.stop(50);
    expect(aborted).toBe(true);
    // Handed back without counting the interrupted attempt: the next start runs it promptly.
    expect((await jobsOf(db, 'slow-kind'))[0]).toMatchObject({ status: 'queued', attempts: 0 });
  });

  test('a started worker picks up jobs enqueued later', async () => {
    const done: string[] = [];
    const w = worker({ 'later-kind': async (job) => (done.push((job.payload as { id: string }).id), { status: 'done' }) });
    w.start();
    await enqueueJobs(db, [{ kind: 'later-kind', payload: { id: 'a' } }]);
    await expect.poll(() => done, { timeout: 5_000 }).toEqual(['a']);
    await w.stop();
  });

  test('a schedule enqueues one job per period, however many workers try', async () => {
    const schedules = [{ kind: 'tick-kind', everyMs: 3_600_000, payload: { what: 'cleanup' } }];
    const handlers = { 'tick-kind': async () => ({ status: 'done' }) as const };
    await Promise.all([worker(handlers, { schedules }).runDue(), worker(handlers, { schedules }).runDue()]);
    const rows = await jobsOf(db, 'tick-kind');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'done', payload: { what: 'cleanup' } });
  });

  test('queue depth counts queued, running and failed jobs per kind', async () => {
    const depth = await jobQueueDepth(db);
    expect(depth).toContainEqual({ kind: 'future-kind', status: 'queued', count: 1 });
    expect(depth).toContainEqual({ kind: 'fatal-kind', status: 'failed', count: 1 });
    expect(depth.find((d) => d.kind === 'ok-kind')).toBeUndefined();
  });
});

test('backoff doubles from 10 s up to 20 minutes, with jitter', () => {
  const mid = () => 0.5;
  expect([1, 2, 3, 4].map((a) => backoffMs(a, mid))).toEqual([10_000, 20_000, 40_000, 80_000]);
  expect(backoffMs(20, mid)).toBe(1_200_000);
  expect(backoffMs(1, () => 0)).toBe(9_000);
  expect(backoffMs(1, () => 1)).toBe(11_000);
});

describe('two broker processes on one PostgreSQL', () => {
  let scratch: ScratchPostgres;
  let second: Database;
  beforeAll(async () => {
    scratch = await createScratchPostgres();
    // A second pool stands for a second process: its own connections, its own worker.
    second = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 4 });
  });
  afterAll(async () => {
    await second?.close();
    await scratch?.drop();
  });

  test('200 jobs claimed by two workers concurrently each run exactly once', async () => {
    await enqueueJobs(
      scratch.db,
      Array.from({ length: 200 }, (_, i) => ({ kind: 'race-kind', payload: { i } })),
    );
    const runs = new Map<number, string[]>();
    const handlerFor =
      (name: string): JobHandler =>
      async (job) => {
        const i = (job.payload as { i: number }).i;
        runs.set(i, [...(runs.get(i) ?? []), name]);
        await new Promise((r) => setTimeout(r, 1));
        return { status: 'done' };
      };
    const a = new JobWorker({
      db: scratch.db,
      config,
      logger,
      handlers: { 'race-kind': handlerFor('a') },
      pollIntervalMs: 5,
      concurrency: 8,
    });
    const b = new JobWorker({ db: second, config, logger, handlers: { 'race-kind': handlerFor('b') }, pollIntervalMs: 5, concurrency: 8 });
    a.start();
    b.start();
    await expect
      .poll(async () => await scratch.db.maybeOne(sql`SELECT count(*)::int AS n FROM jobs WHERE status = 'done'`), { timeout: 30_000 })
      .toEqual({ n: 200 });
    await Promise.all([a.stop(), b.stop()]);
    expect(runs.size).toBe(200);
    expect([...runs.values()].filter((who) => who.length !== 1)).toEqual([]);
    // Both took part (otherwise the test proves nothing about concurrency).
    const byWorker = [...runs.values()].flat();
    expect(byWorker.filter((w) => w === 'a').length).toBeGreaterThan(0);
    expect(byWorker.filter((w) => w === 'b').length).toBeGreaterThan(0);
  });

  test('jobs survive closing every connection (a restart) and run afterwards', async () => {
    await enqueueJobs(scratch.db, [{ kind: 'restart-kind', payload: { keep: true } }]);
    await second.close();
    second = await openDatabase({ kind: 'postgres', url: scratch.url, poolSize: 2 });
    const seen: unknown[] = [];
    await new JobWorker({
      db: second,
      config,
      logger,
      handlers: { 'restart-kind': async (job) => (seen.push(job.payload), { status: 'done' }) },
    }).runDue();
    expect(seen).toEqual([{ keep: true }]);
  });
});
