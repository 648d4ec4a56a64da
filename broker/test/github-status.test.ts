// GitHub commit statuses (issue #5) against a fake GitHub API on loopback: the path, the token
// header and the {state, target_url, description, context} payload octokit sends on pact publish
// (pending) and verification (success / failure); and what happens when GitHub answers 404, 500 or
// 403 rate-limited. The fake's host stands for a GitHub Enterprise server (TREATY_GITHUB_API_URL).
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createGitHubStatusHandler } from '../src/jobs/github-status.ts';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.ts';
import { seed } from './support/seed.ts';
import { startTestBroker, type TestBroker } from './support/test-broker.ts';
import { sql } from '../src/store/sql.ts';

let broker: TestBroker;
let github: FakeGitHub;
const UI = 'https://treaty.example.org/ui';
const handlers = { 'github-status': createGitHubStatusHandler() };
const runJobs = () => broker.runDueJobs(handlers);
const sha = () => randomBytes(20).toString('hex');

beforeAll(async () => {
  github = await startFakeGitHub();
  broker = await startTestBroker(
    {},
    {
      TREATY_GITHUB_TOKEN: 'ghp_faketoken123',
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
});

/** A consumer linked to a repository on the (fake) GitHub host, and a provider. */
async function linkedPair(repositoryUrl?: (name: string) => string) {
  const s = seed(broker.request);
  const consumer = s.pacticipant('order-service');
  const provider = s.pacticipant('payment-service');
  const url = repositoryUrl ? repositoryUrl(consumer.name) : `${github.apiUrl}/acme/${consumer.name}.git`;
  expect((await broker.request.post('/pacticipants').send({ name: consumer.name, repositoryUrl: url })).status).toBe(201);
  return { consumer, provider };
}

const jobRows = () =>
  broker.db.rows<{ status: string; last_error: string | null; run_at: Date }>(
    sql`SELECT status, last_error, run_at FROM jobs WHERE kind = 'github-status' ORDER BY id DESC LIMIT 1`,
  );

describe('when a pact is published and verified', () => {
  test('sets pending on the consumer commit, then success, with the provider as context and the UI pact page as target', async () => {
    const { consumer, provider } = await linkedPair();
    const commit = sha();
    const pact = await consumer.publishPact({ version: commit, provider });
    expect(github.requests).toHaveLength(0); // not during the request
    await runJobs();

    expect(github.requests).toHaveLength(1);
    const [pending] = github.requests;
    expect(pending!.method).toBe('POST');
    expect(pending!.path).toBe(`/repos/acme/${consumer.name}/statuses/${commit}`);
    expect(pending!.headers.authorization).toBe('token ghp_faketoken123');
    const target = `${UI}/pacts/${provider.name}/${consumer.name}/${commit}`;
    expect(pending!.body).toEqual({
      state: 'pending',
      target_url: target,
      description: `Pact published; waiting for ${provider.name} to verify it`,
      context: `treaty/${provider.name}`,
    });

    await provider.verify(pact, { version: 'p-1', success: true });
    await runJobs();
    expect(github.requests[1]!.body).toEqual({
      state: 'success',
      target_url: target,
      description: `Pact verified by ${provider.name} p-1`,
      context: `treaty/${provider.name}`,
    });
  });

  test('a failed verification sets failure; a pending job that runs after the result exists is dropped, so it cannot hide it', async () => {
    const { consumer, provider } = await linkedPair();
    const pact = await consumer.publishPact({ version: sha(), provider });
    // Both jobs are due at once (as after a retry of the pending one): whichever order workers pick, GitHub ends on failure.
    await provider.verify(pact, { version: 'p-2', success: false });
    await runJobs();
    expect(github.requests.map((r) => r.body.state)).toEqual(['failure']);
  });

  test('links by git@host:owner/repo.git too, and skips versions that are not commit SHAs (log line, job done)', async () => {
    const host = new URL(github.apiUrl).hostname;
    const { consumer, provider } = await linkedPair(() => `git@${host}:acme/scp-style.git`);
    await consumer.publishPact({ version: '1.2.3', provider });
    await runJobs();
    expect(github.requests).toHaveLength(0);
    expect((await jobRows())[0]!.status).toBe('done');

    const commit = sha();
    await consumer.publishPact({ version: commit, provider });
    await runJobs();
    expect(github.requests.map((r) => r.path)).toEqual([`/repos/acme/scp-style/statuses/${commit}`]);
  });

  test('a pacticipant without a GitHub repository gets no status', async () => {
    const { consumer, provider } = await linkedPair(() => 'https://gitlab.example.org/acme/elsewhere');
    await consumer.publishPact({ version: sha(), provider });
    await runJobs();
    expect(github.requests).toHaveLength(0);
  });
});

describe('when can-i-deploy is asked for an environment', () => {
  test('sets treaty/can-i-deploy/<environment> on the version commit with the answer, once per answer and minute', async () => {
    const { consumer, provider } = await linkedPair();
    const environment = await seed(broker.request).environment('production');
    const commit = sha();
    await consumer.publishPact({ version: commit, provider });
    await runJobs();
    github.requests.length = 0;

    const ask = () =>
      broker.request.get('/can-i-deploy').query({ pacticipant: consumer.name, version: commit, environment: environment.name });
    const deployable = (await ask()).body.summary.deployable === true;
    await ask(); // CI polling: the same answer again
    await runJobs();
    expect(github.requests).toHaveLength(1);
    expect(github.requests[0]!.path).toBe(`/repos/acme/${consumer.name}/statuses/${commit}`);
    expect(github.requests[0]!.body).toMatchObject({
      state: deployable ? 'success' : 'failure',
      context: `treaty/can-i-deploy/${environment.name}`,
      target_url: `${UI}/pacticipants/${consumer.name}`,
    });
    expect(String(github.requests[0]!.body.description)).toMatch(
      new RegExp(`^${deployable ? 'Can deploy' : 'Cannot deploy'} to ${environment.name}: `),
    );
  });
});

describe('when GitHub does not answer 201', () => {
  test('404 (unknown repository or no access) ends the job failed with an explanation in the log', async () => {
    const { consumer, provider } = await linkedPair();
    github.respondWith({ status: 404, body: { message: 'Not Found' } });
    await consumer.publishPact({ version: sha(), provider });
    await runJobs();
    expect(github.requests).toHaveLength(1);
    const [job] = await jobRows();
    expect(job!.status).toBe('failed');
    expect(job!.last_error).toMatch(
      /404 for acme\/order-service-\w+: the repository does not exist or TREATY_GITHUB_TOKEN cannot access it/,
    );
    const logged = await broker.db.rows<{ response_status: number; error: string; request: { headers: Record<string, string> } }>(
      sql`SELECT response_status, error, request FROM webhook_executions WHERE kind = 'github-commit-status' ORDER BY id DESC LIMIT 1`,
    );
    expect(logged[0]!.response_status).toBe(404);
    expect(logged[0]!.error).toMatch(/404/);
    expect(logged[0]!.request.headers.authorization).toBe('**********');
  });

  test('500 is retried by the job queue (one call per attempt, none inside the HTTP client) and every call is logged', async () => {
    const { consumer, provider } = await linkedPair();
    github.respondWith({ status: 500 });
    await consumer.publishPact({ version: sha(), provider });
    await runJobs(); // retry schedule 0: the second attempt is due at once
    expect(github.requests).toHaveLength(2);
    expect((await jobRows())[0]!.status).toBe('done');
    const statuses = await broker.db.rows<{ response_status: number; attempt: number }>(
      sql`SELECT response_status, attempt FROM webhook_executions WHERE kind = 'github-commit-status' AND job_id = (SELECT max(id) FROM jobs WHERE kind = 'github-status') ORDER BY id`,
    );
    expect(statuses).toEqual([
      { response_status: 500, attempt: 1 },
      { response_status: 201, attempt: 2 },
    ]);
  });

  test('403 with x-ratelimit-remaining: 0 reschedules the job for when retry-after says, then it succeeds', async () => {
    const { consumer, provider } = await linkedPair();
    github.respondWith({
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1), 'retry-after': '1' },
      body: { message: 'API rate limit exceeded' },
    });
    await consumer.publishPact({ version: sha(), provider });
    const started = Date.now();
    await runJobs();
    expect(github.requests).toHaveLength(1); // no wait-and-resend inside the attempt
    const [waiting] = await jobRows();
    expect(waiting!.status).toBe('queued');
    expect(new Date(waiting!.run_at).getTime() - started).toBeGreaterThanOrEqual(900);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, new Date(waiting!.run_at).getTime() - Date.now() + 50)));
    await runJobs();
    expect(github.requests).toHaveLength(2);
    expect((await jobRows())[0]!.status).toBe('done');
  });

  test('a rate limit that resets far in the future reschedules the job for then instead of waiting', async () => {
    const { consumer, provider } = await linkedPair();
    const reset = Math.floor(Date.now() / 1000) + 3600;
    github.respondWith({
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded' },
    });
    await consumer.publishPact({ version: sha(), provider });
    await runJobs();
    expect(github.requests).toHaveLength(1);
    const [job] = await jobRows();
    expect(job!.status).toBe('queued');
    expect(job!.last_error).toMatch(/rate limit/);
    expect(new Date(job!.run_at).getTime()).toBeGreaterThan(Date.now() + 3500_000);
  });
});
