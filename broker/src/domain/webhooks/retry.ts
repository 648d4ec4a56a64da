// After one delivery attempt: done, try again later, or give up. The Pact Broker retries every
// failed webhook on a fixed schedule (10 s, 1 min, 2 min, 5 min, 10 min, 20 min). Treaty keeps that
// schedule but retries only what can succeed later: no answer (network error, timeout), 5xx, 408 and
// 429. Any other 4xx means the request itself is wrong (bad URL, credentials, payload) and is
// reported as failed at once, so the log shows it without six identical retries.
import { isSuccessStatus, type WebhookHttpOutcome } from './execution.ts';

export type AttemptDecision =
  { status: 'done' } | { status: 'retry'; error: string; retryAfterMs: number } | { status: 'failed'; error: string };

/** The wait before the retry that follows attempt `attempt` (1-based); the schedule's last entry repeats. */
export function retryDelayMs(schedule: readonly number[], attempt: number): number {
  if (schedule.length === 0) return 0;
  return schedule[Math.min(Math.max(attempt, 1), schedule.length) - 1] ?? 0;
}

export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

export function decideAfterAttempt(outcome: WebhookHttpOutcome, attempt: number, schedule: readonly number[]): AttemptDecision {
  if (outcome.kind === 'error') return { status: 'retry', error: outcome.message, retryAfterMs: retryDelayMs(schedule, attempt) };
  if (isSuccessStatus(outcome.status)) return { status: 'done' };
  const error = `the target answered HTTP ${outcome.status}${outcome.statusText ? ` ${outcome.statusText}` : ''}`;
  if (isRetryableStatus(outcome.status)) return { status: 'retry', error, retryAfterMs: retryDelayMs(schedule, attempt) };
  return { status: 'failed', error: `${error}; a 4xx is not retried, fix the webhook's request` };
}
