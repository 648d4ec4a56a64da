// The service network laid out on the broker (issue #17: the full graph of 200+ services drawn within a second,
// on a first visit too). dagre needs 0.5-1.5 s of CPU for 200 services and 540 contracts, yet a layout depends only
// on the graph's shape (services, contracts, groups), which changes when a service or an integration appears, not
// when a verification arrives. So the broker lays a shape out once, on a worker thread (the event loop keeps
// answering meanwhile), and keeps the answer by the shape's key (layoutKey, shared with the web UI): every browser,
// every visit, gets it ready-made, and a changed graph has another key, so a stale layout is never served.
// Bounded: one worker, one layout at a time, at most `maxPending` distinct shapes waiting (the rest are refused
// with 503, and the page lays the graph out itself), a timeout per layout, `cacheEntries` layouts remembered.
import type { Worker } from 'node:worker_threads';
import { layoutKey, type LayoutRequest, type NetworkLayoutWire } from '@treaty/wire/src/network-layout-shape.ts';
import { ServiceUnavailableError } from '../errors.ts';
import type { NetworkLayoutReply, NetworkLayoutTask } from './network-layout-worker.ts';
import { startWorker } from './start-worker.ts';

export interface NetworkLayoutsOptions {
  /** Layouts remembered, the least recently used dropped first (default 8: grouped and not, a few graph changes). */
  cacheEntries?: number;
  /** Distinct shapes laid out or waiting at once (default 4). */
  maxPending?: number;
  /** How long one layout may take before its worker is terminated (default 30 s). */
  taskTimeoutMs?: number;
  /**
   * How long the worker may sit idle before it is stopped (default 30 s). A worker with dagre loaded holds ~50 MB
   * of resident memory, and a shape changes a few times a day: the next new shape pays ~0.3 s to start another.
   */
  idleMs?: number;
}

export interface NetworkLayouts {
  /** The layout of this graph: remembered, or laid out on the worker (one job for any number of callers). */
  layout(request: LayoutRequest): Promise<NetworkLayoutWire>;
  /** Layouts computed so far (a cache hit computes none). */
  computed(): number;
  /** Whether a worker thread is running now (it is stopped after `idleMs` without work). */
  hasWorker(): boolean;
  close(): Promise<void>;
}

interface Job {
  id: number;
  key: string;
  request: LayoutRequest;
  resolve(layout: NetworkLayoutWire): void;
  reject(err: Error): void;
}

export function createNetworkLayouts(options: NetworkLayoutsOptions = {}): NetworkLayouts {
  const cacheEntries = options.cacheEntries ?? 8;
  const maxPending = options.maxPending ?? 4;
  const taskTimeoutMs = options.taskTimeoutMs ?? 30_000;
  const idleMs = options.idleMs ?? 30_000;
  const cache = new Map<string, NetworkLayoutWire>();
  const pending = new Map<string, Promise<NetworkLayoutWire>>();
  const queue: Job[] = [];
  let worker: Worker | undefined;
  let running: { job: Job; timer: NodeJS.Timeout } | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let nextId = 1;
  let computed = 0;
  let closed = false;

  const finish = (result: NetworkLayoutWire | Error) => {
    const current = running;
    if (!current) return;
    clearTimeout(current.timer);
    running = undefined;
    if (result instanceof Error) current.job.reject(result);
    else current.job.resolve(result);
    dispatch();
  };

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const created = startWorker('network-layout-worker');
    // an idle worker must not keep the process alive (tests, a CLI); a running layout is awaited by its caller
    created.unref();
    created.on('message', (reply: NetworkLayoutReply) => {
      if (running?.job.id !== reply.id) return;
      finish('error' in reply ? new Error(`dagre could not lay out the network: ${reply.error}`) : reply.layout);
    });
    // a worker that was replaced (timed out, closed) has no job of its own any more
    const lost = (err: Error) => {
      if (worker !== created) return;
      worker = undefined;
      finish(err);
    };
    created.on('error', lost);
    created.on('exit', (code) => lost(new Error(`the network layout worker exited (code ${code})`)));
    worker = created;
    return created;
  };

  const stopWhenIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (running || queue.length > 0 || !worker) return;
      const idle = worker;
      worker = undefined;
      void idle.terminate();
    }, idleMs);
    idleTimer.unref();
  };

  const dispatch = () => {
    if (closed || running) return;
    const job = queue.shift();
    if (!job) return stopWhenIdle();
    clearTimeout(idleTimer);
    const timer = setTimeout(() => {
      const stuck = worker;
      worker = undefined;
      void stuck?.terminate();
      finish(new Error(`laying out the network took longer than ${taskTimeoutMs} ms and was stopped`));
    }, taskTimeoutMs);
    running = { job, timer };
    ensureWorker().postMessage({ id: job.id, key: job.key, request: job.request } satisfies NetworkLayoutTask);
  };

  const remember = (key: string, layout: NetworkLayoutWire) => {
    cache.delete(key);
    cache.set(key, layout);
    while (cache.size > cacheEntries) cache.delete(cache.keys().next().value!);
  };

  return {
    layout(request) {
      const key = layoutKey(request);
      const cached = cache.get(key);
      if (cached) {
        remember(key, cached);
        return Promise.resolve(cached);
      }
      const inFlight = pending.get(key);
      if (inFlight) return inFlight;
      if (closed) return Promise.reject(new Error('the network layouts are closed'));
      if (pending.size >= maxPending)
        return Promise.reject(
          new ServiceUnavailableError('The broker is laying out other versions of the network; the page lays this one out itself.', 5),
        );
      const promise = new Promise<NetworkLayoutWire>((resolve, reject) => {
        queue.push({ id: nextId++, key, request, resolve, reject });
        dispatch();
      }).then(
        (layout) => {
          pending.delete(key);
          computed++;
          remember(key, layout);
          return layout;
        },
        (err: unknown) => {
          pending.delete(key);
          throw err;
        },
      );
      pending.set(key, promise);
      return promise;
    },
    computed: () => computed,
    hasWorker: () => worker !== undefined,
    async close() {
      closed = true;
      clearTimeout(idleTimer);
      for (const job of queue.splice(0)) job.reject(new Error('the network layouts are closed'));
      const current = worker;
      worker = undefined;
      finish(new Error('the network layouts are closed'));
      await current?.terminate();
    },
  };
}

let shared: NetworkLayouts | undefined;

/** The process's network layouts, started on first use. */
export function sharedNetworkLayouts(): NetworkLayouts {
  shared ??= createNetworkLayouts();
  return shared;
}
