// How long /health and /health/ready take while one client sends the most expensive requests it can (issue #11).
//
//   npx tsx broker/bench/health-under-load.ts [--base-url http://127.0.0.1:9292] [--seconds 15] [--clients 16]
//
// Against a broker you started yourself (npm start, on PGlite or PostgreSQL, no auth). Seeds one integration through
// the HTTP API (40 consumer versions, 15 provider versions verifying every pact), then for each scenario runs
// `clients` concurrent loops of the expensive request for `seconds`, pinging /health and /health/ready every 100 ms
// from the same process, and prints the status counts and the health latencies (p50, p99, max) as JSON lines.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    'base-url': { type: 'string', default: 'http://127.0.0.1:9292' },
    seconds: { type: 'string', default: '15' },
    clients: { type: 'string', default: '16' },
  },
});
const base = values['base-url']!.replace(/\/+$/, '');
const seconds = Number(values.seconds);
const clients = Number(values.clients);
const suffix = randomBytes(3).toString('hex');
const consumer = `probe-consumer-${suffix}`;
const provider = `probe-provider-${suffix}`;
const json = { 'content-type': 'application/json', accept: 'application/hal+json, application/json' };

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; ms: number; body: string }> {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, {
    ...init,
    headers: { ...json, ...(init.headers ?? {}) },
    signal: AbortSignal.timeout(120_000),
  });
  const body = await res.text();
  return { status: res.status, ms: performance.now() - started, body };
}

async function seed(): Promise<void> {
  const shas = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const content = { consumer: { name: consumer }, provider: { name: provider }, interactions: [{ description: `variant ${i % 4}` }] };
    const published = await call('/contracts/publish', {
      method: 'POST',
      body: JSON.stringify({
        pacticipantName: consumer,
        pacticipantVersionNumber: `1.0.${i}`,
        branch: 'main',
        contracts: [
          {
            consumerName: consumer,
            providerName: provider,
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(content)).toString('base64'),
          },
        ],
      }),
    });
    if (published.status !== 200) throw new Error(`publish failed: ${published.status} ${published.body}`);
    const pact = JSON.parse((await call(`/pacts/provider/${provider}/consumer/${consumer}/version/1.0.${i}`)).body) as {
      _links: { 'pb:pact-version': { href: string } };
    };
    shas.add(pact._links['pb:pact-version'].href.split('/pact-version/')[1]!);
  }
  for (let v = 0; v < 15; v++)
    for (const sha of shas) {
      const verified = await call(`/pacts/provider/${provider}/consumer/${consumer}/pact-version/${sha}/verification-results`, {
        method: 'POST',
        body: JSON.stringify({ success: true, providerApplicationVersion: `2.0.${v}` }),
      });
      if (verified.status !== 201) throw new Error(`verification failed: ${verified.status} ${verified.body}`);
    }
}

/** pacticipant → versions(first: 100) → pacticipant → versions ... (the reproduction at 4 levels). */
function fanOut(levels: number): string {
  let inner = 'number';
  for (let i = 0; i < levels; i++)
    inner = `versions(first: 100) { nodes { number pacticipant { name ${inner === 'number' ? '' : inner} } } }`;
  return `{ pacticipants { name ${inner} } }`;
}

const graphql = (query: string) => () => call('/graphql', { method: 'POST', body: JSON.stringify({ query }) });
const selectors = Array.from({ length: 100 }, (_, i) => ({ branch: `feature-${i}` }));

const scenarios: Record<string, () => Promise<{ status: number }>> = {
  'graphql 4-level fan-out (the issue)': graphql(fanOut(4)),
  'graphql 1000 aliases': graphql(`{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: pacticipants { name }`).join(' ')} }`),
  // About the costliest query the limits admit: 9 005 of the 10 000 budget.
  'graphql worst admitted (cost 9005)': graphql(`
    {
      pacticipants {
        versions(first: 100) {
          nodes {
            number
            tags {
              name
            }
            branches {
              name
            }
            pacts {
              sha
            }
            pacticipant {
              name
            }
          }
        }
      }
    }
  `),
  'whole-integration matrix': () => call(`/matrix/provider/${provider}/consumer/${consumer}`),
  'pacts-for-verification, 100 selectors': () =>
    call(`/pacts/provider/${provider}/for-verification`, { method: 'POST', body: JSON.stringify({ consumerVersionSelectors: selectors }) }),
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

async function run(name: string, request: () => Promise<{ status: number }>): Promise<void> {
  const until = Date.now() + seconds * 1000;
  const statuses: Record<number, number> = {};
  const loops = Array.from({ length: clients }, async () => {
    while (Date.now() < until) {
      const { status } = await request().catch(() => ({ status: 0 }));
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  });
  const live: number[] = [];
  const ready: number[] = [];
  const pinger = (async () => {
    while (Date.now() < until) {
      const [l, r] = await Promise.all([call('/health'), call('/health/ready')]);
      live.push(l.ms);
      ready.push(r.ms);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  await Promise.all([...loops, pinger]);
  const summary = (ms: number[]) => {
    const sorted = [...ms].sort((a, b) => a - b);
    return { p50: Math.round(percentile(sorted, 50)), p99: Math.round(percentile(sorted, 99)), max: Math.round(sorted.at(-1) ?? 0) };
  };
  console.log(JSON.stringify({ scenario: name, clients, seconds, statuses, health: summary(live), ready: summary(ready) }));
}

async function main(): Promise<void> {
  await seed();
  for (const [name, request] of Object.entries(scenarios)) await run(name, request);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
