// The `github-status` job: sets a commit status on the consumer's commit through the GitHub REST
// API (POST /repos/{owner}/{repo}/statuses/{sha}) with octokit, whose retry and throttling plugins
// handle short waits inside one attempt:
//  * 5xx and network errors: octokit retries twice, then the job is retried on the webhook schedule;
//  * 403/429 rate limits: octokit waits per `retry-after` / `x-ratelimit-reset` once when the wait
//    is short; a longer wait ends the attempt and the job is rescheduled for when the limit resets;
//  * 404 (unknown repository, or a token without access), 401 and 422 (a SHA GitHub does not know)
//    cannot be fixed by retrying: the job ends failed with an explanation.
// Every HTTP call octokit makes (retries included) is logged in webhook_executions (kind 'github-status'),
// with the token redacted.
import { Octokit } from 'octokit';
import { commitStatusFor, pactPageUrl } from '../domain/github/commit-status.ts';
import { isFullCommitSha, linkedRepository, type GitHubRepository } from '../domain/github/repository.ts';
import { redactHeaders, redactUrl } from '../domain/webhooks/execution.ts';
import { retryDelayMs } from '../domain/webhooks/retry.ts';
import { findGitHubStatusTarget, type GitHubStatusTarget } from '../store/github-status-targets.ts';
import type { GitHubStatusJobPayload } from '../store/publication-events.ts';
import { ExecutionKind, recordExecution, type NewExecution } from '../store/webhook-executions.ts';
import type { ClaimedJob, JobContext, JobHandler, JobOutcome } from './queue.ts';
import { linkBaseUrl } from './webhook-delivery.ts';

/** Waits up to this long inside one attempt when GitHub says "rate limited, retry after N s". */
const MAX_INLINE_RATE_LIMIT_WAIT_S = 60;
const MAX_LOGGED_BODY = 4096;

export interface GitHubStatusOptions {
  /** octokit's retry base delay (ms): retries wait 1×, 4× this. Tests make it small. */
  retryBaseMs?: number;
  /** Retries octokit makes on 5xx/network errors inside one attempt. */
  retries?: number;
}

