// The official `pact-broker` CLI against a live Treaty with auth on: --broker-token (bearer) and
// --broker-username/--broker-password (the Pact Broker's basic auth) work; without credentials
// the CLI gets a 401 and exits non-zero.
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pactCliBin } from '../support/pact-verifier.ts';
import { runCommand } from '../support/run-command.ts';
import { seed, uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

const ADMIN_TOKEN = 'cli-e2e-admin-token-0123456789abcdef';
const RW = { username: 'ci-user', password: 'ci-password' };
const RO = { username: 'viewer', password: 'viewer-password' };

let broker: TestBroker;
let baseUrl: string;
let readToken: string;
let adminToken: string;
const consumer = uniqueName('order-service');
const provider = uniqueName('payment-service');

function pactBroker(args: string[], credentials: string[] = []) {
  return runCommand(process.execPath, [pactCliBin('pact-broker'), ...args, '--broker-base-url', baseUrl, ...credentials], {
    // Credentials come only from the flags under test, never from the developer's environment. Unset,
    // not empty: with PACT_BROKER_TOKEN="" the CLI sends a bare "Authorization: Bearer" instead of basic auth.
    env: { PACT_BROKER_TOKEN: undefined, PACT_BROKER_USERNAME: undefined, PACT_BROKER_PASSWORD: undefined },
  });
}

beforeAll(async () => {
  broker = await startTestBroker(
    {},
    {
      TREATY_ADMIN_TOKEN: ADMIN_TOKEN,
      PACT_BROKER_BASIC_AUTH_USERNAME: RW.username,
      PACT_BROKER_BASIC_AUTH_PASSWORD: RW.password,
      PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME: RO.username,
      PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD: RO.password,
    },
  );
  baseUrl = await broker.listen();
  const admin = supertest.agent(broker.app).set('Authorization', `Bearer ${ADMIN_TOKEN}`);
  await seed(admin).existingPacticipant(consumer).publishPact({ version: '1.0.0', provider });
  const create = async (scopes: string[]) => {
    const res = await admin.post('/tokens').send({ name: uniqueName('cli'), scopes });
    expect(res.status).toBe(201);
    return res.body.token as string;
  };
  readToken = await create(['read']);
  adminToken = await create(['admin']);
});

afterAll(async () => {
  await broker?.close();
});

describe('pact-broker CLI with a bearer token (--broker-token)', () => {
  it('lists the latest pacts with a read token (pact-broker list-latest-pact-versions)', async () => {
    const res = await pactBroker(['list-latest-pact-versions'], ['--broker-token', readToken]);
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain(consumer);
    expect(res.output).toContain(provider);
  });

  it('cannot create an environment with a read token (403)', async () => {
    const res = await pactBroker(['create-environment', '--name', uniqueName('staging')], ['--broker-token', readToken]);
    expect(res.exitCode, res.output).not.toBe(0);
    expect(res.output).toMatch(/needs the admin scope/);
  });

  it('creates an environment with an admin token (pact-broker create-environment)', async () => {
    const name = uniqueName('production');
    const res = await pactBroker(['create-environment', '--name', name, '--production'], ['--broker-token', adminToken]);
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain(name);
  });
});

describe('pact-broker CLI with basic auth (--broker-username/--broker-password)', () => {
  it('lists the latest pacts as the read-only user', async () => {
    const res = await pactBroker(['list-latest-pact-versions'], ['--broker-username', RO.username, '--broker-password', RO.password]);
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain(consumer);
  });

  it('creates an environment as the read-write user', async () => {
    const name = uniqueName('staging');
    const res = await pactBroker(
      ['create-environment', '--name', name],
      ['--broker-username', RW.username, '--broker-password', RW.password],
    );
    expect(res.exitCode, res.output).toBe(0);
    expect(res.output).toContain(name);
  });

  it('fails with a wrong password', async () => {
    const res = await pactBroker(['list-latest-pact-versions'], ['--broker-username', RW.username, '--broker-password', 'wrong']);
    expect(res.exitCode, res.output).not.toBe(0);
    // The CLI prints the problem's detail.
    expect(res.output).toContain('The username or password is wrong');
  });
});

describe('pact-broker CLI without credentials', () => {
  it('gets 401 and exits non-zero', async () => {
    const res = await pactBroker(['list-latest-pact-versions']);
    expect(res.exitCode, res.output).not.toBe(0);
    expect(res.output).toMatch(/requires authentication/);
    expect(res.output).not.toContain(consumer);
  });
});
