import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../app.tsx';
import type { NetworkData } from '../graphql/documents/network.ts';
import { at, fakeGraphql, type FakeGraphql } from '../test-support.ts';

const network: NetworkData['network'] = {
  nodes: ['order-service', 'payment-service', 'web-app'].map((name) => ({ id: name, pacticipant: { name, displayName: null } })),
  edges: [
    {
      id: 'i1',
      source: 'order-service',
      target: 'payment-service',
      kind: 'PACT',
      subject: null,
      status: 'FAILED',
      statusLabel: 'Verification failed',
      integration: { lastVerifiedAt: null },
    },
    {
      id: 'i2',
      source: 'web-app',
      target: 'payment-service',
      kind: 'PACT',
      subject: null,
      status: 'VERIFIED',
      statusLabel: 'Verified',
      integration: { lastVerifiedAt: null },
    },
    {
      id: 's1',
      source: 'order-service',
      target: 'payment-service',
      kind: 'SCHEMA',
      subject: 'payment.v1.PaymentService',
      status: 'VERIFIED',
      statusLabel: 'Schema compatible',
      integration: null,
    },
  ],
};

let graphql: FakeGraphql | undefined;
afterEach(() => graphql?.restore());

describe('Network', () => {
  test('draws a node per service and an edge per integration with its status, and a legend in words', async () => {
    graphql = fakeGraphql(() => ({ data: { network } }));
    at('/ui/network');
    const { container } = render(<App />);
    await screen.findByRole('group', { name: 'Service network' });
    expect(container.querySelectorAll('[data-node]')).toHaveLength(3);
    const pactEdge = '[data-edge="order-service|payment-service"][data-kind="PACT"]';
    expect(container.querySelector(pactEdge)!.getAttribute('data-status')).toBe('FAILED');
    expect(container.querySelector(`${pactEdge} title`)!.textContent).toBe('order-service → payment-service: Verification failed');
    // The schema contract between the same pair is an edge of its own, with its own status.
    const schemaEdge = '[data-edge="order-service|payment-service"][data-kind="SCHEMA"]';
    expect(container.querySelector(schemaEdge)!.getAttribute('data-status')).toBe('VERIFIED');
    expect(container.querySelector(`${schemaEdge} title`)!.textContent).toBe(
      'order-service → payment-service (schema payment.v1.PaymentService): Schema compatible',
    );
    expect(screen.getByRole('link', { name: 'payment.v1.PaymentService' }).getAttribute('href')).toBe(
      '/ui/schemas/payment.v1.PaymentService',
    );
    expect(screen.getByRole('list', { name: 'Legend' }).textContent).toMatch(/Verified.*Failed.*Awaiting verification.*Never verified/);
  });

  test('clicking a service opens its page', async () => {
    graphql = fakeGraphql((op) => (op === 'Network' ? { data: { network } } : { data: { pacticipant: null } }));
    at('/ui/network');
    render(<App />);
    fireEvent.click(await screen.findByRole('link', { name: 'payment-service: open service page' }));
    expect(window.location.pathname).toBe('/ui/pacticipants/payment-service');
    expect(await screen.findByText('There is no pacticipant called “payment-service”.')).toBeTruthy();
  });

  test('an empty broker shows an empty state, not an empty picture', async () => {
    graphql = fakeGraphql(() => ({ data: { network: { nodes: [], edges: [] } } }));
    at('/ui/network');
    render(<App />);
    expect(await screen.findByText('No services yet.')).toBeTruthy();
  });
});