interface LoggedCall {
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
    const request = { method: init?.method ?? 'GET', url: redactUrl(url), headers: redactHeaders(headers), body: typeof init?.body === 'string' ? init.body : null };
    const startedAt = new Date();
    try {
      const res = await fetch(input, init);
      const responseHeaders: Record<string, string> = {};
      res.headers.forEach((value, name) => (responseHeaders[name] = value));
      const body = (await res.clone().text()).slice(0, MAX_LOGGED_BODY);
      calls.push({ startedAt, durationMs: Date.now() - startedAt.getTime(), request, status: res.status, headers: responseHeaders, body });
      return res;
    } catch (err) {
      calls.push({ startedAt, durationMs: Date.now() - startedAt.getTime(), request, error: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  };
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
  if (String(remaining) === '0' && reset !== undefined && Number.isFinite(Number(reset))) return Math.max(0, Number(reset) * 1000 - now) + 1000;
  return undefined;
}

/** What the job does after a failed call. */
export function outcomeForGitHubError(err: unknown, repo: GitHubRepository, attempt: number, schedule: readonly number[]): JobOutcome {
  const e = err as GitHubErrorLike;
  const status = e.status;
  const name = `${repo.owner}/${repo.repo}`;
  const headers = e.response?.headers ?? {};
  if (status === 404) {
    return { status: 'failed', error: `GitHub answered 404 for ${name}: the repository does not exist or TREATY_GITHUB_TOKEN cannot access it (it needs the "Commit statuses: write" permission or the repo:status scope).` };
  }
  if (status === 401) return { status: 'failed', error: 'GitHub answered 401: TREATY_GITHUB_TOKEN is invalid or expired.' };
  if (status === 422) return { status: 'failed', error: `GitHub answered 422 for ${name}: ${e.message ?? 'the commit SHA is not in this repository'}` };
  const wait = status === 403 || status === 429 ? rateLimitWaitMs(headers) : undefined;
  if (wait !== undefined) return { status: 'retry', error: `GitHub rate limit reached for the token (HTTP ${status}); waiting ${Math.round(wait / 1000)} s as GitHub asks`, retryAfterMs: wait };
  if (status === 403) return { status: 'failed', error: `GitHub answered 403 for ${name}: ${e.message ?? 'forbidden'}. Check the token's permissions.` };
  const what = status === undefined ? `no answer from GitHub (${e.message ?? String(err)})` : `GitHub answered ${status}`;
  return { status: 'retry', error: what, retryAfterMs: retryDelayMs(schedule, attempt) };
}

export function parseGitHubStatusPayload(payload: unknown): GitHubStatusJobPayload | undefined {
  const p = payload as { trigger?: unknown } | null;
  return p && typeof p === 'object' && ['pact-published', 'verification', 'can-i-deploy'].includes(String(p.trigger)) ? (payload as GitHubStatusJobPayload) : undefined;
}

function targetUrl(uiBaseUrl: string, t: GitHubStatusTarget): string {
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
    const found = await findGitHubStatusTarget(db.prisma, payload);
    if (!found) {
      log.info('the version or verification of this status was deleted; commit status not sent');
      return { status: 'done' };
    }
    if (found.superseded) {
      log.info('this pact already has a verification result, whose status replaces "pending"; pending status not sent');
      return { status: 'done' };
    }
    const repo = linkedRepository(found.repository, config.github.apiUrl);
    if (!repo) {
      log.info({ pacticipant: found.pacticipantName }, 'pacticipant has no GitHub repository (set repositoryUrl, or repositoryNamespace and repositoryName); commit status not sent');
      return { status: 'done' };
    }
    if (!isFullCommitSha(found.versionNumber)) {
      log.info({ pacticipant: found.pacticipantName, version: found.versionNumber }, 'version number is not a full git commit SHA; commit status not sent');
      return { status: 'done' };
    }
    const uiBase = config.github.uiBaseUrl ?? `${linkBaseUrl(config.baseUrl, payload.baseUrl, config.port)}/ui`;
    const status = commitStatusFor(found.event, targetUrl(uiBase, found));
    const calls: LoggedCall[] = [];
    const octokit = new Octokit({
      auth: token,
      baseUrl: config.github.apiUrl,
      userAgent: 'Treaty',
      request: { fetch: recordingFetch(calls), signal: ctx.signal },
      retry: { retries: options.retries ?? 2, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
      throttle: {
        // Wait (once) when the wait is short; otherwise give the slot back and reschedule the job.
        onRateLimit: (retryAfter: number, _opts: unknown, _o: unknown, retryCount: number) => retryCount < 1 && retryAfter <= MAX_INLINE_RATE_LIMIT_WAIT_S,
        onSecondaryRateLimit: (retryAfter: number, _opts: unknown, _o: unknown, retryCount: number) => retryCount < 1 && retryAfter <= MAX_INLINE_RATE_LIMIT_WAIT_S,
      },
    });
    let outcome: JobOutcome;
    try {
      await octokit.rest.repos.createCommitStatus({ owner: repo.owner, repo: repo.repo, sha: found.versionNumber, ...status });
      outcome = { status: 'done' };
      log.info({ repo: `${repo.owner}/${repo.repo}`, sha: found.versionNumber, state: status.state, context: status.context }, 'GitHub commit status set');
    } catch (err) {
      outcome = outcomeForGitHubError(err, repo, job.attempt, config.webhooks.retryScheduleMs);
      log.warn({ error: outcome.status === 'done' ? undefined : outcome.error }, 'GitHub commit status not set');
    }
    await logCalls(ctx, job, payload, found, calls, outcome);
    return outcome;
  };
}

async function logCalls(ctx: JobContext, job: ClaimedJob, payload: GitHubStatusJobPayload, t: GitHubStatusTarget, calls: LoggedCall[], outcome: JobOutcome): Promise<void> {
  // All calls of one job share a triggered uuid, derived from the job so retries of the job share it too.
  const triggeredUuid = `github-status-${job.id}`;
  const eventName = payload.trigger === 'can-i-deploy' ? 'can_i_deploy' : payload.trigger === 'verification' ? 'provider_verification_published' : 'contract_published';
  for (const [i, call] of calls.entries()) {
    const last = i === calls.length - 1;
    const row: NewExecution = {
      triggeredUuid, kind: ExecutionKind.githubStatus, webhookUuid: null, jobId: job.id, eventName,
      consumerId: t.providerId === null ? null : t.pacticipantId, providerId: t.providerId, consumerVersionNumber: t.versionNumber,
      providerVersionNumber: t.providerVersionNumber, pactVersionSha: t.pactVersionSha, attempt: job.attempt,
      success: call.status !== undefined && call.status >= 200 && call.status < 300,
      request: call.request, responseStatus: call.status ?? null, responseHeaders: call.headers ?? null, responseBody: call.body ?? null,
      error: call.error ?? (last && outcome.status !== 'done' ? outcome.error : null), durationMs: call.durationMs, createdAt: call.startedAt,
    };
    await recordExecution(ctx.db.prisma, row);
  }
  if (calls.length === 0 && outcome.status !== 'done') {
    await recordExecution(ctx.db.prisma, {
      triggeredUuid, kind: ExecutionKind.githubStatus, webhookUuid: null, jobId: job.id, eventName, attempt: job.attempt, success: false,
      request: { method: 'POST', url: `${ctx.config.github.apiUrl}/repos/…/statuses/${t.versionNumber}`, headers: {}, body: null }, error: outcome.error, durationMs: 0,
    });
  }
}

export const sendGitHubStatus = createGitHubStatusHandler();
