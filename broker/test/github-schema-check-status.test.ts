// Treaty's schema-to-schema checks (a consumer's .proto read against the provider's) reach GitHub like pact
// verifications (issue #18): a commit status on the consumer version's commit, context treaty/<provider>/<subject>,
// success when compatible and failure when the provider's next version breaks it; with TREATY_GITHUB_CHECK_RUNS a
// check run of the same name listing the findings. Against a fake GitHub on loopback.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createGitHubCheckRunHandler, GITHUB_CHECK_RUN_JOB } from '../src/jobs/github-check-run.ts';
import { createGitHubStatusHandler } from '../src/jobs/github-status.ts';
import { runSchemaCheck } from '../src/jobs/schema-check.ts';
import { startFakeGitHub, type FakeGitHub } from './support/fake-github.ts';
import { seed } from './support/seed.ts';
import { startTestBroker, type TestBroker } from './support/test-broker.ts';

let broker: TestBroker;
let github: FakeGitHub;
const UI = 'https://treaty.example.org/ui';
const handlers = {
  'schema-check': runSchemaCheck,
  'github-status': createGitHubStatusHandler({ throttle: false }),
  [GITHUB_CHECK_RUN_JOB]: createGitHubCheckRunHandler({ throttle: false }),
};
const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/schemas/${name}`, import.meta.url)), 'utf8');

beforeAll(async () => {
  github = await startFakeGitHub();
  broker = await startTestBroker(
    {},
    {
      TREATY_GITHUB_TOKEN: 'ghs_schematoken',
      TREATY_GITHUB_API_URL: github.apiUrl,
      TREATY_GITHUB_CHECK_RUNS: 'true',
      TREATY_UI_BASE_URL: UI,
      TREATY_WEBHOOK_RETRY_SCHEDULE: '0',
    },
    { isolatedDatabase: true },
  );
});
afterAll(async () => {
  await broker.close();
  await github.close();
});

test("a consumer schema checked against the provider's gets a commit status and a check run on its commit: success, then failure when the provider breaks it", async () => {
  const s = seed(broker.request);
  const consumer = s.pacticipant('order-service').name;
  const provider = s.pacticipant('ledger-service').name;
  const subject = `${provider.replace(/-/g, '_')}.v1.PaymentService`;
  const commit = randomBytes(20).toString('hex');
  expect(
    (await broker.request.post('/pacticipants').send({ name: consumer, repositoryUrl: `${github.apiUrl}/acme/${consumer}` })).status,
  ).toBe(201);
  const publish = async (pacticipant: string, version: string, role: 'provider' | 'consumer', file: string) => {
    const res = await broker.request
      .post('/schemas/publish')
      .set('Accept', 'application/json')
      .send({
        pacticipantName: pacticipant,
        pacticipantVersionNumber: version,
        subject,
        kind: 'protobuf',
        role,
        files: [{ path: 'payment/v1/payment.proto', content: fixture(file) }],
      });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await broker.runDueJobs(handlers);
  };
  await publish(provider, '11.0.0', 'provider', 'payment-v1.proto');
  await publish(consumer, commit, 'consumer', 'order-reads-payment.proto');
  await publish(provider, '12.0.0', 'provider', 'payment-v2-breaking.proto');

  const context = `treaty/${provider}/${subject}`;
  const statuses = github.requests.filter((r) => r.path.includes('/statuses/'));
  expect(statuses.map((r) => r.path)).toEqual([`/repos/acme/${consumer}/statuses/${commit}`, `/repos/acme/${consumer}/statuses/${commit}`]);
  expect(statuses.map((r) => r.body)).toEqual([
    {
      state: 'success',
      context,
      target_url: `${UI}/schemas/${encodeURIComponent(subject)}`,
      description: `Schema ${subject} is compatible with ${provider} 11.0.0`,
    },
    {
      state: 'failure',
      context,
      target_url: `${UI}/schemas/${encodeURIComponent(subject)}`,
      description: `Schema ${subject} is not compatible with ${provider} 12.0.0`,
    },
  ]);
  expect(github.commitState(commit, context)).toBe('failure');

  const runs = github.checkRuns.filter((r) => r.head_sha === commit);
  expect(runs.map((r) => [r.name, r.conclusion, r.status])).toEqual([
    [context, 'success', 'completed'],
    [context, 'failure', 'completed'],
  ]);
  const failed = runs[1]!.output as { title: string; summary: string };
  expect(failed.title).toBe(`Not compatible with ${provider} 12.0.0`);
  expect(failed.summary).toMatch(/### Findings \(\d+\)/);

  // and the calls are listed with the integration's, by kind
  const listed = await broker.request.post('/graphql').send({
    query: `query ($c: String, $p: String) { gitHubCalls(consumer: $c, provider: $p) { nodes { kind state context eventName } } }`,
    variables: { c: consumer, p: provider },
  });
  expect(listed.body.data.gitHubCalls.nodes).toEqual([
    { kind: 'github-check-run', state: 'failure', context, eventName: 'schema_checked' },
    { kind: 'github-commit-status', state: 'failure', context, eventName: 'schema_checked' },
    { kind: 'github-check-run', state: 'success', context, eventName: 'schema_checked' },
    { kind: 'github-commit-status', state: 'success', context, eventName: 'schema_checked' },
  ]);
});
