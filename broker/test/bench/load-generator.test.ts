// The benchmark's load generator (issue #7): its percentiles are right, and a bad answer fails the
// run instead of being timed (a benchmark must never report the latency of errors).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkResponse, LoadError, percentile, ResponseCheck, runLoad, summarize } from '../../bench/load/load-generator.ts';
import { LoadProcess } from '../../bench/load/load-process.ts';
import { forLoadRun, requestFor, type RequestPlan } from '../../bench/load/request-plans.ts';

describe('percentile (nearest rank)', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  it.each([
    [hundred, 50, 50],
    [hundred, 95, 95],
    [hundred, 99, 99],
    [hundred, 100, 100],
    [[7], 99, 7],
    [[1, 2, 3, 4], 50, 2],
    [[1, 2, 3, 4], 75, 3],
    [[1, 2, 3, 4], 76, 4],
  ])('of %j at p%d is %d', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('summarize sorts, and counts throughput over the measured time', () => {
    const result = summarize([5, 1, 3, 2, 4], 2000);
    expect(result).toMatchObject({ requests: 5, throughput: 2.5, p50: 3, p99: 5, max: 5, mean: 3 });
  });
});

describe('checkResponse', () => {
  it.each([
    [ResponseCheck.status, 200, '{}', undefined],
    [ResponseCheck.status, 201, '', undefined],
    [ResponseCheck.status, 500, 'boom', 'HTTP 500: boom'],
    [ResponseCheck.status, 404, 'nope', 'HTTP 404: nope'],
    [ResponseCheck.canIDeploy, 200, '{"summary":{"deployable":false}}', undefined],
    [ResponseCheck.canIDeploy, 200, '{"summary":{"deployable":null}}', undefined],
    [ResponseCheck.canIDeploy, 200, '{"title":"error"}', 'the can-i-deploy answer has no summary.deployable: {"title":"error"}'],
    [ResponseCheck.canIDeploy, 200, '<html>', 'the can-i-deploy answer is not JSON: <html>'],
  ])('%s %d %s -> %s', (check, status, body, expected) => {
    expect(checkResponse(check, status, body)).toBe(expected);
  });
});

describe('runLoad against a local server', () => {
  let server: http.Server;
  let base: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url?.startsWith('/fail')) {
        res.writeHead(500, { 'Content-Type': 'application/problem+json' }).end('{"title":"Internal Server Error"}');
      } else if (req.url?.startsWith('/no-summary')) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"matrix":[]}');
      } else {
        // A little latency so the percentiles are not all zero.
        setTimeout(() => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"summary":{"deployable":true}}'), 2);
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const load = (path: string, check: ResponseCheck = ResponseCheck.status) =>
    runLoad({
      baseUrl: base,
      plan: { kind: 'cycle', requests: [{ method: 'GET', path }] },
      check,
      concurrency: 4,
      warmupMs: 50,
      durationMs: 300,
    });

  it('measures good answers', async () => {
    const result = await load('/ok', ResponseCheck.canIDeploy);
    expect(result.requests).toBeGreaterThan(10);
    expect(result.p50).toBeGreaterThanOrEqual(2);
    expect(result.p50).toBeLessThanOrEqual(result.p95);
    expect(result.p95).toBeLessThanOrEqual(result.p99);
    expect(result.p99).toBeLessThanOrEqual(result.max);
    expect(result.throughput).toBeGreaterThan(0);
  });

  it('fails the run when the server answers 500', async () => {
    await expect(load('/fail')).rejects.toThrow(LoadError);
    await expect(load('/fail')).rejects.toThrow(/GET \/fail: HTTP 500/);
  });

  it('fails a can-i-deploy run whose answer has no summary', async () => {
    await expect(load('/no-summary', ResponseCheck.canIDeploy)).rejects.toThrow(/no summary.deployable/);
  });

  it('fails the same way from the separate load process', async () => {
    const worker = new LoadProcess();
    try {
      const ok = await worker.run({
        baseUrl: base,
        plan: { kind: 'cycle', requests: [{ method: 'GET', path: '/ok' }] },
        check: ResponseCheck.status,
        concurrency: 2,
        warmupMs: 0,
        durationMs: 200,
      });
      expect(ok.requests).toBeGreaterThan(0);
      await expect(
        worker.run({
          baseUrl: base,
          plan: { kind: 'cycle', requests: [{ method: 'GET', path: '/fail' }] },
          check: ResponseCheck.status,
          concurrency: 2,
          warmupMs: 0,
          durationMs: 200,
        }),
      ).rejects.toThrow(/HTTP 500/);
    } finally {
      worker.stop();
    }
  });
});

describe('request plans', () => {
  it('publish a new version each time, with new content only when asked', () => {
    const plan = { kind: 'publish', runId: 'r', consumer: 'c', provider: 'p', newContent: true } as const;
    const [a, b] = [requestFor(plan, 0), requestFor(plan, 1)].map(
      (r) => JSON.parse(r.body!) as { pacticipantVersionNumber: string; contracts: Array<{ content: string }> },
    );
    expect(a!.pacticipantVersionNumber).not.toBe(b!.pacticipantVersionNumber);
    expect(a!.contracts[0]!.content).not.toBe(b!.contracts[0]!.content);
    const same = { ...plan, newContent: false };
    expect(JSON.parse(requestFor(same, 0).body!).contracts).toEqual(JSON.parse(requestFor(same, 1).body!).contracts);
  });

  it("each load run of a scenario (c=1, then c=16) writes versions of its own, on the bench run's one branch", () => {
    type Body = { pacticipantVersionNumber: string; branch: string; contracts: Array<{ content: string }> };
    const plan = { kind: 'publish', runId: 'r', consumer: 'c', provider: 'p', newContent: true } as const;
    const [c1, c16] = [forLoadRun(plan, 'c1'), forLoadRun(plan, 'c16')].map((p) => JSON.parse(requestFor(p, 0).body!) as Body);
    expect(c1!.pacticipantVersionNumber).not.toBe(c16!.pacticipantVersionNumber);
    expect(c1!.contracts[0]!.content).not.toBe(c16!.contracts[0]!.content);
    expect(c1!.branch).toBe(c16!.branch);
    const verify: RequestPlan = { kind: 'verify', runId: 'r', targets: [{ provider: 'p', consumer: 'c', sha: 'abc' }] };
    const [v1, v16] = [forLoadRun(verify, 'c1'), forLoadRun(verify, 'c16')].map(
      (p) => (JSON.parse(requestFor(p, 0).body!) as { providerApplicationVersion: string }).providerApplicationVersion,
    );
    expect(v1).not.toBe(v16);
  });
});
