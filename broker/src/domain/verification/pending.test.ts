import { describe, expect, test } from 'vitest';
import { pendingStatus, type ProviderVersionContext, type SuccessfulVerificationFacts } from './pending.ts';

const t = (n: number) => new Date(Date.UTC(2024, 0, n));
const facts = (byBranch: Array<[string, number]> = [], byTag: Array<[string, number]> = []): SuccessfulVerificationFacts => ({
  firstSuccessAt: [...byBranch, ...byTag].length ? t(Math.min(...[...byBranch, ...byTag].map(([, d]) => d))) : undefined,
  firstSuccessByBranch: new Map(byBranch.map(([n, d]) => [n, t(d)])),
  firstSuccessByTag: new Map(byTag.map(([n, d]) => [n, t(d)])),
});
const onBranch = (name: string, created?: number): ProviderVersionContext => ({
  branch: { name, createdAt: created === undefined ? undefined : t(created) },
  tags: [],
});
const withTags = (...tags: Array<[string, number?]>): ProviderVersionContext => ({
  branch: undefined,
  tags: tags.map(([name, d]) => ({ name, firstUsedAt: d === undefined ? undefined : t(d) })),
});

describe('pendingStatus (PB pact_version.rb#pending_for_provider_branch?)', () => {
  test.each([
    ['pending when never verified', facts(), onBranch('main', 1), true],
    ['not pending once a version from the branch verified it', facts([['main', 5]]), onBranch('main', 1), false],
    ['still pending for another branch created before that verification', facts([['main', 5]]), onBranch('feat', 3), true],
    ['not pending for a branch created after another branch verified it', facts([['main', 5]]), onBranch('feat', 9), false],
    ['not pending for a branch that does not exist yet when any branch verified it', facts([['main', 5]]), onBranch('new'), false],
  ])('with a provider branch: %s', (_name, f, ctx, pending) => {
    expect(pendingStatus(f, ctx).pending).toBe(pending);
  });

  test.each([
    ['pending for a tag never verified', facts(), withTags(['dev', 1]), true, ['dev']],
    ['not pending once a version with the tag verified it', facts([], [['dev', 2]]), withTags(['dev', 1]), false, []],
    ['pending for just the tags not verified', facts([], [['dev', 2]]), withTags(['dev', 1], ['feat', 1]), true, ['feat']],
  ])('without a branch, falls back to providerVersionTags: %s', (_name, f, ctx, pending, pendingTags) => {
    const status = pendingStatus(f, ctx);
    expect(status.pending).toBe(pending);
    expect(status.pendingProviderTags).toEqual(pendingTags);
  });

  test.each([
    ['pending until any provider version verifies it', facts(), true],
    ['not pending after any successful verification', facts([['x', 1]]), false],
  ])('without branch or tags: %s', (_name, f, pending) => {
    expect(pendingStatus(f, { branch: undefined, tags: [] }).pending).toBe(pending);
  });
});
