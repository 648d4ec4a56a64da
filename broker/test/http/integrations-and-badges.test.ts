import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seed, uniqueName } from '../support/seed.ts';
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
/** supertest serves each request on a new ephemeral port, so hrefs differ only by host. */
const withoutHost = (body: unknown): unknown => JSON.parse(JSON.stringify(body).replace(/http:\/\/127\.0\.0\.1:\d+/g, ''));

describe('integrations', () => {
  test("GET /integrations lists each consumer–provider pair once, with the latest pact's verification status", async () => {
    const consumer = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    const pact = await consumer.publishPact({ version: '1', provider });
    await consumer.publishPact({ version: '2', provider });
    await provider.verify(pact, { version: '9', success: true });
    const res = await broker.request.get('/integrations');
    expect(res.status).toBe(200);
    const mine = res.body._embedded.integrations.filter((i: { consumer: { name: string } }) => i.consumer.name === consumer.name);
    expect(mine).toEqual([
      expect.objectContaining({
        consumer: expect.objectContaining({ name: consumer.name }),
        provider: expect.objectContaining({ name: provider.name }),
        verificationStatus: 'success',
      }),
    ]);
    const one = await broker.request.get(`/integrations/provider/${enc(provider.name)}/consumer/${enc(consumer.name)}`);
    expect(withoutHost(one.body)).toEqual(withoutHost(mine[0]));
  });

  test('DELETE removes the integration with its pacts and verifications (204), then 404', async () => {
    const consumer = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    const pact = await consumer.publishPact({ version: '1', provider });
    await provider.verify(pact, { version: '9', success: true });
    const path = `/integrations/provider/${enc(provider.name)}/consumer/${enc(consumer.name)}`;
    expect((await broker.request.delete(path)).status).toBe(204);
    expect((await broker.request.get(path)).status).toBe(404);
    expect((await broker.request.get(`/pacts/provider/${enc(provider.name)}/consumer/${enc(consumer.name)}/latest`)).status).toBe(404);
    expect((await broker.request.delete(path)).status).toBe(404);
  });
});

describe('pact badges (embedded in READMEs: always an SVG, never a redirect)', () => {
  const badge = (provider: string, consumer: string, rest = 'latest/badge') =>
    broker.request.get(`/pacts/provider/${enc(provider)}/consumer/${enc(consumer)}/${rest}`);
  const svgText = (res: { body: Buffer | string; text?: string }) =>
    Buffer.isBuffer(res.body) ? res.body.toString('utf8') : (res.text ?? '');

  test.each([
    ['never verified', undefined, 'unverified', '#dfb317'],
    ['verified successfully', true, 'verified', '#4c1'],
    ['failed verification', false, 'failed', '#e05d44'],
  ])('shows %s with colour and text', async (_name, success, text, colour) => {
    const consumer = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    const pact = await consumer.publishPact({ version: '1', provider });
    if (success !== undefined) await provider.verify(pact, { version: '2', success });
    const res = await badge(provider.name, consumer.name).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = svgText(res);
    expect(svg).toContain(`>${text}</text>`);
    expect(svg).toContain(`fill="${colour}"`);
    expect(svg).toContain(`${consumer.name}/${provider.name} pact`);
  });

  test('unknown pacticipants get the "unknown" badge, not an error', async () => {
    const res = await badge(uniqueName('nobody'), uniqueName('nothing')).buffer(true);
    expect(res.status).toBe(200);
    expect(svgText(res)).toContain('>unknown</text>');
  });

  test('?label= replaces the label (escaped), and tagged / untagged badges follow their pact', async () => {
    const consumer = kit.pacticipant('web');
    const provider = kit.pacticipant('api');
    const prod = await consumer.publishPact({ version: '1', provider, tags: ['prod'] });
    await consumer.publishPact({ version: '2', provider, variant: 'untagged' });
    await provider.verify(prod, { version: '5', success: true });
    const labelled = await badge(provider.name, consumer.name, 'latest/prod/badge?label=a%3Cb').buffer(true);
    expect(svgText(labelled)).toContain('>a&#60;b</text>');
    expect(svgText(labelled)).toContain('>verified</text>');
    expect(svgText(await badge(provider.name, consumer.name, 'latest-untagged/badge').buffer(true))).toContain('>unverified</text>');
    expect(svgText(await badge(provider.name, consumer.name, 'latest/badge?initials=true').buffer(true))).toMatch(
      />w\w*\/a\w* pact<\/text>/,
    );
  });
});
