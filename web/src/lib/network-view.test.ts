import { describe, expect, test } from 'vitest';
import { neighbourhood, searchServices, visibleGraph, type ViewEdge, type ViewNode } from './network-view.ts';

// web → api → orders → payments → bank; audit → payments (failed)
const edges: ViewEdge[] = [
  { id: '1', source: 'web', target: 'api', status: 'VERIFIED' },
  { id: '2', source: 'api', target: 'orders', status: 'VERIFIED' },
  { id: '3', source: 'orders', target: 'payments', status: 'VERIFIED' },
  { id: '4', source: 'payments', target: 'bank', status: 'PENDING' },
  { id: '5', source: 'audit', target: 'payments', status: 'FAILED' },
];
const node = (id: string, labels: string[] = [], environments: string[] = []): ViewNode => ({ id, labels, environments });
const nodes = [
  node('web', ['team-a'], ['production']),
  node('api', ['team-a'], ['production']),
  node('orders', ['team-b'], ['production']),
  node('payments', ['team-b'], []),
  node('bank', [], ['production']),
  node('audit', ['team-c'], []),
];
const ids = (g: { nodes: ViewNode[] }) => g.nodes.map((n) => n.id).sort();

describe('neighbourhood: consumers and providers alike', () => {
  test.each([
    [1, ['audit', 'bank', 'orders', 'payments']],
    [2, ['api', 'audit', 'bank', 'orders', 'payments']],
  ])('%i hop(s) from payments', (hops, expected) => {
    expect([...neighbourhood('payments', edges, hops)].sort()).toEqual(expected);
  });
});

describe('visibleGraph', () => {
  test('focus keeps the neighbourhood and the edges between its services', () => {
    const g = visibleGraph(nodes, edges, { focus: 'orders', hops: 1 });
    expect(ids(g)).toEqual(['api', 'orders', 'payments']);
    expect(g.edges.map((e) => e.id)).toEqual(['2', '3']);
  });
  test('a status filter on the full graph keeps only those edges and the services they join', () => {
    const g = visibleGraph(nodes, edges, { hops: 1, status: 'FAILED' });
    expect(ids(g)).toEqual(['audit', 'payments']);
  });
  test('a status filter with a focus walks only the edges of that status', () => {
    expect(ids(visibleGraph(nodes, edges, { focus: 'payments', hops: 2, status: 'FAILED' }))).toEqual(['audit', 'payments']);
  });
  test('label and environment filters keep the focus itself', () => {
    expect(ids(visibleGraph(nodes, edges, { focus: 'payments', hops: 2, label: 'team-b' }))).toEqual(['orders', 'payments']);
    expect(ids(visibleGraph(nodes, edges, { hops: 1, environment: 'production' }))).toEqual(['api', 'bank', 'orders', 'web']);
  });
});

test('searchServices: prefix matches first, then by name, case-insensitively', () => {
  expect(searchServices(['order-api', 'web-orders', 'Orders', 'bank'], 'ORD')).toEqual(['order-api', 'Orders', 'web-orders']);
  expect(searchServices(['a'], '  ')).toEqual([]);
});
