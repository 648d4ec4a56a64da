import { describe, expect, test } from 'vitest';
import { layoutGraph } from './network-layout.ts';

describe('layoutGraph', () => {
  const edges = [
    { consumer: 'web', provider: 'orders' },
    { consumer: 'orders', provider: 'payments' },
    { consumer: 'mobile', provider: 'payments' },
  ];

  test('puts consumers left of their providers (longest chain decides the layer)', () => {
    const { nodes } = layoutGraph(['payments', 'orders', 'web', 'mobile'], edges);
    const layer = Object.fromEntries(nodes.map((n) => [n.name, n.layer]));
    expect(layer).toEqual({ web: 0, mobile: 0, orders: 1, payments: 2 });
    const x = Object.fromEntries(nodes.map((n) => [n.name, n.x]));
    expect(x.web!).toBeLessThan(x.orders!);
    expect(x.orders!).toBeLessThan(x.payments!);
  });

  test('is deterministic: the same graph in any input order draws the same', () => {
    const a = layoutGraph(['payments', 'orders', 'web', 'mobile'], edges);
    const b = layoutGraph(['mobile', 'web', 'orders', 'payments'], [...edges].reverse());
    expect(b).toEqual(a);
  });

  test('terminates on cycles and never overlaps two nodes', () => {
    const { nodes } = layoutGraph(
      ['a', 'b', 'c'],
      [
        { consumer: 'a', provider: 'b' },
        { consumer: 'b', provider: 'c' },
        { consumer: 'c', provider: 'a' },
      ],
    );
    const spots = new Set(nodes.map((n) => `${n.x},${n.y}`));
    expect(spots.size).toBe(3);
  });

  test('an empty graph has no size', () => {
    expect(layoutGraph([], [])).toEqual({ nodes: [], width: 0, height: 0 });
  });
});
