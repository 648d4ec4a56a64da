// Builds the job worker of a broker process from its config: the handlers of every job kind and
// the scheduled jobs. main.ts starts it; tests run due jobs with runDueJobs.
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Db } from '../store/db.ts';
import { jobHandlers } from './handlers.ts';
import { RETENTION_CLEANUP_JOB } from './retention-cleanup.ts';
import { JobWorker, type JobHandler, type JobWorkerOptions, type Schedule } from './job-runner.ts';

export interface JobWorkerDeps {
  config: Config;
  db: Db;
  logger: Logger;
}

/** Scheduled jobs from the config (e.g. the retention cleanup). */
export function schedulesFrom(config: Config): Schedule[] {
  const schedules: Schedule[] = [];
  // The retention cleanup (TREATY_CLEANUP_ENABLED, off by default): its payload is empty, so the handler reads the policy from the config.
  if (config.cleanup.scheduled) schedules.push({ kind: RETENTION_CLEANUP_JOB, everyMs: config.cleanup.everyMs });
  return schedules;
}

export function createJobWorker(deps: JobWorkerDeps, overrides: Partial<JobWorkerOptions> = {}): JobWorker {
  return new JobWorker({
    ...deps,
    handlers: jobHandlers,
    pollIntervalMs: deps.config.jobs.pollIntervalMs,
    concurrency: deps.config.jobs.concurrency,
    schedules: schedulesFrom(deps.config),
    ...overrides,
  });
}

/** Runs every job due now in this process until none is left; returns how many ran. For tests and tools. */
export function runDueJobs(deps: JobWorkerDeps, handlers?: Readonly<Record<string, JobHandler>>): Promise<number> {
  return createJobWorker(deps, handlers ? { handlers } : {}).runDue();
}
