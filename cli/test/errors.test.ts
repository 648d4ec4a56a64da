// The CLI's failure modes against a real Treaty, through the real binary: one clear line, the
// documented exit code, never a stack trace.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../broker/test/support/test-broker.ts';
import { ExitCode } from '../src/errors.ts';
import { orderPact, pactDir, treaty, unique } from './support/treaty-cli.ts';

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('when the reader of stdout stops early (treaty --help | head)', () => {
  it('exits 0 without a stack trace (EPIPE is not a failure of the command)', async () => {
    const result = await treaty(['--help'], { closeStdout: true });
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
    expect(result.code).toBe(0);
  });
});

describe('when the broker is down', () => {
  it('prints one line naming the URL and the fix, and exits 4 (Unreachable)', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await treaty([
      'can-i-deploy',
      '--pacticipant',
      'Foo',
      '--version',
      '1',
      '--to-environment',
      'production',
      '--broker-base-url',
      url,
    ]);
    expect(result.code).toBe(ExitCode.Unreachable);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `Error [E300]: Cannot reach the broker at ${url}: connection refused. Is it running? Set --broker-base-url or TREATY_URL.`,
    ]);
  });

  it('reads the URL from TREATY_URL and fails the same way for publish', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const dir = pactDir({ 'pact.json': orderPact('a', 'b') });
    const result = await treaty(['publish', dir, '--version', '1'], { env: { TREATY_URL: url } });
    expect(result.code).toBe(ExitCode.Unreachable);
    expect(result.stderr).toContain(`Cannot reach the broker at ${url}: connection refused.`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports a DNS failure as such', async () => {
    const result = await treaty(['describe-version', '--pacticipant', 'Foo', '--broker-base-url', 'http://treaty.invalid']);
    expect(result.code).toBe(ExitCode.Unreachable);
    expect(result.stderr).toMatch(
      /^Error \[E300\]: Cannot reach the broker at http:\/\/treaty.invalid: (host not found|DNS lookup failed)/,
    );
  });
});

describe('against a real Treaty', () => {
  let broker: TestBroker;
  let url: string;
  beforeAll(async () => {
    broker = await startTestBroker();
    url = await broker.listen();
  });
  afterAll(async () => broker?.close());

  it('prints a problem+json answer as "title: detail" and exits 3 (BrokerError)', async () => {
    // Any path the broker does not serve answers 404 application/problem+json.
    const result = await treaty([
      'can-i-deploy',
      '--pacticipant',
      'Foo',
      '--version',
      '1',
      '--broker-base-url',
      `${url}/not-a-treaty-path`,
    ]);
    expect(result.code).toBe(ExitCode.BrokerError);
    expect(result.stderr.split('\n')[0]).toBe(
      'Error [E200]: Not found: No resource at GET /not-a-treaty-path/matrix. Start from GET / to discover the API.',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects an invalid pact file before sending anything: exit 2, naming the file', async () => {
    const dir = pactDir({
      'good.json': orderPact(unique('orders'), unique('payments')),
      'broken.json': '{ "consumer": ',
      'anonymous.json': { interactions: [] },
    });
    const result = await treaty(['publish', dir, '--version', '1.0.0', '--broker-base-url', url, '--verbose']);
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.stderr).toContain('Error [E111]: These 2 files are not valid pacts:');
    expect(result.stderr).toMatch(/broken\.json: not JSON/);
    expect(result.stderr).toMatch(/anonymous\.json: no consumer\.name and no provider\.name/);
    // --verbose traces every request: none was made.
    expect(result.stderr).not.toContain('→ ');
  });

  it('rejects unknown flags with exit 2', async () => {
    const result = await treaty(['can-i-deploy', '--pacticipant', 'Foo', '--versoin', '1', '--broker-base-url', url]);
    expect(result.code).toBe(ExitCode.BadInput);
    expect(result.stderr).toContain("unknown option '--versoin'");
  });
});
