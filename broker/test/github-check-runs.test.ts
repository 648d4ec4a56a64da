// GitHub check runs (issue #5, TREATY_GITHUB_CHECK_RUNS) against a fake GitHub API on loopback: off by
// default; when on, one completed check run per verification on the consumer's commit, after its commit
// status, with the failed interactions in its Markdown output; a retry after a lost answer does not create a
// second run; GitHub's 403 for tokens that are not a GitHub App's ends the job with a clear error log.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createGitHubCheckRunHandler } from '../src/jobs/github-check-run.ts';
import { createGitHubStatusHandler } from '../src/jobs/github-status.ts';
import type { JobHandler } from '../src/jobs/job-runner.ts';
import { createLogger } from '../src/logger.ts';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.ts';
import { seed, type PublishedPact } from './support/seed.ts';
import { startTestBroker, type TestBroker } from './support/test-broker.ts';
import { sql } from '../src/store/sql.ts';

let broker: TestBroker;
let github: FakeGitHub;
const UI = 'https://treaty.example.org/ui';
const logs: Array<{ level: number; msg: string; error?: string }> = [];
const logger = createLogger(
  { logLevel: 'info' },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(JSON.parse(chunk.toString('utf8')) as (typeof logs)[number]);
      done();
    },
  }),
);
// No rate limits are tested here, so octokit's 1 s spacing of POSTs is off to keep the file fast.
const client = { throttle: false };
const checkRun = createGitHubCheckRunHandler(client);
const handlers: Record<string, JobHandler> = {
  'github-status': createGitHubStatusHandler(client),
  'github-check-run': (job, ctx) => checkRun(job, { ...ctx, logger }),
};
const runJobs = () => broker.runDueJobs(handlers);
const sha = () => randomBytes(20).toString('hex');
const checkRunRequests = () => github.requests.filter((r) => r.path.includes('/check-runs'));

beforeAll(async () => {
  github = await startFakeGitHub();
  broker = await startTestBroker(
    {},
    {
      TREATY_GITHUB_TOKEN: 'ghs_installationtoken',
      TREATY_GITHUB_API_URL: github.apiUrl,
      TREATY_UI_BASE_URL: UI,
      TREATY_WEBHOOK_RETRY_SCHEDULE: '0',
      TREATY_WEBHOOK_MAX_ATTEMPTS: '2',
    },
    { isolatedDatabase: true },
  );
});
afterAll(async () => {
  await broker.close();
  await github.close();
});
afterEach(() => {
  github.requests.length = 0;
  logs.length = 0;
});

// As Pact Rust (pact-js 10+) publishes them: 2 of 3 interactions failed.
const testResults = [
  { interactionId: 'i1', interactionDescription: 'a request for an order', success: true },
  {
    interactionId: 'i2',
    interactionDescription: 'a request to pay an order',
    success: false,
    mismatches: [{ type: 'StatusMismatch', expected: 201, actual: 500, mismatch: 'expected 201 but was 500' }],
  },
  {
    interactionId: 'i3',
    interactionDescription: 'a refund',
    success: false,
    mismatches: [{ type: 'BodyMismatch', path: '$.amount', expected: 10, actual: 'ten', mismatch: 'Expected 10 but received "ten"' }],
  },
];

/** A consumer linked to a repository on the fake GitHub host, its pact at a commit, and a failed verification of it. */
async function failedVerification() {
  const s = seed(broker.request);
  const consumer = s.pacticipant('order-service');
  const provider = s.pacticipant('payment-service');
  expect(
    (await broker.request.post('/pacticipants').send({ name: consumer.name, repositoryUrl: `${github.apiUrl}/acme/${consumer.name}` }))
      .status,
  ).toBe(201);
  const commit = sha();
  const pact: PublishedPact = await consumer.publishPact({ version: commit, provider });
  const res = await broker.request
    .post(`/pacts/provider/${provider.name}/consumer/${consumer.name}/pact-version/${pact.sha}/verification-results`)
    .send({ success: false, providerApplicationVersion: '11.0.0', testResults });
  expect(res.status).toBe(201);
  return { consumer, provider, commit };
}

