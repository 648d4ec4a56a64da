// The network laid out on a worker thread and remembered by the graph's shape (issue #17).
import { afterEach, describe, expect, test } from 'vitest';
import { layoutKey, networkLayoutRequest, type LayoutRequest } from '@treaty/wire/src/network-layout-shape.ts';
import { layoutNetwork } from '@treaty/wire/src/network-layout.ts';
import { ServiceUnavailableError } from '../errors.ts';
import { createNetworkLayouts, type NetworkLayouts } from './network-layouts.ts';

/** A chain of services s0 → s1 → ... (with one extra contract per `extra`). */
function chain(services: number, extra: Array<[number, number]> = []): LayoutRequest {
  const names = Array.from({ length: services }, (_, i) => `s${i}`);
  return networkLayoutRequest(
    names.map((id) => ({ id, labels: [] })),
    [
      ...names.slice(1).map((name, i) => ({ id: `e${i}`, source: names[i]!, target: name })),
      ...extra.map(([from, to]) => ({ id: `x${from}-${to}`, source: `s${from}`, target: `s${to}` })),
    ],
    false,
  );
}

let layouts: NetworkLayouts | undefined;
afterEach(async () => {
  await layouts?.close();
  layouts = undefined;
});

describe('network layouts on the broker', () => {
  test('lays a graph out on the worker as the web UI would, to the whole pixel, under the key of its shape', async () => {
    layouts = createNetworkLayouts();
    const request = chain(6, [[0, 3]]);
    const wire = await layouts.layout(request);
    expect(wire.key).toBe(layoutKey(request));
    const inPlace = layoutNetwork(request.nodes, request.edges, request.size);
    expect(wire.nodes).toEqual([...inPlace.nodes.values()].map((n) => ({ id: n.id, x: Math.round(n.x), y: Math.round(n.y) })));
    expect(wire.edges.map((e) => e.id).sort()).toEqual(request.edges.map((e) => e.id).sort());
    expect(wire.edges.every((e) => e.points.length >= 4)).toBe(true);
  });

  test('the same shape is laid out once, however many ask at once or later; a changed graph is laid out anew', async () => {
    layouts = createNetworkLayouts();
    const request = chain(8);
    const [a, b] = await Promise.all([layouts.layout(request), layouts.layout(chain(8))]);
    expect(b).toBe(a);
    expect(await layouts.layout(chain(8))).toBe(a);
    expect(layouts.computed()).toBe(1);
    // a new contract: another key, so the old layout is never served for it
    const changed = await layouts.layout(chain(8, [[1, 5]]));
    expect(changed.key).not.toBe(a.key);
    expect(changed.edges.map((e) => e.id)).toContain('x1-5');
    expect(layouts.computed()).toBe(2);
  });

  test('remembers the most recently used shapes only', async () => {
    layouts = createNetworkLayouts({ cacheEntries: 2 });
    await layouts.layout(chain(3));
    await layouts.layout(chain(4));
    await layouts.layout(chain(3));
    await layouts.layout(chain(5));
    expect(layouts.computed()).toBe(3);
    await layouts.layout(chain(3));
    expect(layouts.computed()).toBe(3);
    await layouts.layout(chain(4));
    expect(layouts.computed()).toBe(4);
  });

  test('refuses more distinct shapes at once than it may lay out (503), and lays out the next when there is room', async () => {
    layouts = createNetworkLayouts({ maxPending: 2 });
    const first = layouts.layout(chain(20));
    const second = layouts.layout(chain(21));
    await expect(layouts.layout(chain(22))).rejects.toBeInstanceOf(ServiceUnavailableError);
    await Promise.all([first, second]);
    expect((await layouts.layout(chain(22))).nodes).toHaveLength(22);
  });

  test('a layout that outlasts its time is stopped with an error, not remembered; the next ask starts a fresh worker', async () => {
    layouts = createNetworkLayouts({ taskTimeoutMs: 1 });
    const big = chain(150, [[0, 100]]);
    await expect(layouts.layout(big)).rejects.toThrow(/took longer than 1 ms/);
    // the stopped worker is replaced (else this would wait for ever) and the failure was not cached
    await expect(layouts.layout(big)).rejects.toThrow(/took longer than 1 ms/);
    expect(layouts.computed()).toBe(0);
  });

  test('an idle worker is stopped (it holds ~50 MB), and a new shape starts another; remembered layouts need none', async () => {
    layouts = createNetworkLayouts({ idleMs: 50 });
    const first = await layouts.layout(chain(5));
    expect(layouts.hasWorker()).toBe(true);
    await expect.poll(() => layouts!.hasWorker(), { timeout: 5_000, interval: 20 }).toBe(false);
    expect(await layouts.layout(chain(5))).toBe(first);
    expect(layouts.hasWorker()).toBe(false);
    expect((await layouts.layout(chain(6))).nodes).toHaveLength(6);
    expect(layouts.computed()).toBe(2);
  });
});
