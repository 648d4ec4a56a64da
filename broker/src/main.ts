// Entry point of `npm start`: read config, open and migrate the database, listen, and close
// cleanly on SIGINT/SIGTERM so the embedded data folder is never left half-written.
import { createApp } from './app.ts';
import { createHttpServer } from './http/http-server.ts';
import { createJobWorker } from './jobs/worker.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { openDatabase } from './store/db.ts';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const logger = createLogger(config);
  const db = await openDatabase(config.database);
  const migration = await db.migrate();
  if (migration.applied.length > 0) logger.info({ applied: migration.applied }, 'applied database migrations');

  const app = createApp({ config, db, logger });
  const worker = config.jobs.enabled ? createJobWorker({ config, db, logger }) : undefined;
  const server = createHttpServer(app).listen(config.port, config.host ?? '0.0.0.0');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    {
      port,
      database: config.database.kind === 'postgres' ? 'postgres' : `embedded (${config.database.dataDir})`,
      startupMs: Math.round(performance.now() - startedAt),
    },
    `Treaty is listening on http://localhost:${port}`,
  );
  if (worker) worker.start();
  else
    logger.info(
      { jobs: 'off' },
      'TREATY_JOBS=off: this process runs no jobs (webhooks, GitHub statuses, schema checks); run at least one process with jobs on.',
    );
  if (config.auth.enabled) {
    logger.info(
      { auth: 'on', enabledBy: config.auth.enabledBy, publicRead: config.auth.allowPublicRead },
      `Authentication is ON (turned on by ${config.auth.enabledBy.join(', ')})${config.auth.allowPublicRead ? '; GET requests are public (allow public read)' : ''}.`,
    );
  } else {
    logger.warn(
      { auth: 'off' },
      'Authentication is OFF: anyone who can reach this port can read and change every contract. Fine for a local quick start; for a shared broker set TREATY_ADMIN_TOKEN (or TREATY_AUTH=on, or PACT_BROKER_BASIC_AUTH_USERNAME/PASSWORD).',
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      // Running jobs get a few seconds to finish; unfinished ones go back to the queue for the next start.
      (worker ? worker.stop(5_000) : Promise.resolve())
        .then(() => db.close())
        .then(() => process.exit(0))
        .catch((err: unknown) => {
          logger.error({ err }, 'error while closing the database');
          process.exit(1);
        });
    });
    // Idle keep-alive connections would otherwise hold the server open.
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error('Treaty failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
