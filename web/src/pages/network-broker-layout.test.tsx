// The whole network drawn where the broker laid it out (issue #17: the full graph within a second of the data on a
// first visit, where dagre in the browser alone takes 1-1.5 s for 200 services); the page lays the graph out itself
// only when the broker's layout is of another graph or does not come.
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { layoutKey, networkLayoutRequest, type NetworkLayoutWire } from '@treaty/wire/src/network-layout-shape.ts';
import { App } from '../app.tsx';
import type { NetworkData } from '../graphql/documents/network.ts';
import { at, fakeGraphql, type GraphqlAnswer, type FakeGraphql } from '../test-support.ts';

let graphql: FakeGraphql | undefined;
afterEach(() => {
  graphql?.restore();
  localStorage.clear();
});

/** A network larger than the page lays out in place (WORKER_THRESHOLD): each test its own, so no layout is cached. */
function bigNetwork(prefix: string, services = 80): NetworkData['network'] {
  const names = Array.from({ length: services }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
  return {
    nodes: names.map((name, i) => ({
      id: name,
      pacticipant: { name, displayName: null, labels: i % 2 ? ['team-odd'] : [], environments: [] },
    })),
    edges: names.slice(1).map((name, i) => ({
      id: `${prefix}-e${i}`,
      source: name,
      target: names[Math.floor(i / 3)]!,
      kind: 'PACT' as const,
      subject: null,
      status: 'VERIFIED' as const,
      statusLabel: 'Verified',
      integration: null,
    })),
  };
}

/** A layout no dagre run would give: service i at (1000 + 7i, 500 + 3i). */
function brokerLayoutOf(network: NetworkData['network'], key: string): NetworkLayoutWire {
  return {
    key,
    width: 3000,
    height: 2000,
    nodes: network.nodes.map((n, i) => ({ id: n.id, x: 1000 + 7 * i, y: 500 + 3 * i })),
    edges: network.edges.map((e) => ({ id: e.id, points: [10, 20, 30, 40] })),
    groups: [],
  };
}

const keyOf = (network: NetworkData['network'], group = false) =>
  layoutKey(
    networkLayoutRequest(
      network.nodes.map((n) => ({ id: n.id, labels: n.pacticipant.labels })),
      network.edges,
      group,
    ),
  );

const rectX = (container: HTMLElement, node: string) => Number(container.querySelector(`[data-node="${node}"] rect`)!.getAttribute('x'));

/** Answers the network at once and the broker's layout a little later, as a cold broker would. */
function broker(network: NetworkData['network'], layout: () => GraphqlAnswer) {
  return fakeGraphql(async (operation) => {
    if (operation === 'Network') return { data: { network } };
    if (operation === 'NetworkLayout') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return layout();
    }
    return { data: {} };
  });
}

describe('the full network laid out by the broker (#17)', () => {
  test('is drawn where the broker placed each service, the page waiting for it instead of running dagre', async () => {
    const network = bigNetwork('a');
    graphql = broker(network, () => ({ data: { network: { layout: brokerLayoutOf(network, keyOf(network)) } } }));
    at('/ui/network?all=1');
    const { container } = render(<App />);
    expect(await screen.findByText('Laying out 80 services…')).toBeTruthy();
    await screen.findByRole('group', { name: 'Service network' });
    expect(rectX(container, 'a-05')).toBe(1000 + 7 * 5 - 95);
    expect(container.querySelectorAll('[data-node]')).toHaveLength(80);
    expect(graphql.calls.find((c) => c.operation === 'NetworkLayout')?.variables).toEqual({ groupByLabel: false });
  });

  test('grouped by label, the broker is asked for the grouped layout', async () => {
    const network = bigNetwork('b');
    graphql = broker(network, () => ({ data: { network: { layout: brokerLayoutOf(network, keyOf(network, true)) } } }));
    at('/ui/network?all=1&group=label');
    const { container } = render(<App />);
    await screen.findByRole('group', { name: 'Service network' });
    expect(rectX(container, 'b-10')).toBe(1000 + 7 * 10 - 95);
    expect(graphql.calls.find((c) => c.operation === 'NetworkLayout')?.variables).toEqual({ groupByLabel: true });
  });

  test('a layout of another graph (the network changed between the two answers) is not used: the page lays out what it draws', async () => {
    const network = bigNetwork('c');
    graphql = broker(network, () => ({ data: { network: { layout: brokerLayoutOf(network, keyOf(bigNetwork('c', 79))) } } }));
    at('/ui/network?all=1');
    const { container } = render(<App />);
    await screen.findByRole('group', { name: 'Service network' });
    expect(container.querySelectorAll('[data-node]')).toHaveLength(80);
    expect(rectX(container, 'c-05')).not.toBe(1000 + 7 * 5 - 95);
  });

  test('when the broker cannot lay it out, the page does', async () => {
    const network = bigNetwork('d');
    graphql = broker(network, () => ({ errors: [{ message: 'The broker is laying out other versions of the network' }] }));
    at('/ui/network?all=1');
    const { container } = render(<App />);
    await screen.findByRole('group', { name: 'Service network' });
    expect(container.querySelectorAll('[data-node]')).toHaveLength(80);
  });

  test("a filtered view does not wait for the whole network's layout", async () => {
    const network = bigNetwork('e');
    // the broker's answer never comes: a filtered graph is not the one it lays out
    graphql = fakeGraphql((operation) => (operation === 'Network' ? { data: { network } } : new Promise<GraphqlAnswer>(() => {})));
    at('/ui/network?all=1&label=team-odd');
    const { container } = render(<App />);
    await screen.findByRole('group', { name: 'Service network' });
    expect(container.querySelectorAll('[data-node]')).toHaveLength(40);
  });
});
