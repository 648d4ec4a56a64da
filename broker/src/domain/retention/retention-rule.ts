// Data retention: which application versions a cleanup may delete (the Pact Broker's "clean"
// feature, PB lib/pact_broker/db/clean_incremental.rb and its keep selectors). Pure: the store
// (store/operations/retention.ts) loads the facts, this decides, the store deletes.
//
// A version is KEPT when any of these holds (each is a reason, reported by dry runs):
//   recent          created less than `keepDays` days ago;
//   latest          one of the `keepLatest` newest versions of its pacticipant;
//   branchHead      the newest version of one of its branches (the main branch included): pacts for
//                   verification, WIP pacts and "latest from branch X" selectors resolve to branch heads
//                   (PB's default keep selector `{ branch: true, latest: true }`);
//   keptBranch      on a branch named in `keepBranches` (every version of it, not only the head);
//   latestTag       the newest version carrying one of its tags (PB `{ tag: true, latest: true }`);
//   deployed        currently deployed in some environment;
//   released        released and still supported in some environment;
//   needed          needed by a can-i-deploy answer about a deployed or released version (below).
// Every other version is deletable: it is older than keepDays AND beyond the latest keepLatest AND on no
// kept branch, no branch or tag head, and nothing deployed, released or needed depends on it.
//
// "Needed" precisely. Let D be the set of deployed or released versions. A version V is needed when
//   (a) V is a provider version, and for some pact content published by a consumer version in D, V is the
//       provider version with the highest id among the versions that verified that content. This is the row
//       the matrix keeps for the deployed consumer version (latestby=cvp keeps the latest provider version
//       per consumer version × provider), so deleting V would change the answer about the deployed
//       consumer ("is what runs verified, and by which provider version?") to an older verification;
//   (b) V is a consumer version, and for some consumer C and provider version P in D, V is the consumer version
//       of C with the highest id among those that published a pact content P verified. This is "the latest
//       consumer version the running provider verified", which the matrix shows for a deployed provider.
// can-i-deploy of a version to an environment reads only the rows between that version and the versions in
// the environment (all in D, all kept), and the pacts and verifications belonging to them (deleted only with
// their own versions), so the answer for every deployed or released version, and for every kept candidate,
// is unchanged by a cleanup that deletes only what this rule allows. The tests check that on real answers.
// What does change is history: the matrix of one version without a destination lists fewer rows once the
// versions on the other side are deleted (that is the point of a cleanup), never a different result for a row.

export const KeepReason = {
  recent: 'recent',
  latest: 'latest',
  branchHead: 'branchHead',
  keptBranch: 'keptBranch',
  latestTag: 'latestTag',
  deployed: 'deployed',
  released: 'released',
  needed: 'needed',
} as const;
export type KeepReason = (typeof KeepReason)[keyof typeof KeepReason];

export interface RetentionPolicy {
  /** Versions younger than this many days are kept. */
  keepDays: number;
  /** The newest versions of each pacticipant kept, whatever their age. */
  keepLatest: number;
  /** Branch names whose every version is kept (e.g. ["main", "release"]). */
  keepBranches: readonly string[];
}

export interface RetentionVersion {
  id: number;
  pacticipantId: number;
  createdAt: Date;
  branches: readonly string[];
  tags: readonly string[];
}

export interface RetentionFacts {
  versions: readonly RetentionVersion[];
  /** Currently deployed (not undeployed) version ids. */
  deployedVersionIds: readonly number[];
  /** Released and still supported version ids. */
  releasedVersionIds: readonly number[];
  /** Pact publications: which consumer version published which content. At least those of versions in D and of contents verified by versions in D. */
  publications: ReadonlyArray<{ consumerVersionId: number; consumerId: number; pactVersionId: number }>;
  /** Verifications: which provider version verified which content. At least those of contents published by versions in D and by versions in D. */
  verifications: ReadonlyArray<{ pactVersionId: number; providerVersionId: number }>;
}

export interface RetentionDecision {
  /** Version ids that may be deleted, oldest first. */
  deletable: number[];
  /** Why each kept version is kept. */
  kept: Map<number, KeepReason[]>;
}

const DAY_MS = 86_400_000;

