import { describe, expect, test } from 'vitest';
import { countVerdicts, healthStatus, promotionChanges, type EnvironmentVersion } from './environment-health.ts';

const v = (pacticipantName: string, versionNumber: string, id = 0): EnvironmentVersion => ({
  pacticipantId: pacticipantName.length,
  pacticipantName,
  versionId: id,
  versionNumber,
});

describe('promotionChanges: which pacticipants a promotion touches', () => {
  test.each([
    ['same version in both: nothing to promote', [v('order', '1')], [v('order', '1')], []],
    ['a newer version replaces the target version', [v('order', '2')], [v('order', '1')], [['order', ['1'], ['2']]]],
    ['a new service is added', [v('audit', 'a')], [], [['audit', [], ['a']]]],
    ['a service only in the target is left alone', [], [v('order', '1')], []],
    [
      'two instances in the source replace one in the target',
      [v('order', '1'), v('order', '2')],
      [v('order', '1')],
      [['order', ['1'], ['1', '2']]],
    ],
    ['names compare case-insensitively', [v('Order', '1')], [v('order', '1')], []],
  ])('%s', (_, source, target, expected) => {
    expect(promotionChanges(source, target).map((c) => [c.pacticipantName, c.currentVersions, c.promotedVersions])).toEqual(expected);
  });
});

describe('healthStatus: failed beats unverified beats verified', () => {
  test.each([
    [{ verified: 3, failed: 0, unverified: 0 }, 'healthy'],
    [{ verified: 0, failed: 0, unverified: 0 }, 'healthy'],
    [{ verified: 3, failed: 0, unverified: 1 }, 'unverified'],
    [{ verified: 3, failed: 1, unverified: 1 }, 'failing'],
  ] as const)('%o is %s', (counts, expected) => {
    expect(healthStatus(counts)).toBe(expected);
  });

  test('counts one per pair', () => {
    const pair = (status: 'verified' | 'failed' | 'unverified') => ({ status }) as Parameters<typeof countVerdicts>[0][number];
    expect(countVerdicts([pair('failed'), pair('verified'), pair('verified')])).toEqual({ verified: 2, failed: 1, unverified: 0 });
  });
});
