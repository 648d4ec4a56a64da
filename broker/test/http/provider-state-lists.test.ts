// GET /pacts/provider/{p}/provider-states[/branch/{b}|/environment/{env}], as `pact-broker provider-states list`
// reads it; the cases follow the Pact Broker's spec/features/list_provider_states_spec.rb.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seed, type PacticipantHandle, type PactDocument } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
let provider: PacticipantHandle;
let foo: PacticipantHandle;
let waffle: PacticipantHandle;

const pact = (consumer: string, providerName: string, interactions: unknown[], version = '2.0.0'): PactDocument => ({
  consumer: { name: consumer },
  provider: { name: providerName },
  interactions: interactions.map((extra, i) => ({
    description: `interaction ${i}`,
    request: { method: 'GET', path: `/things/${i}` },
    response: { status: 200 },
    ...(extra as object),
  })),
  metadata: { pactSpecification: { version } },
});

beforeAll(async () => {
  broker = await startTestBroker();
  const kit = seed(broker.request);
  provider = kit.pacticipant('bar');
  foo = kit.pacticipant('foo');
  waffle = kit.pacticipant('waffle');
  await broker.request.post('/pacticipants').send({ name: foo.name, mainBranch: 'main' });
  await broker.request.post('/pacticipants').send({ name: waffle.name, mainBranch: 'main' });
  const v2 = pact(foo.name, provider.name, [{ providerState: 'state 2' }, { providerState: 'state 1' }], '2.0.0');
  await foo.publishPact({ version: '1', provider, branch: 'main', content: v2 });
  await foo.publishPact({
    version: '2',
    provider,
    branch: 'not-main',
    content: pact(foo.name, provider.name, [{ providerStates: [{ name: 'only on not-main' }] }], '3.0.0'),
  });
  const product = { name: 'product details', params: { product_id: '058925f7' } };
  await waffle.publishPact({
    version: '1',
    provider,
    branch: 'main',
    content: pact(waffle.name, provider.name, [{ providerStates: [{ name: 'state 3' }, product] }, { providerStates: [product] }], '3.0.0'),
  });
});
afterAll(async () => {
  await broker?.close();
});

describe('GET /pacts/provider/{p}/provider-states (pact-broker provider-states list)', () => {
  it("lists the states of each consumer's latest main-branch pact, sorted by name, with their consumers and params", async () => {
    const res = await broker.request.get(`/pacts/provider/${provider.name}/provider-states`).set('Accept', 'application/hal+json');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      providerStates: [
        { name: 'product details', params: { product_id: '058925f7' }, consumers: [waffle.name] },
        { name: 'state 1', consumers: [foo.name] },
        { name: 'state 2', consumers: [foo.name] },
        { name: 'state 3', consumers: [waffle.name] },
      ],
    });
  });

  it('lists the states of a named branch (provider-states/branch/{b})', async () => {
    const res = await broker.request.get(`/pacts/provider/${provider.name}/provider-states/branch/not-main`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ providerStates: [{ name: 'only on not-main', consumers: [foo.name] }] });
  });

  it('lists the states of the consumer versions deployed in an environment, by name or uuid (provider-states/environment/{env})', async () => {
    const env = await seed(broker.request).environment('prod');
    await foo.deploy('2', env);
    for (const key of [env.name, env.uuid]) {
      const res = await broker.request.get(`/pacts/provider/${provider.name}/provider-states/environment/${key}`);
      expect(res.status, key).toBe(200);
      expect(res.body).toEqual({ providerStates: [{ name: 'only on not-main', consumers: [foo.name] }] });
    }
  });

  it('answers 404 problem naming an unknown provider, branch or environment', async () => {
    const cases: Array<[string, RegExp]> = [
      [`/pacts/provider/nobody-here/provider-states`, /^No provider named nobody-here\./],
      [`/pacts/provider/${provider.name}/provider-states/branch/nope`, new RegExp(`^No consumer of ${provider.name} has a branch nope\\.`)],
      [`/pacts/provider/${provider.name}/provider-states/environment/nowhere`, /^No environment named nowhere\./],
    ];
    for (const [path, detail] of cases) {
      const res = await broker.request.get(path).set('Accept', 'application/problem+json');
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.body.detail).toMatch(detail);
    }
  });
});
