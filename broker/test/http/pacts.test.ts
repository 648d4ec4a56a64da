import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodePactMetadata } from '../../src/domain/pacts/pact-metadata.ts';
import { publishBody } from '../support/pact-fixtures.ts';
import { pactDocument, seed, uniqueName } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
let kit: ReturnType<typeof seed>;
beforeAll(async () => {
  broker = await startTestBroker();
  kit = seed(broker.request);
});
afterAll(async () => {
  await broker?.close();
});

const enc = encodeURIComponent;
const pactPath = (provider: string, consumer: string, rest: string) => `/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/${rest}`;

describe('GET a pact (the Pact Broker client and the Pact verifier)', () => {
  test('returns the pact with createdAt and every pb: link the verifier follows (a request retrieve a pact for a specific version)', async () => {
    const condor = kit.pacticipant('Condor');
    const pricing = kit.pacticipant('Pricing Service');
    const empty = { consumer: { name: condor.name }, provider: { name: pricing.name }, interactions: [] };
    const published = await condor.publishPact({ version: '1.3.0', provider: pricing, content: empty });
    const res = await broker.request.get(pactPath(pricing.name, condor.name, 'version/1.3.0'));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/hal\+json; ?charset=utf-8$/);
    expect(res.headers['x-pact-consumer-version']).toBe('1.3.0');
    expect(res.body).toMatchObject({ ...empty, createdAt: expect.any(String) });
    expect(Object.keys(res.body._links).sort()).toMatchInlineSnapshot(`
      [
        "pb:all-pact-versions",
        "pb:consumer",
        "pb:consumer-version",
        "pb:consumer-versions",
        "pb:diff",
        "pb:diff-previous-distinct",
        "pb:latest-pact-version",
        "pb:latest-tagged-pact-version",
        "pb:latest-untagged-pact-version",
        "pb:latest-verification-results",
        "pb:matrix-for-consumer-version",
        "pb:pact-version",
        "pb:pact-webhooks",
        "pb:previous-distinct",
        "pb:provider",
        "pb:publish-verification-results",
        "pb:tag-prod-version",
        "pb:tag-version",
        "self",
      ]
    `);
    const base = res.body._links.self.href.split('/pacts/')[0];
    expect(res.body._links['pb:provider'].href).toBe(`${base}/pacticipants/${enc(pricing.name)}`);
    expect(res.body._links['pb:publish-verification-results'].href).toBe(
      `${base}${pactPath(pricing.name, condor.name, `pact-version/${published.sha}/verification-results`)}`,
    );
    expect(res.body._links['pb:consumer-versions']).toEqual([expect.objectContaining({ name: '1.3.0' })]);
  });

  test('latest, latest/{tag}, latest-untagged and branch/{branch}/latest pick the newest matching consumer version', async () => {
    const consumer = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await consumer.publishPact({ version: '1', provider, tags: ['prod'], branch: 'main', variant: 'one' });
    await consumer.publishPact({ version: '2', provider, branch: 'main', variant: 'two' });
    await consumer.publishPact({ version: '3', provider, tags: ['dev'], branch: 'feat', variant: 'three' });
    const versionOf = async (rest: string) => {
      const res = await broker.request
        .get(pactPath(provider.name, consumer.name, rest))
        .set('Accept', 'application/hal+json, application/json');
      return res.status === 200 ? res.headers['x-pact-consumer-version'] : res.status;
    };
    expect(await versionOf('latest')).toBe('3');
    expect(await versionOf('latest/prod')).toBe('1');
    expect(await versionOf('latest/dev')).toBe('3');
    expect(await versionOf('latest/none')).toBe(404);
    expect(await versionOf('latest-untagged')).toBe('2');
    expect(await versionOf('branch/main/latest')).toBe('2');
  });

  test('returns 404 problem when there is no pact between them (no pact between Condor and the Pricing Service exists)', async () => {
    const res = await broker.request.get(pactPath(uniqueName('Pricing Service'), uniqueName('Condor'), 'latest'));
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatch(/^No pact between consumer Condor-\w+ and provider Pricing Service-\w+ for any consumer version\./);
  });

  test('pact-version/{sha}[/metadata/{m}] serves the content, and the verification link keeps the metadata (pacts for verification)', async () => {
    const consumer = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    const pact = await consumer.publishPact({ version: '1', provider });
    const metadata = encodePactMetadata({ w: true });
    const plain = await broker.request.get(pactPath(provider.name, consumer.name, `pact-version/${pact.sha}`));
    const withMetadata = await broker.request.get(pactPath(provider.name, consumer.name, `pact-version/${pact.sha}/metadata/${metadata}`));
    expect([plain.status, withMetadata.status]).toEqual([200, 200]);
    expect(plain.body.interactions).toEqual(pact.content.interactions);
    expect(withMetadata.body._links['pb:publish-verification-results'].href).toMatch(
      new RegExp(`/pact-version/${pact.sha}/metadata/${metadata}/verification-results$`),
    );
    expect((await broker.request.get(pactPath(provider.name, consumer.name, `pact-version/${'0'.repeat(64)}`))).status).toBe(404);
  });
});

