import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../app.tsx';
import type { GitHubCallFields } from '../graphql/documents/github-calls.ts';
import type { WebhookFields } from '../graphql/documents/webhooks.ts';
import { at, fakeGraphql, type FakeGraphql } from '../test-support.ts';
import { executionOutcome } from './webhooks.tsx';

const webhook: WebhookFields = {
  uuid: 'w-1',
  description: 'Trigger payment-service build',
  consumer: null,
  provider: { name: 'payment-service' },
  consumerLabel: null,
  providerLabel: null,
  events: ['contract_requiring_verification_published'],
  enabled: true,
  method: 'POST',
  url: 'https://ci.example.org/build',
  executions: {
    nodes: [
      {
        id: '2',
        eventName: 'contract_requiring_verification_published',
        attempt: 2,
        success: true,
        method: 'POST',
        url: 'https://ci.example.org/build',
        responseStatus: 201,
        error: null,
        durationMs: 40,
        createdAt: '2026-01-01T00:01:00Z',
      },
      {
        id: '1',
        eventName: 'contract_requiring_verification_published',
        attempt: 1,
        success: false,
        method: 'POST',
        url: 'https://ci.example.org/build',
        responseStatus: 503,
        error: null,
        durationMs: 12,
        createdAt: '2026-01-01T00:00:00Z',
      },
    ],
    pageInfo: { hasNextPage: false },
  },
};

const noGitHubCalls = { gitHubCalls: { nodes: [], pageInfo: { hasNextPage: false } } };

/** Answers the page's two queries: the webhooks, and the calls to GitHub. */
const answers =
  (webhooks: WebhookFields[], gitHubCalls: GitHubCallFields[] = []) =>
  (operation: string) =>
    operation === 'GitHubCalls'
      ? { data: gitHubCalls.length === 0 ? noGitHubCalls : { gitHubCalls: { nodes: gitHubCalls, pageInfo: { hasNextPage: false } } } }
      : { data: { webhooks } };

const commit = '0123456789abcdef0123456789abcdef01234567';
const gitHubCall = (id: string, overrides: Partial<GitHubCallFields>): GitHubCallFields => ({
  id,
  triggeredUuid: `github-status-${id}`,
  kind: 'github-commit-status',
  eventName: 'contract_published',
  commit,
  state: 'pending',
  context: 'treaty/payment-service',
  attempt: 1,
  success: true,
  method: 'POST',
  url: `https://api.github.com/repos/acme/order-service/statuses/${commit}`,
  responseStatus: 201,
  error: null,
  durationMs: 30,
  createdAt: '2026-01-01T00:00:00Z',
  ...overrides,
});

let graphql: FakeGraphql | undefined;
afterEach(() => graphql?.restore());

describe('Webhooks', () => {
  test('lists each webhook with its recent executions, outcome in words and colour (issue #5)', async () => {
    graphql = fakeGraphql(answers([webhook]));
    at('/ui/webhooks');
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Recent executions of Trigger payment-service build' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.querySelector('[data-outcome]')!.textContent)).toEqual(['✓Delivered (HTTP 201)', '✕Failed (HTTP 503)']);
    expect(rows[1]!.querySelector('.badge-red')).not.toBeNull();
    expect(rows[0]!.querySelector('.badge-green')).not.toBeNull();
    expect(screen.getByRole('link', { name: 'Webhooks' }).getAttribute('aria-current')).toBe('page');
    expect(screen.getByText(/consumer any, provider payment-service/)).toBeTruthy();
  });

  test('a webhook never triggered says so, and no webhooks shows how to create one', async () => {
    graphql = fakeGraphql(answers([{ ...webhook, executions: { nodes: [], pageInfo: { hasNextPage: false } } }]));
    at('/ui/webhooks');
    const { unmount } = render(<App />);
    expect(await screen.findByText('Not triggered yet.')).toBeTruthy();
    unmount();
    graphql.restore();
    graphql = fakeGraphql(answers([]));
    render(<App />);
    expect(await screen.findByText('No webhooks yet.')).toBeTruthy();
    expect(await screen.findByText('No calls to GitHub yet.')).toBeTruthy();
  });

  test("lists the calls to GitHub beside the webhooks: kind, commit, state sent, GitHub's answer and a link to the log (issue #18)", async () => {
    graphql = fakeGraphql(
      answers(
        [],
        [
          gitHubCall('3', { kind: 'github-check-run', triggeredUuid: 'github-check-run-9', state: 'success' }),
          gitHubCall('2', { state: 'success', eventName: 'provider_verification_published' }),
          gitHubCall('1', { success: false, responseStatus: 500, error: 'GitHub answered 500' }),
        ],
      ),
    );
    at('/ui/webhooks');
    render(<App />);
    const table = await screen.findByRole('table', { name: 'Recent calls to GitHub' });
    const rows = within(table).getAllByRole('row').slice(1);
    const cells = rows.map((r) => [...r.querySelectorAll('td')].slice(1).map((td) => td.textContent));
    expect(cells).toEqual([
      ['Check run', '0123456', 'treaty/payment-service', 'success', '1', '✓Accepted (HTTP 201)', 'log'],
      ['Commit status', '0123456', 'treaty/payment-service', 'success', '1', '✓Accepted (HTTP 201)', 'log'],
      ['Commit status', '0123456', 'treaty/payment-service', 'pending', '1', '✕Failed (HTTP 500)GitHub answered 500', 'log'],
    ]);
    expect(within(rows[0]!).getByRole('link', { name: 'log' }).getAttribute('href')).toBe('/triggered-webhooks/github-check-run-9/logs');
    expect(graphql.calls.find((c) => c.operation === 'GitHubCalls')?.variables).toEqual({ consumer: null, provider: null });
  });

  test('an attempt without an answer shows its error', () => {
    expect(executionOutcome({ success: false, responseStatus: null, error: 'connect ECONNREFUSED 127.0.0.1:9' })).toEqual({
      label: 'Failed: connect ECONNREFUSED 127.0.0.1:9',
      tone: 'red',
      symbol: '✕',
    });
  });
});
