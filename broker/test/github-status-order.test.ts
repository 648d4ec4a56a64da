// GitHub commit statuses never go stale (issue #18): a status is sent only while it is the newest state for its
// commit and context. Against a fake GitHub on loopback, with retries only through the job queue (a long retry
// schedule that each test fast-forwards for one job, so the interleaving is exact): the interleaving
// (pending gets two 500s, success is accepted meanwhile, the pending retry must not follow it), the same for a
// failed verification overtaken by a successful one, a restart of the broker between the two sends, and two
// workers sending on one commit at once (the newer waits for the older's call to be answered).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createGitHubStatusHandler } from '../src/jobs/github-status.ts';
import { createJobWorker } from '../src/jobs/worker.ts';
import { createLogger } from '../src/logger.ts';
import { openPools } from '@treaty/prisma';
import { openDatabase, type Database } from '../src/store/db.ts';
import { sql } from '../src/store/sql.ts';
import { newestOnLine } from '../src/store/webhooks/github-send-order.ts';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.ts';
import { seed } from './support/seed.ts';
import { testDatabaseUrl } from './support/test-database.ts';

/** A database that outlives a broker process: a PGlite data directory, or a scratch PostgreSQL database. */
interface LastingDatabase {
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

async function lastingDatabase(): Promise<LastingDatabase> {
  const url = testDatabaseUrl();
  if (url) {
    const name = `treaty_order_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const admin = await openPools({ kind: 'postgres', url, poolSize: 1 });
    await admin.pool.query(`CREATE DATABASE "${name}"`);
    const scratch = new URL(url);
    scratch.pathname = `/${name}`;
    return {
      open: () => openDatabase({ kind: 'postgres', url: scratch.toString(), poolSize: 4 }),
      async dispose() {
        await admin.pool.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.close();
      },
    };
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'treaty-order-'));
  return {
    open: () => openDatabase({ kind: 'embedded', dataDir }),
    dispose: () => rm(dataDir, { recursive: true, force: true }),
  };
}

let github: FakeGitHub;
let store: LastingDatabase;
let broker: Awaited<ReturnType<typeof startBroker>>;

/** A broker process: the app and its job worker on the lasting database (a new one after a restart). */
async function startBroker() {
  const db = await store.open();
  await db.migrate();
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    TREATY_GITHUB_TOKEN: 'ghp_orderingtoken',
    TREATY_GITHUB_API_URL: github.apiUrl,
    TREATY_UI_BASE_URL: 'https://treaty.example.org/ui',
    // Retries only through the job queue, an hour apart: each test makes one job due when its story says so.
    TREATY_WEBHOOK_RETRY_SCHEDULE: '3600',
    TREATY_WEBHOOK_MAX_ATTEMPTS: '5',
  });
  const logger = createLogger(config);
  const handlers = { 'github-status': createGitHubStatusHandler({ throttle: false }) };
  const worker = (concurrency = 4) => createJobWorker({ config, db, logger }, { handlers, concurrency });
  return {
    db,
    request: supertest.agent(createApp({ config, db, logger })),
    runJobs: () => worker().runDue(),
    worker,
    close: () => db.close(),
  };
}

beforeAll(async () => {
  github = await startFakeGitHub();
  store = await lastingDatabase();
  broker = await startBroker();
});
afterAll(async () => {
  await broker.close();
  await store.dispose();
  await github.close();
});
afterEach(() => {
  github.requests.length = 0;
});

const sha = () => randomBytes(20).toString('hex');

async function linkedPair() {
  const s = seed(broker.request);
  const consumer = s.pacticipant('order-service');
  const provider = s.pacticipant('payment-service');
  const res = await broker.request
    .post('/pacticipants')
    .send({ name: consumer.name, repositoryUrl: `${github.apiUrl}/acme/${consumer.name}` });
  expect(res.status).toBe(201);
  return { consumer, provider, context: `treaty/${provider.name}` };
}

/** The github-status job of one event, by its trigger (and verification id). */
async function statusJob(trigger: 'pact-published' | 'verification', verificationId?: number) {
  return broker.db.one<{ id: string; status: string; attempts: number }>(
    sql`SELECT id::text, status, attempts FROM jobs WHERE kind = 'github-status' AND payload->>'trigger' = ${trigger}
          AND (${verificationId ?? null}::int IS NULL OR (payload->>'verificationId')::int = ${verificationId ?? null}::int)
        ORDER BY id DESC LIMIT 1`,
  );
}

/** The retry schedule's hour has passed for this job (and only this one). */
async function retryIsDue(jobId: string) {
  await broker.db.execute(sql`UPDATE jobs SET run_at = now() WHERE id = ${jobId}::bigint AND status = 'queued'`);
}

const sent = () => github.requests.map((r) => `${String(r.body.state)} ${r.answeredWith ?? 'unanswered'}`);

test('the issue: pending gets two 500s, success is accepted meanwhile, and the pending retry is not sent: the commit stays success', async () => {
  const { consumer, provider, context } = await linkedPair();
  const commit = sha();
  github.respondWith({ status: 500 }, { status: 500 });
  const pact = await consumer.publishPact({ version: commit, provider });
  await broker.runJobs();
  const pending = await statusJob('pact-published');
  await retryIsDue(pending.id);
  await broker.runJobs();
  expect(sent()).toEqual(['pending 500', 'pending 500']);

  const verification = await provider.verify(pact, { version: 'p-1', success: true });
  await broker.runJobs(); // the pending retry is not due yet: only the success goes out
  expect(sent()).toEqual(['pending 500', 'pending 500', 'success 201']);

  await retryIsDue(pending.id);
  await broker.runJobs();
  expect(sent()).toEqual(['pending 500', 'pending 500', 'success 201']); // nothing after the success
  expect(github.commitState(commit, context)).toBe('success');
  expect(await statusJob('pact-published')).toMatchObject({ status: 'done', attempts: 3 });
  const success = await statusJob('verification', verification.number);
  expect(await newestOnLine(broker.db, { repository: `acme/${consumer.name}`, sha: commit, context })).toEqual({
    jobId: success.id,
    state: 'success',
  });
});

test('a failed verification whose status got a 500 is not re-sent after a later successful verification of the same pact', async () => {
  const { consumer, provider, context } = await linkedPair();
  const commit = sha();
  const pact = await consumer.publishPact({ version: commit, provider });
  await broker.runJobs();
  github.respondWith({ status: 500 });
  const failed = await provider.verify(pact, { version: 'p-1', success: false });
  await broker.runJobs();
  await provider.verify(pact, { version: 'p-2', success: true });
  await broker.runJobs();
  expect(sent()).toEqual(['pending 201', 'failure 500', 'success 201']);

  await retryIsDue((await statusJob('verification', failed.number)).id);
  await broker.runJobs();
  expect(sent()).toEqual(['pending 201', 'failure 500', 'success 201']);
  expect(github.commitState(commit, context)).toBe('success');
  expect((await statusJob('verification', failed.number)).status).toBe('done');
});

test('a restart between the two sends: the new broker sends the success and drops the stale pending retry it picks up', async () => {
  const { consumer, provider, context } = await linkedPair();
  const commit = sha();
  github.respondWith({ status: 500 });
  const pact = await consumer.publishPact({ version: commit, provider });
  await broker.runJobs();
  expect(sent()).toEqual(['pending 500']);

  await broker.close(); // the process stops with the pending retry in the queue
  broker = await startBroker();
  const pending = await statusJob('pact-published');
  expect(pending).toMatchObject({ status: 'queued', attempts: 1 });

  // The provider's verifier talks to the new broker.
  await seed(broker.request).existingPacticipant(provider.name).verify(pact, { version: 'p-1', success: true });
  await broker.runJobs();
  await retryIsDue(pending.id);
  await broker.runJobs();
  expect(sent()).toEqual(['pending 500', 'success 201']);
  expect(github.commitState(commit, context)).toBe('success');
  expect((await statusJob('pact-published')).status).toBe('done');
});

test('a restart between the two sends: the new broker retries a status that is still the newest', async () => {
  const { consumer, provider, context } = await linkedPair();
  const commit = sha();
  github.respondWith({ status: 502 });
  await consumer.publishPact({ version: commit, provider });
  await broker.runJobs();
  await broker.close();
  broker = await startBroker();
  await retryIsDue((await statusJob('pact-published')).id);
  await broker.runJobs();
  expect(sent()).toEqual(['pending 502', 'pending 201']);
  expect(github.commitState(commit, context)).toBe('pending');
});

test('two workers on one commit and context: the newer state waits until the older call in flight is answered, so it lands last', async () => {
  const { consumer, provider, context } = await linkedPair();
  const commit = sha();
  const pact = await consumer.publishPact({ version: commit, provider });
  await broker.runJobs();
  github.requests.length = 0;
  let answerTheOlderCall!: () => void;
  github.respondWith({ status: 201, heldUntil: new Promise<void>((resolve) => (answerTheOlderCall = resolve)) });
  await provider.verify(pact, { version: 'p-1', success: false });
  await provider.verify(pact, { version: 'p-2', success: true });

  // Each worker takes one job: the first (oldest) is the failure, whose call GitHub holds.
  const first = broker.worker(1).runDue();
  await expect.poll(() => github.requests.length).toBe(1);
  const second = broker.worker(1).runDue();
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(sent()).toEqual(['failure unanswered']); // the success waits while the older call is in flight

  answerTheOlderCall();
  await Promise.all([first, second]);
  expect(sent()).toEqual(['failure 201', 'success 201']);
  expect(github.commitState(commit, context)).toBe('success');
});

test('a worker that died with its call in flight holds the line only until its claim lapses', async () => {
  const { consumer, provider, context } = await linkedPair();
  const commit = sha();
  const pact = await consumer.publishPact({ version: commit, provider });
  await broker.runJobs();
  // The pending job's worker claimed the line for a call and died before the answer: its claim runs out in a second.
  await broker.db.execute(
    sql`UPDATE github_send_order SET sending_job_id = job_id, sending_until = now() + interval '1 second' WHERE sha = ${commit}`,
  );
  await provider.verify(pact, { version: 'p-1', success: true });
  const started = Date.now();
  await broker.runJobs();
  expect(Date.now() - started).toBeGreaterThanOrEqual(800);
  expect(sent()).toEqual(['pending 201', 'success 201']);
  expect(github.commitState(commit, context)).toBe('success');
});
