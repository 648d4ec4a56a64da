import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../app.tsx';
import type { MatrixRowFields, MatrixVersionFields } from '../graphql/documents/matrix.ts';
import { at, fakeGraphql, type FakeGraphql } from '../test-support.ts';

const version = (number: string, extra: Partial<MatrixVersionFields> = {}): MatrixVersionFields => ({
  number,
  branches: [],
  tags: [],
  deployments: [],
  releases: [],
  ...extra,
});

const row = (cv: string, pv: string | null, outcome: MatrixRowFields['outcome']): MatrixRowFields => ({
  consumer: { name: 'order-service' },
  consumerVersion: version(cv, { branches: [{ name: 'main', latest: true }] }),
  provider: { name: 'payment-service' },
  providerVersion: pv ? version(pv, { deployments: [{ environment: { name: 'production', production: true } }] }) : null,
  pact: { sha: 'abcdef0123456789', consumerVersion: { number: cv } },
  verification: pv ? { number: 3, success: outcome === 'SUCCESS', verifiedAt: '2024-05-01T12:00:00.000Z', buildUrl: null } : null,
  outcome,
  pactPublishedAt: '2024-05-01T11:00:00.000Z',
  verifiedAt: pv ? '2024-05-01T12:00:00.000Z' : null,
});

const options = {
  data: {
    pacticipants: [{ name: 'order-service', branches: [{ name: 'main' }] }],
    environments: [{ name: 'production', displayName: 'Production' }],
  },
};

let graphql: FakeGraphql | undefined;
afterEach(() => graphql?.restore());

describe('Matrix', () => {
  test('sends the filters from the URL and shows rows with badges and links to pact and verification', async () => {
    graphql = fakeGraphql((op) =>
      op === 'FilterOptions'
        ? options
        : {
            data: {
              matrix: {
                nodes: [row('2.0.0', '11.0.0', 'FAILED'), row('1.0.0', null, 'UNVERIFIED')],
                pageInfo: { hasNextPage: true, endCursor: 'CURSOR2' },
              },
            },
          },
    );
    at('/ui/matrix?pacticipant=order-service&branch=main&latest=true&environment=production&latestBy=CVP&outcome=failed');
    render(<App />);
    await screen.findByText('11.0.0');
    const call = graphql.calls.find((c) => c.operation === 'Matrix')!;
    expect(call.variables).toEqual({
      filter: { pacticipant: 'order-service', branch: 'main', latest: true, environment: 'production', latestBy: 'CVP', success: false },
      first: 25,
      after: null,
    });
    const [failed, unverified] = screen.getAllByRole('row').slice(1);
    expect(within(failed!).getByText('Failed')).toBeTruthy();
    expect(within(failed!).getByTitle('in environment production (production)')).toBeTruthy();
    expect(within(failed!).getByRole('link', { name: 'Verification #3' }).getAttribute('href')).toBe(
      '/ui/pacts/payment-service/order-service/2.0.0#verification-3',
    );
    expect(within(unverified!).getByText('Never verified')).toBeTruthy();
    expect(within(unverified!).getByText('no version verified')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Next page →' }).getAttribute('href')).toContain('after=CURSOR2');
    // The form shows the filters of the link.
    expect((screen.getByLabelText('Branch') as HTMLInputElement).value).toBe('main');
    expect((screen.getByLabelText('Latest by') as HTMLSelectElement).value).toBe('CVP');
  });

  test('asks for a pacticipant first, and the form puts the filters in the URL', async () => {
    graphql = fakeGraphql((op) =>
      op === 'FilterOptions' ? options : { data: { matrix: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } } },
    );
    at('/ui/matrix');
    render(<App />);
    expect(await screen.findByText('Choose a pacticipant to see its matrix.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Pacticipant'), { target: { value: 'order-service' } });
    fireEvent.change(screen.getByLabelText('Version'), { target: { value: '1.0.0' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show matrix' }));
    expect(window.location.pathname + window.location.search).toBe('/ui/matrix?pacticipant=order-service&version=1.0.0');
    expect(await screen.findByText('No matrix rows match these filters.')).toBeTruthy();
  });
});
