// Operations endpoints:
//  - GET /health: liveness; answers without touching the database (a stuck database must not get
//    the process restarted in a loop).
//  - GET /health/ready: readiness; the database answers `SELECT 1` and every migration in
//    prisma/migrations is applied. 503 with a body naming what is wrong otherwise.
//  - GET /diagnostic/status/heartbeat: the Pact Broker's heartbeat.
//  - GET /metrics: Prometheus text format.
import type { Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { appliedMigrationNames, expectedMigrationNames, pingDatabase } from '../../store/database-health.ts';
import { sendHal } from '../hal.ts';
import type { BrokerMetrics } from '../metrics.ts';
import { href, paths } from '../../paths.ts';

const DATABASE_TIMEOUT_MS = 2_000;

type Check =
  { status: 'ok'; [key: string]: unknown } | { status: 'failing' | 'pending' | 'unknown'; detail: string; [key: string]: unknown };

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function registerHealthRoutes(router: Router, deps: RouteDeps, metrics: BrokerMetrics): void {
  router.get(paths.health, (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });

  router.get(paths.healthReady, async (_req, res) => {
    const requestId = String(res.getHeader('x-request-id') ?? '');
    let database: Check;
    let migrations: Check = { status: 'unknown', detail: 'Not checked: the database is not reachable.' };
    const started = performance.now();
    try {
      await withTimeout(pingDatabase(deps.db), DATABASE_TIMEOUT_MS);
      database = { status: 'ok', latencyMs: Math.round(performance.now() - started) };
    } catch (err) {
      deps.logger.error({ err, requestId }, 'readiness: the database is not reachable');
      database = {
        status: 'failing',
        detail: `The database did not answer SELECT 1 (${err instanceof Error && err.message.startsWith('no answer') ? err.message : 'query failed'}). The broker log has the error under request id ${requestId}.`,
      };
    }
    if (database.status === 'ok') {
      try {
        const [names, applied] = await Promise.all([
          expectedMigrationNames(),
          withTimeout(appliedMigrationNames(deps.db), DATABASE_TIMEOUT_MS),
        ]);
        const pending = names.filter((n) => !applied.has(n));
        migrations =
          pending.length === 0
            ? { status: 'ok', applied: names.length }
            : {
                status: 'pending',
                pending,
                detail: `${pending.length} migration(s) not applied. Restart the broker (it migrates on start) or run \`npm run migrate -w prisma\`.`,
              };
      } catch (err) {
        deps.logger.error({ err, requestId }, 'readiness: could not read the applied migrations');
        migrations = {
          status: 'failing',
          detail: `Could not compare the applied migrations with prisma/migrations. The broker log has the error under request id ${requestId}.`,
        };
      }
    }
    const ready = database.status === 'ok' && migrations.status === 'ok';
    res.status(ready ? 200 : 503).setHeader('Cache-Control', 'no-store');
    res.json({ status: ready ? 'ready' : 'not-ready', checks: { database, migrations } });
  });

  router.get(paths.heartbeat, (_req, res) => {
    sendHal(res, 200, { ok: true, _links: { self: { href: href(res.locals.baseUrl, paths.heartbeat) } } });
  });

  router.get(paths.metrics, async (_req, res) => {
    res.status(200).setHeader('Content-Type', metrics.registry.contentType);
    res.end(await metrics.registry.metrics());
  });
}
