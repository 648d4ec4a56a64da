// The official `pact-broker` CLI (Rust, from @pact-foundation/pact-cli) against a live Treaty, for the
// commands issue 12 found failing: text tables that need a display name, get-pacts and provider-states.
// Each runs in text and JSON output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactCliBin } from '../support/pact-verifier.ts';
import { runCommand } from '../support/run-command.ts';
import { generateDisplayName } from '../../src/domain/pacticipants/display-name.ts';
import { seed, uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
let baseUrl: string;

function pactBroker(...args: string[]) {
  return runCommand(process.execPath, [pactCliBin('pact-broker'), ...args, '--broker-base-url', baseUrl], {
    env: { PACT_BROKER_TOKEN: '', PACT_BROKER_USERNAME: '', PACT_BROKER_PASSWORD: '' },
  });
}

beforeAll(async () => {
  broker = await startTestBroker();
  baseUrl = await broker.listen();
});

afterAll(async () => {
  await broker?.close();
});

describe('display names (the Pact Broker generates one when none is given)', () => {
  const environment = uniqueName('staging-eu');

  beforeAll(async () => {
    const res = await broker.request.post('/environments').send({ name: environment, production: false });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it('lists environments in text output (pact-broker list-environments used to fail on a null displayName)', async () => {
    const res = await pactBroker('list-environments');
    expect(res.exitCode, res.output).toBe(0);
    const line = res.stdout.split('\n').find((l) => l.includes(environment));
    expect(line, res.output).toBeDefined();
    // `staging-eu-1a2b3c4d` -> `Staging Eu 1a2b3c4d`
    expect(generateDisplayName(environment)).toMatch(/^Staging Eu \w{8}$/);
    expect(line).toContain(generateDisplayName(environment));
  });

  it('lists environments in JSON output with the generated displayName (pact-broker list-environments -o json)', async () => {
    const res = await pactBroker('list-environments', '--output', 'json');
    expect(res.exitCode, res.output).toBe(0);
    const body = JSON.parse(res.stdout) as { _embedded: { environments: Array<{ name: string; displayName: string }> } };
    const listed = body._embedded.environments.find((e) => e.name === environment);
    expect(listed?.displayName).toBe(generateDisplayName(environment));
  });

  it('describes the environment in text output (pact-broker describe-environment)', async () => {
    const list = await broker.request.get('/environments');
    const uuid = (list.body._embedded.environments as Array<{ uuid: string; name: string }>).find((e) => e.name === environment)!.uuid;
    const res = await pactBroker('describe-environment', '--uuid', uuid);
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain('Staging Eu');
  });

  it('lists and describes pacticipants created without a display name (pact-broker list-pacticipants, describe-pacticipant)', async () => {
    const pacticipant = seed(broker.request).pacticipant('order-service');
    await pacticipant.createVersion('1.0.0');
    const name = pacticipant.name;
    const generated = generateDisplayName(name);
    expect(generated).toMatch(/^Order Service \w{8}$/);
    const list = await pactBroker('list-pacticipants');
    expect(list.exitCode, list.output).toBe(0);
    expect(list.stdout).toContain(generated);
    const described = await pactBroker('describe-pacticipant', '--name', name);
    expect(described.exitCode, described.output).toBe(0);
    expect(described.output).toContain(generated);
    const json = await pactBroker('describe-pacticipant', '--name', name, '--output', 'json');
    expect(json.exitCode, json.output).toBe(0);
    expect((JSON.parse(json.stdout) as { displayName: string }).displayName).toBe(generated);
  });
});

describe('pact-broker get-pacts', () => {
  const kit = () => seed(broker.request);
  let provider: string;
  let consumer: string;

  beforeAll(async () => {
    const p = kit().pacticipant('pricing');
    const c = kit().pacticipant('checkout');
    provider = p.name;
    consumer = c.name;
    await broker.request.post('/pacticipants').send({ name: consumer, mainBranch: 'main' });
    await c.publishPact({ version: '1.0.0', provider, branch: 'main', variant: 'a' });
    await c.publishPact({ version: '1.1.0', provider, branch: 'main', variant: 'b' });
    await c.publishPact({ version: '2.0.0-feat', provider, branch: 'feat-x', variant: 'c' });
  });

  const pactLinks = (json: string) =>
    (JSON.parse(json) as { pacts: Array<{ name: string; href: string }> }).pacts.map((p) => p.href.split('/version/')[1]);

  it('lists the main-branch pacts of every consumer, in text and JSON (--provider)', async () => {
    const text = await pactBroker('get-pacts', '--provider', provider);
    expect(text.exitCode, text.output).toBe(0);
    expect(text.stdout).toContain(consumer);
    expect(text.stdout).toContain(`Pact between ${consumer} (v1.1.0) and ${provider}`);
    expect(text.stdout).toContain(`Pact between ${consumer} (v1.0.0) and ${provider}`);
    expect(text.stdout).not.toContain('2.0.0-feat');
    const json = await pactBroker('get-pacts', '--provider', provider, '--output', 'json');
    expect(json.exitCode, json.output).toBe(0);
    expect(pactLinks(json.stdout)).toEqual(['1.1.0', '1.0.0']);
  });

  it('keeps the latest with --latest, and takes a named branch with --branch', async () => {
    const latest = await pactBroker('get-pacts', '--provider', provider, '--latest', '--output', 'json');
    expect(latest.exitCode, latest.output).toBe(0);
    expect(pactLinks(latest.stdout)).toEqual(['1.1.0']);
    const branch = await pactBroker('get-pacts', '--provider', provider, '--branch', 'feat-x', '--output', 'json');
    expect(branch.exitCode, branch.output).toBe(0);
    expect(pactLinks(branch.stdout)).toEqual(['2.0.0-feat']);
    const branchText = await pactBroker('get-pacts', '--provider', provider, '--branch', 'feat-x', '--latest');
    expect(branchText.exitCode, branchText.output).toBe(0);
    expect(branchText.stdout).toContain(`Pact between ${consumer} (v2.0.0-feat) and ${provider}`);
  });

  it('narrows to one consumer with --consumer, in text and JSON, with --branch and --latest', async () => {
    const json = await pactBroker('get-pacts', '--provider', provider, '--consumer', consumer, '--output', 'json');
    expect(json.exitCode, json.output).toBe(0);
    expect(pactLinks(json.stdout)).toEqual(['1.1.0', '1.0.0']);
    const text = await pactBroker('get-pacts', '--provider', provider, '--consumer', consumer);
    expect(text.exitCode, text.output).toBe(0);
    expect(text.stdout).toContain(`Pact between ${consumer} (v1.0.0) and ${provider}`);
    const latest = await pactBroker('get-pacts', '--provider', provider, '--consumer', consumer, '--latest', '--output', 'json');
    expect(latest.exitCode, latest.output).toBe(0);
    expect(pactLinks(latest.stdout)).toEqual(['1.1.0']);
    const latestText = await pactBroker('get-pacts', '--provider', provider, '--consumer', consumer, '--latest');
    expect(latestText.exitCode, latestText.output).toBe(0);
    expect(latestText.stdout).toContain(`Pact between ${consumer} (v1.1.0) and ${provider}`);
    const branch = await pactBroker('get-pacts', '--provider', provider, '--consumer', consumer, '--branch', 'feat-x');
    expect(branch.exitCode, branch.output).toBe(0);
    expect(branch.stdout).toContain(`Pact between ${consumer} (v2.0.0-feat) and ${provider}`);
    // With --consumer, --branch and --latest the CLI fetches the pact itself and prints it (JSON only: its
    // table needs a list, so text output fails in the CLI against any broker).
    const branchLatest = await pactBroker(
      'get-pacts',
      '--provider',
      provider,
      '--consumer',
      consumer,
      '--branch',
      'feat-x',
      '--latest',
      '--output',
      'json',
    );
    expect(branchLatest.exitCode, branchLatest.output).toBe(0);
    const pact = JSON.parse(branchLatest.stdout) as { consumer: { name: string }; _links: Record<string, { name?: string }> };
    expect(pact.consumer.name).toBe(consumer);
    expect(pact._links['pb:consumer-version']?.name).toBe('2.0.0-feat');
  });

  it('fails with a message naming an unknown branch', async () => {
    const res = await pactBroker('get-pacts', '--provider', provider, '--branch', 'no-such-branch');
    expect(res.exitCode, res.output).not.toBe(0);
    expect(res.output).toContain('no-such-branch');
  });
});

describe('pact-broker provider-states list', () => {
  let provider: string;
  let consumer: string;

  beforeAll(async () => {
    const p = seed(broker.request).pacticipant('inventory');
    const c = seed(broker.request).pacticipant('shop');
    provider = p.name;
    consumer = c.name;
    await broker.request.post('/pacticipants').send({ name: consumer, mainBranch: 'main' });
    // pactDocument's interaction uses the state "the thing exists".
    await c.publishPact({ version: '1.0.0', provider, branch: 'main' });
  });

  it('lists the states of the main-branch pacts in text output', async () => {
    const res = await pactBroker('provider-states', 'list', '--provider', provider);
    expect(res.exitCode, res.output).toBe(0);
    expect(res.stdout).toContain('the thing exists');
    expect(res.stdout).toContain(consumer);
  });

  it('lists them as JSON (--json, the option this subcommand takes instead of --output)', async () => {
    {
      const res = await pactBroker('provider-states', 'list', '--provider', provider, '--json');
      expect(res.exitCode, res.output).toBe(0);
      expect(JSON.parse(res.stdout)).toEqual({ providerStates: [{ name: 'the thing exists', consumers: [consumer] }] });
    }
  });

  it('lists the states of a branch (--branch), and fails naming an unknown one', async () => {
    const res = await pactBroker('provider-states', 'list', '--provider', provider, '--branch', 'main', '--json');
    expect(res.exitCode, res.output).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ providerStates: [{ name: 'the thing exists', consumers: [consumer] }] });
    const unknown = await pactBroker('provider-states', 'list', '--provider', provider, '--branch', 'no-such-branch');
    expect(unknown.exitCode, unknown.output).not.toBe(0);
    expect(unknown.output).toContain('no-such-branch');
  });

  it('lists the states of what is deployed in an environment (--environment)', async () => {
    const env = await seed(broker.request).environment('prod');
    await seed(broker.request).existingPacticipant(consumer).deploy('1.0.0', env);
    const res = await pactBroker('provider-states', 'list', '--provider', provider, '--environment', env.name);
    expect(res.exitCode, res.output).toBe(0);
    expect(res.stdout).toContain('the thing exists');
  });
});
