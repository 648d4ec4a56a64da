// The official `pact-broker` CLI against a live Treaty for the broker-talking commands the other
// CLI e2e files do not run, each in its text (or table) and its JSON output; and a table-driven
// check that the JSON of the listing/describe commands parses (issue 12).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

const consumer = uniqueName('basket-service');
const provider = uniqueName('stock-service');
const newcomer = uniqueName('loyalty-service');
const environment = uniqueName('app-store');
let environmentUuid = '';

function pactBroker(...args: string[]) {
  return runCommand(process.execPath, [pactCliBin('pact-broker'), ...args, '--broker-base-url', baseUrl], {
    env: { PACT_BROKER_TOKEN: '', PACT_BROKER_USERNAME: '', PACT_BROKER_PASSWORD: '' },
  });
}

/**
 * Runs the command with `--output json` and returns its standard output. CLI 18 answers some
 * write commands (create-or-update-pacticipant, create-or-update-version, record-support-ended)
 * with its one-line text message even with `--output json`; those tests assert that message.
 */
async function pactBrokerJsonFlag(...args: string[]): Promise<string> {
  const res = await pactBroker(...args, '--output', 'json');
  expect(res.exitCode, res.output).toBe(0);
  return res.stdout;
}

/** Runs the command with `--output json` and parses its standard output. */
async function pactBrokerJson(...args: string[]): Promise<Record<string, unknown>> {
  const res = await pactBroker(...args, '--output', 'json');
  expect(res.exitCode, res.output).toBe(0);
  return JSON.parse(res.stdout) as Record<string, unknown>;
}

