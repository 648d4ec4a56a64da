import { describe, expect, test } from 'vitest';
import type { ConsumerVersionSelector } from './consumer-version-selectors.ts';
import { buildVerifiablePacts, mergeSelectedPacts, type SelectedPact } from './verifiable-pacts.ts';

const web = { id: 1, name: 'Web', mainBranch: 'main' };
const selected = (sha: string, version: number, selector: ConsumerVersionSelector, environment?: string): SelectedPact => ({
  consumer: web,
  pactVersion: { id: sha.length, sha },
  selector: {
    selector,
    consumerVersion: { id: version, number: `v${version}` },
    environment: environment ? { name: environment, production: false } : undefined,
    fallbackUsed: false,
  },
});

describe('mergeSelectedPacts (PB squash by pact content)', () => {
  test.each([
    [
      'one entry for the same content matched by two selectors',
      [selected('aaa', 2, { kind: 'branch', branch: 'main' }), selected('aaa', 1, { kind: 'deployed' }, 'prod')],
      1,
      ['branch', 'deployed'],
      'v2',
    ],
    [
      'two entries for different contents, oldest consumer version first',
      [selected('aaa', 2, { kind: 'branch', branch: 'main' }), selected('bbbb', 1, { kind: 'deployed' }, 'prod')],
      2,
      ['deployed'],
      'v1',
    ],
    [
      'sorts the selectors: latest before branches before deployed',
      [
        selected('aaa', 1, { kind: 'deployed' }, 'prod'),
        selected('aaa', 1, { kind: 'overallLatest' }),
        selected('aaa', 1, { kind: 'branch', branch: 'x' }),
      ],
      1,
      ['overallLatest', 'branch', 'deployed'],
      'v1',
    ],
  ])('%s', (_name, rows, count, kinds, version) => {
    const merged = mergeSelectedPacts(rows);
    expect(merged).toHaveLength(count);
    expect(merged[0]!.selectors.map((s) => s.selector.kind)).toEqual(kinds);
    expect(merged[0]!.consumerVersion.number).toBe(version);
  });

  test('adds the pending status only when asked', () => {
    const rows = [selected('aaa', 1, { kind: 'overallLatest' })];
    const provider = { branch: { name: 'main', createdAt: undefined }, tags: [] };
    expect(
      buildVerifiablePacts({ providerName: 'Api', selected: rows, facts: new Map(), provider, includePendingStatus: false })[0]!.pending,
    ).toBeUndefined();
    expect(
      buildVerifiablePacts({ providerName: 'Api', selected: rows, facts: new Map(), provider, includePendingStatus: true })[0]!.pending
        ?.pending,
    ).toBe(true);
  });
});
