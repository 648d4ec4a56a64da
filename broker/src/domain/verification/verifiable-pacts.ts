// From "selector X matched pact content Y of consumer version V" rows to the list a verifier gets:
// one entry per unique pact content (the Pact Broker "squashes" identical content, PB
// pacts/selected_pact.rb#merge_by_pact_version_sha), carrying every selector that matched it, the
// latest consumer version among them, and the pending status for the verifying provider version.
import type { ConsumerVersionSelector } from './consumer-version-selectors.ts';
import {
  pendingStatus,
  noVerifications,
  type PendingStatus,
  type ProviderVersionContext,
  type SuccessfulVerificationFacts,
} from './pending.ts';

export interface ConsumerRef {
  id: number;
  name: string;
  mainBranch: string | null;
}

export interface ConsumerVersionRef {
  id: number;
  number: string;
}

export interface PactVersionRef {
  id: number;
  sha: string;
}

/** A selector as it matched one consumer version. */
export interface ResolvedSelector {
  selector: ConsumerVersionSelector;
  consumerVersion: ConsumerVersionRef;
  /** deployed / released / environment selectors: where the version is. */
  environment?: { name: string; production: boolean } | undefined;
  /** The fallback tag/branch was used because the primary one had no pact. */
  fallbackUsed: boolean;
}

/** One pact publication matched by one selector. */
export interface SelectedPact {
  consumer: ConsumerRef;
  pactVersion: PactVersionRef;
  selector: ResolvedSelector;
}

export interface VerifiablePact {
  consumer: ConsumerRef;
  providerName: string;
  pactVersion: PactVersionRef;
  /** The latest consumer version among the selectors. */
  consumerVersion: ConsumerVersionRef;
  /** Sorted the way the Pact Broker describes them. */
  selectors: ResolvedSelector[];
  /** Present when the request asked for the pending status (always for WIP pacts). */
  pending: PendingStatus | undefined;
  /** A work-in-progress pact (see wip.ts): never fails the build. */
  wip: boolean;
}

/** Merges selected pacts by content: one entry per (consumer, content SHA), in the Pact Broker's order. */
export function mergeSelectedPacts(selected: readonly SelectedPact[]): Array<Omit<VerifiablePact, 'pending' | 'wip' | 'providerName'>> {
  const byContent = new Map<string, { consumer: ConsumerRef; pactVersion: PactVersionRef; selectors: ResolvedSelector[] }>();
  for (const s of selected) {
    const key = `${s.consumer.id}:${s.pactVersion.sha}`;
    const entry = byContent.get(key) ?? { consumer: s.consumer, pactVersion: s.pactVersion, selectors: [] };
    if (!entry.selectors.some((r) => sameResolvedSelector(r, s.selector))) entry.selectors.push(s.selector);
    byContent.set(key, entry);
  }
  return [...byContent.values()]
    .map((e) => ({ ...e, selectors: sortSelectors(e.selectors), consumerVersion: latestVersion(e.selectors) }))
    .sort(compareByConsumerThenVersion);
}

export interface VerifiablePactsInput {
  providerName: string;
  selected: readonly SelectedPact[];
  /** Pact version id → successful verification facts (missing means never verified). */
  facts: ReadonlyMap<number, SuccessfulVerificationFacts>;
  provider: ProviderVersionContext;
  includePendingStatus: boolean;
}

/** The verifiable pacts of the explicit (or default) selectors, with their pending status. */
export function buildVerifiablePacts(input: VerifiablePactsInput): VerifiablePact[] {
  return mergeSelectedPacts(input.selected).map((p) => ({
    ...p,
    providerName: input.providerName,
    pending: input.includePendingStatus ? pendingStatus(input.facts.get(p.pactVersion.id) ?? noVerifications, input.provider) : undefined,
    wip: false,
  }));
}

export function compareByConsumerThenVersion(
  a: { consumer: ConsumerRef; consumerVersion: ConsumerVersionRef },
  b: { consumer: ConsumerRef; consumerVersion: ConsumerVersionRef },
): number {
  const byName = a.consumer.name.toLowerCase().localeCompare(b.consumer.name.toLowerCase());
  return byName !== 0 ? byName : a.consumerVersion.id - b.consumerVersion.id;
}

function latestVersion(selectors: readonly ResolvedSelector[]): ConsumerVersionRef {
  return selectors.reduce((latest, s) => (s.consumerVersion.id > latest.id ? s.consumerVersion : latest), selectors[0]!.consumerVersion);
}

function sameResolvedSelector(a: ResolvedSelector, b: ResolvedSelector): boolean {
  return (
    a.consumerVersion.id === b.consumerVersion.id &&
    a.fallbackUsed === b.fallbackUsed &&
    a.environment?.name === b.environment?.name &&
    JSON.stringify(a.selector) === JSON.stringify(b.selector)
  );
}

/** The Pact Broker's selector order (PB pacts/selector.rb#<=>): latest, branches, tags, deployed, released; then version. */
const KIND_ORDER: Record<ConsumerVersionSelector['kind'], number> = {
  overallLatest: 0,
  mainBranch: 1,
  branch: 2,
  matchingBranch: 2,
  latestTag: 3,
  allForTag: 4,
  deployed: 5,
  released: 6,
  environment: 7,
};

export function sortSelectors(selectors: readonly ResolvedSelector[]): ResolvedSelector[] {
  const nameOf = (s: ConsumerVersionSelector): string => ('branch' in s ? s.branch : 'tag' in s ? s.tag : '');
  const envRank = (r: ResolvedSelector) => (r.environment ? `${r.environment.production ? 1 : 0}:${r.environment.name}` : '');
  return [...selectors].sort(
    (a, b) =>
      KIND_ORDER[a.selector.kind] - KIND_ORDER[b.selector.kind] ||
      nameOf(a.selector).localeCompare(nameOf(b.selector)) ||
      envRank(a).localeCompare(envRank(b)) ||
      a.consumerVersion.id - b.consumerVersion.id,
  );
}
