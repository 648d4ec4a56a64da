// The app factory: builds the Express app from its dependencies. Only main.ts listens on a port;
// tests call createApp() with a real database and drive it with supertest.
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { AdmissionGate } from './admission.ts';
import { ConfigError, providerStatesWithAuthMessage } from './config.ts';
import type { AppDeps } from './deps.ts';
import { NotFoundError } from './errors.ts';
import { auditTrail } from './http/audit-trail.ts';
import { authenticate, authorize } from './http/auth.ts';
import { baseUrlOf } from './http/hal.ts';
import { createMetrics } from './http/metrics.ts';
import { errorHandler } from './http/problem.ts';
import { requestLog } from './http/request-log.ts';
import { registerRoutes } from './http/routes/index.ts';

export type { AppDeps, RouteDeps } from './deps.ts';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's own extension point
  namespace Express {
    interface Locals {
      /** Absolute base URL for the hrefs of this response (see http/hal.ts#baseUrlOf). */
      baseUrl: string;
    }
  }
}

export function createApp(deps: AppDeps): Express {
  // loadConfig() refuses this too; checked again for configs assembled by hand (tests).
  if (deps.config.auth.enabled && deps.config.providerStatesEndpoint)
    throw new ConfigError(providerStatesWithAuthMessage(deps.config.auth.enabledBy));
  const { limits } = deps.config;
  const admission = new AdmissionGate({
    concurrency: limits.expensiveConcurrency,
    queue: limits.expensiveQueue,
    maxWaitMs: limits.expensiveWaitMs,
  });
  const metrics = createMetrics(deps.db, admission);
  const authDeps = { auth: deps.config.auth, db: deps.db, logger: deps.logger };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.set('query parser', 'extended');

  app.use((req, res, next) => {
    // A caller's own request id is kept when it looks like one; it ends up in logs and the audit log.
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    res.setHeader('x-request-id', requestId);
    res.locals.baseUrl = baseUrlOf(req, deps.config.baseUrl);
    next();
  });
  // Observers first, so they see every outcome (401s and errors included) once the response is sent:
  // metrics and the request log on 'finish', the audit trail of writes on 'close'.
  app.use(metrics.middleware);
  app.use(requestLog(deps.logger));
  app.use(auditTrail({ db: deps.db, logger: deps.logger }));
  // 401 before the body is read and before routing: no existence leak to unauthenticated callers.
  app.use(authenticate(authDeps));
  app.use(
    express.json({
      limit: deps.config.maxBodyBytes,
      // Pact clients send application/json; the CLI PATCHes with application/merge-patch+json.
      type: ['application/json', 'application/*+json'],
      strict: false,
    }),
  );

  // 403 after the body is parsed: pacticipant-limited tokens may be checked against the body.
  app.use(authorize(authDeps));

  const router = express.Router();
  registerRoutes(router, { ...deps, admission }, { metrics });
  app.use(router);

  app.use((req, _res, next) => next(new NotFoundError(`No resource at ${req.method} ${req.path}. Start from GET / to discover the API.`)));
  app.use(errorHandler(deps.logger));
  return app;
}
