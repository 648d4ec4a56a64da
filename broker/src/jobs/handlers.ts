// Which code runs each kind of job. One line per kind; the handlers live beside this file.
import { createGitHubCheckRun, GITHUB_CHECK_RUN_JOB } from './github-check-run.ts';
import { sendGitHubStatus } from './github-status.ts';
import type { JobHandler } from './job-runner.ts';
import { RETENTION_CLEANUP_JOB, runRetentionCleanupJob } from './retention-cleanup.ts';
import { runSchemaCheck } from './schema-check.ts';
import { deliverWebhook } from './webhook-delivery.ts';

export const jobHandlers: Record<string, JobHandler> = {
  webhook: deliverWebhook,
  'github-status': sendGitHubStatus,
  [GITHUB_CHECK_RUN_JOB]: createGitHubCheckRun,
  'schema-check': runSchemaCheck,
  [RETENTION_CLEANUP_JOB]: runRetentionCleanupJob,
};
