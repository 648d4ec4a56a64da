import { expect, test } from 'vitest';
import { formatAttemptsLog, triggeredWebhookStatus } from './triggered-webhook.ts';

test.each([
  ['queued', 0, null, 'not_run'],
  ['queued', 1, false, 'retrying'],
  ['running', 2, false, 'retrying'],
  ['done', 2, true, 'success'],
  ['done', 0, null, 'not_run'],
  ['failed', 3, false, 'failure'],
  [null, 1, true, 'success'],
  [null, 3, false, 'failure'],
] as const)(
  'a job %s after %i attempts, last success %s, is %s (Pact Broker triggered webhook statuses)',
  (job, attempts, last, status) => {
    expect(triggeredWebhookStatus(job, attempts, last)).toBe(status);
  },
);

test('the log shows each attempt with the redacted request, the response and the error', () => {
  const log = formatAttemptsLog('contract_published', [
    {
      attempt: 1,
      createdAt: new Date('2026-01-01T00:00:00Z'),
      durationMs: 12,
      success: false,
      error: 'connect ECONNREFUSED 127.0.0.1:9',
      request: { method: 'POST', url: 'http://ci/build', headers: { Authorization: '**********' }, body: '{"a":1}' },
      responseStatus: null,
      responseHeaders: null,
      responseBody: null,
    },
    {
      attempt: 2,
      createdAt: new Date('2026-01-01T00:00:10Z'),
      durationMs: 5,
      success: true,
      error: null,
      request: { method: 'POST', url: 'http://ci/build', headers: {}, body: null },
      responseStatus: 201,
      responseHeaders: { 'content-type': 'text/plain' },
      responseBody: 'queued',
    },
  ]);
  expect(log).toMatchInlineSnapshot(`
    "[2026-01-01T00:00:00.000Z] INFO: Attempt 1: executing webhook for event contract_published
    [2026-01-01T00:00:00.000Z] INFO: POST http://ci/build
    [2026-01-01T00:00:00.000Z] INFO: Authorization: **********
    [2026-01-01T00:00:00.000Z] INFO: {"a":1}
    [2026-01-01T00:00:00.000Z] ERROR: connect ECONNREFUSED 127.0.0.1:9
    [2026-01-01T00:00:00.000Z] ERROR: Webhook failed
    [2026-01-01T00:00:10.000Z] INFO: Attempt 2: executing webhook for event contract_published
    [2026-01-01T00:00:10.000Z] INFO: POST http://ci/build
    [2026-01-01T00:00:10.000Z] INFO: HTTP 201 (5 ms)
    [2026-01-01T00:00:10.000Z] INFO: content-type: text/plain
    [2026-01-01T00:00:10.000Z] INFO: queued
    [2026-01-01T00:00:10.000Z] INFO: Webhook succeeded
    "
  `);
});

test('the log of a GitHub call names its kind, the state sent, the context and the commit (issue #18)', () => {
  const attempt = {
    createdAt: new Date('2026-01-01T00:00:00Z'),
    durationMs: 7,
    error: null,
    request: {
      method: 'POST',
      url: 'https://api.github.com/repos/acme/web/statuses/abc',
      headers: { authorization: '**********' },
      body: null,
    },
    responseHeaders: {},
    responseBody: null,
    commit: 'abc',
    githubContext: 'treaty/payment-service',
  };
  const log = formatAttemptsLog('provider_verification_published', [
    { ...attempt, attempt: 1, kind: 'github-commit-status', githubState: 'success', success: false, responseStatus: 500 },
    { ...attempt, attempt: 1, kind: 'github-check-run', githubState: 'failure', success: true, responseStatus: 201 },
  ]);
  expect(log.split('\n').filter((l) => /Attempt|GitHub call/.test(l))).toEqual([
    '[2026-01-01T00:00:00.000Z] INFO: Attempt 1: GitHub commit status success for treaty/payment-service on commit abc (event provider_verification_published)',
    '[2026-01-01T00:00:00.000Z] ERROR: GitHub call failed',
    '[2026-01-01T00:00:00.000Z] INFO: Attempt 1: GitHub check run failure for treaty/payment-service on commit abc (event provider_verification_published)',
    '[2026-01-01T00:00:00.000Z] INFO: GitHub call succeeded',
  ]);
});
