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

/** The dashboard's environment-health lines (none here; see the health test below). */
const noEnvironments = { data: { environments: [] } };

let graphql: FakeGraphql | undefined;
afterEach(() => graphql?.restore());

describe('Dashboard', () => {
  test('shows each integration with a status text label (not colour alone) and links to the pact', async () => {
    graphql = fakeGraphql((op) => (op === 'HealthSummaries' ? noEnvironments : { data: { integrations } }));
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
    graphql = fakeGraphql((op) => (op === 'HealthSummaries' ? noEnvironments : { data: { integrations } }));
    at('/ui/');
    render(<App />);
    await screen.findByText('order-service');
    fireEvent.change(screen.getByLabelText('Search services'), { target: { value: 'ship' } });
    expect(window.location.search).toBe('?q=ship');
    expect(screen.queryByText('order-service')).toBeNull();
    expect(screen.getByText('shipping')).toBeTruthy();
  });

  test('opens with the search from a pasted link', async () => {
    graphql = fakeGraphql((op) => (op === 'HealthSummaries' ? noEnvironments : { data: { integrations } }));
    at('/ui/?q=web');
    render(<App />);
    await screen.findByText('web-app');
    expect(screen.queryByText('order-service')).toBeNull();
    expect((screen.getByLabelText('Search services') as HTMLInputElement).value).toBe('web');
  });

  test('says what to do when nothing is published yet', async () => {
    graphql = fakeGraphql((op) => (op === 'HealthSummaries' ? noEnvironments : { data: { integrations: [] } }));
    at('/ui/');
    render(<App />);
    expect(await screen.findByText('No contracts published yet.')).toBeTruthy();
  });

  test('a network failure shows a readable message, and Retry asks again', async () => {
    let fail = true;
    graphql = fakeGraphql((op) => (fail ? 'network-error' : op === 'HealthSummaries' ? noEnvironments : { data: { integrations } }));
    at('/ui/');
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Cannot reach the broker');
    fail = false;
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('order-service')).toBeTruthy();
    expect(graphql.calls.filter((c) => c.operation === 'Dashboard')).toHaveLength(2);
  });

  test('a GraphQL error shows the error message from the broker', async () => {
    graphql = fakeGraphql(() => ({ errors: [{ message: 'Cannot query field "integrations" on type "Query".' }] }));
    at('/ui/');
    render(<App />);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The query failed');
    expect(alert.textContent).toContain('Cannot query field "integrations"');
  });

  test('one health line per environment above the list, linking to the environment', async () => {
    const summaries = {
      data: {
        environments: [
          {
            name: 'production',
            displayName: 'Production',
            production: true,
            health: {
              status: 'FAILING',
              versionCount: 580,
              pacticipantCount: 200,
              counts: { verified: 530, failed: 2, unverified: 7, total: 539 },
            },
          },
        ],
      },
    };
    graphql = fakeGraphql((op) => (op === 'HealthSummaries' ? summaries : { data: { integrations } }));
    at('/ui/');
    render(<App />);
    const line = await screen.findByTestId('health-line');
    expect(line.dataset.status).toBe('FAILING');
    expect(line.textContent).toContain('2 failed · 7 unverified · 530 verified pairs across 200 services (580 versions)');
    expect(screen.getByRole('link', { name: 'Production' }).getAttribute('href')).toBe('/ui/environments/production');
  });

  // jsdom renders 100 rows slowly on a loaded machine: a longer timeout, not a smaller page
  test(
    'hundreds of integrations: 100 rows a page, failures on the first page, SHAs shortened with the full value on hover',
    { timeout: 30_000 },
    async () => {
      const sha = 'fedcba9876543210fedcba9876543210fedcba98';
      const many = Array.from({ length: 250 }, (_, n) => ({
        ...integration(`consumer-${n}`, 'provider', n === 249 ? 'FAILED' : 'VERIFIED', n === 249 ? 'Verification failed' : 'Verified'),
        latestPact: { sha: 'abc', consumerVersion: { number: sha } },
      }));
      graphql = fakeGraphql((op) => (op === 'HealthSummaries' ? noEnvironments : { data: { integrations: many } }));
      at('/ui/');
      render(<App />);
      await screen.findByText('consumer-249');
      const rows = screen.getAllByRole('row').slice(1);
      expect(rows).toHaveLength(100);
      expect(within(rows[0]!).getAllByRole('cell')[0]!.textContent).toBe('consumer-249');
      expect(within(rows[0]!).getByTitle(sha).textContent).toBe('fedcba9');
      expect(screen.getByText('1–100 of 250')).toBeTruthy();
      fireEvent.click(screen.getByRole('button', { name: 'Next →' }));
      expect(screen.getByText('101–200 of 250')).toBeTruthy();
      expect(screen.queryByText('consumer-249')).toBeNull();
    },
  );
});
