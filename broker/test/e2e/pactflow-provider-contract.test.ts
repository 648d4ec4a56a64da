// PactFlow's bi-directional workflow with the official CLI unchanged (issue 12): the provider publishes its OpenAPI
// document with its self-verification results (`pactflow publish-provider-contract`), Treaty compares the consumer's
// pact with it, and `pact-broker can-i-deploy` answers yes, or no when the self-verification failed.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactCliBin } from '../support/pact-verifier.ts';
import { runCommand } from '../support/run-command.ts';
import { seed, uniqueName, type PactDocument } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/schemas/bidirectional/example-petstore-valid');

let broker: TestBroker;
let baseUrl: string;
let dir: string;
const consumer = uniqueName('petstore-web');
const provider = uniqueName('petstore-api');

const cliEnv = { PACT_BROKER_TOKEN: '', PACT_BROKER_USERNAME: '', PACT_BROKER_PASSWORD: '' };
const pactflow = (...args: string[]) =>
  runCommand(process.execPath, [pactCliBin('pactflow'), ...args, '--broker-base-url', baseUrl], { env: cliEnv });
const pactBroker = (...args: string[]) =>
  runCommand(process.execPath, [pactCliBin('pact-broker'), ...args, '--broker-base-url', baseUrl], { env: cliEnv });

beforeAll(async () => {
  broker = await startTestBroker();
  baseUrl = await broker.listen();
  dir = await mkdtemp(path.join(os.tmpdir(), 'treaty-provider-contract-'));
  await writeFile(path.join(dir, 'oas.yaml'), await readFile(path.join(fixtures, 'oas.yaml'), 'utf8'));
  await writeFile(path.join(dir, 'results.txt'), 'dredd: 12 passing, 0 failing\n');
  await writeFile(path.join(dir, 'not-openapi.yaml'), 'just: some\nyaml: [1, 2]\n');
  const pact = JSON.parse(await readFile(path.join(fixtures, 'pact.json'), 'utf8')) as PactDocument;
  await seed(broker.request)
    .existingPacticipant(consumer)
    .publishPact({
      version: 'c1',
      provider,
      branch: 'main',
      content: { ...pact, consumer: { name: consumer }, provider: { name: provider } },
    });
});

afterAll(async () => {
  await broker?.close();
  await rm(dir, { recursive: true, force: true });
});

const publishContract = (version: string, ...verification: string[]) =>
  pactflow(
    'publish-provider-contract',
    path.join(dir, 'oas.yaml'),
    '--provider',
    provider,
    '--provider-app-version',
    version,
    '--branch',
    'main',
    '--tag',
    'dev',
    '--build-url',
    'https://ci.example/builds/7',
    '--content-type',
    'application/yaml',
    ...verification,
  );

describe('pactflow publish-provider-contract, then can-i-deploy', () => {
  it('publishes the OpenAPI document with passing self-verification results, and can-i-deploy says yes', async () => {
    const res = await publishContract(
      '1.0.0',
      '--verification-success',
      '--verification-results',
      path.join(dir, 'results.txt'),
      '--verification-results-content-type',
      'text/plain',
      '--verification-results-format',
      'text',
      '--verifier',
      'dredd',
      '--verifier-version',
      '14.1.0',
    );
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain(`Provider contract for ${provider} version 1.0.0 published`);
    await broker.runDueJobs();

    const yes = await pactBroker(
      'can-i-deploy',
      '--pacticipant',
      consumer,
      '--version',
      'c1',
      '--pacticipant',
      provider,
      '--version',
      '1.0.0',
    );
    expect(yes.exitCode, yes.output).toBe(0);
    expect(yes.output).toContain('Computer says yes');

    const contract = await broker.request.get(`/contracts/bi-directional/provider/${provider}/version/1.0.0/provider-contract`);
    expect(contract.status).toBe(200);
    expect(contract.body.content).toContain('openapi');
    expect(contract.body.selfVerificationResults).toMatchObject({
      success: true,
      content: 'dredd: 12 passing, 0 failing\n',
      contentType: 'text/plain',
      format: 'text',
      verifier: 'dredd',
      verifierVersion: '14.1.0',
    });
    const version = await broker.request.get(`/pacticipants/${provider}/versions/1.0.0`);
    expect(version.body.buildUrl).toBe('https://ci.example/builds/7');
    expect(version.body._embedded.tags.map((t: { name: string }) => t.name)).toEqual(['dev']);
    const cross = await broker.request.get(
      `/contracts/bi-directional/provider/${provider}/version/1.0.0/consumer/${consumer}/version/c1/cross-contract-verification-results`,
    );
    expect(cross.status).toBe(200);
    expect(cross.body.success).toBe(true);
  });

  it('makes the provider version not deployable when its self-verification failed (--no-verification-success)', async () => {
    const res = await publishContract('2.0.0', '--no-verification-success', '--verifier', 'dredd');
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain('Self-verification results: failed');
    await broker.runDueJobs();

    const no = await pactBroker(
      'can-i-deploy',
      '--pacticipant',
      consumer,
      '--version',
      'c1',
      '--pacticipant',
      provider,
      '--version',
      '2.0.0',
    );
    expect(no.exitCode, no.output).toBe(1);
    expect(no.output).toContain('Computer says no');
    const results = await broker.request.get(
      `/contracts/bi-directional/provider/${provider}/version/2.0.0/provider-contract-verification-results`,
    );
    expect(results.body).toMatchObject({ success: false, verifier: 'dredd' });
    const cross = await broker.request.get(
      `/contracts/bi-directional/provider/${provider}/version/2.0.0/consumer/${consumer}/version/c1/cross-contract-verification-results`,
    );
    expect(cross.body.success).toBe(false);
    expect(cross.body.results.findings[0].rule).toBe('provider.self-verification.failed');
  });

  it('refuses a contract that is not OpenAPI with a message naming the problem (non-zero exit)', async () => {
    // The CLI asks for problem+json but only prints JSON or HAL error bodies; it logs the problem at --log-level error.
    const res = await pactflow(
      '--log-level',
      'error',
      'publish-provider-contract',
      path.join(dir, 'not-openapi.yaml'),
      '--provider',
      provider,
      '--provider-app-version',
      '3.0.0',
      '--verification-success',
      '--verifier',
      'dredd',
    );
    expect(res.exitCode, res.output).not.toBe(0);
    expect(res.output).toContain('400 Bad Request');
    expect(res.output).toContain('contract.content: is not an OpenAPI document');
  });
});
