// The `github-check-run` job (TREATY_GITHUB_CHECK_RUNS=true): a completed check run on the consumer's commit
// for one verification (POST /repos/{owner}/{repo}/check-runs), named like the commit status
// (treaty/<provider>), linking to the same UI page, with a Markdown list of the failed interactions; or for
// one of Treaty's schema checks (a consumer schema against a provider's, named treaty/<provider>/<subject>,
// with its findings; neutral when Treaty could not decide).
// The github-status job enqueues it once the status is set, one per verification or schema check
// (dedupe key). GitHub lets only GitHub Apps create check runs: a personal access token gets
// 403 "Resource not accessible by integration", which ends the job failed with an error log saying so.
// Retries and rate limits are handled as github-client.ts describes; the calls are logged in
// webhook_executions beside the statuses' (kind 'github-check-run', triggered uuid github-check-run-<job>).
// Like a status, a check run is created only while its verification is the newest for its commit and name
// (store/webhooks/github-send-order.ts): GitHub shows the latest run of a name, so an older one must not follow.
import type { Octokit } from 'octokit';
import { checkRunOutputFor, schemaCheckConclusion, schemaCheckRunOutputFor, type CheckRunOutput } from '../domain/github/check-run.ts';
import { commitStatusFor, pactPageUrl, schemaPageUrl } from '../domain/github/commit-status.ts';
import type { GitHubRepository } from '../domain/github/repository.ts';
import type { Logger } from '../logger.ts';
import {
  findContractCheckFindings,
  findGitHubStatusTarget,
  findVerificationDetails,
  type GitHubStatusTarget,
} from '../store/webhooks/github-status-targets.ts';
import {
  GITHUB_CALL_TIMEOUT_MS,
  gitHubClient,
  linkedCommit,
  logGitHubCalls,
  outcomeForGitHubError,
  type CallLog,
  type GitHubCallKind,
  type GitHubClientOptions,
  type LoggedCall,
} from './github-client.ts';
import type { ClaimedJob, JobContext, JobHandler, JobOutcome } from './job-runner.ts';
import type { NewJob } from '../store/job-queue.ts';
import { sendIfNewest } from '../store/webhooks/github-send-order.ts';
import { ExecutionKind } from '../store/webhooks/webhook-executions.ts';
import { linkBaseUrl } from './webhook-delivery.ts';

export const GITHUB_CHECK_RUN_JOB = 'github-check-run';

/** What the run is about: a verification, or Treaty's check of a consumer schema against a provider's. */
export type CheckRunSubject = { verificationId: number } | { contractCheckId: number };

export type GitHubCheckRunJobPayload = CheckRunSubject & {
  /** The base URL of the request that published the verification, for the UI link when no base URL is configured. */
  baseUrl: string | null;
};

export function checkRunJob(subject: CheckRunSubject, baseUrl: string | null, maxAttempts: number): NewJob {
  const key = 'verificationId' in subject ? `v${subject.verificationId}` : `cc${subject.contractCheckId}`;
  return { kind: GITHUB_CHECK_RUN_JOB, payload: { ...subject, baseUrl }, dedupeKey: `${GITHUB_CHECK_RUN_JOB}:${key}`, maxAttempts };
}

function parsePayload(payload: unknown): GitHubCheckRunJobPayload | undefined {
  const p = payload as { verificationId?: unknown; contractCheckId?: unknown; baseUrl?: string | null } | null;
  if (!p || typeof p !== 'object') return undefined;
  if (typeof p.verificationId === 'number') return { verificationId: p.verificationId, baseUrl: p.baseUrl ?? null };
  if (typeof p.contractCheckId === 'number') return { contractCheckId: p.contractCheckId, baseUrl: p.baseUrl ?? null };
  return undefined;
}

const CHECK_RUN_CALL: GitHubCallKind = {
  permission: 'the "Checks: write" permission of a GitHub App installed on the repository',
  forbidden: (message) =>
    `${message}. GitHub lets only GitHub Apps create check runs: set TREATY_GITHUB_TOKEN to an installation token of a GitHub App ` +
    'with the "Checks: write" permission (a personal access token always gets this 403), or unset TREATY_GITHUB_CHECK_RUNS.',
};

