// Operations: liveness and readiness probes, the Pact Broker heartbeat, Prometheus metrics and the
// per-request log line.
import { pino } from 'pino';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { enqueueJobs } from '../../src/store/job-queue.ts';
import { seed, uniqueName } from '../support/seed.ts';
import { openTestDatabase } from '../support/test-database.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';
import { sql } from '../../src/store/sql.ts';

let broker: TestBroker;

beforeAll(async () => {
  broker = await startTestBroker();
});

afterAll(async () => {
  await broker?.close();
});

describe('GET /health (liveness)', () => {
  it('answers 200 without touching the database', async () => {
    const res = await broker.request.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('GET /health/ready (readiness)', () => {
  it('reports ready when the database answers and every migration is applied', async () => {
    const res = await broker.request.get('/health/ready');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ready');
    expect(res.body.checks.database.status).toBe('ok');
    expect(res.body.checks.migrations.status).toBe('ok');
    expect(res.body.checks.migrations.applied).toBeGreaterThan(0);
  });

  describe('when a migration is missing from the database', () => {
    let isolated: TestBroker;
    beforeAll(async () => {
      isolated = await startTestBroker({}, {}, { isolatedDatabase: true });
    });
    afterAll(async () => {
      await isolated?.close();
    });

    it('reports not-ready (503) and names the pending migration', async () => {
      const last = await isolated.db.maybeOne<{ migration_name: string }>(
        sql`SELECT migration_name FROM _prisma_migrations ORDER BY migration_name DESC LIMIT 1`,
      );
      await isolated.db.rows(sql`DELETE FROM _prisma_migrations WHERE migration_name = ${last!.migration_name}`);
      const res = await isolated.request.get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('not-ready');
      expect(res.body.checks.migrations).toMatchObject({ status: 'pending', pending: [last!.migration_name] });
      expect(res.body.checks.migrations.detail).toMatch(/not applied/);
    });
  });

  describe('when the database is closed', () => {
    it('reports not-ready (503) with a body that says the database is failing', async () => {
      // A database handle of its own, so closing it leaves the shared one alone.
      const db = await openTestDatabase();
      const app = createApp({ config: broker.config, db, logger: pino({ level: 'silent' }) });
      await db.close();
      const res = await supertest(app).get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'not-ready',
        checks: { database: { status: 'failing' }, migrations: { status: 'unknown' } },
      });
      expect(res.body.checks.database.detail).toMatch(/did not answer SELECT 1/);
      // Liveness does not depend on the database.
      expect((await supertest(app).get('/health')).status).toBe(200);
    });
  });
});

describe('GET /diagnostic/status/heartbeat (Pact Broker)', () => {
  it('answers {"ok": true}', async () => {
    const res = await broker.request.get('/diagnostic/status/heartbeat');
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(true);
  });
});

describe('GET /metrics (Prometheus)', () => {
  it('has a latency histogram labelled by route pattern, not by raw URL', async () => {
    const name = uniqueName('metrics-svc');
    await seed(broker.request).pacticipant('x').createVersion('1');
    await broker.request.get(`/pacticipants/${name}`);
    const res = await broker.request.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.text).toContain('# TYPE treaty_http_request_duration_seconds histogram');
    expect(res.text).toMatch(
      /treaty_http_request_duration_seconds_bucket\{le="[^"]+",method="GET",route="\/pacticipants\/:pacticipant",status_code="404"\}/,
    );
    expect(res.text).toMatch(
      /treaty_http_request_duration_seconds_count\{method="PUT",route="\/pacticipants\/:pacticipant\/versions\/:version",status_code="20[01]"\}/,
    );
    expect(res.text).not.toContain(name);
  });

  it('labels requests that matched no route as "unmatched"', async () => {
    await broker.request.get(`/${uniqueName('nowhere')}`);
    const res = await broker.request.get('/metrics');
    expect(res.text).toMatch(/route="unmatched",status_code="404"/);
  });

  it('counts successful publications and verification results', async () => {
    const counter = (text: string, metric: string) => Number(new RegExp(`^${metric} (\\d+)`, 'm').exec(text)?.[1] ?? 'NaN');
    const before = (await broker.request.get('/metrics')).text;
    const consumer = seed(broker.request).pacticipant('c');
    const provider = seed(broker.request).pacticipant('p');
    const pact = await consumer.publishPact({ version: '1', provider });
    await provider.verify(pact, { version: '1', success: true });
    const after = (await broker.request.get('/metrics')).text;
    expect(counter(after, 'treaty_pact_publications_total') - counter(before, 'treaty_pact_publications_total')).toBe(1);
    expect(counter(after, 'treaty_verification_results_total') - counter(before, 'treaty_verification_results_total')).toBe(1);
  });

  it('reports the job queue depth per kind and status, read from the shared queue', async () => {
    const kind = uniqueName('metrics-kind');
    await enqueueJobs(broker.db, [
      { kind, payload: {} },
      { kind, payload: {} },
    ]);
    const res = await broker.request.get('/metrics');
    expect(res.text).toContain('# TYPE treaty_jobs gauge');
    expect(res.text).toContain(`treaty_jobs{kind="${kind}",status="queued"} 2`);
  });

  it('has a cumulative event-loop lateness histogram that a scrape does not reset (the bench diffs two scrapes, #14)', async () => {
    const count = (text: string) => Number(/^treaty_event_loop_lateness_seconds_count (\d+)/m.exec(text)?.[1] ?? 'NaN');
    const blocked = (text: string) => Number(/^treaty_event_loop_lateness_seconds_bucket\{le="0\.05"\} (\d+)/m.exec(text)?.[1] ?? 'NaN');
    const first = (await broker.request.get('/metrics')).text;
    expect(first).toContain('# TYPE treaty_event_loop_lateness_seconds histogram');
    expect(first).toMatch(/^treaty_event_loop_lateness_seconds_bucket\{le="0\.02"\} \d+$/m);
    // Block the loop for 120 ms: the next tick of the 10 ms sampler runs over 100 ms late, above the 50 ms bucket.
    const until = performance.now() + 120;
    while (performance.now() < until) {
      // busy
    }
    await new Promise((r) => setTimeout(r, 60));
    const second = (await broker.request.get('/metrics')).text;
    expect(count(second)).toBeGreaterThan(count(first));
    expect(count(second) - blocked(second)).toBeGreaterThan(count(first) - blocked(first));
  });

  it('includes the process metrics', async () => {
    const res = await broker.request.get('/metrics');
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('request log', () => {
  it('writes one JSON line per request with request id, method, route, status and duration, and no credentials', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const app = createApp({ config: broker.config, db: broker.db, logger });
    const requestId = uniqueName('req');
    await supertest(app)
      .get('/pacticipants')
      .set('X-Request-Id', requestId)
      .set('Authorization', 'Bearer tty_secret-that-must-not-be-logged');
    await supertest(app).get('/health');
    await supertest(app).get('/metrics');
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.msg === 'request');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ requestId, method: 'GET', route: '/pacticipants', status: 200 });
    expect(typeof entries[0]!.durationMs).toBe('number');
    expect(lines.join('\n')).not.toContain('tty_secret-that-must-not-be-logged');
  });
});
