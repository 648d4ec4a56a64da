// A real broker for tests: createApp() on a real database, driven in-process with supertest, or
// listening on a loopback port when a test needs the network (official Pact clients, the CLI).
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import supertest from 'supertest';
import { createApp } from '../../src/app.ts';
import { createHttpServer } from '../../src/http/http-server.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { runDueJobs as runDueJobsWith, type JobWorkerDeps } from '../../src/jobs/worker.ts';
import { jobHandlers } from '../../src/jobs/handlers.ts';
import type { JobHandler } from '../../src/jobs/job-runner.ts';
import type { Database } from '../../src/store/db.ts';
import { createLogger } from '../../src/logger.ts';
import { openIsolatedTestDatabase, openTestDatabase } from './test-database.ts';
import { sql } from '../../src/store/sql.ts';

export interface TestBroker {
  config: Config;
  db: Database;
  app: ReturnType<typeof createApp>;
  request: supertest.Agent;
  /** Runs every job due now (webhooks, checks ...) in-process; returns how many ran. */
  runDueJobs(handlers?: Readonly<Record<string, JobHandler>>): Promise<number>;
  /** Listens on 127.0.0.1 and returns the base URL (idempotent). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface TestBrokerOptions {
  /** Give the broker a database of its own (needed by tests that empty all data). */
  isolatedDatabase?: boolean;
  /** Serve the web UI from this build instead of web/dist (see web/test/e2e/build-ui.ts). */
  webUiDir?: string;
}

export async function startTestBroker(
  overrides: Partial<Config> = {},
  env: NodeJS.ProcessEnv = {},
  options: TestBrokerOptions = {},
): Promise<TestBroker> {
  const config: Config = { ...loadConfig({ LOG_LEVEL: 'silent', ...env }), ...overrides };
  const db = options.isolatedDatabase ? await openIsolatedTestDatabase() : await openTestDatabase();
  const logger = createLogger(config);
  const app = createApp({ config, db, logger, webUiDir: options.webUiDir });
  let server: Server | undefined;
  return {
    config,
    db,
    app,
    runDueJobs: (handlers) => runDueJobsSettled({ config, db, logger }, handlers),
    // Through the same server main.ts builds, so parser-level rejections (431) are answered as in production.
    request: supertest.agent(createHttpServer(app)),
    async listen() {
      server ??= await new Promise<Server>((resolve) => {
        const s = createHttpServer(app).listen(0, '127.0.0.1', () => resolve(s));
      });
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      if (server) {
        server.closeAllConnections();
        await new Promise((resolve) => server!.close(resolve));
      }
      await db.close();
    },
  };
}

/**
 * Runs the jobs due now, then waits while jobs of the same kinds are still running in another worker:
 * test files sharing one PostgreSQL database may claim each other's jobs, and a test must not read
 * results before a job it caused has finished somewhere. Only live claims count: a job whose lease lapsed
 * lost its worker (a test file that ended mid-job) and is claimed again by the next run instead.
 */
async function runDueJobsSettled(deps: JobWorkerDeps, handlers?: Readonly<Record<string, JobHandler>>): Promise<number> {
  const kinds = Object.keys(handlers ?? jobHandlers);
  let ran = await runDueJobsWith(deps, handlers);
  const deadline = Date.now() + 20_000;
  for (;;) {
    const row = await deps.db.maybeOne<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM jobs WHERE status = 'running' AND locked_until > now() AND kind = ANY(${kinds}::text[])`,
    );
    if (!row || row.n === 0 || Date.now() > deadline) return ran;
    await new Promise((resolve) => setTimeout(resolve, 50));
    ran += await runDueJobsWith(deps, handlers);
  }
}
