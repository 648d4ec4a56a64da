// One set of DataLoaders per request: every relation a resolver follows goes through one of these,
// so the resolvers of a list of N items issue one batched query per relation, not N.
import DataLoader from 'dataloader';
import type { Db } from '../store/db.ts';
import type { EnvironmentRow } from '../store/environments/environments.ts';
import {
  branchesOfPacticipants,
  branchMembershipsOfVersions,
  type GraphqlBranchRow,
  type VersionBranchRow,
} from '../store/pacticipants/branches.ts';
import { pacticipantsByIds } from '../store/pacticipants/pacticipants.ts';
import {
  versionCounts,
  versionKeyOf,
  versionPages,
  versionsByIds,
  versionsByNames,
  type VersionKey,
} from '../store/pacticipants/versions.ts';
import { deploymentsBy, type GraphqlDeploymentRow } from '../store/environments/deployments.ts';
import { environmentsByNames, environmentsByUuids } from '../store/environments/environments.ts';
import { releasesBy, type GraphqlReleaseRow } from '../store/environments/releases.ts';
import { integrationsOfPacticipants, type IntegrationRef } from '../store/integrations.ts';
import {
  consumerVersionIdsOfPactVersions,
  latestPactsOfPacticipants,
  latestPactsOfPairs,
  pactContents,
  pactsOfConsumerVersions,
  pairKey,
  previousDistinctPacts,
  type PacticipantPair,
  type PactContent,
  type PactRef,
} from '../store/pacts/pact-refs.ts';
import {
  lastVerifiedAtOfPairs,
  latestVerificationsOfPactVersions,
  verificationsByIds,
  verificationsOfPactVersions,
  type GraphqlVerificationRow,
} from '../store/verifications.ts';
import {
  contentsByIds,
  latestPublicationsOfPacticipants,
  previousPublications,
  publicationsOfSubjects,
} from '../store/schemas/schema-publications.ts';
import { latestChecksOfPublications } from '../store/schemas/contract-checks.ts';
import type { ContractCheckRow } from '../store/schemas/contract-checks.ts';
import type { PublicationRow } from '../store/schemas/schema-publications.ts';
import type { SchemaFile } from '@treaty/wire';
import { findPacticipantsByNames, nameKey, type PacticipantRow } from '../store/pacticipants/pacticipants.ts';
import { labelsOf } from '../store/pacticipants/labels.ts';
import { latestVersionsOf, type VersionRow } from '../store/pacticipants/versions.ts';
import { tagsOfVersions, type TagRow } from '../store/pacticipants/tags.ts';

/** A batch function over a keyed lookup: answers in key order, `undefined` for a missing key. */
function byKey<K, V>(load: (keys: readonly K[]) => Promise<Map<K, V>>): DataLoader<K, V | undefined> {
  return new DataLoader<K, V | undefined>(async (keys) => {
    const found = await load(keys);
    return keys.map((k) => found.get(k));
  });
}

/** Like byKey, for relations with many values per key (an empty list when there are none). */
function listByKey<K, V>(load: (keys: readonly K[]) => Promise<Map<K, V[]>>): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(async (keys) => {
    const found = await load(keys);
    return keys.map((k) => found.get(k) ?? []);
  });
}

export interface VersionPageKey {
  pacticipantId: number;
  branch: string | undefined;
  limit: number;
  beforeId: number | undefined;
}

/** Pages of versions: keys asking for the same page (branch, size, cursor) share one query. */
function versionPageLoader(db: Db): DataLoader<VersionPageKey, VersionRow[], string> {
  return new DataLoader<VersionPageKey, VersionRow[], string>(
    async (keys) => {
      const groups = new Map<string, VersionPageKey[]>();
      for (const key of keys) {
        const g = JSON.stringify([key.branch ?? null, key.limit, key.beforeId ?? null]);
        groups.set(g, [...(groups.get(g) ?? []), key]);
      }
      const pages = new Map<string, VersionRow[]>();
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const first = group[0]!;
          const found = await versionPages(db, [...new Set(group.map((k) => k.pacticipantId))], {
            branch: first.branch,
            limit: first.limit,
            beforeId: first.beforeId,
          });
          for (const key of group) pages.set(JSON.stringify(key), found.get(key.pacticipantId) ?? []);
        }),
      );
      return keys.map((k) => pages.get(JSON.stringify(k)) ?? []);
    },
    { cacheKeyFn: (k) => JSON.stringify(k) },
  );
}

function versionCountLoader(db: Db): DataLoader<{ pacticipantId: number; branch: string | undefined }, number, string> {
  return new DataLoader(
    async (keys) => {
      const branches = [...new Set(keys.map((k) => k.branch))];
      const counts = new Map<string | undefined, Map<number, number>>();
      await Promise.all(
        branches.map(async (b) =>
          counts.set(b, await versionCounts(db, [...new Set(keys.filter((k) => k.branch === b).map((k) => k.pacticipantId))], b)),
        ),
      );
      return keys.map((k) => counts.get(k.branch)?.get(k.pacticipantId) ?? 0);
    },
    { cacheKeyFn: (k) => JSON.stringify([k.pacticipantId, k.branch ?? null]) },
  );
}

