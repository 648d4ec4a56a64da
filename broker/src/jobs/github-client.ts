// What the GitHub jobs (github-status, github-check-run) share: an octokit that makes exactly one HTTP call
// per request (no retries or rate-limit waits inside it: every retry goes through the durable job queue,
// where the send-order check of store/webhooks/github-send-order.ts runs again before each call), a fetch
// that records every call for webhook_executions (token redacted), and the mapping of GitHub's errors to
// job outcomes:
//  * 5xx and network errors: the job is retried on the webhook schedule (TREATY_WEBHOOK_RETRY_SCHEDULE);
//  * 403/429 rate limits: the job is rescheduled for when GitHub says the limit resets (`retry-after`,
//    `x-ratelimit-reset`);
//  * 404 (unknown repository, or a token without access), 401, 422 (a SHA GitHub does not know) and
//    other 403s cannot be fixed by retrying: the job ends failed with an explanation.
import type { Octokit } from 'octokit';
import { isFullCommitSha, linkedRepository, type GitHubRepository, type RepositoryFields } from '../domain/github/repository.ts';
import { redactHeaders, redactUrl } from '../domain/webhooks/execution.ts';
import { retryDelayMs } from '../domain/webhooks/retry.ts';
import type { ExecutionKind } from '../store/webhooks/webhook-executions.ts';
import { recordExecution, type NewExecution } from '../store/webhooks/webhook-executions.ts';
import type { ClaimedJob, JobContext, JobOutcome } from './job-runner.ts';

const MAX_LOGGED_BODY = 4096;

/** The calls of one client (one attempt) give up after this long together, so a claim on a send-order line is bounded too. */
export const GITHUB_CALL_TIMEOUT_MS = 20_000;

export interface GitHubClientOptions {
  /**
   * false turns octokit's throttling off: its process-wide 1 s spacing of writes (GitHub's advice against
   * secondary rate limits). Only for tests that do not test rate limits.
   */
  throttle?: boolean;
}

export interface LoggedCall {
  startedAt: Date;
  durationMs: number;
  request: { method: string; url: string; headers: Record<string, string>; body: string | null };
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  error?: string;
}

/** A fetch that records every request octokit sends and what came back. */
function recordingFetch(calls: LoggedCall[]): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const headers: Record<string, string> = {};
    new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).forEach((value, name) => (headers[name] = value));
    const request = {
      method: init?.method ?? 'GET',
      url: redactUrl(url),
      headers: redactHeaders(headers),
      body: typeof init?.body === 'string' ? init.body : null,
    };
    const startedAt = new Date();
    try {
      const res = await fetch(input, init);
      const responseHeaders: Record<string, string> = {};
      res.headers.forEach((value, name) => (responseHeaders[name] = value));
      const body = (await res.clone().text()).slice(0, MAX_LOGGED_BODY);
      calls.push({ startedAt, durationMs: Date.now() - startedAt.getTime(), request, status: res.status, headers: responseHeaders, body });
      return res;
    } catch (err) {
      calls.push({
        startedAt,
        durationMs: Date.now() - startedAt.getTime(),
        request,
        error: err instanceof Error ? err.message : String(err),
      });
      throw err;
    }
  };
}

/**
 * octokit, loaded on the first GitHub job: most brokers never send one, and loading it costs ~7 MB of resident
 * memory and start-up time in every process (issue #14: peak RSS).
 */
let octokitClass: Promise<typeof Octokit> | undefined;

/** An octokit for one job attempt; its calls land in `calls`. */
export async function gitHubClient(
  token: string,
  apiUrl: string,
  signal: AbortSignal,
  calls: LoggedCall[],
  options: GitHubClientOptions,
): Promise<Octokit> {
  octokitClass ??= import('octokit').then((m) => m.Octokit);
  const OctokitClass = await octokitClass;
  return new OctokitClass({
    auth: token,
    baseUrl: apiUrl,
    userAgent: 'Treaty',
    request: { fetch: recordingFetch(calls), signal: AbortSignal.any([signal, AbortSignal.timeout(GITHUB_CALL_TIMEOUT_MS)]) },
    // One call per request: a retry inside the client would send a state that may have become stale meanwhile.
    retry: { enabled: false },
    throttle: {
      enabled: options.throttle ?? true,
      // Never wait and resend inside the attempt: the error reschedules the job for when the limit resets.
      onRateLimit: () => false,
      onSecondaryRateLimit: () => false,
    },
  });
}

interface GitHubErrorLike {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined> };
}

/** How long GitHub asks us to wait, from `retry-after` (seconds) or `x-ratelimit-reset` (epoch seconds). */
export function rateLimitWaitMs(headers: Record<string, string | number | undefined>, now = Date.now()): number | undefined {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) return Number(retryAfter) * 1000;
  const remaining = headers['x-ratelimit-remaining'];
  const reset = headers['x-ratelimit-reset'];
  if (String(remaining) === '0' && reset !== undefined && Number.isFinite(Number(reset)))
    return Math.max(0, Number(reset) * 1000 - now) + 1000;
  return undefined;
}

/** What a call needs from the token, for the 404 and 403 explanations. */
export interface GitHubCallKind {
  permission: string;
  /** Explains a 403 that is not a rate limit; default: check the token's permissions. */
  forbidden?: (message: string) => string;
}

