// The production build: scripts/build.mjs compiles the broker to broker/dist/main.js, and plain `node` runs it (no
// TypeScript loader), as `npm start` and the Docker image do. The compiled broker must find every file it reads at
// run time — the migrations (a fresh embedded database applies them all), the GraphQL schema, the verifiers — and
// serve the same API as the sources.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKER_NODE_FLAGS } from '../bench/broker-launch.ts';
import { startBrokerProcess, type BrokerProcess } from './support/broker-process.ts';
import { testDatabaseUrl } from './support/test-database.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the compiled broker (node broker/dist/main.js)', () => {
  let broker: BrokerProcess;
  let dataDir: string | undefined;

  beforeAll(async () => {
    const { build } = (await import(pathToFileURL(path.join(repoRoot, 'scripts/build.mjs')).href)) as {
      build: (names: string[]) => Promise<string[]>;
    };
    await build(['broker']);
    const url = testDatabaseUrl();
    dataDir = url ? undefined : mkdtempSync(path.join(tmpdir(), 'treaty-compiled-'));
    const database = url ? { DATABASE_URL: url } : { TREATY_DATA_DIR: dataDir! };
    broker = await startBrokerProcess({ ...database, TREATY_JOBS: 'off' }, 120_000, { compiled: true, nodeArgs: BROKER_NODE_FLAGS });
  }, 180_000);

  afterAll(async () => {
    expect(await broker?.stop('SIGTERM')).toBe(0);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs without a TypeScript loader', () => {
    const argv = broker.child.spawnargs.join(' ');
    expect(argv).toContain('broker/dist/main.js');
    expect(argv).not.toMatch(/tsx|\.ts\b/);
  });

  it('serves /health and, with its migrations applied, /health/ready', async () => {
    const health = await fetch(`${broker.url}/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${broker.url}/health/ready`);
    expect(ready.status).toBe(200);
  });

  it('answers GraphQL from the schema file beside the sources', async () => {
    const res = await fetch(`${broker.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ __type(name: "Query") { name } }' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __type: { name: 'Query' } } });
  });

  it('publishes and checks a JSON Schema with the bundled verifiers', async () => {
    const pacticipant = `compiled-${Date.now().toString(36)}`;
    const subject = `${pacticipant}/OrderPlaced`;
    const schema = (required: string[]) =>
      JSON.stringify({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { id: { type: 'string' }, note: { type: 'string' } },
        required,
      });
    const post = (route: string, body: unknown) =>
      fetch(`${broker.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const published = await post('/schemas/publish', {
      pacticipantName: pacticipant,
      pacticipantVersionNumber: '1',
      subject,
      kind: 'jsonschema',
      role: 'provider',
      files: [{ path: 'order-placed.json', content: schema(['id']) }],
    });
    expect(published.status).toBe(201);
    const check = await post('/schemas/check', {
      subject,
      kind: 'jsonschema',
      role: 'provider',
      pacticipantName: pacticipant,
      files: [{ path: 'order-placed.json', content: schema(['id', 'note']) }],
    });
    expect(check.status).toBe(200);
    const verdict = (await check.json()) as { verdict: string; findings: { rule: string }[] };
    expect(verdict.verdict).toBe('breaking');
    expect(verdict.findings[0]?.rule).toBe('REQUIRED_ATTRIBUTE_ADDED');
  });

  it('lays out the network on its bundled worker thread, dagre resolved from node_modules (#17)', async () => {
    const pact = (consumer: string, provider: string) => ({
      consumer: { name: consumer },
      provider: { name: provider },
      interactions: [{ description: 'a request', request: { method: 'GET', path: '/' }, response: { status: 200 } }],
      metadata: { pactSpecification: { version: '2.0.0' } },
    });
    const consumer = `compiled-web-${Date.now().toString(36)}`;
    const provider = `${consumer}-api`;
    const published = await fetch(`${broker.url}/contracts/publish`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        pacticipantName: consumer,
        pacticipantVersionNumber: '1',
        contracts: [
          {
            consumerName: consumer,
            providerName: provider,
            specification: 'pact',
            contentType: 'application/json',
            content: Buffer.from(JSON.stringify(pact(consumer, provider))).toString('base64'),
          },
        ],
      }),
    });
    expect(published.status).toBe(200);
    const res = await fetch(`${broker.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: '{ network { layout { key nodes { id x y } } } }' }),
    });
    const body = (await res.json()) as { data?: { network: { layout: { nodes: Array<{ id: string; x: number }> } } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    const x = new Map(body.data!.network.layout.nodes.map((n) => [n.id, n.x]));
    expect(x.get(consumer)!).toBeLessThan(x.get(provider)!);
  });

  it('serves the web UI from web/dist', async () => {
    const res = await fetch(`${broker.url}/ui/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
  });

  it('loads octokit only when a GitHub job runs, not at start-up (issue #14: resident memory)', () => {
    const bundle = readFileSync(path.join(repoRoot, 'broker/dist/main.js'), 'utf8');
    expect(bundle).toContain('import("octokit")');
    expect(bundle).not.toMatch(/^import\b[^;]*\bfrom\s*"octokit"/m);
  });
});
