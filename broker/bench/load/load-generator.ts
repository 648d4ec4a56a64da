// A small closed-loop HTTP load generator: `concurrency` workers, each sending its next request as
// soon as the previous answer is read, over keep-alive connections (one per worker), for a warm-up
// and then a measured period. Every answer is checked; the first bad one fails the run, so a
// benchmark can never report the latency of errors.
import http from 'node:http';
import { scrapeLateness, windowBetween, type EventLoopWindow } from '../event-loop.ts';
import { requestFor, type RequestPlan, type RequestSpec } from './request-plans.ts';

export const ResponseCheck = {
  /** Any 2xx. */
  status: 'status',
  /** 2xx and a matrix / can-i-deploy body with a summary whose `deployable` is true, false or null. */
  canIDeploy: 'can-i-deploy',
} as const;
export type ResponseCheck = (typeof ResponseCheck)[keyof typeof ResponseCheck];

export interface LoadOptions {
  baseUrl: string;
  plan: RequestPlan;
  check: ResponseCheck;
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** Take the broker's event-loop delay over the measured period from its /metrics (see ../event-loop.ts). */
  eventLoop?: boolean;
}

export interface LoadResult {
  requests: number;
  durationMs: number;
  /** Answers per second over the measured period. */
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** The broker's event-loop delay over the measured period; null when asked for and /metrics does not expose it. */
  eventLoop?: EventLoopWindow | null;
}

export class LoadError extends Error {}

/** Nearest-rank percentile of ascending-sorted values (p in 0..100); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(latenciesMs: readonly number[], durationMs: number): LoadResult {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    requests: sorted.length,
    durationMs: Math.round(durationMs),
    throughput: round(sorted.length / (durationMs / 1000)),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** Returns why the answer is bad, or undefined when it is good. */
export function checkResponse(check: ResponseCheck, status: number, body: string): string | undefined {
  if (status < 200 || status > 299) return `HTTP ${status}: ${body.slice(0, 300)}`;
  if (check === ResponseCheck.canIDeploy) {
    let parsed: { summary?: { deployable?: unknown } };
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      return `the can-i-deploy answer is not JSON: ${body.slice(0, 300)}`;
    }
    const deployable = parsed.summary?.deployable;
    if (deployable !== true && deployable !== false && deployable !== null)
      return `the can-i-deploy answer has no summary.deployable: ${body.slice(0, 300)}`;
  }
  return undefined;
}

function send(agent: http.Agent, base: URL, spec: RequestSpec): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Accept: 'application/hal+json, application/json', ...spec.headers };
    if (spec.body !== undefined) {
      headers['Content-Type'] ??= 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(spec.body));
    }
    const req = http.request({ agent, host: base.hostname, port: base.port, method: spec.method, path: spec.path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(spec.body);
  });
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const base = new URL(options.baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  let counter = 0;
  let failure: string | undefined;
  const phase = async (ms: number, record: number[] | undefined) => {
    const until = performance.now() + ms;
    const worker = async () => {
      while (failure === undefined && performance.now() < until) {
        const spec = requestFor(options.plan, counter++);
        const start = performance.now();
        let outcome: { status: number; body: string };
        try {
          outcome = await send(agent, base, spec);
        } catch (err) {
          failure = `${spec.method} ${spec.path}: ${err instanceof Error ? err.message : String(err)}`;
          return;
        }
        const elapsed = performance.now() - start;
        const problem = checkResponse(options.check, outcome.status, outcome.body);
        if (problem !== undefined) {
          failure = `${spec.method} ${spec.path}: ${problem}`;
          return;
        }
        record?.push(elapsed);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    return performance.now() - started;
  };
  try {
    await phase(options.warmupMs, undefined);
    // Scraped between the phases, from this process: the window is the measured period only.
    const loopBefore = options.eventLoop ? await scrapeLateness(options.baseUrl) : undefined;
    const latencies: number[] = [];
    const measured = await phase(options.durationMs, latencies);
    if (failure !== undefined) throw new LoadError(failure);
    const result = summarize(latencies, measured);
    if (!options.eventLoop) return result;
    const loopAfter = await scrapeLateness(options.baseUrl);
    return { ...result, eventLoop: (loopBefore && loopAfter && windowBetween(loopBefore, loopAfter)) ?? null };
  } finally {
    agent.destroy();
  }
}
