// The `retention-cleanup` job: runs the data retention cleanup (store/retention.ts) with the policy
// from the config (TREATY_CLEANUP_*), or the policy in the payload when one was enqueued by hand.
// Scheduled by worker.ts#schedulesFrom when TREATY_CLEANUP_ENABLED=true; any replica may run it, and
// the deletes re-check each version in their transaction, so two overlapping runs cannot over-delete.
import type { Config } from '../config.ts';
import type { RetentionPolicy } from '../domain/retention/retention-rule.ts';
import { runCleanup } from '../store/retention.ts';
import type { ClaimedJob, JobContext, JobOutcome } from './job-runner.ts';

export const RETENTION_CLEANUP_JOB = 'retention-cleanup';

export function policyFromConfig(config: Config): RetentionPolicy {
  return { keepDays: config.cleanup.keepDays, keepLatest: config.cleanup.keepLatest, keepBranches: config.cleanup.keepBranches };
}

function policyFrom(payload: unknown, fallback: RetentionPolicy): RetentionPolicy {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Partial<Record<keyof RetentionPolicy, unknown>>;
  const count = (v: unknown, d: number) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : d);
  return {
    keepDays: count(p.keepDays, fallback.keepDays),
    keepLatest: count(p.keepLatest, fallback.keepLatest),
    keepBranches: Array.isArray(p.keepBranches) ? p.keepBranches.filter((b): b is string => typeof b === 'string') : fallback.keepBranches,
  };
}

export async function runRetentionCleanupJob(job: ClaimedJob, ctx: JobContext): Promise<JobOutcome> {
  const policy = policyFrom(job.payload, policyFromConfig(ctx.config));
  const result = await runCleanup(ctx.db, { policy, dryRun: false, limit: ctx.config.cleanup.limit });
  ctx.logger.info(
    { event: 'retention-cleanup', policy, deleted: result.deleted, keptVersions: result.keptVersions },
    `retention cleanup deleted ${result.deleted.versions} versions`,
  );
  return { status: 'done' };
}
