// The app factory: builds the Express app from its dependencies. Only main.ts listens on a port;
// tests call createApp() with a real database and drive it with supertest.
import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler, type Router } from 'express';
import { AdmissionGate } from './admission.ts';
import { ConfigError, providerStatesWithAuthMessage } from './config.ts';
import type { AppDeps } from './deps.ts';
import { MethodNotAllowedError, NotFoundError } from './errors.ts';
import { releaseAnswersAfterWrites } from './http/answer-release.ts';
import { auditTrail } from './http/audit-trail.ts';
import { authenticate, authorize } from './http/auth.ts';
import { baseUrlOf } from './http/hal.ts';
import { createMetrics } from './http/metrics.ts';
import { jsonBody, rejectMalformedUrl, requireJsonBodies, requireValidHost } from './http/input-boundary.ts';
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
  app.use(releaseAnswersAfterWrites(deps.db));
  // The input boundary (http/input-boundary.ts): a URL that does not decode, or a missing or malformed
  // Host, is a 400 before routing.
  app.use(rejectMalformedUrl());
  app.use(requireValidHost());
  // 401 before the body is read and before routing: no existence leak to unauthenticated callers.
  app.use(authenticate(authDeps));
  // Pact clients send application/json; the CLI PATCHes with application/merge-patch+json.
  app.use(requireJsonBodies());
  app.use(jsonBody({ maxBodyBytes: deps.config.maxBodyBytes, maxJsonDepth: deps.config.maxJsonDepth }));

  // 403 after the body is parsed: pacticipant-limited tokens may be checked against the body.
  app.use(authorize(authDeps));

  const router = express.Router();
  registerRoutes(router, { ...deps, admission }, { metrics });
  app.use(router);

  app.use(notFoundOrMethodNotAllowed(router));
  app.use(errorHandler(deps.logger));
  return app;
}

/**
 * After every route: 405 with an Allow header when the path names a resource that does not take this
 * method, 404 when no route has the path at all. Both are problem documents like every other 4xx.
 */
function notFoundOrMethodNotAllowed(router: Router): RequestHandler {
  return (req, _res, next) => {
    const allowed = allowedMethods(router, req.path);
    if (allowed.length > 0 && !allowed.includes(req.method)) {
      return next(new MethodNotAllowedError(`${req.method} is not allowed on ${req.path}; it allows ${allowed.join(', ')}.`, allowed));
    }
    next(new NotFoundError(`No resource at ${req.method} ${req.path}. Start from GET / to discover the API.`));
  };
}

/** The parts of a router layer read here (express.Router types omit match(), which the router package has). */
interface RouteLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
}

/** The methods the router's routes take on `path` (HEAD with GET, as Express answers it), sorted. */
function allowedMethods(router: Router, path: string): string[] {
  const methods = new Set<string>();
  for (const layer of router.stack as unknown as RouteLayer[]) {
    if (!layer.route || !layer.match(path)) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (!on || method === '_all') continue;
      methods.add(method.toUpperCase());
      if (method === 'get') methods.add('HEAD');
    }
  }
  return [...methods].sort();
}
