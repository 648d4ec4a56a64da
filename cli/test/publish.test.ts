// `treaty publish` and `treaty describe-version` through the real binary against a real Treaty,
// following the Pact Broker API contract (POST pb:publish-contracts; GET pb:pacticipant-version).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../broker/test/support/test-broker.ts';
import { ExitCode } from '../src/errors.ts';
import { orderPact, pactDir, treaty, unique } from './support/treaty-cli.ts';

let broker: TestBroker;
let url: string;
beforeAll(async () => {
  broker = await startTestBroker();
  url = await broker.listen();
});
afterAll(async () => broker?.close());

describe('treaty publish (pact-broker publish)', { timeout: 120_000 }, () => {
  it('publishes a directory of pacts, one request per consumer, and prints the broker notices', async () => {
    const [orders, web, payments] = [unique('orders'), unique('web'), unique('payments')];
    const dir = pactDir({ 'a.json': orderPact(orders, payments), 'b.json': orderPact(web, payments) });
    const result = await treaty([
      'publish',
      dir,
      '--version',
      '1.0.0',
      '--branch',
      'main',
      '--tag',
      'dev',
      '--tag',
      'rc',
      '--broker-base-url',
      url,
      '--verbose',
    ]);
    expect(result.stderr).not.toContain('Error');
    expect(result.code).toBe(ExitCode.Success);
    expect(result.stderr.match(/→ POST .*\/contracts\/publish/g)).toHaveLength(2);
    expect(result.stdout).toContain(orders);
    expect(result.stdout).toContain(web);

    const version = await fetch(`${url}/pacticipants/${orders}/versions/1.0.0`, { headers: { accept: 'application/hal+json' } });
    expect(version.status).toBe(200);
    const body = (await version.json()) as { _embedded?: { tags?: Array<{ name: string }>; branchVersions?: Array<{ name: string }> } };
    expect(body._embedded?.tags?.map((t) => t.name).sort()).toEqual(['dev', 'rc']);
    expect(body._embedded?.branchVersions?.map((b) => b.name)).toEqual(['main']);
  });

  it('takes the version and branch from CI variables and says where from', async () => {
    const dir = pactDir({ 'pact.json': orderPact(unique('orders'), unique('payments')) });
    const result = await treaty(['publish', `${dir}/*.json`, '--broker-base-url', url], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_SHA: 'c0ffee0000000000000000000000000000000000', GITHUB_REF_NAME: 'feat/pay' },
    });
    expect(result.code).toBe(ExitCode.Success);
    expect(result.stderr).toContain('Using version c0ffee0000000000000000000000000000000000 (from GITHUB_SHA (GitHub Actions))');
    expect(result.stderr).toContain('Using branch feat/pay (from GITHUB_REF_NAME (GitHub Actions))');
  });

  it('asks for --version when none is given or detectable (exit 2, nothing sent)', async () => {
    const dir = pactDir({ 'pact.json': orderPact(unique('orders'), unique('payments')) });
    const result = await treaty(['publish', dir, '--broker-base-url', url, '--no-auto-detect']);
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.stderr).toContain(
      'Error [E100]: Missing --version. Pass the consumer version, usually the git SHA: --version $(git rev-parse HEAD).',
    );
  });

  it('prints the 409 when different content is published for the same version (contract immutability)', async () => {
    const [orders, payments] = [unique('orders'), unique('payments')];
    const first = await treaty([
      'publish',
      pactDir({ 'p.json': orderPact(orders, payments, 1) }),
      '--version',
      '1',
      '--broker-base-url',
      url,
    ]);
    expect(first.code).toBe(ExitCode.Success);
    const second = await treaty([
      'publish',
      pactDir({ 'p.json': orderPact(orders, payments, 2) }),
      '--version',
      '1',
      '--broker-base-url',
      url,
    ]);
    expect(second.code).toBe(ExitCode.BrokerError);
    expect(second.stderr).toMatch(/^Error \[E200\]: .+: Cannot change the content of the pact .+/m);
  });
});

describe('treaty describe-version', { timeout: 120_000 }, () => {
  it('describes a published version as a table and as JSON', async () => {
    const [orders, payments] = [unique('orders'), unique('payments')];
    expect(
      (
        await treaty([
          'publish',
          pactDir({ 'p.json': orderPact(orders, payments) }),
          '--version',
          '2.0.0',
          '--branch',
          'main',
          '--tag',
          'prod',
          '--broker-base-url',
          url,
        ])
      ).code,
    ).toBe(ExitCode.Success);
    const table = await treaty(['describe-version', '--pacticipant', orders, '--version', '2.0.0', '--broker-base-url', url]);
    expect(table.code).toBe(ExitCode.Success);
    expect(table.stdout).toMatchInlineSnapshot(`
      "NUMBER | BRANCHES | TAGS
      -------|----------|-----
      2.0.0  | main     | prod
      "
    `);
    const latest = await treaty([
      'describe-version',
      '--pacticipant',
      orders,
      '--latest',
      'prod',
      '--output',
      'json',
      '--broker-base-url',
      url,
    ]);
    expect(latest.code).toBe(ExitCode.Success);
    expect((JSON.parse(latest.stdout) as { number: string }).number).toBe('2.0.0');
  });

  it('says "Pacticipant version not found" and exits 1 for an unknown version', async () => {
    const result = await treaty(['describe-version', '--pacticipant', unique('nobody'), '--version', '9.9.9', '--broker-base-url', url]);
    expect(result.code).toBe(ExitCode.Failure);
    expect(result.stderr).toContain('Pacticipant version not found');
  });
});
