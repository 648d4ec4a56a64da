import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../app.tsx';
import type { DashboardIntegration } from '../graphql/documents/dashboard.ts';
import { at, fakeGraphql, type FakeGraphql } from '../test-support.ts';

const integration = (
  consumer: string,
  provider: string,
  status: DashboardIntegration['status'],
  statusLabel: string,
): DashboardIntegration => ({
  id: `${consumer}|${provider}`,
  consumer: { name: consumer, displayName: null },
  provider: { name: provider, displayName: null },
  status,
  statusLabel,
  lastPublishedAt: '2024-05-01T12:00:00.000Z',
  lastVerifiedAt: status === 'UNVERIFIED' ? null : '2024-05-01T12:05:00.000Z',
  latestPact: { sha: 'abc', consumerVersion: { number: '1.0.0' } },
  latestVerification:
    status === 'UNVERIFIED'
      ? null
      : { number: 1, success: status === 'VERIFIED', verifiedAt: '2024-05-01T12:05:00.000Z', providerVersion: { number: '10.0.0' } },
});

const integrations = [
  integration('order-service', 'payment-service', 'FAILED', 'Verification failed'),
  integration('web-app', 'payment-service', 'UNVERIFIED', 'Never verified'),
  integration('shipping', 'address', 'VERIFIED', 'Verified'),
];

let graphql: FakeGraphql | undefined;
afterEach(() => graphql?.restore());

describe('Dashboard', () => {
  test('shows each integration with a status text label (not colour alone) and links to the pact', async () => {
    graphql = fakeGraphql(() => ({ data: { integrations } }));
    at('/ui/');
    render(<App />);
    const row = (await screen.findByText('order-service')).closest('tr')!;
    expect(within(row).getByText('Verification failed')).toBeTruthy();
    expect(within(row).getByRole('link', { name: '1.0.0' }).getAttribute('href')).toBe('/ui/pacts/payment-service/order-service/1.0.0');
    expect(within(screen.getByText('web-app').closest('tr')!).getByText('Never verified')).toBeTruthy();
    expect(within(screen.getByText('web-app').closest('tr')!).getByText('never')).toBeTruthy();
    // Failures first.
    const consumers = screen
      .getAllByRole('row')
      .slice(1)
      .map((r) => within(r).getAllByRole('cell')[0]!.textContent);
    expect(consumers).toEqual(['order-service', 'web-app', 'shipping']);
  });

  test('the search box filters by service name and keeps the search in the URL', async () => {
    graphql = fakeGraphql(() => ({ data: { integrations } }));
    at('/ui/');
    render(<App />);
    await screen.findByText('order-service');
    fireEvent.change(screen.getByLabelText('Search services'), { target: { value: 'ship' } });
    expect(window.location.search).toBe('?q=ship');
    expect(screen.queryByText('order-service')).toBeNull();
    expect(screen.getByText('shipping')).toBeTruthy();
  });

  test('opens with the search from a pasted link', async () => {
    graphql = fakeGraphql(() => ({ data: { integrations } }));
    at('/ui/?q=web');
    render(<App />);
    await screen.findByText('web-app');
    expect(screen.queryByText('order-service')).toBeNull();
    expect((screen.getByLabelText('Search services') as HTMLInputElement).value).toBe('web');
  });

  test('says what to do when nothing is published yet', async () => {
    graphql = fakeGraphql(() => ({ data: { integrations: [] } }));
    at('/ui/');
    render(<App />);
    expect(await screen.findByText('No contracts published yet.')).toBeTruthy();
  });

  test('a network failure shows a readable message, and Retry asks again', async () => {
    let fail = true;
    graphql = fakeGraphql(() => (fail ? 'network-error' : { data: { integrations } }));
    at('/ui/');
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cannot reach the broker');
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('order-service')).toBeTruthy();
    expect(graphql.calls).toHaveLength(2);
  });

  test('a GraphQL error shows the error message from the broker', async () => {
    graphql = fakeGraphql(() => ({ errors: [{ message: 'Cannot query field "integrations" on type "Query".' }] }));
    at('/ui/');
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The query failed');
    expect(alert.textContent).toContain('Cannot query field "integrations"');
  });
});
