import { describe, expect, test } from 'vitest';
import { layoutNetwork } from './dagre-layout.ts';
import { LayoutCache, deserializeLayout, layoutKey, serializeLayout } from './layout-cache.ts';
import type { LayoutRequest } from './layout.worker.ts';

const request = (services: number, group = false): LayoutRequest => ({
  nodes: Array.from({ length: services }, (_, i) => ({ id: `s${i}`, group: group ? `team-${i % 3}` : undefined })),
  edges: Array.from({ length: services - 1 }, (_, i) => ({ id: `e${i}`, source: `s${i}`, target: `s${i + 1}` })),
  size: { width: 190, height: 40 },
});

/** A Storage in memory (jsdom has one, but a test of its own sees only its own entries). */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  failWrites = false;
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new DOMException('quota exceeded', 'QuotaExceededError');
    this.items.set(key, value);
  }
  keys() {
    return [...this.items.keys()];
  }
}

describe('layoutKey', () => {
  test('is the same for the same shape and differs when a service, a contract, a group or the node size changes', () => {
    const base = request(5);
    expect(layoutKey(request(5))).toBe(layoutKey(base));
    const keys = [
      layoutKey(base),
      layoutKey(request(6)),
      layoutKey({ ...base, edges: [...base.edges.slice(1), { id: 'e0', source: 's1', target: 's0' }] }),
      layoutKey({ ...base, nodes: base.nodes.map((n, i) => (i === 2 ? { ...n, group: 'team' } : n)) }),
      layoutKey({ ...base, size: { width: 200, height: 40 } }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('serializeLayout', () => {
  test('round-trips a dagre layout to whole pixels, groups included', () => {
    const layout = layoutNetwork(request(8, true).nodes, request(8, true).edges, { width: 190, height: 40 });
    const back = deserializeLayout(serializeLayout(layout))!;
    expect([...back.nodes.keys()]).toEqual([...layout.nodes.keys()]);
    for (const [id, n] of layout.nodes) expect(back.nodes.get(id)).toEqual({ id, x: Math.round(n.x), y: Math.round(n.y) });
    for (const [id, e] of layout.edges)
      expect(back.edges.get(id)!.points).toEqual(e.points.map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) })));
    expect(back.groups).toEqual(layout.groups);
    expect(back.groups.length).toBe(3);
    expect([back.width, back.height]).toEqual([layout.width, layout.height]);
  });

  test('a damaged or foreign entry is no layout', () => {
    expect(deserializeLayout('{"nodes":')).toBeUndefined();
    expect(deserializeLayout('{"something":"else"}')).toBeUndefined();
  });
});

describe('LayoutCache', () => {
  const layoutOf = (r: LayoutRequest) => layoutNetwork(r.nodes, r.edges, r.size);

  test('a large layout outlives the page (storage); a small one stays in memory only', () => {
    const storage = new MemoryStorage();
    const big = request(12);
    const small = request(3);
    const first = new LayoutCache(storage, 10);
    first.set(layoutKey(big), layoutOf(big));
    first.set(layoutKey(small), layoutOf(small));
    expect(first.get(layoutKey(small))).toBeDefined();
    const afterReload = new LayoutCache(storage, 10);
    expect(afterReload.get(layoutKey(small))).toBeUndefined();
    const restored = afterReload.get(layoutKey(big))!;
    expect(restored.nodes.get('s3')).toEqual({
      id: 's3',
      x: Math.round(layoutOf(big).nodes.get('s3')!.x),
      y: Math.round(layoutOf(big).nodes.get('s3')!.y),
    });
  });

  test('storage keeps the three most recent large layouts', () => {
    const storage = new MemoryStorage();
    const cache = new LayoutCache(storage, 10);
    const requests = [11, 12, 13, 14, 15].map((n) => request(n));
    for (const r of requests) cache.set(layoutKey(r), layoutOf(r));
    const fresh = new LayoutCache(storage, 10);
    expect(requests.map((r) => fresh.get(layoutKey(r)) !== undefined)).toEqual([false, false, true, true, true]);
    expect(storage.keys().filter((k) => k !== 'treaty.layout.index')).toHaveLength(3);
  });

  test('a full or refused storage leaves the layout in memory', () => {
    const storage = new MemoryStorage();
    storage.failWrites = true;
    const cache = new LayoutCache(storage, 10);
    const big = request(12);
    cache.set(layoutKey(big), layoutOf(big));
    expect(cache.get(layoutKey(big))).toBeDefined();
    expect(new LayoutCache(storage, 10).get(layoutKey(big))).toBeUndefined();
  });
});
