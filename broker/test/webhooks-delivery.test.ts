// Webhook delivery as a durable job (issue #5): publishing enqueues jobs without calling anyone,
// the job worker renders and sends them to a real HTTP server on 127.0.0.1, retries 5xx and network
// errors on the configured schedule, gives up after the configured attempts, and logs every attempt
// (redacted) where the REST API and users can read it.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { count } from './support/scratch-postgres.ts';
import { seed, uniqueName } from './support/seed.ts';
import { startHttpTarget, type HttpTarget } from './support/http-target.ts';
import { startTestBroker, type TestBroker } from './support/test-broker.ts';
import { sql } from '../src/store/sql.ts';

let broker: TestBroker;
let target: HttpTarget;

beforeAll(async () => {
  // Retries without waiting, so one runDueJobs() call plays a whole retry sequence; 3 attempts.
  broker = await startTestBroker({}, { TREATY_WEBHOOK_RETRY_SCHEDULE: '0', TREATY_WEBHOOK_MAX_ATTEMPTS: '3' }, { isolatedDatabase: true });
  target = await startHttpTarget();
});
afterAll(async () => {
  await target.close();
  await broker.close();
});
afterEach(() => {
  target.received.length = 0;
});

async function createWebhook(body: Record<string, unknown>): Promise<string> {
  const res = await broker.request.post('/webhooks').send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return String(res.body._links.self.href).split('/').pop()!;
}

function webhookFor(consumer: string, provider: string | undefined, events: string[], request: Record<string, unknown> = {}) {
  return {
    consumer: { name: consumer },
    ...(provider ? { provider: { name: provider } } : {}),
    events: events.map((name) => ({ name })),
    request: {
      method: 'POST',
      url: `${target.url}/hook/\${pactbroker.eventName}`,
      headers: { 'Content-Type': 'application/json' },
      ...request,
    },
  };
}

const jobsOf = (webhookUuid: string) =>
  count(broker.db, `SELECT count(*)::int AS n FROM jobs WHERE kind = 'webhook' AND payload->>'webhookUuid' = $1`, [webhookUuid]);

async function pair() {
  const s = seed(broker.request);
  const consumer = s.pacticipant('order-service');
  const provider = s.pacticipant('payment-service');
  // Create the pacticipants so webhooks can name them.
  await broker.request.post('/pacticipants').send({ name: consumer.name });
  await broker.request.post('/pacticipants').send({ name: provider.name });
  return { s, consumer, provider };
}

describe('when a pact is published (pact-broker publish)', () => {
  test('enqueues jobs without calling the target, then delivers the rendered request once per event', async () => {
    const { consumer, provider } = await pair();
    const uuid = await createWebhook(
      webhookFor(consumer.name, provider.name, ['contract_published', 'contract_content_changed'], {
        body: {
          consumer: '${pactbroker.consumerName}',
          version: '${pactbroker.consumerVersionNumber}',
          branch: '${pactbroker.consumerVersionBranch}',
          pact: '${pactbroker.pactUrl}',
          status: '${pactbroker.githubVerificationStatus}',
        },
      }),
    );
    const pact = await consumer.publishPact({ version: 'c0ffee1', provider, branch: 'main' });
    // The publish answered before any delivery: nothing reached the target yet.
    expect(target.received).toHaveLength(0);
    expect(await jobsOf(uuid)).toBe(2);

    expect(await broker.runDueJobs()).toBeGreaterThanOrEqual(2);
    const paths = target.received.map((r) => r.path).sort();
    expect(paths).toEqual(['/hook/contract_content_changed', '/hook/contract_published']);
    const body = JSON.parse(target.received[0]!.body) as Record<string, string>;
    expect(body).toEqual({
      consumer: consumer.name,
      version: 'c0ffee1',
      branch: 'main',
      pact: expect.stringContaining(`/pact-version/${pact.sha}`),
      status: 'pending',
    });
    expect(target.received[0]!.headers['user-agent']).toMatch(/Treaty/);

    // The same pact published again is the same event: no new job, no second delivery.
    target.received.length = 0;
    await consumer.publishPact({ version: 'c0ffee1', provider, branch: 'main' });
    expect(await jobsOf(uuid)).toBe(2);
    // A new consumer version with unchanged content fires contract_published only (Pact Broker rule).
    await consumer.publishPact({ version: 'c0ffee2', provider, branch: 'main' });
    await broker.runDueJobs();
    expect(target.received.map((r) => r.path)).toEqual(['/hook/contract_published']);
  });

  test('fires contract_requiring_verification_published for the main-branch head that has not verified the content, with its version', async () => {
    const { consumer, provider } = await pair();
    const patched = await broker.request.patch(`/pacticipants/${encodeURIComponent(provider.name)}`).send({ mainBranch: 'main' });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    await provider.createVersion('p-1', { branch: 'main' });
    await createWebhook(
      webhookFor(consumer.name, provider.name, ['contract_requiring_verification_published'], {
        body: 'verify ${pactbroker.providerVersionNumber} on ${pactbroker.providerVersionBranch} (${pactbroker.providerVersionDescriptions})',
      }),
    );

    const pact = await consumer.publishPact({ version: 'c-1', provider, branch: 'main' });
    await broker.runDueJobs();
    expect(target.received.map((r) => r.body)).toEqual(['verify p-1 on main (latest version from main branch)']);

    // Once p-1 has verified this content, publishing it again from a new consumer version needs no verification.
    await provider.verify(pact, { version: 'p-1', success: true });
    await consumer.publishPact({ version: 'c-2', provider, branch: 'main' });
    await broker.runDueJobs();
    expect(target.received).toHaveLength(1);
  });
});