export function createLoaders(db: Db) {
  const pacticipantById = byKey((ids: readonly number[]) => pacticipantsByIds(db, ids));
  const pacticipantByName = new DataLoader<string, PacticipantRow | undefined>(
    async (names) => {
      const found = await findPacticipantsByNames(db, names);
      return names.map((n) => {
        const row = found.get(nameKey(n));
        if (row) pacticipantById.prime(row.id, row);
        return row;
      });
    },
    { cacheKeyFn: nameKey },
  );
  const versionById = byKey((ids: readonly number[]) => versionsByIds(db, ids));
  const versionByNumber = new DataLoader<VersionKey, VersionRow | undefined, string>(
    async (keys) => {
      const found = await versionsByNames(db, keys);
      return keys.map((k) => found.get(versionKeyOf(k.pacticipantName, k.number)));
    },
    { cacheKeyFn: (k) => versionKeyOf(k.pacticipantName, k.number) },
  );
  const pairLoader = <V>(load: (pairs: readonly PacticipantPair[]) => Promise<Map<string, V>>) =>
    new DataLoader<PacticipantPair, V | undefined, string>(
      async (pairs) => {
        const found = await load(pairs);
        return pairs.map((p) => found.get(pairKey(p)));
      },
      { cacheKeyFn: pairKey },
    );

  return {
    pacticipantById,
    pacticipantByName,
    labelsByPacticipant: listByKey((ids: readonly number[]) => labelsOf(db, ids)),
    latestVersionByPacticipant: byKey((ids: readonly number[]) => latestVersionsOf(db, ids)),
    branchesByPacticipant: listByKey<number, GraphqlBranchRow>((ids) => branchesOfPacticipants(db, ids)),
    versionPage: versionPageLoader(db),
    versionCount: versionCountLoader(db),
    versionById,
    versionByNumber,
    tagsByVersion: listByKey<number, TagRow>((ids) => tagsOfVersions(db, ids)),
    branchesByVersion: listByKey<number, VersionBranchRow>((ids) => branchMembershipsOfVersions(db, ids)),
    environmentByUuid: byKey<string, EnvironmentRow>((uuids) => environmentsByUuids(db, uuids)),
    environmentByName: byKey<string, EnvironmentRow>((names) => environmentsByNames(db, names)),
    deploymentsByVersion: listByKey<number, GraphqlDeploymentRow>((ids) => deploymentsBy(db, 'version', ids, false)),
    releasesByVersion: listByKey<number, GraphqlReleaseRow>((ids) => releasesBy(db, 'version', ids, false)),
    currentDeploymentsByPacticipant: listByKey<number, GraphqlDeploymentRow>((ids) => deploymentsBy(db, 'pacticipant', ids, true)),
    currentReleasesByPacticipant: listByKey<number, GraphqlReleaseRow>((ids) => releasesBy(db, 'pacticipant', ids, true)),
    currentDeploymentsByEnvironment: listByKey<string, GraphqlDeploymentRow>((uuids) => deploymentsBy(db, 'environment', uuids, true)),
    currentReleasesByEnvironment: listByKey<string, GraphqlReleaseRow>((uuids) => releasesBy(db, 'environment', uuids, true)),
    integrationsByPacticipant: listByKey<number, IntegrationRef>((ids) => integrationsOfPacticipants(db, ids)),
    pactsByConsumerVersion: listByKey<number, PactRef>((ids) => pactsOfConsumerVersions(db, ids)),
    latestPactsAsConsumer: listByKey<number, PactRef>((ids) => latestPactsOfPacticipants(db, 'consumer', ids)),
    latestPactsAsProvider: listByKey<number, PactRef>((ids) => latestPactsOfPacticipants(db, 'provider', ids)),
    latestPactByPair: pairLoader((pairs) => latestPactsOfPairs(db, pairs)),
    lastVerifiedAtByPair: pairLoader((pairs) => lastVerifiedAtOfPairs(db, pairs)),
    previousDistinctPact: byKey<number, PactRef>((ids) => previousDistinctPacts(db, ids)),
    pactContent: byKey<number, PactContent>((ids) => pactContents(db, ids)),
    consumerVersionIdsByPactVersion: listByKey<number, number>((ids) => consumerVersionIdsOfPactVersions(db, ids)),
    verificationById: byKey<number, GraphqlVerificationRow>((ids) => verificationsByIds(db, ids)),
    verificationsByPactVersion: listByKey<number, GraphqlVerificationRow>((ids) => verificationsOfPactVersions(db, ids)),
    latestVerificationByPactVersion: byKey<number, GraphqlVerificationRow>((ids) => latestVerificationsOfPactVersions(db, ids)),
    // schema contracts (issue #8)
    schemasBySubject: listByKey<number, PublicationRow>((ids) => publicationsOfSubjects(db, ids)),
    latestSchemasByPacticipant: listByKey<number, PublicationRow>((ids) => latestPublicationsOfPacticipants(db, ids)),
    schemaFiles: byKey<number, SchemaFile[]>((ids) => contentsByIds(db, ids)),
    previousSchema: byKey<number, PublicationRow>((ids) => previousPublications(db, ids)),
    lastSchemaCheck: byKey<number, ContractCheckRow>((ids) => latestChecksOfPublications(db, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
