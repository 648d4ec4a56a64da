import { describe, expect, test } from 'vitest';
import { layoutNetwork, redundantEdges } from './dagre-layout.ts';

const edge = (source: string, target: string, id = `${source}>${target}`) => ({ id, source, target });
const size = { width: 190, height: 40 };

describe('redundantEdges (the transitive reduction dagre lays out)', () => {
  test('an edge with a longer path beside it is left out; the path itself and lone edges are kept', () => {
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('a', 'c'), edge('c', 'd'), edge('a', 'd'), edge('x', 'd')];
    expect([...redundantEdges(edges)].sort()).toEqual(['a>c', 'a>d']);
  });

  test('every edge between a redundant pair goes (a pact and a schema), none of a kept pair', () => {
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('a', 'c', 'pact'), edge('a', 'c', 'schema'), edge('b', 'c', 'schema b')];
    expect([...redundantEdges(edges)].sort()).toEqual(['pact', 'schema']);
  });

  test('in a cycle no two edges are removed on each other’s account: every service still reaches what it did', () => {
    // a→b is redundant by a→c→b and a→c by a→b→c, but not both at once
    const edges = [edge('a', 'b'), edge('a', 'c'), edge('b', 'c'), edge('c', 'b'), edge('c', 'c')];
    const removed = redundantEdges(edges);
    expect(removed.size).toBe(1);
    expect(removed.has('c>c')).toBe(false);
    const kept = edges.filter((e) => !removed.has(e.id) && e.source !== e.target);
    const reach = (from: string) => {
      const seen = new Set<string>();
      const queue = [from];
      for (let at = queue.shift(); at !== undefined; at = queue.shift())
        for (const e of kept)
          if (e.source === at && !seen.has(e.target)) {
            seen.add(e.target);
            queue.push(e.target);
          }
      return seen;
    };
    expect([...reach('a')].sort()).toEqual(['b', 'c']);
    expect([...reach('b')].sort()).toEqual(['b', 'c']);
  });
});

describe('layoutNetwork', () => {
  // a → b → c → d with shortcuts a→c and a→d, and services beside b and c so the shortcuts must pass between them
  const nodes = ['a', 'b', 'c', 'd', 'b2', 'c2', 'b3', 'c3'].map((id) => ({ id }));
  const path = [
    edge('a', 'b'),
    edge('b', 'c'),
    edge('c', 'd'),
    edge('a', 'b2'),
    edge('b2', 'c2'),
    edge('c2', 'd'),
    edge('a', 'b3'),
    edge('b3', 'c3'),
    edge('c3', 'd'),
  ];
  const shortcuts = [edge('a', 'c'), edge('a', 'd', 'pact a>d'), edge('a', 'd', 'schema a>d')];

  test('the services stand where they would without the redundant edges (dagre never sees them)', () => {
    const withShortcuts = layoutNetwork(nodes, [...path, ...shortcuts], size, { reduce: true });
    const without = layoutNetwork(nodes, path, size, { reduce: true });
    expect([...withShortcuts.nodes.values()]).toEqual([...without.nodes.values()]);
  });

  test('every edge is still drawn, a left-out one from its consumer’s side to its provider’s, through no service', () => {
    const layout = layoutNetwork(nodes, [...path, ...shortcuts], size, { reduce: true });
    for (const e of [...path, ...shortcuts]) expect(layout.edges.get(e.id)?.points.length, e.id).toBeGreaterThanOrEqual(2);
    for (const e of shortcuts) {
      const points = layout.edges.get(e.id)!.points;
      const from = layout.nodes.get(e.source)!;
      const to = layout.nodes.get(e.target)!;
      expect(points[0]).toEqual({ x: from.x + size.width / 2, y: from.y });
      expect(points[points.length - 1]).toEqual({ x: to.x - size.width / 2, y: to.y });
      // sample each segment: no point strictly inside a service's box
      for (let i = 1; i < points.length; i++)
        for (let k = 0; k <= 20; k++) {
          const x = points[i - 1]!.x + ((points[i]!.x - points[i - 1]!.x) * k) / 20;
          const y = points[i - 1]!.y + ((points[i]!.y - points[i - 1]!.y) * k) / 20;
          for (const n of layout.nodes.values())
            expect(
              Math.abs(x - n.x) < size.width / 2 - 0.5 && Math.abs(y - n.y) < size.height / 2 - 0.5,
              `${e.id} at ${x},${y} inside ${n.id}`,
            ).toBe(false);
        }
    }
  });

  test('a small graph is laid out whole: dagre routes its redundant edges itself', () => {
    const whole = layoutNetwork(nodes, [...path, ...shortcuts], size);
    const reduced = layoutNetwork(nodes, [...path, ...shortcuts], size, { reduce: true });
    expect(whole.edges.get('a>c')!.points).not.toEqual(reduced.edges.get('a>c')!.points);
    expect(layoutNetwork(nodes, [...path, ...shortcuts], size, { reduce: false }).edges.get('a>c')).toEqual(whole.edges.get('a>c'));
  });

  test('a grouped layout draws every edge too', () => {
    const grouped = nodes.map((n, i) => ({ ...n, group: i % 2 === 0 ? 'even' : 'odd' }));
    const layout = layoutNetwork(grouped, [...path, ...shortcuts], size, { reduce: true });
    for (const e of [...path, ...shortcuts]) expect(layout.edges.get(e.id)?.points.length, e.id).toBeGreaterThanOrEqual(2);
    expect(layout.groups.map((g) => g.label).sort()).toEqual(['even', 'odd']);
  });
});