describe('when a verification is published (Pact verifier)', () => {
  test.each([
    [true, 'provider_verification_succeeded', 'success'],
    [false, 'provider_verification_failed', 'failure'],
  ])('success=%s fires provider_verification_published and %s with the result', async (success, event, githubStatus) => {
    const { consumer, provider } = await pair();
    await createWebhook(
      webhookFor(
        consumer.name,
        provider.name,
        ['provider_verification_published', 'provider_verification_succeeded', 'provider_verification_failed'],
        {
          body: '${pactbroker.eventName} ${pactbroker.providerVersionNumber} ${pactbroker.githubVerificationStatus} ${pactbroker.verificationResultUrl}',
        },
      ),
    );
    const pact = await consumer.publishPact({ version: 'c-1', provider });
    const verification = await provider.verify(pact, { version: 'p-9', success });
    await broker.runDueJobs();
    expect(target.received.map((r) => r.body).sort()).toEqual(
      [
        `${event} p-9 ${githubStatus} ${verification.url}`,
        `provider_verification_published p-9 ${githubStatus} ${verification.url}`,
      ].sort(),
    );
  });

  test("the verification's pb:triggered-webhooks lists the webhooks its publication triggered, with their logs", async () => {
    const { consumer, provider } = await pair();
    await createWebhook(webhookFor(consumer.name, provider.name, ['provider_verification_published']));
    const pact = await consumer.publishPact({ version: 'c-1', provider });
    const verification = await provider.verify(pact, { version: 'p-1', success: true });
    const link = (await broker.request.get(new URL(verification.url).pathname)).body._links['pb:triggered-webhooks'].href as string;
    const before = await broker.request.get(new URL(link).pathname);
    expect(before.status).toBe(200);
    expect(before.body._embedded.triggeredWebhooks).toMatchObject([{ eventName: 'provider_verification_published', status: 'not_run' }]);
    await broker.runDueJobs();
    const after = await broker.request.get(new URL(link).pathname);
    expect(after.body._embedded.triggeredWebhooks).toMatchObject([
      { eventName: 'provider_verification_published', status: 'success', attemptsMade: 1 },
    ]);
    const logs = await broker.request.get(new URL(after.body._embedded.triggeredWebhooks[0]._links['pb:logs'].href as string).pathname);
    expect(logs.status).toBe(200);
    expect(logs.text).toContain(target.url);
    // A verification number that does not exist is a 404, not an empty list.
    expect(
      (await broker.request.get(new URL(link).pathname.replace(/\/verification-results\/\d+\//, '/verification-results/999/'))).status,
    ).toBe(404);
  });
});

describe('retries and the execution log', () => {
  test('retries a 500 and logs each attempt, newest first, at GET /webhooks/{uuid}/executions', async () => {
    const { consumer, provider } = await pair();
    const uuid = await createWebhook(webhookFor(consumer.name, provider.name, ['contract_published']));
    target.respondWith(500);
    await consumer.publishPact({ version: 'c-1', provider });
    await broker.runDueJobs();
    expect(target.received).toHaveLength(2);

    const res = await broker.request.get(`/webhooks/${uuid}/executions`);
    expect(res.status).toBe(200);
    const executions = res.body._embedded.executions as Array<{ attempt: number; success: boolean; response: { status: number } }>;
    expect(executions.map((e) => [e.attempt, e.success, e.response.status])).toEqual([
      [2, true, 200],
      [1, false, 500],
    ]);
    const job = await broker.db.rows<{ status: string; attempts: number }>(
      sql`SELECT status, attempts FROM jobs WHERE payload->>'webhookUuid' = ${uuid}`,
    );
    expect(job).toEqual([{ status: 'done', attempts: 2 }]);

    // The same log through GraphQL, one page at a time (Webhook.executions).
    const query = `query($p: String, $after: String) { webhooks(pacticipant: $p) { uuid executions(first: 1, after: $after) { nodes { attempt success responseStatus method } pageInfo { hasNextPage endCursor } } } }`;
    const page1 = await broker.request.post('/graphql').send({ query, variables: { p: consumer.name } });
    expect(page1.body.errors).toBeUndefined();
    const conn1 = page1.body.data.webhooks[0].executions;
    expect(conn1.nodes).toEqual([{ attempt: 2, success: true, responseStatus: 200, method: 'POST' }]);
    expect(conn1.pageInfo.hasNextPage).toBe(true);
    const page2 = await broker.request.post('/graphql').send({ query, variables: { p: consumer.name, after: conn1.pageInfo.endCursor } });
    expect(page2.body.data.webhooks[0].executions).toEqual({
      nodes: [{ attempt: 1, success: false, responseStatus: 500, method: 'POST' }],
      pageInfo: { hasNextPage: false, endCursor: expect.any(String) },
    });
  });

  test('gives up after TREATY_WEBHOOK_MAX_ATTEMPTS when the target keeps failing, and a 4xx is not retried', async () => {
    const { consumer, provider } = await pair();
    const uuid = await createWebhook(webhookFor(consumer.name, provider.name, ['contract_published']));
    target.respondWith(503, 503, 503);
    await consumer.publishPact({ version: 'c-1', provider });
    await broker.runDueJobs();
    expect(target.received).toHaveLength(3);
    const jobs = await broker.db.rows<{ status: string; last_error: string }>(
      sql`SELECT status, last_error FROM jobs WHERE payload->>'webhookUuid' = ${uuid}`,
    );
    expect(jobs).toEqual([{ status: 'failed', last_error: 'the target answered HTTP 503 Service Unavailable' }]);

    target.received.length = 0;
    target.respondWith(404);
    await consumer.publishPact({ version: 'c-2', provider, variant: 'other' });
    await broker.runDueJobs();
    expect(target.received).toHaveLength(1);
  });

  test('redacts Authorization, tokens and passwords in the log, while the target receives them', async () => {
    const { consumer, provider } = await pair();
    const uuid = await createWebhook(
      webhookFor(consumer.name, provider.name, ['contract_published'], {
        url: `${target.url}/hook?token=s3cr3t-query&x=1`,
        headers: { Authorization: 'Bearer s3cr3t-header', 'X-Api-Token': 's3cr3t-token', 'Content-Type': 'application/json' },
      }),
    );
    await consumer.publishPact({ version: 'c-1', provider });
    await broker.runDueJobs();
    expect(target.received[0]!.headers.authorization).toBe('Bearer s3cr3t-header');

    const res = await broker.request.get(`/webhooks/${uuid}/executions`);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain('s3cr3t');
    expect(res.body._embedded.executions[0].request.headers).toMatchObject({ Authorization: '**********', 'X-Api-Token': '**********' });
    const rows = await broker.db.rows<{ request: unknown }>(sql`SELECT request FROM webhook_executions WHERE webhook_uuid = ${uuid}`);
    expect(JSON.stringify(rows)).not.toContain('s3cr3t');
  });

  test('a webhook deleted or disabled before its job runs delivers nothing and its job ends done', async () => {
    const { consumer, provider } = await pair();
    const uuid = await createWebhook(webhookFor(consumer.name, provider.name, ['contract_published']));
    await consumer.publishPact({ version: 'c-1', provider });
    expect((await broker.request.delete(`/webhooks/${uuid}`)).status).toBe(204);
    await broker.runDueJobs();
    expect(target.received).toHaveLength(0);
    const jobs = await broker.db.rows<{ status: string }>(sql`SELECT status FROM jobs WHERE payload->>'webhookUuid' = ${uuid}`);
    expect(jobs).toEqual([{ status: 'done' }]);
  });
});

describe('reading triggered webhooks (Pact Broker webhook status and logs)', () => {
  test('GET /pacts/provider/P/consumer/C/webhooks/status lists the triggered webhooks with their logs', async () => {
    const { consumer, provider } = await pair();
    await createWebhook(webhookFor(consumer.name, provider.name, ['contract_published']));
    target.respondWith(500);
    await consumer.publishPact({ version: 'c-1', provider });
    await broker.runDueJobs();

    const status = await broker.request.get(
      `/pacts/provider/${encodeURIComponent(provider.name)}/consumer/${encodeURIComponent(consumer.name)}/webhooks/status`,
    );
    expect(status.status).toBe(200);
    expect(status.body.summary).toEqual({ successful: 1, failed: 0, retrying: 0, notRun: 0 });
    const triggered = status.body._embedded.triggeredWebhooks[0];
    expect(triggered).toMatchObject({
      status: 'success',
      eventName: 'contract_published',
      attemptsMade: 2,
      triggerType: 'resource_creation',
    });

    const logs = await broker.request.get(new URL(triggered._links['pb:logs'].href as string).pathname);
    expect(logs.status).toBe(200);
    expect(logs.headers['content-type']).toMatch(/^text\/plain/);
    expect(logs.text).toContain('HTTP 500');
    expect(logs.text).toContain('HTTP 200');
  });

  test('answers 404 with a problem detail for an unknown triggered webhook or webhook', async () => {
    const res = await broker.request.get(`/triggered-webhooks/${uniqueName('nope')}/logs`);
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatch(/No triggered webhook with uuid/);
    const res2 = await broker.request.get(`/webhooks/${'x'.repeat(20)}/executions`);
    expect(res2.status).toBe(404);
  });
});