async function publish(version: string, branch: string): Promise<void> {
  const dir = path.join(pactDir, version);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${consumer}-${provider}.json`), JSON.stringify(pactDocument(consumer, provider), null, 2));
  const res = await pactBroker('publish', dir, '--consumer-app-version', version, '--branch', branch);
  expect(res.exitCode, res.output).toBe(0);
}

beforeAll(async () => {
  broker = await startTestBroker();
  baseUrl = await broker.listen();
  pactDir = await mkdtemp(path.join(os.tmpdir(), 'treaty-pacts-'));
  await publish('1.0.0', 'main');
  const pactRes = await broker.request.get(`/pacts/provider/${provider}/consumer/${consumer}/version/1.0.0`);
  const sha = String(pactRes.body._links['pb:pact-version'].href).split('/pact-version/')[1]!;
  await seed(broker.request)
    .existingPacticipant(provider)
    .verify(
      { consumer, provider, consumerVersion: '1.0.0', sha, url: '', content: pactDocument(consumer, provider) },
      { version: 'p-1', success: true, branch: 'main' },
    );
});

afterAll(async () => {
  await broker?.close();
  await rm(pactDir, { recursive: true, force: true });
});

describe('pacticipants and versions', () => {
  it('creates, then updates, a pacticipant (create-or-update-pacticipant, text and json)', async () => {
    const created = await pactBroker('create-or-update-pacticipant', '--name', newcomer, '--repository-url', 'https://git.example/loyalty');
    expect(created.exitCode, created.output).toBe(0);
    expect(created.output).toContain(newcomer);
    const updated = await pactBrokerJsonFlag(
      'create-or-update-pacticipant',
      '--name',
      newcomer,
      '--display-name',
      'Loyalty',
      '--main-branch',
      'trunk',
    );
    expect(updated).toContain(`Pacticipant '${newcomer}' updated`);
    const stored = await broker.request.get(`/pacticipants/${newcomer}`);
    expect(stored.body).toMatchObject({ displayName: 'Loyalty', mainBranch: 'trunk', repositoryUrl: 'https://git.example/loyalty' });
  });

  it('sets the main branch of the integrated pacticipants (create-or-update-pacticipant)', async () => {
    for (const name of [consumer, provider]) {
      const res = await pactBroker('create-or-update-pacticipant', '--name', name, '--main-branch', 'main');
      expect(res.exitCode, res.output).toBe(0);
    }
  });

  it('creates a version on a branch (create-or-update-version, text and json)', async () => {
    const text = await pactBroker('create-or-update-version', '--pacticipant', newcomer, '--version', '0.1.0', '--branch', 'trunk');
    expect(text.exitCode, text.output).toBe(0);
    expect(text.output).toContain('0.1.0');
    const json = await pactBrokerJsonFlag('create-or-update-version', '--pacticipant', newcomer, '--version', '0.2.0', '--branch', 'trunk');
    expect(json).toContain("Branch 'trunk' created for version '0.2.0'");
    const branchVersion = await broker.request.get(`/pacticipants/${newcomer}/branches/trunk/versions/0.2.0`);
    expect(branchVersion.status).toBe(200);
  });

  it('deletes a version tag (delete-version-tag)', async () => {
    const tagged = await pactBroker('create-version-tag', '--pacticipant', newcomer, '--version', '0.1.0', '--tag', 'beta');
    expect(tagged.exitCode, tagged.output).toBe(0);
    const res = await pactBroker('delete-version-tag', '--pacticipant', newcomer, '--version', '0.1.0', '--tag', 'beta');
    expect(res.exitCode, res.output).toBe(0);
    const tag = await broker.request.get(`/pacticipants/${newcomer}/versions/0.1.0/tags/beta`);
    expect(tag.status).toBe(404);
  });

  it('deletes a branch but keeps its versions (delete-branch)', async () => {
    const res = await pactBroker('delete-branch', '--pacticipant', newcomer, '--branch', 'trunk');
    expect(res.exitCode, res.output).toBe(0);
    expect((await broker.request.get(`/pacticipants/${newcomer}/branches/trunk`)).status).toBe(404);
    expect((await broker.request.get(`/pacticipants/${newcomer}/versions/0.2.0`)).status).toBe(200);
  });

  it('fails for an unknown branch only when asked to (delete-branch --error-when-not-found)', async () => {
    const lenient = await pactBroker(
      'delete-branch',
      '--pacticipant',
      newcomer,
      '--branch',
      'no-such-branch',
      '--error-when-not-found',
      'false',
    );
    expect(lenient.exitCode, lenient.output).toBe(0);
    expect(lenient.output).toContain("Could not delete branch 'no-such-branch'");
    const strict = await pactBroker(
      'delete-branch',
      '--pacticipant',
      newcomer,
      '--branch',
      'no-such-branch',
      '--error-when-not-found',
      'true',
    );
    expect(strict.exitCode, strict.output).not.toBe(0);
    expect(strict.output).toContain('no-such-branch');
  });
});

describe('can-i-merge', () => {
  it('says yes when the main branch of the provider verified the pact (table and json)', async () => {
    const table = await pactBroker('can-i-merge', '--pacticipant', consumer, '--version', '1.0.0');
    expect(table.exitCode, table.output).toBe(0);
    expect(table.output).toContain('Computer says yes');
    expect(table.output).toContain(provider);
    const json = await pactBrokerJson('can-i-merge', '--pacticipant', consumer, '--version', '1.0.0');
    expect(json).toMatchObject({ summary: { deployable: true } });
  });

  it('says no for a pact the provider main branch has not verified (table and json)', async () => {
    const dir = path.join(pactDir, '2.0.0');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, `${consumer}-${provider}.json`),
      JSON.stringify(pactDocument(consumer, provider, 'v2-changed'), null, 2),
    );
    const published = await pactBroker('publish', dir, '--consumer-app-version', '2.0.0', '--branch', 'feat-x');
    expect(published.exitCode, published.output).toBe(0);
    const table = await pactBroker('can-i-merge', '--pacticipant', consumer, '--version', '2.0.0');
    expect(table.exitCode, table.output).toBe(1);
    expect(table.output).toContain('Computer says no');
    // An unverified pact is "unknown", as in the Pact Broker: deployable null (the CLI's table
    // form turns that into a no and exit 1; its JSON form prints the answer as is).
    const json = await pactBroker('can-i-merge', '--pacticipant', consumer, '--version', '2.0.0', '--output', 'json');
    expect(JSON.parse(json.stdout), json.output).toMatchObject({ summary: { deployable: null, unknown: 1 } });
  });
});

describe('environments and releases', () => {
  it('creates an environment to work on', async () => {
    const created = await pactBrokerJson('create-environment', '--name', environment, '--display-name', 'App Store', '--production');
    environmentUuid = String(created.uuid);
    expect(environmentUuid).toMatch(/[0-9a-f-]{36}/);
  });

  it('updates the environment (update-environment, text, json and id)', async () => {
    const text = await pactBroker(
      'update-environment',
      '--uuid',
      environmentUuid,
      '--name',
      environment,
      '--display-name',
      'Apple App Store',
    );
    expect(text.exitCode, text.output).toBe(0);
    expect(text.output).toContain(environment);
    const json = await pactBrokerJson(
      'update-environment',
      '--uuid',
      environmentUuid,
      '--name',
      environment,
      '--contact-name',
      'Mobile team',
    );
    expect(json).toMatchObject({ uuid: environmentUuid, name: environment });
    // The CLI PUTs the whole environment, so the last update is what stays.
    const id = await pactBroker(
      'update-environment',
      '--uuid',
      environmentUuid,
      '--name',
      environment,
      '--display-name',
      'Apple App Store',
      '--production',
      '--output',
      'id',
    );
    expect(id.exitCode, id.output).toBe(0);
    expect(id.stdout.trim()).toBe(environmentUuid);
    const stored = await broker.request.get(`/environments/${environmentUuid}`);
    expect(stored.body).toMatchObject({ name: environment, displayName: 'Apple App Store', production: true });
  });

  it('records a release (record-release, text and json)', async () => {
    const text = await pactBroker('record-release', '--pacticipant', consumer, '--version', '1.0.0', '--environment', environment);
    expect(text.exitCode, text.output).toBe(0);
    expect(text.output).toContain(environment);
    const json = await pactBrokerJson('record-release', '--pacticipant', provider, '--version', 'p-1', '--environment', environment);
    expect(JSON.stringify(json)).toContain(environment);
    const released = await broker.request.get(`/environments/${environmentUuid}/released-versions/currently-supported`);
    expect(JSON.stringify(released.body)).toContain(consumer);
  });

  it('lets the released consumer deploy to the environment (can-i-deploy --to-environment)', async () => {
    const res = await pactBroker('can-i-deploy', '--pacticipant', consumer, '--version', '1.0.0', '--to-environment', environment);
    expect(res.exitCode, res.output).toBe(0);
  });

  it('records the end of support (record-support-ended, text and json)', async () => {
    const text = await pactBroker('record-support-ended', '--pacticipant', consumer, '--version', '1.0.0', '--environment', environment);
    expect(text.exitCode, text.output).toBe(0);
    expect(text.output).toContain(consumer);
    const json = await pactBrokerJsonFlag(
      'record-support-ended',
      '--pacticipant',
      provider,
      '--version',
      'p-1',
      '--environment',
      environment,
    );
    expect(json).toContain(`Recorded support ended for application ${provider}, version p-1 from ${environment}`);
    const supported = await broker.request.get(`/environments/${environmentUuid}/released-versions/currently-supported`);
    expect(JSON.stringify(supported.body)).not.toContain(consumer);
    const after = await pactBroker('can-i-deploy', '--pacticipant', consumer, '--version', '1.0.0', '--to-environment', environment);
    expect(after.exitCode, after.output).toBe(1);
  });

  it('deletes the environment (delete-environment)', async () => {
    const other = await pactBrokerJson('create-environment', '--name', uniqueName('scratch'));
    const res = await pactBroker('delete-environment', '--uuid', String(other.uuid));
    expect(res.exitCode, res.output).toBe(0);
    expect((await broker.request.get(`/environments/${String(other.uuid)}`)).status).toBe(404);
  });
});

describe('webhooks', () => {
  it('deletes a webhook (delete-webhook)', async () => {
    const uuid = `treaty-cli-${uniqueName('hook')}`;
    const created = await pactBroker(
      'create-or-update-webhook',
      'https://hooks.example/ci',
      '--uuid',
      uuid,
      '--request',
      'POST',
      '--contract-content-changed',
      '--consumer',
      consumer,
      '--description',
      'to delete',
    );
    expect(created.exitCode, created.output).toBe(0);
    const res = await pactBroker('delete-webhook', '--uuid', uuid);
    expect(res.exitCode, res.output).toBe(0);
    expect((await broker.request.get(`/webhooks/${uuid}`)).status).toBe(404);
  });
});

describe('the listing and describe commands, in their default (text or table) and JSON output', () => {
  const cases: Array<{ command: string; args: () => string[]; expectIn: (output: string) => void }> = [
    { command: 'list-pacticipants', args: () => [], expectIn: (j) => expect(j).toContain(consumer) },
    { command: 'describe-pacticipant', args: () => ['--name', consumer], expectIn: (j) => expect(j).toContain(consumer) },
    {
      command: 'describe-version',
      args: () => ['--pacticipant', consumer, '--version', '1.0.0'],
      expectIn: (j) => expect(j).toContain('1.0.0'),
    },
    { command: 'list-latest-pact-versions', args: () => [], expectIn: (j) => expect(j).toContain(provider) },
    { command: 'list-environments', args: () => [], expectIn: (j) => expect(j).toContain(environment) },
    { command: 'describe-environment', args: () => ['--uuid', environmentUuid], expectIn: (j) => expect(j).toContain(environment) },
  ];
  it.each(cases)('$command --output json', async ({ command, args, expectIn }) => {
    const json = await pactBrokerJson(command, ...args());
    expectIn(JSON.stringify(json));
  });
  it.each(cases)('$command in its default output', async ({ command, args, expectIn }) => {
    const res = await pactBroker(command, ...args());
    expect(res.exitCode, res.output).toBe(0);
    expect(() => JSON.parse(res.stdout)).toThrow();
    expectIn(res.stdout);
  });
});