/** The id GitHub keeps with the run, so a retried job can tell that its run was already created. */
const externalId = (p: CheckRunSubject) =>
  'verificationId' in p ? `treaty-verification-${p.verificationId}` : `treaty-schema-check-${p.contractCheckId}`;

/**
 * On a retry the previous attempt may have created the run before failing (an answer lost on the way back):
 * look for it first. The first attempt skips the lookup, as nothing can exist yet.
 */
async function alreadyCreated(octokit: Octokit, repo: GitHubRepository, sha: string, name: string, id: string): Promise<boolean> {
  const { data } = await octokit.rest.checks.listForRef({
    owner: repo.owner,
    repo: repo.repo,
    ref: sha,
    check_name: name,
    filter: 'all',
    per_page: 100,
  });
  return data.check_runs.some((run) => run.external_id === id);
}

/** Everything the POST needs, read from the database; undefined (after a log line) when there is nothing to send. */
interface PreparedCheckRun {
  target: GitHubStatusTarget;
  repo: GitHubRepository;
  sha: string;
  name: string;
  conclusion: 'success' | 'failure' | 'neutral';
  detailsUrl: string;
  output: CheckRunOutput;
}

function prepare(ctx: JobContext, payload: GitHubCheckRunJobPayload, log: Logger): Promise<PreparedCheckRun | undefined> {
  return 'verificationId' in payload ? prepareVerification(ctx, payload, log) : prepareSchemaCheck(ctx, payload, log);
}

async function prepareSchemaCheck(
  ctx: JobContext,
  payload: { contractCheckId: number; baseUrl: string | null },
  log: Logger,
): Promise<PreparedCheckRun | undefined> {
  const { config, db } = ctx;
  const [found, findings] = await Promise.all([
    findGitHubStatusTarget(db, { trigger: 'schema-check', baseUrl: payload.baseUrl, contractCheckId: payload.contractCheckId }),
    findContractCheckFindings(db, payload.contractCheckId),
  ]);
  if (!found || !findings || found.event.kind !== 'schema-check') {
    log.info('the schema check was deleted; check run not created');
    return undefined;
  }
  const commit = linkedCommit(found, config.github.apiUrl);
  if ('skip' in commit) {
    log.info({ pacticipant: found.pacticipantName, version: found.versionNumber }, `${commit.skip}; check run not created`);
    return undefined;
  }
  const uiBase = config.github.uiBaseUrl ?? `${linkBaseUrl(config.baseUrl, payload.baseUrl, config.port)}/ui`;
  const detailsUrl = schemaPageUrl(uiBase, found.event.subject);
  return {
    target: found,
    repo: commit.repo,
    sha: found.versionNumber,
    name: commitStatusFor(found.event, detailsUrl).context,
    conclusion: schemaCheckConclusion(found.event),
    detailsUrl,
    output: schemaCheckRunOutputFor(found.event, findings, {
      consumerName: found.pacticipantName,
      consumerVersionNumber: found.versionNumber,
      detailsUrl,
    }),
  };
}

async function prepareVerification(
  ctx: JobContext,
  payload: { verificationId: number; baseUrl: string | null },
  log: Logger,
): Promise<PreparedCheckRun | undefined> {
  const { config, db } = ctx;
  const [found, details] = await Promise.all([
    findGitHubStatusTarget(db, { trigger: 'verification', baseUrl: payload.baseUrl, verificationId: payload.verificationId }),
    findVerificationDetails(db, payload.verificationId),
  ]);
  if (!found || !details || found.event.kind !== 'verification') {
    log.info('the verification was deleted; check run not created');
    return undefined;
  }
  const commit = linkedCommit(found, config.github.apiUrl);
  if ('skip' in commit) {
    log.info({ pacticipant: found.pacticipantName, version: found.versionNumber }, `${commit.skip}; check run not created`);
    return undefined;
  }
  const sha = found.versionNumber;
  const uiBase = config.github.uiBaseUrl ?? `${linkBaseUrl(config.baseUrl, payload.baseUrl, config.port)}/ui`;
  const detailsUrl = pactPageUrl(uiBase, found.event.providerName, found.pacticipantName, sha);
  const output = checkRunOutputFor(found.event, details.testResults, {
    consumerName: found.pacticipantName,
    consumerVersionNumber: sha,
    detailsUrl,
    buildUrl: details.buildUrl,
  });
  return {
    target: found,
    repo: commit.repo,
    sha,
    name: commitStatusFor(found.event, detailsUrl).context,
    conclusion: found.event.success ? 'success' : 'failure',
    detailsUrl,
    output,
  };
}

