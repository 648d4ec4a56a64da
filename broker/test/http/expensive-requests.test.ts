// Issue #11: no single client can take the broker down with expensive requests. A GraphQL fan-out (deep nesting,
// 1 000 aliases, a huge `first`) is refused before it runs, with extensions.code naming the limit; a flood of
// whole-integration matrices and large selector sets is bounded by the admission gate (admission.ts): the excess
// gets 503 problem+json with Retry-After, never a 500, and /health and /health/ready keep answering within 1 s.
import { spawn } from 'node:child_process';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { matrixSeed, type SeededPacticipant, type SeededPact, type SeededVersion } from '../support/matrix-seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

const HEALTH_BUDGET_MS = 1_000;
const CONSUMER_VERSIONS = 40;
const PROVIDER_VERSIONS = 15;

let broker: TestBroker;
let baseUrl: string;
let consumer: SeededPacticipant;
let provider: SeededPacticipant;

beforeAll(async () => {
  // The default concurrency (1 on PGlite, 2 on PostgreSQL: DATABASE_URL is in the test's environment then), a short queue.
  broker = await startTestBroker(
    {},
    { TREATY_EXPENSIVE_QUEUE: '2', TREATY_EXPENSIVE_WAIT_MS: '1000', DATABASE_URL: process.env.DATABASE_URL },
  );
  baseUrl = await broker.listen();
  // A modest whole integration: 40 consumer versions publishing 4 distinct contents, each verified by 15 provider versions.
  const seedKit = matrixSeed(broker.db);
  consumer = await seedKit.pacticipant('FloodConsumer');
  provider = await seedKit.pacticipant('FloodProvider');
  const pacts: SeededPact[] = [];
  for (let i = 0; i < CONSUMER_VERSIONS; i++) {
    const version = await seedKit.version(consumer, `1.0.${i}`, { branch: 'main' });
    pacts.push(await seedKit.publish(version, provider, `content-${i % 4}`));
  }
  const providerVersions: SeededVersion[] = [];
  for (let i = 0; i < PROVIDER_VERSIONS; i++) providerVersions.push(await seedKit.version(provider, `2.0.${i}`, { branch: 'main' }));
  const distinct = [...new Map(pacts.map((p) => [p.pactVersionId, p])).values()];
  for (const providerVersion of providerVersions) for (const pact of distinct) await seedKit.verify(pact, providerVersion, true);
  // A broker that has been running: on PGlite the first run of each statement in a fresh process (planning, JIT of
  // the WASM paths) blocks the event loop several times longer than later runs, and a flood meets a warm broker.
  await timedFetch(`/matrix/provider/${provider.name}/consumer/${consumer.name}`);
  await timedFetch(`/matrix?q[][pacticipant]=${consumer.name}&q[][pacticipant]=${provider.name}`);
  await timedFetch(`/pacts/provider/${provider.name}/for-verification`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ consumerVersionSelectors: Array.from({ length: 100 }, (_, i) => ({ branch: `feature-${i}` })) }),
  });
}, 120_000);

afterAll(async () => {
  await broker?.close();
});

interface Timed {
  status: number;
  ms: number;
  headers: Headers;
  body: unknown;
}

