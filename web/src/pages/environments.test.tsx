// Environment health and promotion planning in the UI (issue #17): the verdict per environment, the failing pairs
// first with their reasons and links, and a promotion's one answer with the services that change.
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import { App } from '../app.tsx';
import type { PairVerdict, PromotionPlanData } from '../graphql/documents/health.ts';
import { at, fakeGraphql, type FakeGraphql } from '../test-support.ts';

const SHA = '0123456789abcdef0123456789abcdef01234567';

const env = (name: string, production: boolean) => ({
  uuid: `u-${name}`,
  name,
  displayName: null,
  production,
  createdAt: '2024-05-01T00:00:00.000Z',
  deployedVersions: [
    {
      uuid: `d-${name}`,
      applicationInstance: null,
      deployedAt: '2024-05-01T00:00:00.000Z',
      pacticipant: { name: 'order' },
      version: { number: SHA },
    },
  ],
  releasedVersions: [],
});

const failing: PairVerdict = {
  status: 'FAILED',
  consumer: 'order',
  consumerVersion: SHA,
  provider: 'payment',
  providerVersion: 'p1',
  kind: 'PACT',
  subject: null,
  pactSha: 'abc',
  pactPath: '/pacts/provider/payment/consumer/order/pact-version/abc',
  verificationPath: '/pacts/provider/payment/consumer/order/pact-version/abc/verification-results/1',
  reason: `The verification for the pact between version ${SHA} of order and version p1 of payment failed`,
};
const verified: PairVerdict = {
  ...failing,
  status: 'VERIFIED',
  consumer: 'shipping',
  consumerVersion: 's1',
  verificationPath: '/pacts/provider/payment/consumer/shipping/pact-version/def/verification-results/1',
  reason: 'The pact was verified by payment p1',
};
const schemaPair: PairVerdict = {
  ...failing,
  status: 'UNVERIFIED',
  consumer: 'audit',
  kind: 'SCHEMA',
  subject: 'payment.v1.Payments',
  pactSha: null,
  pactPath: null,
  verificationPath: null,
  reason: 'There is no schema check of subject payment.v1.Payments between version a1 of audit and version p1 of payment',
};

const summaries = {
  environments: [
    {
      name: 'production',
      displayName: null,
      production: true,
      health: { status: 'FAILING', versionCount: 3, pacticipantCount: 3, counts: { verified: 1, failed: 1, unverified: 1, total: 3 } },
    },
    {
      name: 'staging',
      displayName: null,
      production: false,
      health: { status: 'HEALTHY', versionCount: 2, pacticipantCount: 2, counts: { verified: 1, failed: 0, unverified: 0, total: 1 } },
    },
  ],
};

const plan = (status: 'YES' | 'NO'): PromotionPlanData => ({
  promotionPlan: {
    sourceEnvironment: 'staging',
    targetEnvironment: 'production',
    deployable: status === 'YES',
    status,
    reasons: status === 'YES' ? ['All required verification results are published and successful'] : [failing.reason],
    changes: [{ pacticipant: 'order', currentVersions: ['c1'], promotedVersions: [SHA] }],
    counts: { verified: status === 'YES' ? 1 : 0, failed: status === 'YES' ? 0 : 1, unverified: 0 },
    pairs: status === 'YES' ? [verified] : [failing],
  },
});

let graphql: FakeGraphql | undefined;
afterEach(() => graphql?.restore());

function answer(promotion: 'YES' | 'NO') {
  return (op: string) => {
    if (op === 'Environments') return { data: { environments: [env('production', true), env('staging', false)], pacticipants: [] } };
    if (op === 'HealthSummaries') return { data: summaries };
    if (op === 'PromotionPlan') return { data: plan(promotion) };
    if (op === 'Environment') return { data: { environment: env('production', true), pacticipants: [] } };
    if (op === 'EnvironmentHealth')
      return {
        data: {
          environment: { name: 'production', health: { ...summaries.environments[0]!.health, pairs: [failing, schemaPair, verified] } },
        },
      };
    return { data: {} };
  };
}

