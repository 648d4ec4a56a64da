// Pending pacts (https://docs.pact.io/go/pending): a pact content is pending for a provider branch
// until a version of the provider FROM THAT BRANCH has verified it successfully. A failure of a
// pending pact does not fail the provider's build.
//
// The Pact Broker's rules (PB pacts/pact_version.rb, squash_pacts_for_verification.rb):
// - with providerVersionBranch B: pending unless a successful verification came from a provider
//   version on B, or from a version on ANOTHER branch before B was created (a new feature branch
//   inherits what main had already verified; if B does not exist yet, any other branch counts);
// - else with providerVersionTags: the same per tag (tag "creation" = the first time the provider
//   used the tag); pending when any tag is pending;
// - else: pending until any provider version verifies it successfully.

/**
 * What the broker knows about the successful verifications of one pact content: per provider
 * branch and per provider tag, the time of the first successful verification by a version on it.
 */
export interface SuccessfulVerificationFacts {
  /** First successful verification by any provider version; undefined when none. */
  firstSuccessAt: Date | undefined;
  /** Branch name → first successful verification by a provider version on that branch. */
  firstSuccessByBranch: ReadonlyMap<string, Date>;
  /** Tag name → first successful verification by a provider version with that tag. */
  firstSuccessByTag: ReadonlyMap<string, Date>;
}

export const noVerifications: SuccessfulVerificationFacts = {
  firstSuccessAt: undefined,
  firstSuccessByBranch: new Map(),
  firstSuccessByTag: new Map(),
};

/** The provider version that is about to verify: its branch and/or tags and when they were first used. */
export interface ProviderVersionContext {
  branch: { name: string; createdAt: Date | undefined } | undefined;
  tags: ReadonlyArray<{ name: string; firstUsedAt: Date | undefined }>;
}

export interface PendingStatus {
  pending: boolean;
  /** Tags mode: the provider tags for which the pact is pending / no longer pending. */
  pendingProviderTags: string[];
  nonPendingProviderTags: string[];
  providerBranch: string | undefined;
}

export function pendingStatus(facts: SuccessfulVerificationFacts, provider: ProviderVersionContext): PendingStatus {
  const tagNames = provider.tags.map((t) => t.name);
  if (provider.branch) {
    const pending = !verifiedFor(facts.firstSuccessByBranch, provider.branch.name, provider.branch.createdAt);
    return { pending, pendingProviderTags: [], nonPendingProviderTags: tagNames, providerBranch: provider.branch.name };
  }
  if (provider.tags.length > 0) {
    const pendingTags = provider.tags.filter((t) => !verifiedFor(facts.firstSuccessByTag, t.name, t.firstUsedAt)).map((t) => t.name);
    return {
      pending: pendingTags.length > 0,
      pendingProviderTags: pendingTags,
      nonPendingProviderTags: tagNames.filter((t) => !pendingTags.includes(t)),
      providerBranch: undefined,
    };
  }
  return { pending: facts.firstSuccessAt === undefined, pendingProviderTags: [], nonPendingProviderTags: [], providerBranch: undefined };
}

/**
 * True when a version on `name` verified successfully, or a version on another branch/tag did so
 * before `name` was created (any time, when `name` does not exist yet).
 */
export function verifiedFor(firstSuccessBy: ReadonlyMap<string, Date>, name: string, createdAt: Date | undefined): boolean {
  if (firstSuccessBy.has(name)) return true;
  for (const [other, at] of firstSuccessBy) {
    if (other !== name && (createdAt === undefined || at.getTime() < createdAt.getTime())) return true;
  }
  return false;
}
