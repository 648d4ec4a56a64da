// Provider pact lists by consumer branch, as `pact-broker get-pacts` reads them (--consumer, --branch,
// --latest), with the Pact Broker's shapes: ProviderPactsDecorator (pb:pacts) for a provider, and
// PactVersionsDecorator (_embedded.pacts, pact-versions) for a consumer–provider pair.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, type PacticipantHandle } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
let provider: PacticipantHandle;
let web: PacticipantHandle;
let mobile: PacticipantHandle;

beforeAll(async () => {
  broker = await startTestBroker();
  const kit = seed(broker.request);
  provider = kit.pacticipant('pricing');
  web = kit.pacticipant('web');
  mobile = kit.pacticipant('mobile');
  // web: main is its main branch; mobile: trunk is.
  await broker.request.post('/pacticipants').send({ name: web.name, mainBranch: 'main' });
  await broker.request.post('/pacticipants').send({ name: mobile.name, mainBranch: 'trunk' });
  await web.publishPact({ version: 'w1', provider, branch: 'main', variant: 'w1' });
  await web.publishPact({ version: 'w2', provider, branch: 'feat-x', variant: 'w2' });
  await web.publishPact({ version: 'w3', provider, branch: 'main', variant: 'w3' });
  await mobile.publishPact({ version: 'm1', provider, branch: 'trunk', variant: 'm1' });
  await mobile.publishPact({ version: 'm2', provider, branch: 'feat-x', variant: 'm2' });
  await mobile.publishPact({ version: 'm3', provider, branch: 'feat-x', variant: 'm3' });
});
afterAll(async () => {
  await broker?.close();
});

const get = (path: string) => broker.request.get(path).set('Accept', 'application/hal+json');
/** consumer@version of each pb:pacts entry, in order. */
const providerPacts = (body: { _links: { 'pb:pacts': Array<{ name: string; href: string }> } }) =>
  body._links['pb:pacts'].map((p) => `${p.name}@${decodeURIComponent(p.href.split('/version/')[1]!)}`);
const pairVersions = (body: { _embedded: { pacts: Array<{ _embedded: { consumerVersion: { number: string } } }> } }) =>
  body._embedded.pacts.map((p) => p._embedded.consumerVersion.number);