function maxBy<K>(entries: Iterable<[K, number]>): Map<K, number> {
  const result = new Map<K, number>();
  for (const [key, id] of entries) if ((result.get(key) ?? -Infinity) < id) result.set(key, id);
  return result;
}

/** Version ids needed by can-i-deploy answers about deployed/released versions ("needed" above). */
export function neededVersionIds(
  facts: Pick<RetentionFacts, 'deployedVersionIds' | 'releasedVersionIds' | 'publications' | 'verifications'>,
): Set<number> {
  const running = new Set([...facts.deployedVersionIds, ...facts.releasedVersionIds]);
  const needed = new Set<number>();
  // (a) the latest provider version verifying each content a running consumer version published.
  const runningContents = new Set(facts.publications.filter((p) => running.has(p.consumerVersionId)).map((p) => p.pactVersionId));
  const latestVerifier = maxBy(
    facts.verifications
      .filter((v) => runningContents.has(v.pactVersionId))
      .map((v) => [v.pactVersionId, v.providerVersionId] as [number, number]),
  );
  for (const id of latestVerifier.values()) needed.add(id);
  // (b) per running provider version and consumer, the latest consumer version publishing a content it verified.
  const verifiedByRunning = new Map<number, Set<number>>();
  for (const v of facts.verifications) {
    if (!running.has(v.providerVersionId)) continue;
    const set = verifiedByRunning.get(v.pactVersionId) ?? new Set<number>();
    set.add(v.providerVersionId);
    verifiedByRunning.set(v.pactVersionId, set);
  }
  const latestConsumerVersion = maxBy(
    facts.publications.flatMap((p) =>
      [...(verifiedByRunning.get(p.pactVersionId) ?? [])].map(
        (providerVersionId) => [`${providerVersionId}/${p.consumerId}`, p.consumerVersionId] as [string, number],
      ),
    ),
  );
  for (const id of latestConsumerVersion.values()) needed.add(id);
  return needed;
}

export function decideRetention(facts: RetentionFacts, policy: RetentionPolicy, now: Date): RetentionDecision {
  const kept = new Map<number, KeepReason[]>();
  const keep = (id: number, reason: KeepReason) => kept.set(id, [...(kept.get(id) ?? []), reason]);
  const cutoff = now.getTime() - policy.keepDays * DAY_MS;
  const keptBranches = new Set(policy.keepBranches);

  const byPacticipant = new Map<number, RetentionVersion[]>();
  for (const v of facts.versions) {
    const list = byPacticipant.get(v.pacticipantId);
    if (list) list.push(v);
    else byPacticipant.set(v.pacticipantId, [v]);
  }
  const branchHeads = new Set(
    maxBy(facts.versions.flatMap((v) => v.branches.map((b) => [`${v.pacticipantId}/${b}`, v.id] as [string, number]))).values(),
  );
  const tagHeads = new Set(
    maxBy(facts.versions.flatMap((v) => v.tags.map((t) => [`${v.pacticipantId}/${t}`, v.id] as [string, number]))).values(),
  );
  const deployed = new Set(facts.deployedVersionIds);
  const released = new Set(facts.releasedVersionIds);
  const needed = neededVersionIds(facts);
  const latest = new Set(
    [...byPacticipant.values()].flatMap((vs) =>
      [...vs]
        .sort((a, b) => b.id - a.id)
        .slice(0, policy.keepLatest)
        .map((v) => v.id),
    ),
  );

  for (const v of facts.versions) {
    if (v.createdAt.getTime() > cutoff) keep(v.id, KeepReason.recent);
    if (latest.has(v.id)) keep(v.id, KeepReason.latest);
    if (branchHeads.has(v.id)) keep(v.id, KeepReason.branchHead);
    if (v.branches.some((b) => keptBranches.has(b))) keep(v.id, KeepReason.keptBranch);
    if (tagHeads.has(v.id)) keep(v.id, KeepReason.latestTag);
    if (deployed.has(v.id)) keep(v.id, KeepReason.deployed);
    if (released.has(v.id)) keep(v.id, KeepReason.released);
    if (needed.has(v.id)) keep(v.id, KeepReason.needed);
  }
  const deletable = facts.versions
    .filter((v) => !kept.has(v.id))
    .map((v) => v.id)
    .sort((a, b) => a - b);
  return { deletable, kept };
}
