import { describe, expect, test } from 'vitest';
import { buildNotices, shortDescription } from './notices.ts';
import type { VerifiablePact } from './verifiable-pacts.ts';

const base = (overrides: Partial<VerifiablePact> = {}): VerifiablePact => ({
  consumer: { id: 1, name: 'Foo', mainBranch: 'main' },
  providerName: 'Bar',
  pactVersion: { id: 1, sha: 'abc' },
  consumerVersion: { id: 2, number: '2.0.0' },
  selectors: [{ selector: { kind: 'mainBranch' }, consumerVersion: { id: 2, number: '2.0.0' }, fallbackUsed: false }],
  pending: { pending: true, pendingProviderTags: [], nonPendingProviderTags: [], providerBranch: 'main' },
  wip: false,
  ...overrides,
});

describe('buildNotices (PB verifiable_pact_messages.rb)', () => {
  test('names the selector, and says a pending pact does not fail the build', () => {
    expect(buildNotices(base(), 'http://b/pact', true)).toMatchInlineSnapshot(`
      [
        {
          "text": "The pact at http://b/pact is being verified because the pact content belongs to the consumer version matching the following criterion:
          * latest version from the main branch 'main' (2.0.0)",
          "when": "before_verification",
        },
        {
          "text": "This pact is in pending state for this version of Bar because a successful verification result for a version of Bar from branch 'main' has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending",
          "when": "before_verification",
        },
        {
          "text": "This pact is still in pending state for any version of Bar from branch 'main' as the successful verification results have not yet been published.",
          "when": "after_verification:success_true_published_false",
        },
        {
          "text": "This pact is still in pending state for any version of Bar from branch 'main' as a successful verification result has not yet been published",
          "when": "after_verification:success_false_published_false",
        },
        {
          "text": "This pact is no longer in pending state for any version of Bar from branch 'main', as a successful verification result has been published. If a verification for a version of Bar fails in the future, it will fail the build. Read more at https://docs.pact.io/go/pending",
          "when": "after_verification:success_true_published_true",
        },
        {
          "text": "This pact is still in pending state for any version of Bar from branch 'main' as a successful verification result has not yet been published",
          "when": "after_verification:success_false_published_true",
        },
      ]
    `);
  });

  test.each([
    [
      'a non-pending pact fails the build',
      base({ pending: { pending: false, pendingProviderTags: [], nonPendingProviderTags: [], providerBranch: 'main' } }),
      true,
      2,
      "This pact has previously been successfully verified by a version of Bar from branch 'main'. If this verification fails, it will fail the build.",
    ],
    ['without includePendingStatus, only the inclusion reason', base(), false, 1, 'The pact at http://b/pact is being verified because'],
    [
      'a WIP pact says why it is work in progress',
      base({
        wip: true,
        selectors: [{ selector: { kind: 'branch', branch: 'feat' }, consumerVersion: { id: 2, number: '2.0.0' }, fallbackUsed: false }],
      }),
      true,
      6,
      "is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest version of Foo from branch 'feat'",
    ],
  ])('%s', (_name, pact, includePending, count, text) => {
    const notices = buildNotices(pact, 'http://b/pact', includePending);
    expect(notices).toHaveLength(count);
    expect(notices.map((n) => n.text).join('\n')).toContain(text);
  });
});

describe('shortDescription (used by Pact Go as the test name)', () => {
  test.each([
    [{ kind: 'overallLatest' } as const, undefined, 'latest'],
    [{ kind: 'mainBranch' } as const, undefined, 'latest from main branch'],
    [{ kind: 'branch', branch: 'feat' } as const, undefined, 'latest from branch feat'],
    [{ kind: 'latestTag', tag: 'prod' } as const, undefined, 'latest with tag prod'],
    [{ kind: 'allForTag', tag: 'prod' } as const, undefined, 'one of prod'],
    [{ kind: 'deployed' } as const, 'test', 'deployed to test'],
    [{ kind: 'released' } as const, 'prod', 'released in prod'],
  ])('%j → %s', (selector, environment, expected) => {
    const pact = base({
      selectors: [
        {
          selector,
          consumerVersion: { id: 2, number: '2' },
          environment: environment ? { name: environment, production: false } : undefined,
          fallbackUsed: false,
        },
      ],
    });
    expect(shortDescription(pact)).toBe(expected);
  });
});