describe('Environments: health per environment', () => {
  test('each environment says whether what runs there is compatible, with the counts of failed, unverified and verified pairs', async () => {
    graphql = fakeGraphql(answer('YES'));
    at('/ui/environments');
    render(<App />);
    const lines = await screen.findAllByTestId('health-line');
    expect(lines.map((l) => [l.dataset.environment, l.dataset.status])).toEqual([
      ['production', 'FAILING'],
      ['staging', 'HEALTHY'],
    ]);
    expect(lines[0]!.textContent).toContain('1 failed · 1 unverified · 1 verified pairs');
    expect(screen.getAllByRole('link', { name: 'See the failing pairs and their reasons' })[0]!.getAttribute('href')).toBe(
      '/ui/environments/production',
    );
  });

  test('one environment lists the failing pair first with its reason and links to the pact and the verification', async () => {
    graphql = fakeGraphql(answer('YES'));
    at('/ui/environments/production');
    render(<App />);
    const table = (await screen.findByRole('table', { name: 'Pairs in production' })) as HTMLTableElement;
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.dataset.pairStatus)).toEqual(['FAILED', 'UNVERIFIED', 'VERIFIED']);
    const first = rows[0]!;
    expect(first.textContent).toContain(failing.reason);
    expect(within(first).getByRole('link', { name: 'pact' }).getAttribute('href')).toBe(`/ui/pacts/payment/order/${SHA}`);
    expect(within(first).getByRole('link', { name: 'verification' }).getAttribute('href')).toBe(failing.verificationPath);
    // a long SHA is shortened, the full value on hover and on the copy button
    const version = within(first).getByTitle(SHA);
    expect(version.textContent).toBe(SHA.slice(0, 7));
    expect(within(first).getByRole('button', { name: `Copy ${SHA}` })).toBeTruthy();
    // a schema pair links to its subject's findings
    expect(within(rows[1]!).getByRole('link', { name: 'schema payment.v1.Payments' }).getAttribute('href')).toBe(
      '/ui/schemas/payment.v1.Payments',
    );
    // filter to the failures only
    fireEvent.change(screen.getByLabelText('Show'), { target: { value: 'FAILED' } });
    expect(within(table).getAllByRole('row').slice(1)).toHaveLength(1);
  });
});

describe('Environments: promotion planning', () => {
  test('from staging to production: the question goes into the URL, the answer lists the services that change (NO)', async () => {
    graphql = fakeGraphql(answer('NO'));
    at('/ui/environments');
    render(<App />);
    fireEvent.change(await screen.findByLabelText('From'), { target: { value: 'staging' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: 'production' } });
    fireEvent.click(screen.getByRole('button', { name: 'Plan the promotion' }));
    expect(window.location.search).toBe('?to=production&from=staging');
    const result = await screen.findByTestId('promotion-answer');
    expect(result.dataset.status).toBe('NO');
    expect(result.textContent).toContain('Do not promote everything in staging that differs to production together.');
    const changes = within(result).getByRole('table', { name: 'Services whose versions change' });
    expect(within(changes).getAllByRole('row')[1]!.textContent).toContain('order');
    expect(within(result).getByRole('table', { name: 'Pairs the promotion depends on' }).textContent).toContain(failing.reason);
    expect(graphql.calls.find((c) => c.operation === 'PromotionPlan')!.variables).toEqual({
      target: 'production',
      source: 'staging',
      versions: null,
    });
  });

  test('a release train from a pasted link answers YES and sends the versions', async () => {
    graphql = fakeGraphql(answer('YES'));
    at(`/ui/environments?to=production&train=${encodeURIComponent(`order ${SHA}\npayment p2`)}`);
    render(<App />);
    expect((await screen.findByTestId('promotion-answer')).dataset.status).toBe('YES');
    expect(graphql.calls.find((c) => c.operation === 'PromotionPlan')!.variables).toEqual({
      target: 'production',
      source: null,
      versions: [
        { pacticipant: 'order', version: SHA },
        { pacticipant: 'payment', version: 'p2' },
      ],
    });
  });

  test('a release-train line without a version is explained, not sent', async () => {
    graphql = fakeGraphql(answer('YES'));
    at(`/ui/environments?to=production&train=order`);
    render(<App />);
    expect((await screen.findByRole('alert')).textContent).toContain('write one service and one version per line');
    expect(graphql.calls.some((c) => c.operation === 'PromotionPlan')).toBe(false);
  });
});
