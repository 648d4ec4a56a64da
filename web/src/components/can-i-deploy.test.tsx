import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../app.tsx';
import { at, fakeGraphql, type FakeGraphql } from '../test-support.ts';

const environments = {
  environments: [
    {
      uuid: 'u1',
      name: 'production',
      displayName: 'Production',
      production: true,
      createdAt: '2024-05-01T00:00:00.000Z',
      deployedVersions: [],
      releasedVersions: [],
    },
  ],
  pacticipants: [{ name: 'order-service' }],
};

const no = {
  canIDeploy: {
    deployable: false,
    status: 'NO',
    reasons: [
      'The verification for the pact between version 2.0.0 of order-service and the version of payment-service currently in production (11.0.0) failed',
    ],
    notices: [
      {
        type: 'error',
        text: 'The verification for the pact between version 2.0.0 of order-service and the version of payment-service currently in production (11.0.0) failed',
      },
    ],
    counts: { success: 0, failed: 1, unknown: 0 },
    rows: [
      {
        consumer: { name: 'order-service' },
        consumerVersion: { number: '2.0.0' },
        provider: { name: 'payment-service' },
        providerVersion: { number: '11.0.0' },
        outcome: 'FAILED',
        verifiedAt: null,
      },
    ],
  },
};

let graphql: FakeGraphql | undefined;
afterEach(() => graphql?.restore());

describe('can I deploy?', () => {
  test('the form puts the question in the URL and shows NO with the reasons (once, not repeated as a notice)', async () => {
    graphql = fakeGraphql((op) =>
      op === 'Environments' ? { data: environments } : op === 'HealthSummaries' ? { data: { environments: [] } } : { data: no },
    );
    at('/ui/environments');
    render(<App />);
    fireEvent.change(await screen.findByLabelText('Service'), { target: { value: 'order-service' } });
    fireEvent.change(screen.getByLabelText('Version'), { target: { value: '2.0.0' } });
    fireEvent.change(screen.getByLabelText('Environment'), { target: { value: 'production' } });
    fireEvent.click(screen.getByRole('button', { name: 'Can I deploy?' }));
    expect(window.location.search).toBe('?pacticipant=order-service&version=2.0.0&environment=production');
    const answer = await screen.findByTestId('can-i-deploy-answer');
    expect(answer.dataset.status).toBe('NO');
    expect(answer.textContent).toContain('NO');
    expect(screen.getAllByText(/currently in production \(11\.0\.0\) failed/)).toHaveLength(1);
    expect(graphql.calls.at(-1)).toEqual({
      operation: 'CanIDeploy',
      variables: { pacticipant: 'order-service', version: '2.0.0', environment: 'production' },
    });
  });

  test('UNKNOWN is its own answer, not a NO', async () => {
    const unknown = {
      canIDeploy: {
        ...no.canIDeploy,
        deployable: null,
        status: 'UNKNOWN',
        reasons: [
          'There is no verified pact between version 2.0.0 of order-service and the version of payment-service currently in production (10.0.0)',
        ],
        notices: [],
        counts: { success: 0, failed: 0, unknown: 1 },
      },
    };
    graphql = fakeGraphql((op) =>
      op === 'Environments' ? { data: environments } : op === 'HealthSummaries' ? { data: { environments: [] } } : { data: unknown },
    );
    at('/ui/environments?pacticipant=order-service&version=2.0.0&environment=production');
    render(<App />);
    const answer = await screen.findByTestId('can-i-deploy-answer');
    expect(answer.dataset.status).toBe('UNKNOWN');
    expect(answer.textContent).toContain('There is no verified pact');
  });

  test('a new question never shows the previous answer while its own is on the way', async () => {
    const yes = {
      canIDeploy: {
        ...no.canIDeploy,
        deployable: true,
        status: 'YES',
        reasons: [],
        notices: [],
        counts: { success: 1, failed: 0, unknown: 0 },
      },
    };
    let releaseSecond: () => void = () => undefined;
    const secondAnswered = new Promise<void>((resolve) => (releaseSecond = resolve));
    graphql = fakeGraphql(async (op, variables) => {
      if (op === 'Environments') return { data: environments };
      if (op === 'HealthSummaries') return { data: { environments: [] } };
      if (variables['version'] === '1.0.0') return { data: yes };
      await secondAnswered;
      return { data: no };
    });
    at('/ui/environments?pacticipant=order-service&version=1.0.0&environment=production');
    render(<App />);
    expect((await screen.findByTestId('can-i-deploy-answer')).dataset.status).toBe('YES');

    fireEvent.change(screen.getByLabelText('Version'), { target: { value: '2.0.0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Can I deploy?' }));
    await screen.findByText('Asking the matrix…');
    expect(screen.queryByTestId('can-i-deploy-answer')).toBeNull();

    releaseSecond();
    expect((await screen.findByTestId('can-i-deploy-answer')).dataset.status).toBe('NO');
  });
});
