// `treaty verify` as a user runs it: the real binary, against a live Treaty and the live payment-service
// (its real createApp on a loopback port, with the provider-state endpoint from sample-services/demo
// next to it), verifying the pact order-service's consumer test writes. Covers the Pact rules the
// command exists for: results published → can-i-deploy says yes; a breaking provider fails the build
// and names the interaction; a failing *pending* pact does not fail the build (docs.pact.io/go/pending).
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../broker/test/support/test-broker.ts';
import {
  PaymentServiceVariant,
  startPaymentService,
  type RunningPaymentService,
} from '../../sample-services/demo/src/payment-service-harness.ts';
import { ensurePactFile } from '../../sample-services/payment-service/test/support/pact-files.ts';
import { ExitCode } from '../src/errors.ts';
import { pactDir, treaty, unique, type CliResult } from './support/treaty-cli.ts';

interface PactJson {
  consumer: { name: string };
  provider: { name: string };
  interactions: Array<{ description: string; response: { body?: { content?: Record<string, unknown> } } }>;
}

let broker: TestBroker;
let url: string;
let orderPact: PactJson;
let current: RunningPaymentService;
let breaking: RunningPaymentService;

beforeAll(async () => {
  broker = await startTestBroker();
  url = await broker.listen();
  const file = await ensurePactFile({
    fileName: 'order-service-payment-service.json',
    consumerDir: fileURLToPath(new URL('../../sample-services/order-service', import.meta.url)),
    consumerTest: 'test/payment-client.pact.test.ts',
  });
  orderPact = JSON.parse(readFileSync(file, 'utf8')) as PactJson;
  current = await startPaymentService(PaymentServiceVariant.Current);
  breaking = await startPaymentService(PaymentServiceVariant.RenamesStatusToState);
}, 180_000);

afterAll(async () => {
  await current?.close();
  await breaking?.close();
  await broker?.close();
});

const run = (...args: string[]): Promise<CliResult> => treaty([...args, '--broker-base-url', url], { env: { PACT_DO_NOT_TRACK: 'true' } });

interface Tenant {
  consumer: string;
  provider: string;
  id: string;
}

/** Publishes order-service's pact under tenant names (the consumer on branch main, its main branch). */
async function publishPact(tenant: Tenant, version: string, edit: (pact: PactJson) => void = () => undefined): Promise<void> {
  const pact = structuredClone(orderPact);
  pact.consumer.name = tenant.consumer;
  pact.provider.name = tenant.provider;
  edit(pact);
  const published = await run('publish', pactDir({ 'pact.json': pact }), '--version', version, '--branch', 'main');
  expect(published.code, published.stderr).toBe(ExitCode.Success);
  const patched = await fetch(`${url}/pacticipants/${tenant.consumer}`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify({ mainBranch: 'main' }),
  });
  expect(patched.ok).toBe(true);
}

/** A loopback port nothing listens on (fetch refuses well-known ports such as 1, so take a free one). */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function newTenant(): Tenant {
  const id = unique('t');
  return { id, consumer: `order-service-${id}`, provider: `payment-service-${id}` };
}

function verify(tenant: Tenant, service: RunningPaymentService, version: string, ...extra: string[]): Promise<CliResult> {
  return run(
    'verify',
    '--provider',
    tenant.provider,
    '--provider-base-url',
    service.baseUrl,
    '--state-change-url',
    service.stateChangeUrl,
    '--provider-version',
    version,
    '--provider-branch',
    'main',
    '--enable-pending',
    '--publish',
    ...extra,
  );
}

/** Treaty's summary (after the Pact verifier's own report), with the tenant suffix made stable. */
function summaryOf(result: CliResult, tenant: Tenant): string {
  const start = result.stdout.indexOf('Verification of ');
  expect(start, result.stdout + result.stderr).toBeGreaterThanOrEqual(0);
  return result.stdout.slice(start).replaceAll(tenant.id, '<id>').trimEnd();
}