describe('pact history: versions, previous-distinct and diffs', () => {
  test('lists every consumer version, finds the previous distinct pact and diffs it', async () => {
    const consumer = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await consumer.publishPact({ version: '1', provider, variant: 'a' });
    await consumer.publishPact({ version: '2', provider, variant: 'a' });
    await consumer.publishPact({ version: '3', provider, variant: 'b' });

    const versions = await broker.request.get(pactPath(provider.name, consumer.name, 'versions'));
    expect(versions.status).toBe(200);
    expect(
      versions.body._embedded.pacts.map((p: { _embedded: { consumerVersion: { number: string } } }) => p._embedded.consumerVersion.number),
    ).toEqual(['3', '2', '1']);

    const previous = await broker.request.get(pactPath(provider.name, consumer.name, 'version/3/previous-distinct'));
    expect(previous.headers['x-pact-consumer-version']).toBe('2');
    expect((await broker.request.get(pactPath(provider.name, consumer.name, 'version/2/previous-distinct'))).status).toBe(404);

    const diff = await broker.request.get(pactPath(provider.name, consumer.name, 'version/3/diff/previous-distinct'));
    expect(diff.status).toBe(200);
    expect(diff.headers['content-type']).toMatch(/^text\/plain/);
    expect(diff.text).toMatchInlineSnapshot(`
      "Changes from consumer version 2 to 3:
      Interactions: 1 added, 1 removed, 0 changed.
      + interaction "a request for the thing (b)" given "the thing exists"
      - interaction "a request for the thing (a)" given "the thing exists"
      "
    `);
    const versus = await broker.request.get(pactPath(provider.name, consumer.name, 'version/1/diff/version/2'));
    expect(versus.text).toContain('No differences.');
  });
});

describe('pact lists', () => {
  test('GET /pacts/latest lists the latest pact of each integration in the shape list-latest-pact-versions reads', async () => {
    const consumer = kit.pacticipant('Condor');
    const provider = kit.pacticipant('Pricing Service');
    await consumer.publishPact({ version: '1.2.0', provider, variant: 'old' });
    await consumer.publishPact({ version: '1.3.0', provider });
    const res = await broker.request.get('/pacts/latest');
    expect(res.status).toBe(200);
    const base = res.body._links.self.href.replace(/\/pacts\/latest$/, '');
    const entry = res.body.pacts.find((p: { _embedded: { consumer: { name: string } } }) => p._embedded.consumer.name === consumer.name);
    expect(entry).toEqual({
      createdAt: expect.any(String),
      _embedded: {
        consumer: {
          name: consumer.name,
          _links: { self: { href: `${base}/pacticipants/${enc(consumer.name)}` } },
          _embedded: { version: { number: '1.3.0' } },
        },
        provider: { name: provider.name, _links: { self: { href: `${base}/pacticipants/${enc(provider.name)}` } } },
      },
      _links: {
        self: [
          { title: 'Latest pact', href: `${base}${pactPath(provider.name, consumer.name, 'latest')}` },
          { title: 'Pact', href: `${base}${pactPath(provider.name, consumer.name, 'version/1.3.0')}` },
        ],
      },
    });
  });

  test('provider lists give pb:pacts and the legacy pacts (a request for the list of the latest prod pacts from all consumers)', async () => {
    const provider = kit.pacticipant('Pricing Service');
    const condor = kit.pacticipant('Condor');
    const other = kit.pacticipant('Falcon');
    await condor.publishPact({ version: '1.3.0', provider, tags: ['prod'] });
    await condor.publishPact({ version: '1.4.0', provider, variant: 'next' });
    await other.publishPact({ version: '7', provider });
    const latest = await broker.request.get(`/pacts/provider/${enc(provider.name)}/latest`);
    expect(latest.status).toBe(200);
    expect(latest.body._links.provider).toEqual({
      href: expect.stringMatching(new RegExp(`/pacticipants/${enc(provider.name)}$`)),
      title: provider.name,
    });
    expect(latest.body._links['pb:pacts'].map((p: { name: string; title: string }) => p.title).sort()).toEqual(
      [`Pact between ${condor.name} (v1.4.0) and ${provider.name}`, `Pact between ${other.name} (v7) and ${provider.name}`].sort(),
    );
    expect(latest.body._links.pacts).toEqual(latest.body._links['pb:pacts']);
    const prod = await broker.request.get(`/pacts/provider/${enc(provider.name)}/latest/prod`);
    expect(prod.body._links['pb:pacts']).toEqual([
      {
        href: expect.stringMatching(new RegExp(`${pactPath(provider.name, condor.name, 'version/1.3.0').replace(/[.]/g, '\\.')}$`)),
        title: `Pact between ${condor.name} (v1.3.0) and ${provider.name}`,
        name: condor.name,
      },
    ]);
    const all = await broker.request.get(`/pacts/provider/${enc(provider.name)}`);
    expect(all.body._links['pb:pacts']).toHaveLength(3);
  });
});

