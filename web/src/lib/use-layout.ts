// The network's layout as a hook: a layout seen before comes from the cache at once (layout-cache.ts); small graphs
// are laid out in place; large ones in one long-lived Web Worker (layout.worker.ts), so the page stays responsive
// while dagre works and dagre's code is compiled once. Without Worker (jsdom) everything is laid out in place.
// A layout computed elsewhere (the broker's of the whole network, issue #17) joins the cache through seedLayout.
import { useEffect, useMemo, useState } from 'react';
import { layoutNetwork, type Layout } from './dagre-layout.ts';
import { LayoutCache, layoutKey } from './layout-cache.ts';
import type { LayoutReply, LayoutRequest } from './layout.worker.ts';

/** Above this many services the layout runs in a worker. */
export const WORKER_THRESHOLD = 60;

const cache = new LayoutCache(typeof localStorage === 'undefined' ? undefined : localStorage, WORKER_THRESHOLD);

interface Job {
  id: number;
  key: string;
  request: LayoutRequest;
  listeners: Set<(result: Layout | Error) => void>;
  /** A layout computed ahead of need (precomputeLayout): finished even when nobody waits for it. */
  keep: boolean;
}

let worker: Worker | undefined;
let running: Job | undefined;
const queue: Job[] = [];
let nextId = 1;

function ensureWorker(): Worker {
  if (worker) return worker;
  const created = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  created.onmessage = (event: MessageEvent<LayoutReply>) => {
    const job = running;
    if (!job || job.id !== event.data.id) return;
    running = undefined;
    const result = 'layout' in event.data ? event.data.layout : new Error(event.data.error);
    if (!(result instanceof Error)) cache.set(job.key, result);
    for (const listener of job.listeners) listener(result);
    pump();
  };
  // the worker's script failed to load or threw outside a job: fail the job in hand (the page says so) and start afresh
  created.onerror = (event: ErrorEvent) => {
    const job = running;
    created.terminate();
    if (worker === created) worker = undefined;
    running = undefined;
    for (const listener of job?.listeners ?? []) listener(new Error(event.message || 'the layout worker stopped'));
    pump();
  };
  worker = created;
  return created;
}

function pump(): void {
  if (running) return;
  const job = queue.shift();
  if (!job) return;
  running = job;
  ensureWorker().postMessage({ id: job.id, request: job.request });
}

function jobFor(key: string): Job | undefined {
  return running?.key === key ? running : queue.find((j) => j.key === key);
}

function enqueue(key: string, request: LayoutRequest, keep: boolean): Job {
  const existing = jobFor(key);
  if (existing) {
    existing.keep ||= keep;
    return existing;
  }
  const job: Job = { id: nextId++, key, request, listeners: new Set(), keep };
  queue.push(job);
  pump();
  return job;
}

/** Nobody waits for this job any more: drop it, and stop the worker when it is the one running (a new one starts). */
function abandon(job: Job): void {
  if (job.listeners.size > 0 || job.keep) return;
  const queued = queue.indexOf(job);
  if (queued >= 0) queue.splice(queued, 1);
  if (running === job) {
    worker?.terminate();
    worker = undefined;
    running = undefined;
    pump();
  }
}

const canUseWorker = () => typeof Worker !== 'undefined';

/**
 * Starts the worker (loading and compiling dagre) before there is anything to lay out, e.g. while the network's
 * data is on its way.
 */
export function prewarmLayoutWorker(): void {
  if (canUseWorker()) ensureWorker();
}

/**
 * Lays out a large graph in the background, ahead of need, unless it is cached: the network page does this for the
 * full graph while it shows the search, so "show the full graph" finds its layout ready.
 */
export function precomputeLayout(request: LayoutRequest): void {
  if (!canUseWorker() || request.nodes.length <= WORKER_THRESHOLD) return;
  const key = layoutKey(request);
  if (cache.get(key)) return;
  enqueue(key, request, true);
}

/** Whether the layout of this key is at hand (in memory or in the browser's storage). */
export function hasLayout(key: string): boolean {
  return cache.get(key) !== undefined;
}

/**
 * Remembers a layout computed elsewhere (the broker's, of the whole network) under its key, so useLayout and
 * precomputeLayout find it instead of laying the graph out again.
 */
export function seedLayout(key: string, layout: Layout): void {
  if (!hasLayout(key)) cache.set(key, layout);
}

export function useLayout(request: LayoutRequest): Layout | Error | undefined {
  const key = useMemo(() => layoutKey(request), [request]);
  const inWorker = canUseWorker() && request.nodes.length > WORKER_THRESHOLD;
  const immediate = useMemo(() => {
    const cached = cache.get(key);
    if (cached || inWorker) return cached;
    try {
      const layout = layoutNetwork(request.nodes, request.edges, request.size);
      cache.set(key, layout);
      return layout;
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    // the key stands for the request: the same shape gives the same layout
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, inWorker]);
  const [fromWorker, setFromWorker] = useState<{ key: string; result: Layout | Error } | undefined>(undefined);
  useEffect(() => {
    if (immediate !== undefined) return undefined;
    const job = enqueue(key, request, false);
    const listener = (result: Layout | Error) => setFromWorker({ key, result });
    job.listeners.add(listener);
    return () => {
      job.listeners.delete(listener);
      abandon(job);
    };
    // as above: the key stands for the request
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, immediate]);
  if (immediate !== undefined) return immediate;
  return fromWorker?.key === key ? fromWorker.result : undefined;
}
