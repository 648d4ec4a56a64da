// can-i-deploy evaluated for an environment sets a commit status on the asking version's commit
// (context treaty/can-i-deploy/<environment>), through the same `github-status` job as pact
// statuses. Read requests enqueue at most one job per version, environment and answer per minute,
// so a CI pipeline polling can-i-deploy does not flood GitHub.
import type { Config } from '../config.ts';
import { summaryReason } from '../domain/matrix/deployment-decision.ts';
import type { MatrixOutcome } from '../domain/matrix/query-matrix.ts';
import type { Db } from '../store/db.ts';
import type { GitHubStatusJobPayload } from '../store/publication-events.ts';
import { enqueueJobs } from '../store/job-queue.ts';

export async function enqueueCanIDeployStatus(
  db: Db,
  config: Pick<Config, 'github' | 'webhooks'>,
  outcome: MatrixOutcome,
  environment: string | undefined,
  baseUrl: string | undefined,
): Promise<void> {
  if (!config.github.token || environment === undefined) return;
  const specified = outcome.selectors.filter((s) => s.type === 'specified' && !s.ignored);
  const only = specified.length === 1 ? specified[0] : undefined;
  if (!only || only.version.kind !== 'one') return;
  const deployable = outcome.decision.deployable === true;
  const payload: GitHubStatusJobPayload = {
    trigger: 'can-i-deploy',
    baseUrl: baseUrl ?? null,
    versionId: only.version.id,
    environment,
    deployable,
    reason: summaryReason(outcome.decision),
  };
  const minute = Math.floor(Date.now() / 60_000);
  await enqueueJobs(db, [
    {
      kind: 'github-status',
      payload,
      dedupeKey: `github-status:can-i-deploy:${only.version.id}:${environment}:${deployable}:${minute}`,
      maxAttempts: config.webhooks.maxAttempts,
    },
  ]);
}
