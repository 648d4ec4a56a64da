// The retention rule (issue #6, the Pact Broker's clean feature): which versions a cleanup keeps and why.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decideRetention, neededVersionIds, type RetentionFacts, type RetentionPolicy, type RetentionVersion } from './retention-rule.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000);
const v = (id: number, age: number, extra: Partial<RetentionVersion> = {}): RetentionVersion => ({
  id,
  pacticipantId: 1,
  createdAt: daysAgo(age),
  branches: [],
  tags: [],
  ...extra,
});
const policy: RetentionPolicy = { keepDays: 30, keepLatest: 1, keepBranches: [] };
const facts = (versions: RetentionVersion[], extra: Partial<RetentionFacts> = {}): RetentionFacts => ({
  versions,
  deployedVersionIds: [],
  releasedVersionIds: [],
  publications: [],
  verifications: [],
  ...extra,
});

describe('decideRetention', () => {
  test.each([
    ['deletes old versions beyond the latest K', facts([v(1, 100), v(2, 90), v(3, 80)]), policy, [1, 2]],
    ['keeps versions younger than keepDays', facts([v(1, 100), v(2, 10), v(3, 5)]), policy, [1]],
    [
      'keeps the latest K per pacticipant',
      facts([v(1, 100), v(2, 90), v(3, 80), v(4, 80, { pacticipantId: 2 })]),
      { ...policy, keepLatest: 2 },
      [1],
    ],
    [
      'keeps each branch head (main and feature branches)',
      facts([v(1, 100, { branches: ['main'] }), v(2, 90, { branches: ['main'] }), v(3, 80, { branches: ['feat'] }), v(4, 70)]),
      policy,
      [1],
    ],
    [
      'keeps every version of a kept branch',
      facts([v(1, 100, { branches: ['release'] }), v(2, 90, { branches: ['release'] }), v(3, 80)]),
      { ...policy, keepBranches: ['release'] },
      [],
    ],
    ['keeps the latest version of each tag', facts([v(1, 100, { tags: ['prod'] }), v(2, 90, { tags: ['prod'] }), v(3, 80)]), policy, [1]],
    [
      'keeps deployed and released versions',
      facts([v(1, 100), v(2, 90), v(3, 80)], { deployedVersionIds: [1], releasedVersionIds: [2] }),
      policy,
      [],
    ],
  ])('%s', (_name, input, p, deletable) => {
    expect(decideRetention(input, p, NOW).deletable).toEqual(deletable);
  });

  test('reports every reason a version is kept', () => {
    const decision = decideRetention(facts([v(1, 1, { branches: ['main'], tags: ['prod'] })], { deployedVersionIds: [1] }), policy, NOW);
    expect(decision.kept.get(1)).toEqual(['recent', 'latest', 'branchHead', 'latestTag', 'deployed']);
  });
});

describe('neededVersionIds (what can-i-deploy answers about running versions read)', () => {
  // Consumer C (versions 1..3), provider P (versions 11..13). Content 100 published by C1 and C2, content 200 by C3.
  const publications = [
    { consumerVersionId: 1, consumerId: 1, pactVersionId: 100 },
    { consumerVersionId: 2, consumerId: 1, pactVersionId: 100 },
    { consumerVersionId: 3, consumerId: 1, pactVersionId: 200 },
  ];
  const verifications = [
    { pactVersionId: 100, providerVersionId: 11 },
    { pactVersionId: 100, providerVersionId: 12 },
    { pactVersionId: 200, providerVersionId: 13 },
  ];

  test('(a) the latest provider version that verified a content a deployed consumer version published', () => {
    expect([...neededVersionIds({ deployedVersionIds: [1], releasedVersionIds: [], publications, verifications })].sort()).toEqual([12]);
  });

  test('(b) the latest consumer version that published a content a released provider version verified', () => {
    expect([...neededVersionIds({ deployedVersionIds: [], releasedVersionIds: [11], publications, verifications })].sort()).toEqual([2]);
  });

  test('nothing is needed when nothing runs', () => {
    expect(neededVersionIds({ deployedVersionIds: [], releasedVersionIds: [], publications, verifications }).size).toBe(0);
  });

  test('a needed version is kept even when old and beyond the latest K', () => {
    const versions = [
      v(1, 100, { pacticipantId: 1 }),
      v(2, 99, { pacticipantId: 1 }),
      v(3, 98, { pacticipantId: 1 }),
      v(11, 100, { pacticipantId: 2 }),
      v(12, 99, { pacticipantId: 2 }),
      v(13, 98, { pacticipantId: 2 }),
    ];
    const decision = decideRetention(facts(versions, { deployedVersionIds: [1], publications, verifications }), policy, NOW);
    expect(decision.kept.get(12)).toEqual(['needed']);
    expect(decision.deletable).toEqual([2, 11]);
  });
});

describe('decideRetention properties', () => {
  const versionsArb = fc
    .array(
      fc.record({
        pacticipantId: fc.integer({ min: 1, max: 3 }),
        age: fc.integer({ min: 0, max: 200 }),
        branch: fc.constantFrom(null, 'main', 'feat'),
        tag: fc.constantFrom(null, 'prod'),
      }),
      { maxLength: 30 },
    )
    .map((rows) =>
      rows.map((r, i) =>
        v(i + 1, r.age, { pacticipantId: r.pacticipantId, branches: r.branch ? [r.branch] : [], tags: r.tag ? [r.tag] : [] }),
      ),
    );
  const policyArb = fc.record({
    keepDays: fc.integer({ min: 0, max: 120 }),
    keepLatest: fc.integer({ min: 0, max: 5 }),
    keepBranches: fc.subarray(['main', 'feat']),
  });

  test('every version is either deletable or kept with a reason, never both; deployed, recent and branch heads are never deletable', () => {
    fc.assert(
      fc.property(versionsArb, policyArb, fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 4 }), (versions, p, deployed) => {
        const decision = decideRetention(facts(versions, { deployedVersionIds: deployed }), p, NOW);
        for (const version of versions) {
          expect(decision.deletable.includes(version.id)).toBe(!decision.kept.has(version.id));
        }
        const deletable = new Set(decision.deletable);
        for (const id of deployed) expect(deletable.has(id)).toBe(false);
        for (const version of versions) {
          if (version.createdAt.getTime() > daysAgo(p.keepDays).getTime()) expect(deletable.has(version.id)).toBe(false);
          const newerOnSameBranch = versions.some(
            (o) => o.id > version.id && o.pacticipantId === version.pacticipantId && o.branches.some((b) => version.branches.includes(b)),
          );
          if (version.branches.length > 0 && !newerOnSameBranch) expect(deletable.has(version.id)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('keeping more (more days, more latest, more branches) never deletes more', () => {
    fc.assert(
      fc.property(
        versionsArb,
        policyArb,
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 3 }),
        (versions, p, moreDays, moreLatest) => {
          const strict = new Set(decideRetention(facts(versions), p, NOW).deletable);
          const lenient = decideRetention(
            facts(versions),
            { keepDays: p.keepDays + moreDays, keepLatest: p.keepLatest + moreLatest, keepBranches: [...p.keepBranches, 'main'] },
            NOW,
          ).deletable;
          for (const id of lenient) expect(strict.has(id)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
