// Every call to GitHub is visible where operators look at webhook executions (issue #18): the integration's
// webhook status (GET /pacts/provider/P/consumer/C/webhooks/status) lists commit-status and check-run calls
// beside the webhook's delivery, each with its own kind, the commit, the state sent, GitHub's answer and a
// pb:logs link whose text log has the token redacted; a verification's pb:triggered-webhooks lists its status
// and check run; GraphQL has them on WebhookExecution (kind, commit, state, context), Query.gitHubCalls and
// Integration.calls. Against a fake GitHub on loopback that answers the first status with a 500.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGitHubCheckRunHandler, GITHUB_CHECK_RUN_JOB } from '../src/jobs/github-check-run.ts';
import { createGitHubStatusHandler } from '../src/jobs/github-status.ts';
import { deliverWebhook } from '../src/jobs/webhook-delivery.ts';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.ts';
import { seed, type PublishedPact } from './support/seed.ts';
import { startTestBroker, type TestBroker } from './support/test-broker.ts';

const TOKEN = 'ghs_visibletoken42';
let broker: TestBroker;
let github: FakeGitHub;
let consumer: string;
let provider: string;
let commit: string;
let pact: PublishedPact;
let verificationNumber: number;
const handlers = {
  webhook: deliverWebhook,
  'github-status': createGitHubStatusHandler({ throttle: false }),
  [GITHUB_CHECK_RUN_JOB]: createGitHubCheckRunHandler({ throttle: false }),
};

beforeAll(async () => {
  github = await startFakeGitHub();
  broker = await startTestBroker(
    {},
    {
      TREATY_GITHUB_TOKEN: TOKEN,
      TREATY_GITHUB_API_URL: github.apiUrl,
      TREATY_GITHUB_CHECK_RUNS: 'true',
      TREATY_UI_BASE_URL: 'https://treaty.example.org/ui',
      TREATY_WEBHOOK_RETRY_SCHEDULE: '0',
      TREATY_WEBHOOK_MAX_ATTEMPTS: '3',
    },
    { isolatedDatabase: true },
  );
  const s = seed(broker.request);
  const c = s.pacticipant('order-service');
  const p = s.pacticipant('payment-service');
  consumer = c.name;
  provider = p.name;
  commit = randomBytes(20).toString('hex');
  expect(
    (await broker.request.post('/pacticipants').send({ name: consumer, repositoryUrl: `${github.apiUrl}/acme/${consumer}` })).status,
  ).toBe(201);
  expect((await broker.request.post('/pacticipants').send({ name: provider })).status).toBe(201);
  const hook = await broker.request.post('/webhooks').send({
    description: 'Notify CI',
    consumer: { name: consumer },
    provider: { name: provider },
    events: [{ name: 'contract_published' }],
    request: { method: 'POST', url: `${github.apiUrl}/ci-hook`, headers: { 'Content-Type': 'application/json' }, body: { ok: true } },
  });
  expect(hook.status, JSON.stringify(hook.body)).toBe(201);
  github.respondWith({ status: 500, body: { message: 'Server Error' } }); // the first call: the pending status
  pact = await c.publishPact({ version: commit, provider: p });
  await broker.runDueJobs({ 'github-status': handlers['github-status'] }); // the status first, then the webhook
  await broker.runDueJobs(handlers);
  verificationNumber = (await p.verify(pact, { version: 'p-1', success: true })).number;
  await broker.runDueJobs(handlers);
  expect(github.requests.map((r) => `${r.method} ${new URL(r.path, 'http://x').pathname} ${r.answeredWith}`)).toEqual([
    `POST /repos/acme/${consumer}/statuses/${commit} 500`,
    `POST /repos/acme/${consumer}/statuses/${commit} 201`,
    `POST /ci-hook 201`,
    `POST /repos/acme/${consumer}/statuses/${commit} 201`,
    `POST /repos/acme/${consumer}/check-runs 201`,
  ]);
});
afterAll(async () => {
  await broker.close();
  await github.close();
});

interface Triggered {
  name: string;
  kind: string;
  status: string;
  attemptsMade: number;
  requestDescription: string | null;
  lastResponseStatus?: number;
  github?: { commit: string | null; state: string | null; context: string | null };
  _links: { 'pb:logs': { href: string; title: string } };
}

