// The official `pact-broker` CLI (Rust, from @pact-foundation/pact-cli) against a live Treaty on
// loopback: the commands a CI pipeline runs, asserted on their exit codes and output (issue 2).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactCliBin } from '../support/pact-verifier.ts';
import { runCommand } from '../support/run-command.ts';
import { pactDocument, seed, uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
let baseUrl: string;
let pactDir: string;

const consumer = uniqueName('order-service');
const provider = uniqueName('payment-service');
const environment = uniqueName('production');

function pactBroker(...args: string[]) {
  return runCommand(process.execPath, [pactCliBin('pact-broker'), ...args, '--broker-base-url', baseUrl], {
    env: { PACT_BROKER_TOKEN: '', PACT_BROKER_USERNAME: '', PACT_BROKER_PASSWORD: '' },
  });
}

async function writePact(version: string, variant: string): Promise<string> {
  const dir = path.join(pactDir, version);
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
  await writeFile(path.join(dir, `${consumer}-${provider}.json`), JSON.stringify(pactDocument(consumer, provider, variant), null, 2));
  return dir;
}

beforeAll(async () => {
  broker = await startTestBroker();
  baseUrl = await broker.listen();
  pactDir = await mkdtemp(path.join(os.tmpdir(), 'treaty-pacts-'));
});

afterAll(async () => {
  await broker?.close();
  await rm(pactDir, { recursive: true, force: true });
});

describe('the official pact-broker CLI against Treaty', () => {
  it('publishes a pact with a branch and tags (pact-broker publish)', async () => {
    const dir = await writePact('1.0.0', 'v1');
    const res = await pactBroker('publish', dir, '--consumer-app-version', '1.0.0', '--branch', 'main', '--tag', 'dev');
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain(consumer);
  });

  it('describes the published version (pact-broker describe-version)', async () => {
    const res = await pactBroker('describe-version', '--pacticipant', consumer, '--version', '1.0.0');
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain('1.0.0');
    expect(res.output).toContain('dev');
  });

  it('lists the latest pact for the integration (pact-broker list-latest-pact-versions)', async () => {
    const res = await pactBroker('list-latest-pact-versions');
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain(consumer);
    expect(res.output).toContain(provider);
  });

  it('creates an environment (pact-broker create-environment)', async () => {
    const res = await pactBroker('create-environment', '--name', environment, '--display-name', 'Production', '--production');
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain(environment);
  });

  it('records the provider deployment after a successful verification (pact-broker record-deployment)', async () => {
    const kit = seed(broker.request);
    const pactRes = await broker.request.get(`/pacts/provider/${provider}/consumer/${consumer}/version/1.0.0`);
    expect(pactRes.status).toBe(200);
    const sha = String(pactRes.body._links['pb:pact-version'].href).split('/pact-version/')[1]!;
    await kit
      .existingPacticipant(provider)
      .verify(
        { consumer, provider, consumerVersion: '1.0.0', sha, url: '', content: pactDocument(consumer, provider) },
        { version: 'p-1', success: true },
      );
    const res = await pactBroker('record-deployment', '--pacticipant', provider, '--version', 'p-1', '--environment', environment);
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain(environment);
  });

  it('says yes when the consumer version was verified by the provider in the environment (pact-broker can-i-deploy)', async () => {
    const res = await pactBroker('can-i-deploy', '--pacticipant', consumer, '--version', '1.0.0', '--to-environment', environment);
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain('Computer says yes');
  });

  it('says no for a changed pact that the deployed provider has not verified (pact-broker can-i-deploy)', async () => {
    const dir = await writePact('2.0.0', 'v2-changed');
    const published = await pactBroker('publish', dir, '--consumer-app-version', '2.0.0', '--branch', 'main');
    expect(published.exitCode, published.output).toBe(0);
    const res = await pactBroker('can-i-deploy', '--pacticipant', consumer, '--version', '2.0.0', '--to-environment', environment);
    expect(res.exitCode, res.output).toBe(1);
    expect(res.output).toContain('Computer says no');
    expect(res.output).toContain('There is no verified pact between');
  });

  it('tags a version (pact-broker create-version-tag)', async () => {
    const res = await pactBroker('create-version-tag', '--pacticipant', consumer, '--version', '1.0.0', '--tag', 'prod');
    expect(res.exitCode, res.output).toBe(0);
    const version = await broker.request.get(`/pacticipants/${consumer}/versions/1.0.0`);
    expect(version.body._embedded.tags.map((t: { name: string }) => t.name)).toContain('prod');
  });

  it('records the undeployment, after which the consumer can no longer deploy (pact-broker record-undeployment)', async () => {
    const res = await pactBroker('record-undeployment', '--pacticipant', provider, '--environment', environment);
    expect(res.exitCode, res.output).toBe(0);
    const after = await pactBroker('can-i-deploy', '--pacticipant', consumer, '--version', '1.0.0', '--to-environment', environment);
    expect(after.exitCode, after.output).toBe(1);
  });
});
