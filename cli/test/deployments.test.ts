// Environments, deployments, releases and can-i-deploy through the real binary against a real
// Treaty, following the pact-broker CLI's HAL flows (API reference §3.5, §4) and can-i-deploy
// scenarios 1, 5 and 14 (can-i-deploy.md).
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

function expectOk(result: CliResult): void {
  expect(
    result.stderr.split('\n').filter((l) => l.startsWith('Error')),
    result.stderr,
  ).toEqual([]);
  expect(result.code).toBe(ExitCode.Success);
}

/** Publishes a verification result the way the Pact verifier does: GET the pact, POST its pb:publish-verification-results. */
async function verify(
  consumer: string,
  consumerVersion: string,
  provider: string,
  providerVersion: string,
  success: boolean,
): Promise<void> {
  const pact = await fetch(`${url}/pacts/provider/${provider}/consumer/${consumer}/version/${consumerVersion}`, {
    headers: { accept: 'application/hal+json' },
  });
  expect(pact.status).toBe(200);
  const body = (await pact.json()) as { _links: Record<string, { href: string }> };
  const href = body._links['pb:publish-verification-results']?.href;
  expect(href).toBeDefined();
  const posted = await fetch(href!, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ success, providerApplicationVersion: providerVersion }),
  });
  expect(posted.status).toBe(201);
}

describe('treaty create-environment', { timeout: 120_000 }, () => {
  it('creates an environment and prints its UUID', async () => {
    const name = unique('staging');
    const result = await run('create-environment', '--name', name, '--display-name', 'Staging', '--production');
    expectOk(result);
    expect(result.stdout).toMatch(new RegExp(`^Created ${name} environment in ${url} with UUID [0-9a-f-]{36}`));
  });

  it('rejects a name with spaces before calling the broker (exit 2)', async () => {
    const result = await run('create-environment', '--name', 'my env');
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.stderr).toContain('--name my-env --display-name "my env"');
  });

  it('prints the broker problem for a duplicate name', async () => {
    const name = unique('dup');
    expectOk(await run('create-environment', '--name', name));
    const again = await run('create-environment', '--name', name);
    expect(again.code).toBe(ExitCode.BrokerError);
    expect(again.stderr).toMatch(/^Error \[E200\]: .+: .+/m);
  });
});

describe('treaty record-deployment / record-undeployment (pact-broker record-deployment)', { timeout: 120_000 }, () => {
  it('says "No environment found with name" for an unknown environment', async () => {
    const [orders, payments] = [unique('orders'), unique('payments')];
    expectOk(await run('publish', pactDir({ 'p.json': orderPact(orders, payments) }), '--version', '1'));
    const result = await run('record-deployment', '--pacticipant', orders, '--version', '1', '--environment', 'nowhere');
    expect(result.code).toBe(ExitCode.Failure);
    expect(result.stderr).toContain("No environment found with name 'nowhere'");
  });

  it('says the version was not found for an unknown version', async () => {
    const env = unique('test');
    expectOk(await run('create-environment', '--name', env));
    const result = await run('record-deployment', '--pacticipant', unique('nobody'), '--version', '1', '--environment', env);
    expect(result.code).toBe(ExitCode.Failure);
    expect(result.stderr).toMatch(/version 1 not found/);
  });

  it('records a deployment, then its undeployment, per application instance', async () => {
    const [orders, payments, env] = [unique('orders'), unique('payments'), unique('prod')];
    expectOk(await run('create-environment', '--name', env));
    expectOk(await run('publish', pactDir({ 'p.json': orderPact(orders, payments) }), '--version', '1'));
    const deployed = await run(
      'record-deployment',
      '--pacticipant',
      orders,
      '--version',
      '1',
      '--environment',
      env,
      '--application-instance',
      'eu-1',
    );
    expectOk(deployed);
    expect(deployed.stdout).toBe(
      `Recorded deployment of ${orders} version 1 to ${env} environment (application instance eu-1) in ${url}.\n`,
    );

    const wrongInstance = await run('record-undeployment', '--pacticipant', orders, '--environment', env);
    expect(wrongInstance.code).toBe(ExitCode.Failure);
    expect(wrongInstance.stderr).toContain('eu-1');

    const undeployed = await run('record-undeployment', '--pacticipant', orders, '--environment', env, '--application-instance', 'eu-1');
    expectOk(undeployed);
    expect(undeployed.stdout).toBe(
      `Recorded undeployment of ${orders} version 1 from ${env} environment (application instance eu-1) in ${url}.\n`,
    );

    const again = await run('record-undeployment', '--pacticipant', orders, '--environment', env, '--application-instance', 'eu-1');
    expect(again.code).toBe(ExitCode.Failure);
    expect(again.stderr).toContain(`${orders} is not currently deployed to ${env} environment. Cannot record undeployment.`);
  });
});

