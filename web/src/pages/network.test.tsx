import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../app.tsx';
import type { NetworkData } from '../graphql/documents/network.ts';
import { at, fakeGraphql, type FakeGraphql } from '../test-support.ts';

const network: NetworkData['network'] = {
  nodes: ['order-service', 'payment-service', 'web-app'].map((name) => ({
    id: name,
    pacticipant: { name, displayName: null, labels: [], environments: [] },
  })),
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

  describe('at the scale of an organisation (60 services)', () => {
    const names = ['payments', ...Array.from({ length: 59 }, (_, i) => `svc-${String(i).padStart(2, '0')}`)];
    const big: NetworkData['network'] = {
      nodes: names.map((name, i) => ({
        id: name,
        pacticipant: {
          name,
          displayName: null,
          labels: [i % 2 ? 'team-odd' : 'team-even'],
          environments: i < 10 ? [{ name: 'production' }] : [],
        },
      })),
      edges: names.slice(1).map((name, i) => ({
        id: `e${i}`,
        source: name,
        // svc-00..svc-29 consume payments; svc-30.. consume the service 30 before them (a second ring)
        target: i < 29 ? 'payments' : names[i - 28]!,
        kind: 'PACT' as const,
        subject: null,
        status: i % 10 === 0 ? ('FAILED' as const) : ('VERIFIED' as const),
        statusLabel: i % 10 === 0 ? 'Verification failed' : 'Verified',
        integration: null,
      })),
    };

    test('does not draw the hairball: offers search, the services with failures and the full graph on request', async () => {
      graphql = fakeGraphql(() => ({ data: { network: big } }));
      at('/ui/network');
      const { container } = render(<App />);
      expect((await screen.findByTestId('network-scope')).textContent).toContain('60 services and 59 contracts: too many to read at once');
      expect(container.querySelectorAll('[data-node]')).toHaveLength(0);
      expect(screen.getByRole('link', { name: 'payments' }).getAttribute('href')).toBe('/ui/network?focus=payments');
      fireEvent.click(screen.getByRole('link', { name: 'show the full graph' }));
      expect(window.location.search).toBe('?all=1');
      await screen.findByRole('group', { name: 'Service network' });
      expect(container.querySelectorAll('[data-node]')).toHaveLength(60);
    });

    test('the full graph lists its integrations in words a page at a time', async () => {
      graphql = fakeGraphql(() => ({ data: { network: big } }));
      at('/ui/network?all=1');
      render(<App />);
      await screen.findByRole('group', { name: 'Service network' });
      const list = () => within(screen.getByRole('heading', { name: 'Integrations' }).closest('section')!).getAllByRole('listitem');
      expect(list()).toHaveLength(50);
      expect(list()[0]!.textContent).toContain('svc-00 → payments');
      const pager = screen.getByRole('navigation', { name: 'Integrations pages' });
      expect(pager.textContent).toContain('1–50 of 59');
      fireEvent.click(within(pager).getByRole('button', { name: 'Next →' }));
      expect(list()).toHaveLength(9);
      expect(list()[8]!.textContent).toContain('svc-58 → svc-29');
    });

    test('search focuses one service: its direct neighbours, then two hops', async () => {
      graphql = fakeGraphql(() => ({ data: { network: big } }));
      at('/ui/network');
      const { container } = render(<App />);
      fireEvent.change(await screen.findByLabelText('Find a service'), { target: { value: 'svc-01' } });
      fireEvent.click(within(screen.getByRole('list', { name: 'Matching services' })).getByRole('button', { name: 'svc-01' }));
      expect(window.location.search).toBe('?focus=svc-01');
      await screen.findByRole('group', { name: 'Service network' });
      // svc-01 consumes payments, and svc-30 consumes svc-01
      expect([...container.querySelectorAll('[data-node]')].map((n) => n.getAttribute('data-node')).sort()).toEqual([
        'payments',
        'svc-01',
        'svc-30',
      ]);
      expect(container.querySelector('.node-focus')!.getAttribute('data-node')).toBe('svc-01');
      fireEvent.change(screen.getByLabelText('Neighbourhood'), { target: { value: '2' } });
      expect(window.location.search).toBe('?focus=svc-01&hops=2');
      // two hops: every consumer of payments too
      expect(container.querySelectorAll('[data-node]').length).toBeGreaterThan(25);
    });

    test('filters by status and label, groups by label, zooms', async () => {
      graphql = fakeGraphql(() => ({ data: { network: big } }));
      at('/ui/network?focus=payments&status=FAILED');
      const { container } = render(<App />);
      await screen.findByRole('group', { name: 'Service network' });
      const statuses = [...container.querySelectorAll('[data-edge]')].map((e) => e.getAttribute('data-status'));
      expect(statuses.length).toBeGreaterThan(0);
      expect(new Set(statuses)).toEqual(new Set(['FAILED']));
      fireEvent.change(screen.getByLabelText('Status'), { target: { value: '' } });
      fireEvent.change(screen.getByLabelText('Label'), { target: { value: 'team-odd' } });
      expect(window.location.search).toBe('?focus=payments&label=team-odd');
      const shown = [...container.querySelectorAll('[data-node]')].map((n) => n.getAttribute('data-node'));
      expect(shown).toContain('payments');
      expect(shown.filter((n) => n !== 'payments').every((n) => Number(n!.slice(4)) % 2 === 0)).toBe(true);
      fireEvent.click(screen.getByLabelText(/group by label/));
      expect(container.querySelector('[data-group="team-odd"]')).toBeTruthy();
      const svg = container.querySelector('svg.graph-svg')!;
      const before = svg.getAttribute('viewBox');
      fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
      expect(svg.getAttribute('viewBox')).not.toBe(before);
    });
  });
});