async function send(octokit: Octokit, run: PreparedCheckRun, id: string, attempt: number, log: Logger): Promise<void> {
  const { repo, sha, name } = run;
  const where = { repo: `${repo.owner}/${repo.repo}`, sha, name };
  if (attempt > 1 && (await alreadyCreated(octokit, repo, sha, name, id))) {
    log.info(where, 'GitHub check run already created by an earlier attempt');
    return;
  }
  const { conclusion } = run;
  // No octokit retry of this POST (gitHubClient makes none): GitHub may have created the run before failing,
  // and only the job's own retry looks for it first.
  await octokit.rest.checks.create({
    owner: repo.owner,
    repo: repo.repo,
    name,
    head_sha: sha,
    status: 'completed',
    conclusion,
    details_url: run.detailsUrl,
    external_id: id,
    output: run.output,
  });
  log.info({ ...where, conclusion }, 'GitHub check run created');
}

export function createGitHubCheckRunHandler(options: GitHubClientOptions = {}): JobHandler {
  return async (job: ClaimedJob, ctx: JobContext): Promise<JobOutcome> => {
    const { config } = ctx;
    const log = ctx.logger.child({ jobId: job.id, kind: job.kind, attempt: job.attempt });
    const payload = parsePayload(job.payload);
    if (!payload) return { status: 'failed', error: `job ${job.id}: not a github-check-run payload` };
    const token = config.github.token;
    if (!token || !config.github.checkRuns) {
      log.info('TREATY_GITHUB_TOKEN or TREATY_GITHUB_CHECK_RUNS is no longer set; check run not created');
      return { status: 'done' };
    }
    const run = await prepare(ctx, payload, log);
    if (!run) return { status: 'done' };
    const calls: LoggedCall[] = [];
    const where = { repo: `${run.repo.owner}/${run.repo.repo}`, sha: run.sha, name: run.name };
    const turn = await sendIfNewest(
      ctx.db,
      { repository: `${run.repo.owner}/${run.repo.repo}`, sha: run.sha, context: `check-run:${run.name}` },
      job.id,
      run.conclusion,
      async () =>
        send(await gitHubClient(token, config.github.apiUrl, ctx.signal, calls, options), run, externalId(payload), job.attempt, log),
      { leaseMs: GITHUB_CALL_TIMEOUT_MS + 5_000, signal: ctx.signal },
    );
    if (!turn.sent) {
      log.info(
        { ...where, newerJobId: turn.newerJobId, newerState: turn.newerState },
        'a newer verification already has its check run on this commit; this one is stale and not created',
      );
      return { status: 'done' };
    }
    let outcome: JobOutcome = { status: 'done' };
    if ('error' in turn) {
      outcome = outcomeForGitHubError(turn.error, run.repo, job.attempt, config.webhooks.retryScheduleMs, CHECK_RUN_CALL);
      if (outcome.status === 'failed') log.error({ ...where, error: outcome.error }, 'GitHub check run not created');
      else if (outcome.status === 'retry') log.warn({ ...where, error: outcome.error }, 'GitHub check run not created; will retry');
    }
    const callLog: CallLog = {
      kind: ExecutionKind.githubCheckRun,
      state: run.conclusion,
      context: run.name,
      triggeredUuid: `${GITHUB_CHECK_RUN_JOB}-${job.id}`,
      eventName: 'verificationId' in payload ? 'provider_verification_published' : 'schema_checked',
      target: run.target,
      fallbackUrl: `${config.github.apiUrl}/repos/…/check-runs`,
    };
    await logGitHubCalls(ctx, job, callLog, calls, outcome);
    return outcome;
  };
}

export const createGitHubCheckRun = createGitHubCheckRunHandler();