describe('treaty verify', { timeout: 180_000 }, () => {
  describe("when payment-service honours order-service's pact", () => {
    const tenant = newTenant();
    beforeAll(async () => publishPact(tenant, '1.0.0'));

    it('verifies every interaction, publishes the results and exits 0', async () => {
      const result = await verify(tenant, current, 'p-1');
      expect(result.code, result.stdout + result.stderr).toBe(ExitCode.Success);
      expect(summaryOf(result, tenant)).toMatchInlineSnapshot(`
        "Verification of payment-service-<id> p-1 (branch main):

        order-service-<id>
          version 1.0.0 — latest from main branch [pending]
            ✓ a request for charge ch-1 (given charge ch-1 exists)
            ✓ a request for charge ch-404, which does not exist (given no charge ch-404 exists)
            ✓ a request to charge cust-1 for order ord-1 (given customer cust-1 has a valid card)
            ✓ a request to charge cust-2, whose card is declined (given customer cust-2's card is declined)

        ✓ Verification passed: 1 pact, 4 interactions. Results published to Treaty."
      `);
    });

    it('makes can-i-deploy say yes for the two versions (the published results are in the matrix)', async () => {
      const result = await run(
        'can-i-deploy',
        '--pacticipant',
        tenant.consumer,
        '--version',
        '1.0.0',
        '--pacticipant',
        tenant.provider,
        '--version',
        'p-1',
      );
      expect(result.code, result.stdout + result.stderr).toBe(ExitCode.Success);
      expect(result.stdout).toContain('Computer says yes');
    });

    describe('and a new provider version renames status to state', () => {
      it('exits 1 and names the failed interactions (the pact is no longer pending once main verified it)', async () => {
        const result = await verify(tenant, breaking, 'p-2');
        expect(result.code, result.stdout + result.stderr).toBe(ExitCode.Failure);
        const summary = summaryOf(result, tenant);
        expect(summary).toContain('✗ a request for charge ch-1 (given charge ch-1 exists)');
        expect(summary).toContain('✗ Verification failed: "a request for charge ch-1"');
        expect(summary).not.toContain('[pending]');
      });

      it('makes can-i-deploy say no for the breaking version', async () => {
        const result = await run(
          'can-i-deploy',
          '--pacticipant',
          tenant.provider,
          '--version',
          'p-2',
          '--pacticipant',
          tenant.consumer,
          '--version',
          '1.0.0',
        );
        expect(result.code).toBe(ExitCode.Failure);
        expect(result.stdout).toContain('Computer says no');
      });
    });
  });

  describe('when a pact the provider has never verified fails (pending pact)', () => {
    const tenant = newTenant();
    beforeAll(async () =>
      publishPact(tenant, '2.0.0', (pact) => {
        // The consumer now expects a field payment-service does not send.
        const lookup = pact.interactions.find((i) => i.description === 'a request for charge ch-1');
        if (lookup?.response.body?.content) lookup.response.body.content.refund_status = 'none';
      }),
    );

    it('exits 0 and marks the failure pending', async () => {
      const result = await verify(tenant, current, 'p-1');
      expect(result.code, result.stdout + result.stderr).toBe(ExitCode.Success);
      const summary = summaryOf(result, tenant);
      expect(summary).toContain('version 2.0.0 — latest from main branch [pending]');
      expect(summary).toMatch(
        /✗ a request for charge ch-1 \(given charge ch-1 exists\) \[pending\]\n\s+\$: Actual map is missing the following keys: refund_status/,
      );
      expect(summary).toContain('only pending pacts failed, which does not fail the build');
    });
  });

  describe('when something is missing or down', () => {
    it('exits 4 naming the provider when nothing listens at --provider-base-url', async () => {
      const result = await run(
        'verify',
        '--provider',
        'payment-service',
        '--provider-base-url',
        'http://127.0.0.1:1',
        '--provider-version',
        '1',
        '--no-auto-detect',
      );
      expect(result.code).toBe(ExitCode.Unreachable);
      expect(result.stderr).toContain('Cannot reach the provider at http://127.0.0.1:1: connection refused. Start the provider first');
    });

    it('exits 4 naming the broker when Treaty is down', async () => {
      const down = `http://127.0.0.1:${await closedPort()}`;
      const result = await treaty([
        'verify',
        '--provider',
        'payment-service',
        '--provider-base-url',
        current.baseUrl,
        '--provider-version',
        '1',
        '--no-auto-detect',
        '--broker-base-url',
        down,
      ]);
      expect(result.code).toBe(ExitCode.Unreachable);
      expect(result.stderr).toContain(
        `Error [E300]: Cannot reach Treaty at ${down}: connection refused. Is it running at that URL? Set --broker-base-url or TREATY_URL.`,
      );
    });

    it('exits 2 on a selector that is not JSON, before contacting anything', async () => {
      const result = await run(
        'verify',
        '--provider',
        'p',
        '--provider-base-url',
        current.baseUrl,
        '--provider-version',
        '1',
        '--consumer-version-selector',
        '{mainBranch:true}',
      );
      expect(result.code).toBe(ExitCode.BadInput);
      expect(result.stderr).toContain(`is not JSON. Quote it for the shell, e.g. --consumer-version-selector '{"mainBranch":true}'`);
    });

    it('exits 2 when --enable-pending has no provider branch', async () => {
      const result = await run(
        'verify',
        '--provider',
        'p',
        '--provider-base-url',
        current.baseUrl,
        '--provider-version',
        '1',
        '--enable-pending',
        '--no-auto-detect',
      );
      expect(result.code).toBe(ExitCode.BadInput);
      expect(result.stderr).toContain('Missing --provider-branch.');
    });

    it('shows an example in --help', async () => {
      const result = await treaty(['verify', '--help']);
      expect(result.code).toBe(ExitCode.Success);
      expect(result.stdout).toContain('$ treaty verify --provider payment-service --provider-base-url http://localhost:8081');
    });
  });
});
