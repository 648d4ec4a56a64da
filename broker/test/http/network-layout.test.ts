// Network.layout over GraphQL (issue #17): the whole network laid out by the broker with the web UI's own layout and
// key, so the page can draw the full graph of 200+ services without running dagre itself; remembered per shape,
// laid out anew when a service or a contract appears. An isolated database: the network is only what this file seeds.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { layoutKey, networkLayoutRequest, type NetworkLayoutWire } from '@treaty/wire/src/network-layout-shape.ts';
import { seed } from '../support/seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker({}, {}, { isolatedDatabase: true });
});
afterAll(async () => {
  await broker?.close();
});

interface NetworkAnswer {
  nodes: Array<{ id: string; pacticipant: { labels: string[] } }>;
  edges: Array<{ id: string; source: string; target: string }>;
  layout: NetworkLayoutWire | null;
}

const LAYOUT = 'layout(groupByLabel: $group) { key width height nodes { id x y } edges { id points } groups { label x y width height } }';

async function network(group: boolean): Promise<NetworkAnswer> {
  const res = await broker.request
    .post('/graphql')
    .set('Accept', 'application/json')
    .send({
      query: `query ($group: Boolean!) { network { nodes { id pacticipant { labels } } edges { id source target } ${LAYOUT} } }`,
      variables: { group },
    });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return (res.body as { data: { network: NetworkAnswer } }).data.network;
}

/** The key the web UI computes for the graph it draws from the same answer. */
const pageKey = (answer: NetworkAnswer, group: boolean) =>
  layoutKey(
    networkLayoutRequest(
      answer.nodes.map((n) => ({ id: n.id, labels: n.pacticipant.labels })),
      answer.edges,
      group,
    ),
  );

describe('Network.layout (#17)', () => {
  test('lays out every service and contract, under the key the page computes for the graph it draws', async () => {
    const kit = seed(broker.request);
    const web = kit.pacticipant('web');
    const orders = kit.pacticipant('orders');
    const payments = kit.pacticipant('payments');
    await web.publishPact({ version: '1', provider: orders });
    await orders.publishPact({ version: '1', provider: payments });
    await web.publishPact({ version: '1', provider: payments });
    expect((await broker.request.put(`/pacticipants/${orders.name}/labels/backend`)).status).toBe(201);

    const answer = await network(false);
    const layout = answer.layout!;
    expect(layout.key).toBe(pageKey(answer, false));
    expect(layout.nodes.map((n) => n.id)).toEqual(answer.nodes.map((n) => n.id));
    expect(layout.edges.map((e) => e.id).sort()).toEqual(answer.edges.map((e) => e.id).sort());
    const x = new Map(layout.nodes.map((n) => [n.id, n.x]));
    // consumers left of their providers
    expect(x.get(web.name)!).toBeLessThan(x.get(orders.name)!);
    expect(x.get(orders.name)!).toBeLessThan(x.get(payments.name)!);
    expect(layout.groups).toEqual([]);

    const grouped = await network(true);
    expect(grouped.layout!.key).toBe(pageKey(grouped, true));
    expect(grouped.layout!.key).not.toBe(layout.key);
    expect(grouped.layout!.groups.map((g) => g.label).sort()).toEqual(['backend', 'no label']);
  });

  test('a new contract changes the key and is laid out; the same graph again gets the same layout', async () => {
    const before = await network(false);
    expect((await network(false)).layout).toEqual(before.layout);
    const kit = seed(broker.request);
    await kit.pacticipant('mobile').publishPact({ version: '1', provider: kit.existingPacticipant(before.nodes[0]!.id) });
    const after = await network(false);
    expect(after.layout!.key).not.toBe(before.layout!.key);
    expect(after.layout!.key).toBe(pageKey(after, false));
    expect(after.layout!.nodes).toHaveLength(before.nodes.length + 1);
    expect(after.layout!.edges).toHaveLength(before.edges.length + 1);
  });

  test('an argument of the wrong type is refused before anything is laid out (GraphQL over HTTP: 400, a validation error)', async () => {
    const res = await broker.request
      .post('/graphql')
      .set('Accept', 'application/graphql-response+json')
      .send({ query: '{ network { layout(groupByLabel: "yes") { key } } }' });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.text) as { data?: unknown; errors: Array<{ message: string; extensions?: { code?: string } }> };
    expect(body.data).toBeUndefined();
    expect(body.errors[0]!.message).toMatch(/Boolean/);
    expect(body.errors[0]!.extensions?.code).toBe('validation-error');
  });
});
