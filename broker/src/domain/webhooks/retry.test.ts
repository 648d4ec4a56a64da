import { describe, expect, test } from 'vitest';
import type { WebhookHttpOutcome } from './execution.ts';
import { decideAfterAttempt, retryDelayMs } from './retry.ts';

const PACT_BROKER_SCHEDULE = [10, 60, 120, 300, 600, 1200].map((s) => s * 1000);
const at = new Date(0);
const response = (status: number): WebhookHttpOutcome => ({
  kind: 'response',
  status,
  statusText: '',
  headers: {},
  body: '',
  truncated: false,
  startedAt: at,
  finishedAt: at,
});

describe('webhook retries (Pact Broker webhook_retry_schedule)', () => {
  test.each([
    [1, 10_000],
    [2, 60_000],
    [6, 1_200_000],
    [9, 1_200_000],
  ])('waits the Pact Broker schedule after attempt %i: %i ms', (attempt, ms) => {
    expect(retryDelayMs(PACT_BROKER_SCHEDULE, attempt)).toBe(ms);
  });

  test.each([
    [200, 'done'],
    [204, 'done'],
    [500, 'retry'],
    [503, 'retry'],
    [429, 'retry'],
    [408, 'retry'],
    [404, 'failed'],
    [401, 'failed'],
    [302, 'failed'],
  ])('HTTP %i -> %s', (status, decision) => {
    expect(decideAfterAttempt(response(status), 1, PACT_BROKER_SCHEDULE).status).toBe(decision);
  });

  test('a network error or timeout is retried with the scheduled delay', () => {
    const decision = decideAfterAttempt(
      { kind: 'error', message: 'connect ECONNREFUSED', startedAt: at, finishedAt: at },
      2,
      PACT_BROKER_SCHEDULE,
    );
    expect(decision).toEqual({ status: 'retry', error: 'connect ECONNREFUSED', retryAfterMs: 60_000 });
  });
});
