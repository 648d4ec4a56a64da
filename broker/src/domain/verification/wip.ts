// Work-in-progress pacts (https://docs.pact.io/go/wip): with includeWipPactsSince, the provider also
// verifies the latest pact of every consumer branch (and tag) published since that date that the
// verifying provider branch has not yet verified successfully, and that the selectors did not
// already pick. They are always pending, so they never fail the build.
//
// The Pact Broker's rules (PB pacts/pacts_for_verification_repository.rb#find_wip):
// - candidates are the pacts of consumer branch heads and tag heads published on/after the date;
// - drop those verified successfully (in a non-WIP verification) by a version of the provider
//   branch, or by another provider branch before this branch was created;
// - drop those whose content was explicitly selected;
// - without a provider branch, the same per provider tag; with neither, there are no WIP pacts.
import type { ConsumerVersionSelector } from './consumer-version-selectors.ts';
import { noVerifications, verifiedFor, type ProviderVersionContext, type SuccessfulVerificationFacts } from './pending.ts';
import {
  compareByConsumerThenVersion,
  sortSelectors,
  type ConsumerRef,
  type ConsumerVersionRef,
  type PactVersionRef,
  type ResolvedSelector,
  type VerifiablePact,
} from './verifiable-pacts.ts';

/** A pact published for the head of a consumer branch or tag. */
export interface WipCandidate {
  consumer: ConsumerRef;
  pactVersion: PactVersionRef;
  consumerVersion: ConsumerVersionRef;
  head: { kind: 'branch' | 'tag'; name: string };
  publishedAt: Date;
}

export interface WipInput {
  providerName: string;
  since: Date;
  candidates: readonly WipCandidate[];
  /** Pact version id → facts about successful verifications that were NOT themselves WIP. */
  nonWipFacts: ReadonlyMap<number, SuccessfulVerificationFacts>;
  provider: ProviderVersionContext;
  /** Pact version ids already chosen by the selectors. */
  explicitlySelected: ReadonlySet<number>;
}

export function selectWipPacts(input: WipInput): VerifiablePact[] {
  const { provider } = input;
  const fresh = input.candidates.filter(
    (c) => c.publishedAt.getTime() >= input.since.getTime() && !input.explicitlySelected.has(c.pactVersion.id),
  );
  const byContent = new Map<number, { candidates: WipCandidate[]; pendingTags: Set<string> }>();
  const keep = (c: WipCandidate, tag?: string) => {
    const entry = byContent.get(c.pactVersion.id) ?? { candidates: [], pendingTags: new Set<string>() };
    if (!entry.candidates.includes(c)) entry.candidates.push(c);
    if (tag !== undefined) entry.pendingTags.add(tag);
    byContent.set(c.pactVersion.id, entry);
  };
  const factsOf = (c: WipCandidate) => input.nonWipFacts.get(c.pactVersion.id) ?? noVerifications;
  if (provider.branch) {
    const branch = provider.branch;
    for (const c of fresh) if (!verifiedFor(factsOf(c).firstSuccessByBranch, branch.name, branch.createdAt)) keep(c);
  } else {
    for (const tag of provider.tags) {
      for (const c of fresh) if (!verifiedFor(factsOf(c).firstSuccessByTag, tag.name, tag.firstUsedAt)) keep(c, tag.name);
    }
  }
  return [...byContent.values()]
    .map(({ candidates, pendingTags }) => toVerifiablePact(input.providerName, candidates, [...pendingTags], provider))
    .sort(compareByConsumerThenVersion);
}

function toVerifiablePact(
  providerName: string,
  candidates: WipCandidate[],
  pendingTags: string[],
  provider: ProviderVersionContext,
): VerifiablePact {
  const first = candidates[0]!;
  const selectors: ResolvedSelector[] = candidates.map((c) => {
    const selector: ConsumerVersionSelector =
      c.head.kind === 'branch' ? { kind: 'branch', branch: c.head.name } : { kind: 'latestTag', tag: c.head.name };
    return { selector, consumerVersion: c.consumerVersion, fallbackUsed: false };
  });
  const consumerVersion = candidates.reduce((v, c) => (c.consumerVersion.id > v.id ? c.consumerVersion : v), first.consumerVersion);
  return {
    consumer: first.consumer,
    providerName,
    pactVersion: first.pactVersion,
    consumerVersion,
    selectors: sortSelectors(selectors),
    pending: {
      pending: true,
      pendingProviderTags: pendingTags,
      nonPendingProviderTags: provider.tags.map((t) => t.name).filter((t) => !pendingTags.includes(t)),
      providerBranch: provider.branch?.name,
    },
    wip: true,
  };
}
