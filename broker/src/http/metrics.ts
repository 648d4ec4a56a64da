// Prometheus metrics (GET /metrics): request latency per route pattern, publications and
// verification results counted, and Node's process metrics. Each app gets its own registry, so
// several apps (tests) can live in one process.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Request, RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AdmissionGate, ExpensiveOperation } from '../admission.ts';
import type { Db } from '../store/db.ts';
import { jobQueueDepth } from '../store/job-queue.ts';
import { paths, route } from '../paths.ts';

export interface BrokerMetrics {
  registry: Registry;
  /** Installs the per-request observation (register before routing). */
  middleware: RequestHandler;
}

/** Label for requests that matched no route (404s, 401s before routing): keeps the label set small. */
export const UNMATCHED_ROUTE = 'unmatched';

/** The Express route pattern that handled the request (`/pacticipants/:pacticipant`), never the raw URL. */
export function routePattern(req: Request): string {
  const matched: unknown = req.route;
  const path = typeof matched === 'object' && matched !== null && 'path' in matched ? (matched as { path: unknown }).path : undefined;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : UNMATCHED_ROUTE;
}

const publicationRoutes = new Set([
  `POST ${paths.publishContracts}`,
  `PUT ${route(paths.pactForConsumerVersion)}`,
  `PATCH ${route(paths.pactForConsumerVersion)}`,
]);
const verificationRoutes = new Set([`POST ${route(paths.verificationResults)}`, `POST ${route(paths.verificationResultsWithMetadata)}`]);

const EXPENSIVE_OPERATIONS: readonly ExpensiveOperation[] = ['matrix', 'pacts-for-verification', 'graphql', 'schema-comparison'];

/**
 * `db`: where the job queue lives, for its depth gauge (read at scrape time, so every replica reports the shared queue).
 * `admission`: the gate of expensive work, for its in-flight, waiting and refused series.
 */
export function createMetrics(db?: Db, admission?: AdmissionGate): BrokerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  registerEventLoopDelay(registry);
  registry.registerMetric(eventLoopLateness());
  if (admission) registerAdmission(registry, admission);
  if (db) {
    new Gauge({
      name: 'treaty_jobs',
      help: 'Jobs in the durable queue by kind and status (queued, running, failed: gave up and kept for inspection)',
      labelNames: ['kind', 'status'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await jobQueueDepth(db)) this.set({ kind: row.kind, status: row.status }, row.count);
      },
    });
  }
  const duration = new Histogram({
    name: 'treaty_http_request_duration_seconds',
    help: 'HTTP request latency by method, Express route pattern and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const publications = new Counter({
    name: 'treaty_pact_publications_total',
    help: 'Successful pact publications (POST /contracts/publish, PUT/PATCH of a pact for a consumer version)',
    registers: [registry],
  });
  const verifications = new Counter({
    name: 'treaty_verification_results_total',
    help: 'Verification results accepted (POST .../verification-results)',
    registers: [registry],
  });

  const observe = (req: Request, res: Response, seconds: number) => {
    const pattern = routePattern(req);
    duration.observe({ method: req.method, route: pattern, status_code: String(res.statusCode) }, seconds);
    if (res.statusCode < 200 || res.statusCode >= 300) return;
    const key = `${req.method} ${pattern}`;
    if (publicationRoutes.has(key)) publications.inc();
    if (verificationRoutes.has(key)) verifications.inc();
  };

  return {
    registry,
    middleware: (req, res, next) => {
      const start = process.hrtime.bigint();
      res.once('finish', () => observe(req, res, Number(process.hrtime.bigint() - start) / 1e9));
      next();
    },
  };
}

/**
 * The event loop's delay over the last scrape interval (p50, p99, max), from a histogram that is reset at each
 * scrape: a starved loop (a CPU-heavy request) shows here before /health stops answering.
 */
function registerEventLoopDelay(registry: Registry): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  new Gauge({
    name: 'treaty_event_loop_delay_seconds',
    help: 'Event-loop delay since the previous scrape, by quantile (0.5, 0.99, 1 = max)',
    labelNames: ['quantile'] as const,
    registers: [registry],
    collect() {
      const seconds = (ns: number) => (Number.isFinite(ns) ? ns / 1e9 : 0);
      this.set({ quantile: '0.5' }, seconds(delay.percentile(50)));
      this.set({ quantile: '0.99' }, seconds(delay.percentile(99)));
      this.set({ quantile: '1' }, seconds(delay.max));
      delay.reset();
    },
  });
}

/** Upper bounds (seconds) of the lateness histogram: fine around 20 ms, the bench's per-scenario p99 target (#14). */
export const EVENT_LOOP_LATENESS_BUCKETS = [0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.2, 0.5, 1, 2, 5];
/** How often the lateness sampler asks to run. */
const LATENESS_TICK_MS = 10;
let latenessHistogram: Histogram | undefined;

/**
 * How late a timer that asks to run every 10 ms runs, as a cumulative histogram that is never reset: unlike the gauge
 * above, any number of readers can take their own window from it (Prometheus with histogram_quantile over rate(), the
 * benchmark by diffing two scrapes around a scenario) without disturbing one another. It records the lateness only
 * (0 on an idle loop), where monitorEventLoopDelay records the whole interval (about 10 ms on an idle loop).
 * One sampler per process, shared by every app's registry: the event loop is the process's, and tests create
 * hundreds of apps.
 */
function eventLoopLateness(): Histogram {
  if (latenessHistogram) return latenessHistogram;
  const histogram = new Histogram({
    name: 'treaty_event_loop_lateness_seconds',
    help: 'How late a timer scheduled every 10 ms ran: time the event loop kept ready work waiting (cumulative; never reset)',
    buckets: EVENT_LOOP_LATENESS_BUCKETS,
    registers: [],
  });
  let due = performance.now() + LATENESS_TICK_MS;
  // unref: the sampler never keeps a process alive on its own.
  setInterval(() => {
    const now = performance.now();
    histogram.observe(Math.max(0, now - due) / 1000);
    due = now + LATENESS_TICK_MS;
  }, LATENESS_TICK_MS).unref();
  latenessHistogram = histogram;
  return histogram;
}

function registerAdmission(registry: Registry, admission: AdmissionGate): void {
  new Gauge({
    name: 'treaty_expensive_operations_in_flight',
    help: 'Expensive operations running now (matrix, pacts-for-verification, graphql, schema-comparison); at most TREATY_EXPENSIVE_CONCURRENCY in all',
    labelNames: ['operation'] as const,
    registers: [registry],
    collect() {
      const { running } = admission.stats();
      for (const operation of EXPENSIVE_OPERATIONS) this.set({ operation }, running.get(operation) ?? 0);
    },
  });
  new Gauge({
    name: 'treaty_expensive_operations_waiting',
    help: 'Expensive operations waiting for a slot (at most TREATY_EXPENSIVE_QUEUE)',
    registers: [registry],
    collect() {
      this.set(admission.stats().waiting);
    },
  });
  new Counter({
    name: 'treaty_expensive_operations_refused_total',
    help: 'Expensive operations refused with 503 because every slot was taken and the queue was full, or the wait ran out',
    labelNames: ['operation'] as const,
    registers: [registry],
    collect() {
      const { refused } = admission.stats();
      this.reset();
      for (const operation of EXPENSIVE_OPERATIONS) this.inc({ operation }, refused.get(operation) ?? 0);
    },
  });
}
