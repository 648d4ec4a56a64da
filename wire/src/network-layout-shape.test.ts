import { describe, expect, test } from 'vitest';
import { layoutFromWire, layoutKey, layoutToWire, networkLayoutRequest, NO_LABEL_GROUP } from './network-layout-shape.ts';
import { layoutNetwork } from './network-layout.ts';

const nodes = [
  { id: 'web', labels: ['frontend', 'team-a'] },
  { id: 'orders', labels: [] },
  { id: 'payments', labels: ['backend'] },
];
const edges = [
  { id: 'i1', source: 'web', target: 'orders', status: 'VERIFIED' },
  { id: 'i2', source: 'orders', target: 'payments', status: 'FAILED' },
];

describe('networkLayoutRequest (the shape the broker and the web UI both lay out, #17)', () => {
  test('groups by the first label, "no label" without one, only when asked; keeps only the shape of an edge', () => {
    const grouped = networkLayoutRequest(nodes, edges, true);
    expect(grouped.nodes).toEqual([
      { id: 'web', group: 'frontend' },
      { id: 'orders', group: NO_LABEL_GROUP },
      { id: 'payments', group: 'backend' },
    ]);
    expect(grouped.edges).toEqual([
      { id: 'i1', source: 'web', target: 'orders' },
      { id: 'i2', source: 'orders', target: 'payments' },
    ]);
    expect(networkLayoutRequest(nodes, edges, false).nodes.every((n) => n.group === undefined)).toBe(true);
  });

  test('a status changes nothing of the key; a new contract, a relabelled service or grouping does', () => {
    const key = layoutKey(networkLayoutRequest(nodes, edges, false));
    const nowVerified = edges.map((e) => ({ ...e, status: 'VERIFIED' }));
    expect(layoutKey(networkLayoutRequest(nodes, nowVerified, false))).toBe(key);
    const newContract = { id: 'i3', source: 'web', target: 'payments', status: 'VERIFIED' };
    const relabelled = { id: 'orders', labels: ['backend'] };
    const others = [
      layoutKey(networkLayoutRequest(nodes, [...edges, newContract], false)),
      layoutKey(networkLayoutRequest(nodes, edges, true)),
      layoutKey(networkLayoutRequest([nodes[0]!, relabelled, nodes[2]!], edges, true)),
    ];
    expect(new Set([key, ...others]).size).toBe(4);
  });
});

describe('the wire form of a layout', () => {
  test('round-trips every service, route and group to the whole pixel', () => {
    const request = networkLayoutRequest(nodes, edges, true);
    const layout = layoutNetwork(request.nodes, request.edges, request.size);
    const wire = layoutToWire('k', layout);
    expect(wire.key).toBe('k');
    const back = layoutFromWire(JSON.parse(JSON.stringify(wire)) as typeof wire);
    expect([...back.nodes.keys()]).toEqual(['web', 'orders', 'payments']);
    for (const [id, n] of layout.nodes) {
      expect(back.nodes.get(id)!.x).toBe(Math.round(n.x));
      expect(back.nodes.get(id)!.y).toBe(Math.round(n.y));
    }
    for (const [id, e] of layout.edges)
      expect(back.edges.get(id)!.points).toEqual(e.points.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })));
    expect(back.groups.map((g) => g.label).sort()).toEqual(['backend', 'frontend', NO_LABEL_GROUP]);
    expect(back.width).toBe(Math.round(layout.width));
  });
});
