// The `github-status` job: sets a commit status on the consumer's commit through the GitHub REST
// API (POST /repos/{owner}/{repo}/statuses/{sha}) with octokit; retries, rate limits and the errors
// that end the job are handled as github-client.ts describes. The status is sent only while it is the
// newest for its commit and context (store/webhooks/github-send-order.ts): each attempt checks at the
// moment of the call, with the line claimed while the call is in flight, so an older state never
// follows a newer one. Every HTTP call is logged in webhook_executions (kind 'github-commit-status'),
// with the token redacted.
// When TREATY_GITHUB_CHECK_RUNS is on, the status of a verification or of a schema check, once set,
// enqueues one `github-check-run` job for it (see github-check-run.ts).
import { commitStatusFor, pactPageUrl, schemaPageUrl } from '../domain/github/commit-status.ts';
import { findGitHubStatusTarget, type GitHubStatusTarget } from '../store/webhooks/github-status-targets.ts';
import type { GitHubStatusJobPayload } from '../store/pacts/publication-events.ts';
import { checkRunJob } from './github-check-run.ts';
import {
  GITHUB_CALL_TIMEOUT_MS,
  gitHubClient,
  linkedCommit,
  logGitHubCalls,
  outcomeForGitHubError,
  type CallLog,
  type GitHubClientOptions,
  type LoggedCall,
} from './github-client.ts';
import { enqueueJobs } from '../store/job-queue.ts';
import { ExecutionKind } from '../store/webhooks/webhook-executions.ts';
import { sendIfNewest } from '../store/webhooks/github-send-order.ts';
import type { ClaimedJob, JobContext, JobHandler, JobOutcome } from './job-runner.ts';
import { linkBaseUrl } from './webhook-delivery.ts';

export type GitHubStatusOptions = GitHubClientOptions;

export function parseGitHubStatusPayload(payload: unknown): GitHubStatusJobPayload | undefined {
  const p = payload as { trigger?: unknown } | null;
  return p && typeof p === 'object' && ['pact-published', 'verification', 'can-i-deploy', 'schema-check'].includes(String(p.trigger))
    ? (payload as GitHubStatusJobPayload)
    : undefined;
}

function targetUrl(uiBaseUrl: string, t: GitHubStatusTarget): string {
  if (t.event.kind === 'schema-check') return schemaPageUrl(uiBaseUrl, t.event.subject);
  if (t.providerName) return pactPageUrl(uiBaseUrl, t.providerName, t.pacticipantName, t.versionNumber);
  return `${uiBaseUrl}/pacticipants/${encodeURIComponent(t.pacticipantName)}`;
}

export function createGitHubStatusHandler(options: GitHubStatusOptions = {}): JobHandler {
  return async (job: ClaimedJob, ctx: JobContext): Promise<JobOutcome> => {
    const { config, db } = ctx;
    const log = ctx.logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempt });
    const payload = parseGitHubStatusPayload(job.payload);
    if (!payload) return { status: 'failed', error: `job ${job.id}: not a github-status payload` };
    const token = config.github.token;
    if (!token) {
      log.info('TREATY_GITHUB_TOKEN is no longer set; commit status not sent');
      return { status: 'done' };
    }
    const found = await findGitHubStatusTarget(db, payload);
    if (!found) {
      log.info('the version or verification of this status was deleted; commit status not sent');
      return { status: 'done' };
    }
    if (found.superseded) {
      log.info('this pact already has a verification result, whose status replaces "pending"; pending status not sent');
      return { status: 'done' };
    }
    const commit = linkedCommit(found, config.github.apiUrl);
    if ('skip' in commit) {
      log.info({ pacticipant: found.pacticipantName, version: found.versionNumber }, `${commit.skip}; commit status not sent`);
      return { status: 'done' };
    }
    const { repo } = commit;
    const uiBase = config.github.uiBaseUrl ?? `${linkBaseUrl(config.baseUrl, payload.baseUrl, config.port)}/ui`;
    const status = commitStatusFor(found.event, targetUrl(uiBase, found));
    const calls: LoggedCall[] = [];
    const where = { repo: `${repo.owner}/${repo.repo}`, sha: found.versionNumber, state: status.state, context: status.context };
    const turn = await sendIfNewest(
      db,
      { repository: `${repo.owner}/${repo.repo}`, sha: found.versionNumber, context: status.context },
      job.id,
      status.state,
      async () =>
        (await gitHubClient(token, config.github.apiUrl, ctx.signal, calls, options)).rest.repos.createCommitStatus({
          owner: repo.owner,
          repo: repo.repo,
          sha: found.versionNumber,
          ...status,
        }),
      { leaseMs: GITHUB_CALL_TIMEOUT_MS + 5_000, signal: ctx.signal },
    );
    if (!turn.sent) {
      log.info(
        { ...where, newerJobId: turn.newerJobId, newerState: turn.newerState },
        `a newer state ("${turn.newerState}") was already sent for this commit and context; this one is stale and not sent`,
      );
      return { status: 'done' };
    }
    let outcome: JobOutcome;
    if ('result' in turn) {
      outcome = { status: 'done' };
      log.info(where, 'GitHub commit status set');
    } else {
      outcome = outcomeForGitHubError(turn.error, repo, job.attempt, config.webhooks.retryScheduleMs);
      log.warn({ ...where, error: outcome.status === 'done' ? undefined : outcome.error }, 'GitHub commit status not set');
    }
    await logGitHubCalls(ctx, job, callLog(job, payload, found, config.github.apiUrl, status.state, status.context), calls, outcome);
    // The check run follows the status, so a status retry never meets a check run already created:
    // the job's dedupe key (one per verification) makes re-enqueueing after a crash a no-op.
    if (outcome.status === 'done' && config.github.checkRuns) {
      if (payload.trigger === 'verification')
        await enqueueJobs(db, [checkRunJob({ verificationId: payload.verificationId }, payload.baseUrl, config.webhooks.maxAttempts)]);
      if (payload.trigger === 'schema-check')
        await enqueueJobs(db, [checkRunJob({ contractCheckId: payload.contractCheckId }, payload.baseUrl, config.webhooks.maxAttempts)]);
    }
    return outcome;
  };
}

function callLog(
  job: ClaimedJob,
  payload: GitHubStatusJobPayload,
  t: GitHubStatusTarget,
  apiUrl: string,
  state: string,
  context: string,
): CallLog {
  return {
    kind: ExecutionKind.githubCommitStatus,
    state,
    context,
    // All calls of one job share a triggered uuid, derived from the job so retries of the job share it too.
    triggeredUuid: `github-status-${job.id}`,
    eventName:
      payload.trigger === 'can-i-deploy'
        ? 'can_i_deploy'
        : payload.trigger === 'verification'
          ? 'provider_verification_published'
          : payload.trigger === 'schema-check'
            ? 'schema_checked'
            : 'contract_published',
    target: t,
    fallbackUrl: `${apiUrl}/repos/…/statuses/${t.versionNumber}`,
  };
}

export const sendGitHubStatus = createGitHubStatusHandler();
