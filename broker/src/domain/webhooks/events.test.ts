import { describe, expect, test } from 'vitest';
import {
  contentChange,
  eventsForPactPublication,
  eventsForVerification,
  requiredVerifications,
  UNTAGGED,
  type RequiredVerificationCandidate,
} from './events.ts';

const names = (events: Array<{ name: string }>) => events.map((e) => e.name);

describe('contract_content_changed (Pact Broker pacts/service.rb)', () => {
  test.each([
    ['the first pact of an untagged version', [{ selector: UNTAGGED, sha: null }], true],
    ['the same content as the previous untagged pact', [{ selector: UNTAGGED, sha: 'aaa' }], false],
    ['different content from the previous untagged pact', [{ selector: UNTAGGED, sha: 'bbb' }], true],
    [
      'a tag that never had a pact (newly tagged)',
      [
        { selector: 'main', sha: 'aaa' },
        { selector: 'feat', sha: null },
      ],
      true,
    ],
    [
      'every tag whose previous pact has the same content',
      [
        { selector: 'main', sha: 'aaa' },
        { selector: 'prod', sha: 'aaa' },
      ],
      false,
    ],
    [
      'one tag whose previous pact differs',
      [
        { selector: 'main', sha: 'aaa' },
        { selector: 'prod', sha: 'old' },
      ],
      true,
    ],
  ])('fires for a new publication when it is %s: %j -> %s', (_what, previousPacts, changed) => {
    expect(contentChange('aaa', { kind: 'new', previousPacts }).changed).toBe(changed);
  });

  test('fires for a replaced publication of the same consumer version only when the SHA changed', () => {
    expect(contentChange('aaa', { kind: 'existing', previousSha: 'aaa' })).toEqual({
      changed: false,
      explanation: 'Pact content was unchanged',
    });
    expect(contentChange('bbb', { kind: 'existing', previousSha: 'aaa' }).changed).toBe(true);
  });

  test('explains which previous pact made the difference', () => {
    const { explanation } = contentChange('aaa', {
      kind: 'new',
      previousPacts: [
        { selector: 'main', sha: 'old' },
        { selector: 'feat', sha: null },
      ],
    });
    expect(explanation).toBe("content changed since the previous pact with tag 'main'; first pact with tag 'feat'");
  });
});

describe('contract_requiring_verification_published (Pact Broker verifications/service.rb)', () => {
  const candidate = (over: Partial<RequiredVerificationCandidate>): RequiredVerificationCandidate => ({
    providerVersionId: 1,
    providerVersionNumber: 'p1',
    providerVersionBranch: 'main',
    description: 'latest version from main branch',
    alreadyVerified: false,
    ...over,
  });

  test('skips provider versions that already verified the content (successfully or not)', () => {
    expect(requiredVerifications([candidate({ alreadyVerified: true })])).toEqual([]);
  });

  test('merges the main-branch head and a deployment of the same provider version into one, keeping both descriptions', () => {
    const result = requiredVerifications([
      candidate({}),
      candidate({ description: 'currently deployed version (production)' }),
      candidate({
        providerVersionId: 2,
        providerVersionNumber: 'p0',
        providerVersionBranch: null,
        description: 'currently released version (mobile)',
      }),
    ]);
    expect(result).toEqual([
      {
        providerVersionId: 1,
        providerVersionNumber: 'p1',
        providerVersionBranch: 'main',
        descriptions: ['latest version from main branch', 'currently deployed version (production)'],
      },
      {
        providerVersionId: 2,
        providerVersionNumber: 'p0',
        providerVersionBranch: null,
        descriptions: ['currently released version (mobile)'],
      },
    ]);
  });

  test('fires one event per required provider version, after contract_published and contract_content_changed', () => {
    const required = requiredVerifications([candidate({}), candidate({ providerVersionId: 2, providerVersionNumber: 'p0' })]);
    const events = eventsForPactPublication({
      sha: 'aaa',
      change: { kind: 'new', previousPacts: [{ selector: UNTAGGED, sha: null }] },
      requiredVerifications: required,
    });
    expect(names(events)).toEqual([
      'contract_published',
      'contract_content_changed',
      'contract_requiring_verification_published',
      'contract_requiring_verification_published',
    ]);
    expect(events.flatMap((e) => ('requiredVerification' in e ? [e.requiredVerification.providerVersionNumber] : []))).toEqual([
      'p1',
      'p0',
    ]);
  });
});

describe('events of one publication', () => {
  test('an unchanged re-publish fires only contract_published (pact-broker publish of the same pact again)', () => {
    expect(
      names(eventsForPactPublication({ sha: 'aaa', change: { kind: 'existing', previousSha: 'aaa' }, requiredVerifications: [] })),
    ).toEqual(['contract_published']);
  });

  test.each([
    [true, ['provider_verification_published', 'provider_verification_succeeded']],
    [false, ['provider_verification_published', 'provider_verification_failed']],
  ])('a verification with success=%s fires %j', (success, expected) => {
    expect(names(eventsForVerification(success))).toEqual(expected);
  });
});