test('the webhook status of the integration lists the GitHub calls beside the webhook, each with its kind, commit, state and answer', async () => {
  const res = await broker.request.get(`/pacts/provider/${provider}/consumer/${consumer}/webhooks/status`);
  expect(res.status).toBe(200);
  const triggered = res.body._embedded.triggeredWebhooks as Triggered[];
  const byKind = (kind: string) => triggered.filter((t) => t.kind === kind);
  expect(byKind('webhook')).toHaveLength(1);
  expect(byKind('webhook')[0]).toMatchObject({ status: 'success', lastResponseStatus: 201 });
  expect(byKind('webhook')[0]!.github).toBeUndefined();

  const statuses = byKind('github-commit-status').sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  expect(statuses.map((t) => ({ status: t.status, attempts: t.attemptsMade, answer: t.lastResponseStatus, github: t.github }))).toEqual([
    { status: 'success', attempts: 2, answer: 201, github: { commit, state: 'pending', context: `treaty/${provider}` } },
    { status: 'success', attempts: 1, answer: 201, github: { commit, state: 'success', context: `treaty/${provider}` } },
  ]);
  expect(statuses[0]!.requestDescription).toBe(`POST ${github.apiUrl}/repos/acme/${consumer}/statuses/${commit}`);
  expect(statuses[0]!._links['pb:logs'].title).toBe('GitHub call logs');

  const checkRuns = byKind('github-check-run');
  expect(checkRuns).toHaveLength(1); // not labelled as a status
  expect(checkRuns[0]).toMatchObject({
    status: 'success',
    lastResponseStatus: 201,
    github: { commit, state: 'success', context: `treaty/${provider}` },
  });
  // The Pact Broker's summary counts webhooks only.
  expect(res.body.summary).toEqual({ successful: 1, failed: 0, retrying: 0, notRun: 0 });
});

test("the pb:logs of a GitHub call show each attempt: what was sent, GitHub's answer, and the token redacted", async () => {
  const res = await broker.request.get(`/pacts/provider/${provider}/consumer/${consumer}/webhooks/status`);
  const pending = (res.body._embedded.triggeredWebhooks as Triggered[]).find((t) => t.github?.state === 'pending')!;
  const log = await broker.request.get(new URL(pending._links['pb:logs'].href).pathname);
  expect(log.status).toBe(200);
  expect(log.type).toBe('text/plain');
  expect(log.text).toContain(
    `Attempt 1: GitHub commit status pending for treaty/${provider} on commit ${commit} (event contract_published)`,
  );
  expect(log.text).toContain('HTTP 500');
  expect(log.text).toContain('Attempt 2: GitHub commit status pending');
  expect(log.text).toContain('HTTP 201');
  expect(log.text).toMatch(/authorization: \*+/);
  expect(log.text).not.toContain(TOKEN);
});

test('the triggered webhooks of a verification list its commit status and its check run', async () => {
  const res = await broker.request.get(
    `/pacts/provider/${provider}/consumer/${consumer}/pact-version/${pact.sha}/verification-results/${verificationNumber}/triggered-webhooks`,
  );
  expect(res.status).toBe(200);
  const triggered = res.body._embedded.triggeredWebhooks as Triggered[];
  expect(triggered.map((t) => [t.kind, t.status, t.github?.state]).sort()).toEqual([
    ['github-check-run', 'success', 'success'],
    ['github-commit-status', 'success', 'success'],
  ]);
  for (const t of triggered) expect((await broker.request.get(new URL(t._links['pb:logs'].href).pathname)).status).toBe(200);
});

test('GraphQL: gitHubCalls and Integration.calls list the calls with kind, commit, state, context and answer', async () => {
  const query = /* GraphQL */ `
    query ($consumer: String, $provider: String) {
      gitHubCalls(consumer: $consumer, provider: $provider, first: 10) {
        nodes {
          kind
          commit
          state
          context
          responseStatus
          attempt
          url
        }
      }
      integrations {
        consumer {
          name
        }
        provider {
          name
        }
        calls(first: 10) {
          nodes {
            kind
            state
            responseStatus
          }
        }
      }
    }
  `;
  const res = await broker.request.post('/graphql').send({ query, variables: { consumer, provider } });
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  const calls = res.body.data.gitHubCalls.nodes as Array<Record<string, unknown>>;
  const statusUrl = `${github.apiUrl}/repos/acme/${consumer}/statuses/${commit}`;
  const context = `treaty/${provider}`;
  expect(calls).toEqual([
    {
      kind: 'github-check-run',
      commit,
      state: 'success',
      context,
      responseStatus: 201,
      attempt: 1,
      url: `${github.apiUrl}/repos/acme/${consumer}/check-runs`,
    },
    { kind: 'github-commit-status', commit, state: 'success', context, responseStatus: 201, attempt: 1, url: statusUrl },
    { kind: 'github-commit-status', commit, state: 'pending', context, responseStatus: 201, attempt: 2, url: statusUrl },
    { kind: 'github-commit-status', commit, state: 'pending', context, responseStatus: 500, attempt: 1, url: statusUrl },
  ]);
  const integration = (
    res.body.data.integrations as Array<{ consumer: { name: string }; calls: { nodes: Array<Record<string, unknown>> } }>
  ).find((i) => i.consumer.name === consumer)!;
  expect(integration.calls.nodes.map((n) => `${String(n.kind)} ${String(n.state)} ${String(n.responseStatus)}`)).toEqual([
    'github-check-run success 201',
    'github-commit-status success 201',
    'webhook null 201',
    'github-commit-status pending 201',
    'github-commit-status pending 500',
  ]);
});
