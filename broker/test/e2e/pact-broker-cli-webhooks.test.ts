// The official `pact-broker` CLI's webhook commands against a live Treaty on loopback (issue #5):
// create-webhook, create-or-update-webhook and test-webhook, then a real delivery of the webhook
// the CLI created when a pact is published with `pact-broker publish`.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpTarget, type HttpTarget } from '../support/http-target.ts';
import { pactCliBin } from '../support/pact-verifier.ts';
import { runCommand } from '../support/run-command.ts';
import { pactDocument, uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
let baseUrl: string;
let target: HttpTarget;
let pactDir: string;
const consumer = uniqueName('order-service');
const provider = uniqueName('payment-service');
const uuid = `treaty-cli-${uniqueName('hook')}`;

function pactBroker(...args: string[]) {
  return runCommand(process.execPath, [pactCliBin('pact-broker'), ...args, '--broker-base-url', baseUrl], {
    env: { PACT_BROKER_TOKEN: '', PACT_BROKER_USERNAME: '', PACT_BROKER_PASSWORD: '' },
  });
}

beforeAll(async () => {
  broker = await startTestBroker({}, {}, { isolatedDatabase: true });
  baseUrl = await broker.listen();
  target = await startHttpTarget();
  pactDir = await mkdtemp(path.join(os.tmpdir(), 'treaty-cli-webhooks-'));
  await broker.request.post('/pacticipants').send({ name: consumer });
  await broker.request.post('/pacticipants').send({ name: provider });
});
afterAll(async () => {
  await target?.close();
  await broker?.close();
  await rm(pactDir, { recursive: true, force: true });
});

describe('the official pact-broker CLI webhook commands against Treaty', () => {
  it('creates a webhook (pact-broker create-webhook)', async () => {
    const run = await pactBroker(
      'create-webhook',
      `${target.url}/created`,
      '--request',
      'POST',
      '--header',
      'Content-Type: application/json',
      '--data',
      '{"consumer":"${pactbroker.consumerName}"}',
      '--consumer',
      consumer,
      '--provider',
      provider,
      '--description',
      'CLI-made webhook',
      '--contract-published',
    );
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    // The Rust CLI prints the created webhook resource.
    expect(JSON.parse(run.stdout)).toMatchObject({
      description: 'CLI-made webhook',
      events: [{ name: 'contract_published' }],
      request: { method: 'POST', url: `${target.url}/created` },
    });
    const list = await broker.request.get(`/webhooks/provider/${encodeURIComponent(provider)}/consumer/${encodeURIComponent(consumer)}`);
    expect(list.body._links['pb:webhooks']).toHaveLength(1);
  });

  it('creates, then updates, a webhook with a given uuid (pact-broker create-or-update-webhook)', async () => {
    const args = (description: string) => [
      'create-or-update-webhook',
      `${target.url}/build`,
      '--uuid',
      uuid,
      '--request',
      'POST',
      '--data',
      'build ${pactbroker.consumerVersionNumber}',
      '--consumer',
      consumer,
      '--description',
      description,
      '--contract-content-changed',
    ];
    const created = await pactBroker(...args('first'));
    expect(created.exitCode, created.stdout + created.stderr).toBe(0);
    const updated = await pactBroker(...args('second'));
    expect(updated.exitCode, updated.stdout + updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ uuid, description: 'second', events: [{ name: 'contract_content_changed' }] });
    const res = await broker.request.get(`/webhooks/${uuid}`);
    expect(res.body.description).toBe('second');
  });

  it('executes it with example data (pact-broker test-webhook)', async () => {
    const run = await pactBroker('test-webhook', '--uuid', uuid);
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(target.received.at(-1)).toMatchObject({ path: '/build', body: 'build 1.0.0-example' });
  });

  it('delivers both webhooks after `pact-broker publish`, from the job queue', async () => {
    target.received.length = 0;
    const dir = path.join(pactDir, 'v1');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${consumer}-${provider}.json`), JSON.stringify(pactDocument(consumer, provider)));
    const run = await pactBroker('publish', dir, '--consumer-app-version', 'abc123', '--branch', 'main');
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(target.received).toHaveLength(0);
    await broker.runDueJobs();
    expect(target.received.map((r) => [r.path, r.body]).sort()).toEqual([
      ['/build', 'build abc123'],
      ['/created', JSON.stringify({ consumer })],
    ]);
  });
});
