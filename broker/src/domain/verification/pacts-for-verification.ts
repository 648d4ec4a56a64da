// "Which pacts should provider P verify?" — the whole pacts-for-verification decision, over a
// narrow reader the store implements (store/pacts/pacts-for-verification.ts). Used by the Pact
// Broker-compatible HTTP route, and meant for `treaty verify` and GraphQL too.
import { NotFoundError } from '../../errors.ts';
import {
  defaultSelectors,
  parsePactsForVerificationQuery,
  type ConsumerMainBranchFacts,
  type ConsumerVersionSelector,
  type PactsForVerificationQuery,
  type QuerySource,
} from './consumer-version-selectors.ts';
import type { ProviderVersionContext, SuccessfulVerificationFacts } from './pending.ts';
import { buildVerifiablePacts, type SelectedPact, type VerifiablePact } from './verifiable-pacts.ts';
import { selectWipPacts, type WipCandidate } from './wip.ts';

export interface ProviderRef {
  id: number;
  name: string;
}

export interface PactsForVerificationReader {
  findProvider(name: string): Promise<ProviderRef | undefined>;
  /** Every environment name (to validate `environment` in selectors). */
  findEnvironmentNames(): Promise<Set<string>>;
  /** The provider's consumers and what their main branch has (for the default selectors). */
  findConsumerMainBranchFacts(providerId: number): Promise<ConsumerMainBranchFacts[]>;
  /** Every pact publication each selector matches, fallbacks applied. */
  selectPacts(providerId: number, selectors: readonly ConsumerVersionSelector[]): Promise<SelectedPact[]>;
  /** Pacts of consumer branch heads and tag heads published on/after `since`. */
  findWipCandidates(providerId: number, since: Date): Promise<WipCandidate[]>;
  /** Per pact version: facts about all successful verifications, and about the non-WIP ones. */
  findSuccessfulVerificationFacts(
    pactVersionIds: readonly number[],
  ): Promise<{ all: Map<number, SuccessfulVerificationFacts>; nonWip: Map<number, SuccessfulVerificationFacts> }>;
  findProviderVersionContext(providerId: number, branch: string | undefined, tags: readonly string[]): Promise<ProviderVersionContext>;
}

export interface PactsForVerification {
  provider: ProviderRef;
  query: PactsForVerificationQuery;
  pacts: VerifiablePact[];
}

/**
 * Parses the request (JSON body or deprecated query string), applies the selectors (or the
 * defaults), the pending status and the WIP pacts. 404 for an unknown provider, 400 for an
 * invalid request.
 */
export async function findPactsForVerification(
  reader: PactsForVerificationReader,
  providerName: string,
  request: unknown,
  source: QuerySource,
): Promise<PactsForVerification> {
  // Independent lookups run concurrently (issue #14: five sequential round trips were most of the latency under load).
  const [provider, environments] = await Promise.all([reader.findProvider(providerName), reader.findEnvironmentNames()]);
  if (!provider) {
    throw new NotFoundError(
      `No provider named '${providerName}'. Check the name (GET /pacticipants); a provider exists once a consumer has published a pact for it.`,
    );
  }
  const query = parsePactsForVerificationQuery(request, source, (name) => environments.has(name));
  const selectors = query.selectors.length > 0 ? query.selectors : defaultSelectors(await reader.findConsumerMainBranchFacts(provider.id));
  const since = query.includeWipPactsSince;
  const wantsWip = since !== undefined && (query.providerVersionBranch !== undefined || query.providerVersionTags.length > 0);
  // The provider version context is fetched alongside whenever it may be needed (pending status, or WIP pacts
  // that turn out to exist) and used only when it is, so the answer is the same as fetching it afterwards.
  const [selected, candidates, fetchedContext] = await Promise.all([
    reader.selectPacts(provider.id, selectors),
    wantsWip ? reader.findWipCandidates(provider.id, since) : Promise.resolve([]),
    query.includePendingStatus || wantsWip
      ? reader.findProviderVersionContext(provider.id, query.providerVersionBranch, query.providerVersionTags)
      : Promise.resolve(undefined),
  ]);
  const needsFacts = query.includePendingStatus || candidates.length > 0;
  const context: ProviderVersionContext = needsFacts && fetchedContext ? fetchedContext : { branch: undefined, tags: [] };
  const ids = [...new Set([...selected.map((s) => s.pactVersion.id), ...candidates.map((c) => c.pactVersion.id)])];
  const facts = needsFacts && ids.length > 0 ? await reader.findSuccessfulVerificationFacts(ids) : { all: new Map(), nonWip: new Map() };

  const explicit = buildVerifiablePacts({
    providerName: provider.name,
    selected,
    facts: facts.all,
    provider: context,
    includePendingStatus: query.includePendingStatus,
  });
  const wip =
    wantsWip && since
      ? selectWipPacts({
          providerName: provider.name,
          since,
          candidates,
          nonWipFacts: facts.nonWip,
          provider: context,
          explicitlySelected: new Set(explicit.map((p) => p.pactVersion.id)),
        })
      : [];
  return { provider, query, pacts: [...explicit, ...wip] };
}