describe('treaty record-release / record-support-ended', { timeout: 120_000 }, () => {
  it('records a release and ends its support', async () => {
    const [app, api, env] = [unique('mobile'), unique('api'), unique('app-store')];
    expectOk(await run('create-environment', '--name', env));
    expectOk(await run('publish', pactDir({ 'p.json': orderPact(app, api) }), '--version', '4.2.0'));
    const released = await run('record-release', '--pacticipant', app, '--version', '4.2.0', '--environment', env);
    expectOk(released);
    expect(released.stdout).toBe(`Recorded release of ${app} version 4.2.0 to ${env} environment in ${url}.\n`);
    const ended = await run('record-support-ended', '--pacticipant', app, '--version', '4.2.0', '--environment', env);
    expectOk(ended);
    expect(ended.stdout).toBe(`Recorded support ended for ${app} version 4.2.0 in ${env} environment in ${url}.\n`);
    const again = await run('record-support-ended', '--pacticipant', app, '--version', '4.2.0', '--environment', env);
    expect(again.code).toBe(ExitCode.Failure);
    expect(again.stderr).toContain('is not currently released in');
  });
});

describe('treaty can-i-deploy against a real matrix', { timeout: 120_000 }, () => {
  it('says yes when the provider version in the environment verified the pact, no once the content changes', async () => {
    const [orders, payments, env] = [unique('orders'), unique('payments'), unique('production')];
    expectOk(await run('create-environment', '--name', env));
    expectOk(await run('publish', pactDir({ 'p.json': orderPact(orders, payments, 1) }), '--version', 'c1'));
    await verify(orders, 'c1', payments, 'p1', true);
    expectOk(await run('record-deployment', '--pacticipant', payments, '--version', 'p1', '--environment', env));

    const yes = await run('can-i-deploy', '--pacticipant', orders, '--version', 'c1', '--to-environment', env);
    expect(yes.stdout, yes.stderr).toMatch(/^Computer says yes \\o\//);
    expect(yes.stdout).toMatch(new RegExp(`${orders} \\| c1 +\\| ${payments} \\| p1 +\\| true`));
    expect(yes.code).toBe(ExitCode.Success);

    // Scenario 5: new content, not verified yet → unknown → exit 1.
    expectOk(await run('publish', pactDir({ 'p.json': orderPact(orders, payments, 2) }), '--version', 'c2'));
    const unknown = await run('can-i-deploy', '--pacticipant', orders, '--version', 'c2', '--to-environment', env);
    expect(unknown.stdout).toMatch(/^Computer says no/);
    expect(unknown.code).toBe(ExitCode.Failure);

    const json = await run('can-i-deploy', '--pacticipant', orders, '--version', 'c2', '--to-environment', env, '--output', 'json');
    expect((JSON.parse(json.stdout) as { summary: { deployable: unknown; unknown: number } }).summary).toMatchObject({ deployable: null });
    expect(json.code).toBe(ExitCode.Failure);

    const dry = await run('can-i-deploy', '--pacticipant', orders, '--version', 'c2', '--to-environment', env, '--dry-run');
    expect(dry.code).toBe(ExitCode.Success);
    expect(dry.stdout).toMatch(/^\[dry-run\] Computer says no/);
  });

  it('--retry-while-unknown waits until the verification result is published', async () => {
    const [orders, payments, env] = [unique('orders'), unique('payments'), unique('production')];
    expectOk(await run('create-environment', '--name', env));
    expectOk(await run('publish', pactDir({ 'p.json': orderPact(orders, payments, 1) }), '--version', 'c1'));
    await verify(orders, 'c1', payments, 'p0', true);
    expectOk(await run('record-deployment', '--pacticipant', payments, '--version', 'p0', '--environment', env));
    expectOk(await run('publish', pactDir({ 'p.json': orderPact(orders, payments, 3) }), '--version', 'c3'));

    // Publish the verification only once the CLI has seen the unknown answer and said it is waiting:
    // a fixed sleep raced the CLI's start-up on a loaded CI machine.
    const waitingMessage = 'Waiting for 1 verification result to be published (maximum of 20 seconds)';
    let sawWaiting!: () => void;
    const waiting = new Promise<void>((resolve) => (sawWaiting = resolve));
    const pending = treaty(
      [
        'can-i-deploy',
        '--pacticipant',
        orders,
        '--version',
        'c3',
        '--to-environment',
        env,
        '--retry-while-unknown',
        '20',
        '--retry-interval',
        '1',
        '--broker-base-url',
        url,
      ],
      { onStderr: (soFar) => soFar.includes(waitingMessage) && sawWaiting() },
    );
    await Promise.race([waiting, pending]);
    await verify(orders, 'c3', payments, 'p0', true);
    const result = await pending;
    expect(result.stderr).toContain(waitingMessage);
    expect(result.stdout).toMatch(/^Computer says yes/);
    expect(result.code).toBe(ExitCode.Success);
  });
});
