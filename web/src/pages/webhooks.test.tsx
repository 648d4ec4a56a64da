import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../app.tsx';
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

let graphql: FakeGraphql | undefined;
afterEach(() => graphql?.restore());

describe('Webhooks', () => {
  test('lists each webhook with its recent executions, outcome in words and colour (issue #5)', async () => {
    graphql = fakeGraphql(() => ({ data: { webhooks: [webhook] } }));
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
    graphql = fakeGraphql(() => ({ data: { webhooks: [{ ...webhook, executions: { nodes: [], pageInfo: { hasNextPage: false } } }] } }));
    at('/ui/webhooks');
    const { unmount } = render(<App />);
    expect(await screen.findByText('Not triggered yet.')).toBeTruthy();
    unmount();
    graphql.restore();
    graphql = fakeGraphql(() => ({ data: { webhooks: [] } }));
    render(<App />);
    expect(await screen.findByText('No webhooks yet.')).toBeTruthy();
  });

  test('an attempt without an answer shows its error', () => {
    expect(executionOutcome({ success: false, responseStatus: null, error: 'connect ECONNREFUSED 127.0.0.1:9' })).toEqual({
      label: 'Failed: connect ECONNREFUSED 127.0.0.1:9',
      tone: 'red',
      symbol: '✕',
    });
  });
});
