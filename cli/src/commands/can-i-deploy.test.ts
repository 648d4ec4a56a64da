import { describe, expect, it } from 'vitest';
import type { MatrixResponse } from '@treaty/wire';
import { ExitCode } from '../errors.ts';
import type { CliDeps } from '../io.ts';
import { runCli } from '../program.ts';

function matrix(deployable: boolean | null, unknown: number): MatrixResponse {
  return {
    summary: { deployable, reason: 'r', success: 0, failed: 0, unknown },
    notices: [{ type: 'info', text: `unknown=${unknown}` }],
    matrix: [],
  };
}

function harness(responses: MatrixResponse[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const urls: string[] = [];
  const sleeps: number[] = [];
  let call = 0;
  const deps: CliDeps = {
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    env: { TREATY_URL: 'http://broker.test', ...env },
    cwd: '/',
    git: () => undefined,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    fetch: (async (input: string | URL | Request) => {
      urls.push(String(input));
      const body = responses[Math.min(call++, responses.length - 1)];
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/hal+json' } });
    }) as typeof fetch,
  };
  const run = (...args: string[]) => runCli(['node', 'treaty', 'can-i-deploy', ...args], deps);
  return { run, out, err, urls, sleeps };
}

describe('treaty can-i-deploy (in-process, stub broker)', () => {
  it('sends the pact-broker CLI query to /matrix and exits 0 on deployable: true', async () => {
    const h = harness([matrix(true, 0)]);
    expect(await h.run('--pacticipant', 'Foo', '--version', '1.2.3', '--to-environment', 'production')).toBe(ExitCode.Success);
    expect(h.urls).toEqual([
      'http://broker.test/matrix?q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bversion%5D=1.2.3&latestby=cvp&environment=production',
    ]);
    expect(h.out.join('\n')).toMatch(/^Computer says yes \\o\//);
  });

  it('keeps positional selectors in order across flags (--latest TAG after the second --pacticipant)', async () => {
    const h = harness([matrix(true, 0)]);
    await h.run('-a', 'Foo', '-e', '1.2.3', '-a', 'Bar', '--latest', 'prod');
    expect(decodeURIComponent(h.urls[0]!)).toBe(
      'http://broker.test/matrix?q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&latestby=cvpv',
    );
  });

  it.each([
    [false, ExitCode.Failure],
    [null, ExitCode.Failure],
  ])('exits 1 when deployable is %s', async (deployable, code) => {
    const h = harness([matrix(deployable, 0)]);
    expect(await h.run('--pacticipant', 'Foo', '--version', '1')).toBe(code);
    expect(h.out.join('\n')).toMatch(/^Computer says no/);
  });

  it('--dry-run prefixes [dry-run] and exits 0 even when the answer is no', async () => {
    const h = harness([matrix(false, 0)]);
    expect(await h.run('--pacticipant', 'Foo', '--version', '1', '--dry-run')).toBe(ExitCode.Success);
    expect(
      h.out
        .join('\n')
        .split('\n')
        .every((line) => line.startsWith('[dry-run]')),
    ).toBe(true);
  });

  it('--output json prints the body as JSON and keeps the exit code', async () => {
    const h = harness([matrix(false, 0)]);
    expect(await h.run('--pacticipant', 'Foo', '--version', '1', '--output', 'json')).toBe(ExitCode.Failure);
    expect((JSON.parse(h.out.join('\n')) as MatrixResponse).summary.deployable).toBe(false);
  });

  it('--retry-while-unknown sleeps first, then re-queries until unknown is 0 (PBC can_i_deploy.rb)', async () => {
    const h = harness([matrix(null, 2), matrix(null, 1), matrix(true, 0)]);
    expect(await h.run('--pacticipant', 'Foo', '--version', '1', '--retry-while-unknown', '5', '--retry-interval', '3')).toBe(
      ExitCode.Success,
    );
    expect(h.urls).toHaveLength(3);
    expect(h.sleeps).toEqual([3000, 3000]);
    expect(h.err).toEqual(['Waiting for 2 verification results to be published (maximum of 15 seconds)']);
  });

  it('--retry-while-unknown gives up after N retries and answers with the last result', async () => {
    const h = harness([matrix(null, 1)]);
    expect(await h.run('--pacticipant', 'Foo', '--version', '1', '--retry-while-unknown', '2', '--retry-interval', '1')).toBe(
      ExitCode.Failure,
    );
    expect(h.urls).toHaveLength(3);
    expect(h.err[0]).toBe('Waiting for 1 verification result to be published (maximum of 2 seconds)');
  });

  it('is a bad-input error (exit 2) when a pacticipant has no version selector', async () => {
    const h = harness([matrix(true, 0)]);
    expect(await h.run('--pacticipant', 'Foo')).toBe(ExitCode.BadInput);
    expect(h.urls).toEqual([]);
    expect(h.err.join('\n')).toMatch(/Error \[E100\]: Missing the version for Foo/);
  });
});