async function timedFetch(path: string, init: RequestInit = {}): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(`${baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(30_000) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // text/plain or empty
  }
  return { status: res.status, ms: performance.now() - started, headers: res.headers, body };
}

/** Pings /health and /health/ready every 50 ms until `work` settles; the slowest answer of each. */
async function healthWhile<T>(work: Promise<T>): Promise<{ result: T; slowestLiveMs: number; slowestReadyMs: number; pings: number }> {
  let done = false;
  let slowestLiveMs = 0;
  let slowestReadyMs = 0;
  let pings = 0;
  const pinger = (async () => {
    while (!done) {
      const [live, ready] = await Promise.all([timedFetch('/health'), timedFetch('/health/ready')]);
      expect(live.status).toBe(200);
      expect(ready.status).toBe(200);
      slowestLiveMs = Math.max(slowestLiveMs, live.ms);
      slowestReadyMs = Math.max(slowestReadyMs, ready.ms);
      pings += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    return { result: await work, slowestLiveMs, slowestReadyMs, pings };
  } finally {
    done = true;
    await pinger;
  }
}

interface PlannedRequest {
  path: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface LoadAnswer {
  status: number;
  ms: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * The flood comes from a client process of its own, as it would in production: sends every request at once and
 * pings /health and /health/ready every 50 ms until all have answered. This process is then only the broker, so the
 * latencies measure the broker, not the client's own work on a shared event loop.
 */
const CLIENT_PROCESS = `
const [base, planText] = process.argv.slice(-2);
const plan = JSON.parse(planText);
const timed = async (r) => {
  const started = performance.now();
  const res = await fetch(base + r.path, { method: r.method ?? 'GET', headers: r.headers, body: r.body, signal: AbortSignal.timeout(60000) });
  const text = await res.text();
  let body = text;
  try { body = JSON.parse(text); } catch {}
  return { status: res.status, ms: performance.now() - started, headers: Object.fromEntries(res.headers), body };
};
let done = false, slowestLiveMs = 0, slowestReadyMs = 0, pings = 0, healthFailures = [];
const pinger = (async () => {
  while (!done) {
    const [live, ready] = await Promise.all([timed({ path: '/health' }), timed({ path: '/health/ready' })]);
    if (live.status !== 200 || ready.status !== 200) healthFailures.push([live.status, ready.status]);
    slowestLiveMs = Math.max(slowestLiveMs, live.ms);
    slowestReadyMs = Math.max(slowestReadyMs, ready.ms);
    pings += 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
})();
const results = await Promise.all(plan.map(timed));
done = true;
await pinger;
process.stdout.write(JSON.stringify({ results, slowestLiveMs, slowestReadyMs, pings, healthFailures }));
`;

async function floodFromAnotherProcess(plan: PlannedRequest[]) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', CLIENT_PROCESS, baseUrl, JSON.stringify(plan)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).toBe(0);
  const report = JSON.parse(output) as {
    results: LoadAnswer[];
    slowestLiveMs: number;
    slowestReadyMs: number;
    pings: number;
    healthFailures: unknown[];
  };
  expect(report.healthFailures).toEqual([]);
  return report;
}

const graphql = (query: string, variables?: Record<string, unknown>) =>
  timedFetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });

type GraphqlBody = { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
const codes = (answer: Timed) => ((answer.body as GraphqlBody).errors ?? []).map((e) => e.extensions?.code);

/** pacticipant → versions(first: 100) → pacticipant → versions ... `levels` times (the reproduction at 4). */
function fanOut(levels: number, first = 100): string {
  let inner = 'number';
  for (let i = 0; i < levels; i++)
    inner = `versions(first: ${first}) { nodes { number pacticipant { name ${inner === 'number' ? '' : inner} } } }`;
  return `{ pacticipants { name ${inner} } }`;
}

describe('GraphQL fan-out is refused before it runs, and /health keeps answering', () => {
  test('the issue’s 4-level nesting of pacticipant → versions(first:100) is refused as QUERY_TOO_DEEP and QUERY_TOO_COSTLY', async () => {
    const { result, slowestLiveMs } = await healthWhile(Promise.all(Array.from({ length: 5 }, () => graphql(fanOut(4)))));
    for (const answer of result) {
      expect(answer.status).toBeLessThan(500);
      expect(codes(answer)).toEqual(expect.arrayContaining(['QUERY_TOO_DEEP', 'QUERY_TOO_COSTLY']));
      expect((answer.body as GraphqlBody).data).toBeUndefined();
    }
    const deep = (result[0]!.body as GraphqlBody).errors!.find((e) => e.extensions?.code === 'QUERY_TOO_DEEP')!;
    expect(deep.message).toContain('TREATY_GRAPHQL_MAX_DEPTH');
    expect(deep.extensions).toMatchObject({ maxDepth: 10 });
    expect(slowestLiveMs).toBeLessThan(HEALTH_BUDGET_MS);
  });

  test('two levels within the depth limit are refused by cost (QUERY_TOO_COSTLY names the budget)', async () => {
    const answer = await graphql(fanOut(2));
    expect(codes(answer)).toEqual(['QUERY_TOO_COSTLY']);
    const error = (answer.body as GraphqlBody).errors![0]!;
    expect(error.message).toContain('TREATY_GRAPHQL_MAX_COST');
    expect(error.extensions).toMatchObject({ maxCost: 10_000 });
  });

  test('1 000 aliases are refused as TOO_MANY_ALIASES (fast, whatever graphql’s own rules would cost)', async () => {
    const fields = Array.from({ length: 1_000 }, (_, i) => `a${i}: pacticipant(name: "${consumer.name}") { name }`).join(' ');
    const { result, slowestLiveMs } = await healthWhile(graphql(`{ ${fields} }`));
    expect(codes(result)).toContain('TOO_MANY_ALIASES');
    expect((result.body as GraphqlBody).errors![0]!.extensions).toMatchObject({ aliases: 1_000, maxAliases: 30 });
    expect(result.ms).toBeLessThan(2_000);
    expect(slowestLiveMs).toBeLessThan(HEALTH_BUDGET_MS);
  });

  test('a huge `first`, literal or in a variable, is refused as QUERY_TOO_COSTLY', async () => {
    const literal = await graphql(`
      {
        pacticipants {
          versions(first: 1000000) {
            nodes {
              number
            }
          }
        }
      }
    `);
    expect(codes(literal)).toEqual(['QUERY_TOO_COSTLY']);
    const variable = await graphql(
      `
        query Q($n: Int) {
          pacticipants {
            versions(first: $n) {
              nodes {
                number
              }
            }
          }
        }
      `,
      { n: 100_000 },
    );
    expect(codes(variable)).toEqual(['QUERY_TOO_COSTLY']);
  });

  test('a query of more tokens than the parser accepts (20 000) is refused before validation, and so is a wall of repeated fields', async () => {
    const tooLong = await graphql(
      `{ pacticipant(name: "${consumer.name}") { ${Array.from({ length: 25_000 }, () => 'name').join(' ')} } }`,
    );
    expect(tooLong.status).toBeLessThan(500);
    expect((tooLong.body as GraphqlBody).errors![0]!.message).toMatch(/contains more th\w+ 20000 tokens/);
    const repeated = await graphql(
      `{ pacticipant(name: "${consumer.name}") { ${Array.from({ length: 15_000 }, () => 'name').join(' ')} } }`,
    );
    expect(repeated.status).toBeLessThan(500);
    expect((repeated.body as GraphqlBody).data).toBeUndefined();
    expect(repeated.ms).toBeLessThan(2_000);
  });

  test('introspection still works: GraphiQL’s full introspection query and __type', async () => {
    const full = await graphql(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }));
    expect(full.status).toBe(200);
    expect((full.body as GraphqlBody).errors).toBeUndefined();
    expect((full.body as { data: { __schema: { types: unknown[] } } }).data.__schema.types.length).toBeGreaterThan(20);
    const type = await graphql(`
      {
        __type(name: "Pacticipant") {
          fields {
            name
            type {
              kind
              ofType {
                kind
                ofType {
                  name
                }
              }
            }
          }
        }
      }
    `);
    expect((type.body as GraphqlBody).errors).toBeUndefined();
  });

  test('an ordinary page query within the limits answers', async () => {
    const answer = await graphql(
      `
        query P($name: String!) {
          pacticipant(name: $name) {
            name
            versions(first: 20) {
              totalCount
              nodes {
                number
                tags {
                  name
                }
                branches {
                  name
                }
              }
            }
          }
        }
      `,
      { name: consumer.name },
    );
    expect((answer.body as GraphqlBody).errors).toBeUndefined();
    expect((answer.body as { data: { pacticipant: { versions: { totalCount: number } } } }).data.pacticipant.versions.totalCount).toBe(
      CONSUMER_VERSIONS,
    );
  });
});

describe('a flood of expensive requests is bounded: the excess gets 503 with Retry-After, never 500', () => {
  const expectSuccessOrBusy = (answer: LoadAnswer) => {
    expect([200, 503]).toContain(answer.status);
    if (answer.status === 503) {
      expect(answer.headers['retry-after']).toMatch(/^\d+$/);
      // problem+json, typed HAL for clients that ask for HAL only (http/problem.ts problemContentType)
      expect(answer.headers['content-type']).toMatch(/^application\/(problem|hal)\+json/);
      expect(answer.body).toMatchObject({ status: 503, type: 'https://treaty.dev/problems/service-unavailable' });
    }
  };

  test('many concurrent whole-integration matrices and large selector sets: /health and /health/ready answer within 1 s', async () => {
    const accept = { accept: 'application/hal+json, application/json' };
    const selectors = Array.from({ length: 100 }, (_, i) => ({ branch: `feature-${i}` }));
    const plan: PlannedRequest[] = [
      ...Array.from({ length: 12 }, () => ({ path: `/matrix/provider/${provider.name}/consumer/${consumer.name}`, headers: accept })),
      ...Array.from({ length: 12 }, () => ({
        path: `/matrix?q[][pacticipant]=${consumer.name}&q[][pacticipant]=${provider.name}`,
        headers: accept,
      })),
      ...Array.from({ length: 8 }, () => ({
        path: `/pacts/provider/${provider.name}/for-verification`,
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/hal+json' },
        body: JSON.stringify({ consumerVersionSelectors: selectors }),
      })),
    ];
    const { results, slowestLiveMs, slowestReadyMs, pings } = await floodFromAnotherProcess(plan);
    for (const answer of results) expectSuccessOrBusy(answer);
    const statuses = results.map((r) => r.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    const matrix = results.find((r) => r.status === 200 && Array.isArray((r.body as { matrix?: unknown[] }).matrix));
    // The rows of the whole integration, as many as the default limit lists (the Pact Broker's 100).
    expect((matrix!.body as { matrix: unknown[] }).matrix.length).toBe(Math.min(100, CONSUMER_VERSIONS * PROVIDER_VERSIONS));
    expect(pings).toBeGreaterThan(0);
    expect(slowestLiveMs).toBeLessThan(HEALTH_BUDGET_MS);
    expect(slowestReadyMs).toBeLessThan(HEALTH_BUDGET_MS);

    const metrics = await timedFetch('/metrics');
    expect(String(metrics.body)).toMatch(/treaty_expensive_operations_refused_total\{operation="matrix"\} [1-9]/);
    expect(String(metrics.body)).toMatch(/treaty_expensive_operations_in_flight\{operation="matrix"\} 0/);
    expect(String(metrics.body)).toMatch(/treaty_event_loop_delay_seconds\{quantile="0.99"\} \d/);
  }, 60_000);

  test('costly GraphQL queries (above TREATY_GRAPHQL_EXPENSIVE_COST) share the same slots', async () => {
    // cost = 5 × (1 + 100 × (1 + 1 × (1 + 1 + 5 + 5))) = 6 505: within the budget (10 000), above the expensive threshold (5 000).
    const query = `{ pacticipants { versions(first: 100) { nodes { number pacticipant { name } tags { name } branches { name } } } } }`;
    const request: PlannedRequest = {
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query }),
    };
    const { results, slowestLiveMs } = await floodFromAnotherProcess(Array.from({ length: 12 }, () => request));
    for (const answer of results) expectSuccessOrBusy(answer);
    expect(results.map((r) => r.status)).toContain(200);
    expect(results.map((r) => r.status)).toContain(503);
    expect(slowestLiveMs).toBeLessThan(HEALTH_BUDGET_MS);
  }, 60_000);

  test('more than TREATY_MAX_CONSUMER_VERSION_SELECTORS selectors is a 400 naming the limit', async () => {
    const answer = await timedFetch(`/pacts/provider/${provider.name}/for-verification`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/problem+json' },
      body: JSON.stringify({ consumerVersionSelectors: Array.from({ length: 101 }, (_, i) => ({ branch: `b-${i}` })) }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ detail: expect.stringContaining('TREATY_MAX_CONSUMER_VERSION_SELECTORS') });
    expect((answer.body as { errors: Record<string, string[]> }).errors.consumerVersionSelectors).toEqual([
      'must have at most 100 selectors',
    ]);
  });
});