export const COMMIT_STATUS_CALL: GitHubCallKind = { permission: 'the "Commit statuses: write" permission or the repo:status scope' };

/** What the job does after a failed call. */
export function outcomeForGitHubError(
  err: unknown,
  repo: GitHubRepository,
  attempt: number,
  schedule: readonly number[],
  call: GitHubCallKind = COMMIT_STATUS_CALL,
): JobOutcome {
  const e = err as GitHubErrorLike;
  const status = e.status;
  const name = `${repo.owner}/${repo.repo}`;
  const headers = e.response?.headers ?? {};
  if (status === 404) {
    return {
      status: 'failed',
      error: `GitHub answered 404 for ${name}: the repository does not exist or TREATY_GITHUB_TOKEN cannot access it (it needs ${call.permission}).`,
    };
  }
  if (status === 401) return { status: 'failed', error: 'GitHub answered 401: TREATY_GITHUB_TOKEN is invalid or expired.' };
  if (status === 422)
    return { status: 'failed', error: `GitHub answered 422 for ${name}: ${e.message ?? 'the commit SHA is not in this repository'}` };
  const wait = status === 403 || status === 429 ? rateLimitWaitMs(headers) : undefined;
  if (wait !== undefined)
    return {
      status: 'retry',
      error: `GitHub rate limit reached for the token (HTTP ${status}); waiting ${Math.round(wait / 1000)} s as GitHub asks`,
      retryAfterMs: wait,
    };
  if (status === 403) {
    const message = e.message ?? 'forbidden';
    return {
      status: 'failed',
      error: call.forbidden
        ? `GitHub answered 403 for ${name}: ${call.forbidden(message)}`
        : `GitHub answered 403 for ${name}: ${message}. Check the token's permissions.`,
    };
  }
  const what = status === undefined ? `no answer from GitHub (${e.message ?? String(err)})` : `GitHub answered ${status}`;
  return { status: 'retry', error: what, retryAfterMs: retryDelayMs(schedule, attempt) };
}

/** The pact and versions a GitHub call is about, for its rows in webhook_executions. */
export interface LoggedTarget {
  pacticipantId: number;
  providerId: number | null;
  versionNumber: string;
  providerVersionNumber: string | null;
  pactVersionSha: string | null;
}

export interface CallLog {
  kind: typeof ExecutionKind.githubCommitStatus | typeof ExecutionKind.githubCheckRun;
  /** The state sent (a status's state, a check run's conclusion) and its context (or check-run name). */
  state: string;
  context: string;
  /** Shared by all calls of one job (retries included). */
  triggeredUuid: string;
  eventName: string;
  target: LoggedTarget;
  /** Logged as the request when the job failed before any call. */
  fallbackUrl: string;
}

/** One webhook_executions row per call; one row for the error when the job failed before calling GitHub. */
export async function logGitHubCalls(
  ctx: JobContext,
  job: ClaimedJob,
  log: CallLog,
  calls: LoggedCall[],
  outcome: JobOutcome,
): Promise<void> {
  const t = log.target;
  const common = {
    triggeredUuid: log.triggeredUuid,
    kind: log.kind,
    webhookUuid: null,
    jobId: job.id,
    eventName: log.eventName,
    attempt: job.attempt,
  };
  for (const [i, call] of calls.entries()) {
    const last = i === calls.length - 1;
    const row: NewExecution = {
      ...common,
      consumerId: t.providerId === null ? null : t.pacticipantId,
      providerId: t.providerId,
      consumerVersionNumber: t.versionNumber,
      providerVersionNumber: t.providerVersionNumber,
      pactVersionSha: t.pactVersionSha,
      githubState: log.state,
      githubContext: log.context,
      success: call.status !== undefined && call.status >= 200 && call.status < 300,
      request: call.request,
      responseStatus: call.status ?? null,
      responseHeaders: call.headers ?? null,
      responseBody: call.body ?? null,
      error: call.error ?? (last && outcome.status !== 'done' ? outcome.error : null),
      durationMs: call.durationMs,
      createdAt: call.startedAt,
    };
    await recordExecution(ctx.db, row);
  }
  if (calls.length === 0 && outcome.status !== 'done') {
    await recordExecution(ctx.db, {
      ...common,
      consumerId: t.providerId === null ? null : t.pacticipantId,
      providerId: t.providerId,
      consumerVersionNumber: t.versionNumber,
      providerVersionNumber: t.providerVersionNumber,
      pactVersionSha: t.pactVersionSha,
      githubState: log.state,
      githubContext: log.context,
      success: false,
      request: { method: 'POST', url: log.fallbackUrl, headers: {}, body: null },
      error: outcome.error,
      durationMs: 0,
    });
  }
}

/** The repository and commit a status or check run goes on, or why there is none (a log line, not an error). */
export function linkedCommit(
  t: { repository: RepositoryFields; versionNumber: string },
  apiUrl: string,
): { repo: GitHubRepository } | { skip: string } {
  const repo = linkedRepository(t.repository, apiUrl);
  if (!repo) return { skip: 'pacticipant has no GitHub repository (set repositoryUrl, or repositoryNamespace and repositoryName)' };
  if (!isFullCommitSha(t.versionNumber)) return { skip: 'version number is not a full git commit SHA' };
  return { repo };
}
