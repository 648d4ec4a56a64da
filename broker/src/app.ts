// The app factory: builds the Express app from its dependencies. Only main.ts listens on a port;
// tests call createApp() with a real database and drive it with supertest.
import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import type { TreatyDatabase } from '@treaty/prisma';
import type { Config } from './config.ts';
import { NotFoundError } from './errors.ts';
import { baseUrlOf } from './http/hal.ts';
import { errorHandler } from './http/problem.ts';
import { registerRoutes } from './http/routes/index.ts';
import type { Logger } from './logger.ts';

export interface AppDeps {
  config: Config;
  db: TreatyDatabase;
  logger: Logger;
}

/** What every route group receives. */
export type RouteDeps = AppDeps;

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
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.set('query parser', 'extended');

  app.use((req, res, next) => {
    const requestId = String(req.headers['x-request-id'] ?? randomUUID());
    res.setHeader('x-request-id', requestId);
    res.locals.baseUrl = baseUrlOf(req, deps.config.baseUrl);
    next();
  });
  app.use(
    express.json({
      limit: deps.config.maxBodyBytes,
      // Pact clients send application/json; the CLI PATCHes with application/merge-patch+json.
      type: ['application/json', 'application/*+json'],
      strict: false,
    }),
  );

  const router = express.Router();
  registerRoutes(router, deps);
  app.use(router);

  app.use((req, _res, next) => next(new NotFoundError(`No resource at ${req.method} ${req.path}. Start from GET / to discover the API.`)));
  app.use(errorHandler(deps.logger));
  return app;
}
