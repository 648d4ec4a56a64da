// treaty can-i-deploy --from-environment SOURCE --to-environment TARGET (issue #17) through the real binary against a
// real Treaty: every application whose versions differ is checked together as one multi-selector can-i-deploy, the
// promoted versions replacing the target's versions of the same applications, with can-i-deploy's exit codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../broker/test/support/test-broker.ts';
import { ExitCode } from '../src/errors.ts';
import { orderPact, pactDir, treaty, unique, type CliResult } from './support/treaty-cli.ts';

let broker: TestBroker;
let url: string;
beforeAll(async () => {
  broker = await startTestBroker();
  url = await broker.listen();
});
afterAll(async () => broker?.close());

const run = (...args: string[]): Promise<CliResult> => treaty([...args, '--broker-base-url', url]);

async function ok(result: Promise<CliResult>): Promise<void> {
  const r = await result;
  expect(r.code, r.stderr).toBe(ExitCode.Success);
}

async function verify(consumer: string, consumerVersion: string, provider: string, providerVersion: string, success: boolean) {
  const pact = await fetch(`${url}/pacts/provider/${provider}/consumer/${consumer}/version/${consumerVersion}`);
  const body = (await pact.json()) as { _links: Record<string, { href: string }> };
  const posted = await fetch(body._links['pb:publish-verification-results']!.href, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ success, providerApplicationVersion: providerVersion }),
  });
  expect(posted.status).toBe(201);
}

describe('treaty can-i-deploy --from-environment', { timeout: 180_000 }, () => {
  const [orders, payments, staging, production] = [unique('orders'), unique('payments'), unique('staging'), unique('production')];

  beforeAll(async () => {
    await ok(run('create-environment', '--name', staging));
    await ok(run('create-environment', '--name', production, '--production'));
    await ok(run('publish', pactDir({ 'p.json': orderPact(orders, payments, 1) }), '--version', 'c1'));
    await ok(run('publish', pactDir({ 'p.json': orderPact(orders, payments, 2) }), '--version', 'c2'));
    await ok(run('publish', pactDir({ 'p.json': orderPact(orders, payments, 3) }), '--version', 'c3'));
    await verify(orders, 'c1', payments, 'p1', true);
    await verify(orders, 'c2', payments, 'p1', false);
    await verify(orders, 'c3', payments, 'p1', true);
    for (const env of [staging, production]) {
      await ok(run('record-deployment', '--pacticipant', orders, '--version', 'c1', '--environment', env));
      await ok(run('record-deployment', '--pacticipant', payments, '--version', 'p1', '--environment', env));
    }
  });

  it('nothing differs: says so and exits 0', async () => {
    const result = await run('can-i-deploy', '--from-environment', staging, '--to-environment', production);
    expect(result.stdout).toContain(`Nothing to promote: ${production} already runs every version that is in ${staging}.`);
    expect(result.code).toBe(ExitCode.Success);
  });

  it('no (exit 1): staging runs orders c2, whose pact payments p1 (staying in production) failed', async () => {
    await ok(run('record-deployment', '--pacticipant', orders, '--version', 'c2', '--environment', staging));
    const result = await run('can-i-deploy', '--from-environment', staging, '--to-environment', production);
    expect(result.stdout).toContain(`Promoting 1 application from ${staging} to ${production}:\n  ${orders}: c1 → c2`);
    expect(result.stdout).toMatch(/Computer says no/);
    expect(result.stdout).toContain(
      `The verification for the pact between version c2 of ${orders} and the version of ${payments} currently in ${production} (p1) failed`,
    );
    expect(result.code).toBe(ExitCode.Failure);
  });

  it('yes (exit 0): staging runs orders c3, verified by payments p1', async () => {
    await ok(run('record-deployment', '--pacticipant', orders, '--version', 'c3', '--environment', staging));
    const result = await run('can-i-deploy', '--from-environment', staging, '--to-environment', production);
    expect(result.stdout).toContain(`${orders}: c1 → c3`);
    expect(result.stdout).toMatch(/Computer says yes/);
    expect(result.code).toBe(ExitCode.Success);
    const json = await run('can-i-deploy', '--from-environment', staging, '--to-environment', production, '--output', 'json');
    expect((JSON.parse(json.stdout) as { summary: { deployable: boolean } }).summary.deployable).toBe(true);
  });

  it('a release train as several --pacticipant/--version pairs: the new payments p2 nobody verified against is unknown (exit 1)', async () => {
    await ok(run('publish', pactDir({ 'p.json': orderPact(orders, payments, 3) }), '--version', 'c3'));
    const created = await fetch(`${url}/pacticipants/${payments}/versions/p2`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect([200, 201]).toContain(created.status);
    const result = await run(
      'can-i-deploy',
      '--pacticipant',
      orders,
      '--version',
      'c3',
      '--pacticipant',
      payments,
      '--version',
      'p2',
      '--to-environment',
      production,
    );
    expect(result.stdout).toContain(`There is no verified pact between version c3 of ${orders} and version p2 of ${payments}`);
    expect(result.code).toBe(ExitCode.Failure);
  });

  it('bad input is exit 2 with a message; an unknown environment is named', async () => {
    const noTarget = await run('can-i-deploy', '--from-environment', staging);
    expect(noTarget.code).toBe(ExitCode.BadInput);
    expect(noTarget.stderr).toContain('--from-environment needs --to-environment');
    const both = await run(
      'can-i-deploy',
      '--from-environment',
      staging,
      '--to-environment',
      production,
      '--pacticipant',
      orders,
      '--version',
      'c1',
    );
    expect(both.code).toBe(ExitCode.BadInput);
    const missing = await run('can-i-deploy', '--from-environment', 'no-such-env', '--to-environment', production);
    expect(missing.code).not.toBe(ExitCode.Success);
    expect(missing.stderr).toContain("No environment found with name 'no-such-env'");
  });
});
