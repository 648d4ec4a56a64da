import { render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../app.tsx';
import type { ContractData } from '../graphql/documents/contract.ts';
import { at, fakeGraphql, type FakeGraphql } from '../test-support.ts';

const pact: NonNullable<ContractData['pact']> = {
  sha: '36248f6a3a05aaaa',
  createdAt: '2024-05-02T10:00:00.000Z',
  consumer: { name: 'order-service' },
  provider: { name: 'payment-service' },
  consumerVersion: { number: '2.0.0', branches: [{ name: 'main' }] },
  consumerVersions: [{ number: '2.0.0' }],
  content: {},
  interactionCount: 1,
  interactions: [
    {
      type: 'interaction',
      description: 'a request for a payment',
      providerStates: [{ name: 'payment 1 exists', params: { id: 1 } }],
      request: { method: 'GET', path: '/payments/1', query: { expand: ['amount'] }, headers: { Accept: 'application/json' } },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 1, amount: 4200 } },
      contents: null,
    },
  ],
  verifications: [
    {
      number: 2,
      success: false,
      verifiedAt: '2024-05-02T11:00:00.000Z',
      buildUrl: 'https://ci.example/42',
      providerVersion: { number: '11.0.0' },
    },
  ],
  diffWithPrevious: {
    identical: false,
    text: '+ "a request to create a payment"',
    added: ['"a request to create a payment"'],
    removed: ['"an old request"'],
    changed: [
      { label: '"a request for a payment"', changes: [{ path: '$.response.body.amount', kind: 'ADDED', before: null, after: 4200 }] },
    ],
    documentChanges: [],
    previous: { sha: '8857b35a', createdAt: '2024-05-01T10:00:00.000Z', consumerVersion: { number: '1.0.0' } },
  },
};

let graphql: FakeGraphql | undefined;
afterEach(() => graphql?.restore());

/** The page also lists the integration's calls to GitHub (its own query): none here. */
const withNoGitHubCalls =
  (answer: (variables: Record<string, unknown>) => { data: unknown }) => (operation: string, variables: Record<string, unknown>) =>
    operation === 'GitHubCalls' ? { data: { gitHubCalls: { nodes: [], pageInfo: { hasNextPage: false } } } } : answer(variables);

describe('Contract view', () => {
  test('shows provider states, and the request and response side by side', async () => {
    graphql = fakeGraphql(withNoGitHubCalls(() => ({ data: { pact } })));
    at('/ui/pacts/payment-service/order-service/2.0.0');
    render(<App />);
    const interaction = (await screen.findByRole('heading', { name: 'a request for a payment' })).closest('article')!;
    expect(within(interaction).getByRole('list', { name: 'Provider states' }).textContent).toContain('payment 1 exists');
    expect(interaction.textContent).toContain('GET /payments/1?expand=amount');
    expect(within(interaction).getByLabelText('Response body').textContent).toContain('"amount": 4200');
    expect(graphql.calls[0]!.variables).toEqual({ consumer: 'order-service', provider: 'payment-service', consumerVersion: '2.0.0' });
  });

  test('shows the diff against the previous version: added, removed and changed, linked to the previous pact', async () => {
    graphql = fakeGraphql(withNoGitHubCalls(() => ({ data: { pact } })));
    at('/ui/pacts/payment-service/order-service/2.0.0');
    render(<App />);
    const diff = await screen.findByTestId('pact-diff');
    expect(within(diff).getByRole('link', { name: '1.0.0' }).getAttribute('href')).toBe('/ui/pacts/payment-service/order-service/1.0.0');
    expect(within(diff).getByText('Added:', { exact: false }).parentElement!.textContent).toContain('a request to create a payment');
    expect(within(diff).getByText('Removed:', { exact: false }).parentElement!.textContent).toContain('an old request');
    const change = within(diff).getByText('$.response.body.amount').closest('tr')!;
    expect(change.textContent).toContain('added');
    expect(change.textContent).toContain('4200');
  });

  test('the first pact says there is nothing to compare with; a missing pact says so', async () => {
    graphql = fakeGraphql(
      withNoGitHubCalls((vars) => ({
        data: { pact: vars.consumerVersion === '9.9.9' ? null : { ...pact, diffWithPrevious: null } },
      })),
    );
    at('/ui/pacts/payment-service/order-service/1.0.0');
    const { unmount } = render(<App />);
    expect(await screen.findByText(/nothing to compare with/)).toBeTruthy();
    unmount();
    at('/ui/pacts/payment-service/order-service/9.9.9');
    render(<App />);
    expect(await screen.findByText('Version 9.9.9 of order-service published no pact for payment-service.')).toBeTruthy();
  });
});