describe('legacy publish: PUT/PATCH/DELETE /pacts/provider/{p}/consumer/{c}/version/{v} (pact-broker publish the old way)', () => {
  test('PUT creates (201) then re-PUT of the same pact is 200, and the body is the pact document', async () => {
    const consumer = uniqueName('web');
    const provider = uniqueName('api');
    const doc = pactDocument(consumer, provider);
    const first = await broker.request.put(pactPath(provider, consumer, 'version/1.0.0')).send(doc);
    const again = await broker.request.put(pactPath(provider, consumer, 'version/1.0.0')).send(doc);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(first.body).toMatchObject(doc);
    expect(first.body._links['pb:publish-verification-results'].href).toContain('/verification-results');
  });

  test('PUT of different content is 409; PATCH merges new interactions', async () => {
    const consumer = uniqueName('web');
    const provider = uniqueName('api');
    await broker.request.put(pactPath(provider, consumer, 'version/1')).send(pactDocument(consumer, provider, 'a'));
    const conflict = await broker.request.put(pactPath(provider, consumer, 'version/1')).send(pactDocument(consumer, provider, 'b'));
    expect(conflict.status).toBe(409);
    const merged = await broker.request.patch(pactPath(provider, consumer, 'version/1')).send(pactDocument(consumer, provider, 'b'));
    expect(merged.status).toBe(200);
    expect(merged.body.interactions).toHaveLength(2);
  });

  test.each([
    ['a pact for another consumer', (c: string, p: string) => pactDocument(`${c}-other`, p), 'consumer.name'],
    ['something that is not a pact', () => ({ hello: 'world' }), 'consumer.name'],
  ])('PUT of %s is 400', async (_name, body, field) => {
    const consumer = uniqueName('web');
    const provider = uniqueName('api');
    const res = await broker.request.put(pactPath(provider, consumer, 'version/1')).send(body(consumer, provider));
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain(field);
  });

  test('DELETE removes the pact of that consumer version (204), then GET is 404', async () => {
    const consumer = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    await consumer.publishPact({ version: '1', provider });
    expect((await broker.request.delete(pactPath(provider.name, consumer.name, 'version/1'))).status).toBe(204);
    expect((await broker.request.get(pactPath(provider.name, consumer.name, 'version/1'))).status).toBe(404);
    expect((await broker.request.delete(pactPath(provider.name, consumer.name, 'version/1'))).status).toBe(404);
  });
});

test('publishing through the new API and the legacy API stores the same pact version for the same content', async () => {
  const consumer = uniqueName('web');
  const provider = uniqueName('api');
  const doc = pactDocument(consumer, provider);
  await broker.request
    .post('/contracts/publish')
    .send(publishBody({ consumer, provider, version: '1', text: JSON.stringify(doc, null, 2) }));
  await broker.request.put(pactPath(provider, consumer, 'version/2')).send(doc);
  const [a, b] = await Promise.all(['1', '2'].map((v) => broker.request.get(pactPath(provider, consumer, `version/${v}`))));
  expect(a!.body._links['pb:pact-version'].href).toBe(b!.body._links['pb:pact-version'].href);
  expect(b!.body._links['pb:consumer-versions'].map((l: { name: string }) => l.name)).toEqual(['2', '1']);
});
