// Webhook jobs are durable (issue #5): a broker stopped between two attempts loses nothing (after
// the database is closed and reopened, the next broker delivers the retry), and two broker processes
// (`node --import tsx broker/src/main.ts`) on one PostgreSQL database deliver each event exactly
// once. A real HTTP target on loopback.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type DatabaseTarget } from '../../src/store/db.ts';
import supertest from 'supertest';
import { afterAll, describe, expect, test } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { runDueJobs } from '../../src/jobs/worker.ts';
import { createLogger } from '../../src/logger.ts';
import { freePort, startBrokerProcess } from '../support/broker-process.ts';
import { startHttpTarget } from '../support/http-target.ts';
import { contract } from '../support/pact-fixtures.ts';
import { createScratchPostgres, type ScratchPostgres } from '../support/scratch-postgres.ts';
import { pactDocument, uniqueName } from '../support/seed.ts';
import { testDatabaseUrl } from '../support/test-database.ts';
import { sql } from '../../src/store/sql.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function call(
  base: string,
  method: string,
  urlPath: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${urlPath}`, {
    method,
    headers: { accept: 'application/hal+json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function publish(base: string, consumer: string, provider: string, version: string, variant = 'default'): Promise<void> {
  const doc = pactDocument(consumer, provider, variant);
  const res = await call(base, 'POST', '/contracts/publish', {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    contracts: [contract(consumer, provider, JSON.stringify(doc))],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const fastJobs = { LOG_LEVEL: 'warn', TREATY_JOBS_POLL_MS: '100', TREATY_WEBHOOK_RETRY_SCHEDULE: '1' };
const STARTUP_MS = 180_000;

const RETRY_S = 2;

/** The database the restarted broker reopens: a PGlite data folder, or a scratch PostgreSQL when DATABASE_URL is set. */
async function storageTarget(): Promise<DatabaseTarget> {
  if (testDatabaseUrl()) {
    const scratch = await createScratchPostgres();
    cleanups.push(() => scratch.drop());
    await scratch.db.close();
    return { kind: 'postgres', url: scratch.url, poolSize: 2 };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'treaty-webhooks-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return { kind: 'embedded', dataDir: dir };
}

describe('a broker restart between two attempts of a webhook', () => {
  test(
    'loses nothing: after the database is closed and reopened, a new broker delivers the retry and the log keeps both attempts',
    { timeout: 300_000 },
    async () => {
      const target = await storageTarget();
      const config = loadConfig({ LOG_LEVEL: 'silent', TREATY_WEBHOOK_RETRY_SCHEDULE: String(RETRY_S) });
      const targetPort = await freePort(); // nothing listens yet: the first attempt fails to connect
      const consumer = uniqueName('order-service');
      const provider = uniqueName('payment-service');

      // Broker #1: publish, run the first attempt (connection refused), then shut down.
      let db = await openDatabase(target);
      await db.migrate();
      const first = supertest(createApp({ config, db, logger: createLogger(config) }));
      await first.post('/pacticipants').send({ name: consumer });
      const created = await first.post('/webhooks').send({
        consumer: { name: consumer },
        events: [{ name: 'contract_published' }],
        request: { method: 'POST', url: `http://127.0.0.1:${targetPort}/build/\${pactbroker.consumerVersionNumber}`, body: 'build please' },
      });
      expect(created.status).toBe(201);
      const uuid = String(created.body._links.self.href).split('/').pop()!;
      await first.post('/contracts/publish').send({
        pacticipantName: consumer,
        pacticipantVersionNumber: 'v1',
        contracts: [contract(consumer, provider, JSON.stringify(pactDocument(consumer, provider)))],
      });
      // The first attempt fails to connect; its retry is due RETRY_S seconds later.
      expect(await runDueJobs({ config, db, logger: createLogger(config) })).toBe(1);
      const afterFirst = await db.rows<{ status: string; attempts: number }>(
        sql`SELECT status, attempts FROM jobs WHERE payload->>'webhookUuid' = ${uuid}`,
      );
      expect(afterFirst).toEqual([{ status: 'queued', attempts: 1 }]);
      await db.close();

      // Broker #2 on the same data, with the target now up: the retry is delivered.
      const http = await startHttpTarget(targetPort);
      cleanups.push(() => http.close());
      db = await openDatabase(target);
      cleanups.push(() => db.close());
      await db.migrate();
      await until(
        'the retry is due and delivered',
        async () => (await runDueJobs({ config, db, logger: createLogger(config) })) === 1,
        60_000,
      );
      expect(http.received.map((r) => [r.path, r.body])).toEqual([['/build/v1', 'build please']]);
      const second = supertest(createApp({ config, db, logger: createLogger(config) }));
      const log = (await second.get(`/webhooks/${uuid}/executions`)).body._embedded.executions as Array<{
        attempt: number;
        success: boolean;
        error?: { message: string };
      }>;
      expect(log.map((e) => [e.attempt, e.success])).toEqual([
        [2, true],
        [1, false],
      ]);
      expect(log[1]!.error?.message).toMatch(/ECONNREFUSED|fetch failed/);
    },
  );
});

describe.runIf(testDatabaseUrl())('two broker processes on one PostgreSQL database', () => {
  let scratch: ScratchPostgres;

  test('deliver each event exactly once', { timeout: 400_000 }, async () => {
    scratch = await createScratchPostgres();
    cleanups.push(() => scratch.drop());
    const target = await startHttpTarget();
    cleanups.push(() => target.close());
    const env = { DATABASE_URL: scratch.url, ...fastJobs };
    const [a, b] = await Promise.all([startBrokerProcess(env, STARTUP_MS), startBrokerProcess(env, STARTUP_MS)]);
    cleanups.push(
      () => a.stop('SIGKILL'),
      () => b.stop('SIGKILL'),
    );

    const consumer = uniqueName('order-service');
    const provider = uniqueName('payment-service');
    await call(a.url, 'POST', '/pacticipants', { name: consumer });
    await call(a.url, 'POST', '/pacticipants', { name: provider });
    const hook = await call(b.url, 'POST', '/webhooks', {
      consumer: { name: consumer },
      events: [{ name: 'contract_published' }, { name: 'contract_content_changed' }],
      request: { method: 'POST', url: `${target.url}/\${pactbroker.eventName}/\${pactbroker.consumerVersionNumber}` },
    });
    expect(hook.status).toBe(201);

    // 20 versions through both processes at once; each the same pact published twice (a CI retry).
    const versions = Array.from({ length: 20 }, (_, i) => `v${i}`);
    await Promise.all(
      versions.flatMap((v, i) => [
        publish(i % 2 ? a.url : b.url, consumer, provider, v, `variant-${i}`),
        publish(i % 2 ? b.url : a.url, consumer, provider, v, `variant-${i}`),
      ]),
    );

    const expected = versions.flatMap((v) => [`/contract_published/${v}`, `/contract_content_changed/${v}`]).sort();
    await until('every event was delivered', () => target.received.length >= expected.length, 60_000);
    // Give a duplicate, if any, the time to arrive.
    await new Promise((r) => setTimeout(r, 1500));
    expect(target.received.map((r) => r.path).sort()).toEqual(expected);
    await Promise.all([a.stop('SIGTERM'), b.stop('SIGTERM')]);
  });
});