describe('GET /pacts/provider/{p}/branch[...] (pact-broker get-pacts --provider [--branch] [--latest])', () => {
  it('lists the pacts of each consumer main branch, newest first per consumer (pb:provider-pacts-with-main-branch)', async () => {
    const res = await get(`/pacts/provider/${provider.name}/branch`);
    expect(res.status).toBe(200);
    expect(providerPacts(res.body).sort()).toEqual([`${mobile.name}@m1`, `${web.name}@w1`, `${web.name}@w3`].sort());
    expect(res.body._links.self.title).toBe(`All pact versions for the provider ${provider.name} for main branch`);
    expect(res.body._links['pb:provider'].name).toBe(provider.name);
    expect(res.body._links['pb:pacts'][0].title).toMatch(/^Pact between /);
  });

  it('lists only the latest main-branch pact of each consumer (pb:latest-provider-pacts-with-main-branch)', async () => {
    const res = await get(`/pacts/provider/${provider.name}/branch/latest`);
    expect(res.status).toBe(200);
    expect(providerPacts(res.body).sort()).toEqual([`${mobile.name}@m1`, `${web.name}@w3`].sort());
  });

  it('lists the pacts of a named branch from every consumer, and the latest of each (pb:provider-pacts-with-branch)', async () => {
    const all = await get(`/pacts/provider/${provider.name}/branch/feat-x`);
    expect(all.status).toBe(200);
    expect(providerPacts(all.body).sort()).toEqual([`${mobile.name}@m2`, `${mobile.name}@m3`, `${web.name}@w2`].sort());
    expect(all.body._links.self.title).toBe(`All pact versions for the provider ${provider.name} with consumer version branch 'feat-x'`);
    const latest = await get(`/pacts/provider/${provider.name}/branch/feat-x/latest`);
    expect(providerPacts(latest.body).sort()).toEqual([`${mobile.name}@m3`, `${web.name}@w2`].sort());
  });

  it('answers 404 problem+json naming an unknown provider or a branch no consumer has', async () => {
    const unknownProvider = await broker.request.get(`/pacts/provider/nobody-here/branch`).set('Accept', 'application/problem+json');
    expect(unknownProvider.status).toBe(404);
    expect(unknownProvider.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(unknownProvider.body.detail).toMatch(/^No provider named nobody-here\./);
    const unknownBranch = await get(`/pacts/provider/${provider.name}/branch/no-such-branch/latest`);
    expect(unknownBranch.status).toBe(404);
    expect(unknownBranch.body.detail).toBe(
      `No consumer of ${provider.name} has a branch no-such-branch. Check the branch name (GET /pacticipants/{consumer}/branches), or leave --branch out for the main branch.`,
    );
  });

  it('is an empty list for a branch that exists without pacts for this provider', async () => {
    await web.createVersion('w9', { branch: 'no-pacts-yet' });
    const res = await get(`/pacts/provider/${provider.name}/branch/no-pacts-yet`);
    expect(res.status).toBe(200);
    expect(res.body._links['pb:pacts']).toEqual([]);
  });
});

describe('GET /pacts/provider/{p}/consumer/{c}/branch[...] (pact-broker get-pacts --consumer)', () => {
  it('lists the pair pacts of the consumer main branch, newest first (pb:main-branch-pact-versions and the CLI short form)', async () => {
    for (const path of ['branch/versions', 'branch']) {
      const res = await get(`/pacts/provider/${provider.name}/consumer/${web.name}/${path}`);
      expect(res.status, path).toBe(200);
      expect(pairVersions(res.body), path).toEqual(['w3', 'w1']);
      expect(res.body._links.self.href).toBe(
        `${res.body._links.self.href.split('/pacts/')[0]}/pacts/provider/${provider.name}/consumer/${web.name}/${path}`,
      );
      expect(res.body._links.consumer).toMatchObject({ title: 'Consumer', name: web.name });
      expect(res.body._links.provider).toMatchObject({ title: 'Provider', name: provider.name });
      expect(res.body._links['pact-versions'].map((l: { name: string }) => l.name)).toEqual([
        expect.stringMatching(/^Version w3 - \d\d\/\d\d\/\d{4}$/),
        expect.stringMatching(/^Version w1 - \d\d\/\d\d\/\d{4}$/),
      ]);
    }
  });

  it('keeps only the latest for --latest (pb:latest-main-branch-pact-versions and the CLI short form)', async () => {
    for (const path of ['branch/latest/versions', 'branch/latest']) {
      const res = await get(`/pacts/provider/${provider.name}/consumer/${mobile.name}/${path}`);
      expect(res.status, path).toBe(200);
      expect(pairVersions(res.body), path).toEqual(['m1']);
    }
  });

  it('lists a named branch, and its latest (pb:branch-pact-versions, pb:latest-branch-pact-versions)', async () => {
    const all = await get(`/pacts/provider/${provider.name}/consumer/${mobile.name}/branch/feat-x`);
    expect(all.status).toBe(200);
    expect(pairVersions(all.body)).toEqual(['m3', 'm2']);
    const latest = await get(`/pacts/provider/${provider.name}/consumer/${mobile.name}/branch/feat-x/latest/versions`);
    expect(pairVersions(latest.body)).toEqual(['m3']);
    // `.../branch/{b}/latest` stays the latest pact itself (the pact document).
    const pact = await get(`/pacts/provider/${provider.name}/consumer/${mobile.name}/branch/feat-x/latest`);
    expect(pact.status).toBe(200);
    expect(pact.body.consumer.name).toBe(mobile.name);
    expect(pact.body._links['pb:consumer-version'].name).toBe('m3');
  });

  it('answers 404 problem+json naming an unknown consumer or a branch the consumer does not have', async () => {
    const unknownConsumer = await get(`/pacts/provider/${provider.name}/consumer/nobody-here/branch`);
    expect(unknownConsumer.status).toBe(404);
    expect(unknownConsumer.body.detail).toMatch(/^No consumer named nobody-here\./);
    const otherBranch = await get(`/pacts/provider/${provider.name}/consumer/${web.name}/branch/trunk`);
    expect(otherBranch.status).toBe(404);
    expect(otherBranch.body.detail).toMatch(new RegExp(`^No branch trunk of ${web.name}\\.`));
  });
});

describe('the index (the Pact Broker index relations for branch pact lists)', () => {
  it('links every branch pact list with the Pact Broker paths', async () => {
    const res = await get('/');
    const links = res.body._links as Record<string, { href: string; templated: boolean }>;
    const base = links.self!.href;
    expect(
      Object.fromEntries(
        [
          'pb:branch-pact-versions',
          'pb:latest-branch-pact-versions',
          'pb:main-branch-pact-versions',
          'pb:latest-main-branch-pact-versions',
          'pb:provider-pacts-with-main-branch',
          'pb:provider-pacts-with-branch',
          'pb:latest-provider-pacts-with-main-branch',
          'pb:latest-provider-pacts-with-branch',
        ].map((rel) => [rel, links[rel]?.href.slice(base.length)]),
      ),
    ).toEqual({
      'pb:branch-pact-versions': '/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}',
      'pb:latest-branch-pact-versions': '/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest/versions',
      'pb:main-branch-pact-versions': '/pacts/provider/{provider}/consumer/{consumer}/branch/versions',
      'pb:latest-main-branch-pact-versions': '/pacts/provider/{provider}/consumer/{consumer}/branch/latest/versions',
      'pb:provider-pacts-with-main-branch': '/pacts/provider/{provider}/branch',
      'pb:provider-pacts-with-branch': '/pacts/provider/{provider}/branch/{branch}',
      'pb:latest-provider-pacts-with-main-branch': '/pacts/provider/{provider}/branch/latest',
      'pb:latest-provider-pacts-with-branch': '/pacts/provider/{provider}/branch/{branch}/latest',
    });
  });
});

describe('GET /pacts/provider/{p}/consumer/{c}/tag/{tag} (pb:tagged-pact-versions)', () => {
  it('lists the pair pacts of versions with the tag, newest first; 404 for an unknown consumer', async () => {
    const kit = seed(broker.request);
    const p = kit.pacticipant('pricing');
    const c = kit.pacticipant('web');
    await c.publishPact({ version: '1', provider: p, tags: ['prod'], variant: '1' });
    await c.publishPact({ version: '2', provider: p, tags: ['dev'], variant: '2' });
    await c.publishPact({ version: '3', provider: p, tags: ['prod'], variant: '3' });
    const res = await get(`/pacts/provider/${p.name}/consumer/${c.name}/tag/prod`);
    expect(res.status).toBe(200);
    expect(pairVersions(res.body)).toEqual(['3', '1']);
    expect(res.body._links.self.title).toBe(`All versions of the pact between ${c.name} and ${p.name} with tag prod`);
    expect((await get(`/pacts/provider/${p.name}/consumer/nobody-here/tag/prod`)).status).toBe(404);
  });
});
