import { describe, expect, test } from 'vitest';
import type { SuccessfulVerificationFacts } from './pending.ts';
import { selectWipPacts, type WipCandidate } from './wip.ts';

const day = (n: number) => new Date(Date.UTC(2024, 0, n));
const consumer = { id: 1, name: 'Web', mainBranch: 'main' };
const candidate = (id: number, branch: string, publishedDay: number): WipCandidate => ({
  consumer,
  pactVersion: { id, sha: `sha${id}` },
  consumerVersion: { id: id * 10, number: String(id) },
  head: { kind: 'branch', name: branch },
  publishedAt: day(publishedDay),
});
const verifiedByBranch = (branch: string, d: number): SuccessfulVerificationFacts => ({
  firstSuccessAt: day(d),
  firstSuccessByBranch: new Map([[branch, day(d)]]),
  firstSuccessByTag: new Map(),
});
const provider = { branch: { name: 'main', createdAt: day(1) }, tags: [] };

describe('selectWipPacts (PB find_wip)', () => {
  test.each([
    ['includes a branch head published since the date', [candidate(1, 'feat', 10)], new Map(), new Set<number>(), [1]],
    ['excludes pacts published before includeWipPactsSince', [candidate(1, 'feat', 2)], new Map(), new Set<number>(), []],
    [
      'excludes pacts the provider branch verified successfully',
      [candidate(1, 'feat', 10)],
      new Map([[1, verifiedByBranch('main', 11)]]),
      new Set<number>(),
      [],
    ],
    [
      'keeps pacts only another branch verified after the provider branch was created',
      [candidate(1, 'feat', 10)],
      new Map([[1, verifiedByBranch('other', 11)]]),
      new Set<number>(),
      [1],
    ],
    ['excludes pacts the selectors already chose', [candidate(1, 'feat', 10)], new Map(), new Set([1]), []],
    [
      'merges branch heads with the same content',
      [candidate(1, 'feat-a', 10), candidate(1, 'feat-b', 10)],
      new Map(),
      new Set<number>(),
      [1],
    ],
  ])('%s', (_name, candidates, nonWipFacts, explicitlySelected, expected) => {
    const wip = selectWipPacts({ providerName: 'Api', since: day(5), candidates, nonWipFacts, provider, explicitlySelected });
    expect(wip.map((p) => p.pactVersion.id)).toEqual(expected);
    for (const p of wip) expect(p).toMatchObject({ wip: true, pending: { pending: true, providerBranch: 'main' } });
  });

  test('is empty without a provider branch or tags', () => {
    expect(
      selectWipPacts({
        providerName: 'Api',
        since: day(1),
        candidates: [candidate(1, 'feat', 10)],
        nonWipFacts: new Map(),
        provider: { branch: undefined, tags: [] },
        explicitlySelected: new Set(),
      }),
    ).toEqual([]);
  });
});