const lastCheckRunJob = async () =>
  await broker.db.maybeOne<{ status: string; attempts: number; last_error: string | null }>(
    sql`SELECT status, attempts, last_error FROM jobs WHERE kind = 'github-check-run' ORDER BY id DESC LIMIT 1`,
  );

test('check runs are off by default (TREATY_GITHUB_CHECK_RUNS unset): only the commit status is sent', async () => {
  expect(broker.config.github.checkRuns).toBe(false);
  const { consumer, commit } = await failedVerification();
  await runJobs();
  // (the "pending" status is dropped: the verification result exists when the jobs run)
  expect(github.requests.map((r) => `${r.path} ${String(r.body.state)}`)).toEqual([
    `/repos/acme/${consumer.name}/statuses/${commit} failure`,
  ]);
  expect(await lastCheckRunJob()).toBeUndefined();
});

describe('when TREATY_GITHUB_CHECK_RUNS=true', () => {
  beforeAll(() => {
    broker.config.github.checkRuns = loadConfig({ TREATY_GITHUB_CHECK_RUNS: 'true' }).github.checkRuns;
  });
  afterAll(() => {
    broker.config.github.checkRuns = false;
  });

  test('a verification gets one completed check run on the consumer commit, after its status, listing the failed interactions', async () => {
    const { consumer, provider, commit } = await failedVerification();
    await runJobs();
    expect(github.requests.map((r) => `${r.method} ${r.path}`).slice(-2)).toEqual([
      `POST /repos/acme/${consumer.name}/statuses/${commit}`,
      `POST /repos/acme/${consumer.name}/check-runs`,
    ]);
    const [create] = checkRunRequests();
    expect(create!.headers.authorization).toBe('token ghs_installationtoken');
    expect(create!.body).toMatchObject({
      name: `treaty/${provider.name}`,
      head_sha: commit,
      status: 'completed',
      conclusion: 'failure',
      details_url: `${UI}/pacts/${provider.name}/${consumer.name}/${commit}`,
    });
    const output = create!.body.output as { title: string; summary: string; text: string };
    expect(output.title).toBe(`${provider.name} 11.0.0 verified the pact: 2 of 3 interactions failed`);
    expect(output.summary).toContain('- a request to pay an order\n- a refund');
    expect(output.text).toContain('#### a request to pay an order\n- status: expected 201 but was 500');
    expect(output.text).toContain('- body $.amount: Expected 10 but received "ten"');

    await runJobs(); // nothing left to do: one run per verification
    expect(github.checkRuns.filter((r) => r.head_sha === commit)).toHaveLength(1);
    expect((await lastCheckRunJob())!.status).toBe('done');
  });

  test('a retry after GitHub created the run but the answer was lost finds it instead of creating a second one', async () => {
    github.respondWith({ status: 201 }, { status: 502, afterActing: true });
    const { commit } = await failedVerification();
    await runJobs();
    expect(checkRunRequests().map((r) => r.method)).toEqual(['POST', 'GET']); // no octokit retry of the POST; the job's retry looks first
    expect(github.checkRuns.filter((r) => r.head_sha === commit)).toHaveLength(1);
    expect(await lastCheckRunJob()).toMatchObject({ status: 'done', attempts: 2 });
  });

  test('403 "Resource not accessible by integration" (a token that is not a GitHub App\'s) fails the job once, with an error log that says why', async () => {
    github.respondWith(
      { status: 201 },
      {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest/checks/runs#create-a-check-run',
        },
      },
    );
    const { consumer } = await failedVerification();
    await runJobs();
    expect(checkRunRequests()).toHaveLength(1);
    const job = await lastCheckRunJob();
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job!.last_error).toMatch(
      new RegExp(
        `^GitHub answered 403 for acme/${consumer.name}: Resource not accessible by integration.*\\. GitHub lets only GitHub Apps create check runs`,
      ),
    );
    const errors = logs.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ msg: 'GitHub check run not created', error: job!.last_error });
    const logged = await broker.db.rows<{ response_status: number; triggered_uuid: string }>(
      sql`SELECT response_status, triggered_uuid FROM webhook_executions WHERE triggered_uuid LIKE 'github-check-run-%' ORDER BY id DESC LIMIT 1`,
    );
    expect(logged[0]!.response_status).toBe(403);
  });
});
