// Batched reads behind the GraphQL API's pacts and verification results. A pact is referred to by
// its publication (a consumer version's pact for a provider); contents are loaded separately, only
// when a query asks for them.
import type { Db } from './db.ts';
import { nameKey } from './pacticipants.ts';
import { groupBy } from './group-by.ts';
import { sql } from './sql.ts';

export interface PactRef {
  publicationId: number;
  consumerId: number;
  providerId: number;
  consumerVersionId: number;
  pactVersionId: number;
  sha: string;
  /** When this revision was published (the Pact Broker's pact createdAt). */
  createdAt: Date;
}

const PACT_COLUMNS = sql`pp.id AS "publicationId", pp.consumer_id AS "consumerId", pp.provider_id AS "providerId",
  pp.consumer_version_id AS "consumerVersionId", pp.pact_version_id AS "pactVersionId", pv.sha, pp.updated_at AS "createdAt"`;
const PACT_FROM = sql`FROM pact_publications pp JOIN pact_versions pv ON pv.id = pp.pact_version_id`;

export type PactLookup = { kind: 'version'; number: string } | { kind: 'sha'; sha: string } | { kind: 'latest' };

/** One pact of a consumer–provider pair: by consumer version, by content sha (latest publisher), or the latest. */
export async function findPactRef(db: Db, consumerName: string, providerName: string, lookup: PactLookup): Promise<PactRef | undefined> {
  const filter =
    lookup.kind === 'version' ? sql`AND cv.number = ${lookup.number}` : lookup.kind === 'sha' ? sql`AND pv.sha = ${lookup.sha}` : sql.empty;
  return db.maybeOne<PactRef>(
    sql`SELECT ${PACT_COLUMNS} ${PACT_FROM}
       JOIN versions cv ON cv.id = pp.consumer_version_id
       JOIN pacticipants c ON c.id = pp.consumer_id
       JOIN pacticipants p ON p.id = pp.provider_id
      WHERE c.name_key = ${nameKey(consumerName)} AND p.name_key = ${nameKey(providerName)} ${filter}
      ORDER BY pp.consumer_version_id DESC LIMIT 1`,
  );
}

/** The pacts each consumer version published, one per provider. */
export async function pactsOfConsumerVersions(db: Db, versionIds: readonly number[]): Promise<Map<number, PactRef[]>> {
  if (versionIds.length === 0) return new Map();
  const rows = await db.rows<PactRef>(
    sql`SELECT ${PACT_COLUMNS} ${PACT_FROM} WHERE pp.consumer_version_id = ANY(${versionIds}::int[]) ORDER BY pp.provider_id`,
  );
  return groupBy(rows, (r) => r.consumerVersionId, versionIds);
}

/** The latest pact of every integration where the pacticipant is the consumer (`side`) or the provider. */
export async function latestPactsOfPacticipants(
  db: Db,
  side: 'consumer' | 'provider',
  pacticipantIds: readonly number[],
): Promise<Map<number, PactRef[]>> {
  if (pacticipantIds.length === 0) return new Map();
  const column = side === 'consumer' ? sql`pp.consumer_id` : sql`pp.provider_id`;
  const rows = await db.rows<PactRef>(sql`SELECT DISTINCT ON (pp.consumer_id, pp.provider_id) ${PACT_COLUMNS} ${PACT_FROM}
      WHERE ${column} = ANY(${pacticipantIds}::int[]) ORDER BY pp.consumer_id, pp.provider_id, pp.consumer_version_id DESC`);
  return groupBy(rows, (r) => (side === 'consumer' ? r.consumerId : r.providerId), pacticipantIds);
}

export interface PacticipantPair {
  consumerId: number;
  providerId: number;
}

export const pairKey = (pair: PacticipantPair): string => `${pair.consumerId}:${pair.providerId}`;

/** The latest pact of each consumer–provider pair. */
export async function latestPactsOfPairs(db: Db, pairs: readonly PacticipantPair[]): Promise<Map<string, PactRef>> {
  if (pairs.length === 0) return new Map();
  const rows = await db.rows<PactRef>(sql`SELECT DISTINCT ON (pp.consumer_id, pp.provider_id) ${PACT_COLUMNS} ${PACT_FROM}
       JOIN unnest(${pairs.map((p) => p.consumerId)}::int[], ${pairs.map((p) => p.providerId)}::int[]) AS k(consumer_id, provider_id) ON k.consumer_id = pp.consumer_id AND k.provider_id = pp.provider_id
      ORDER BY pp.consumer_id, pp.provider_id, pp.consumer_version_id DESC`);
  return new Map(rows.map((r) => [pairKey(r), r]));
}

/** For each publication, the latest earlier publication of the pair with different content. */
export async function previousDistinctPacts(db: Db, publicationIds: readonly number[]): Promise<Map<number, PactRef>> {
  if (publicationIds.length === 0) return new Map();
  const rows = await db.rows<PactRef & { forId: number }>(sql`SELECT x.id AS "forId", prev.* FROM pact_publications x
     CROSS JOIN LATERAL (
       SELECT ${PACT_COLUMNS} ${PACT_FROM}
        WHERE pp.consumer_id = x.consumer_id AND pp.provider_id = x.provider_id
          AND pp.consumer_version_id < x.consumer_version_id AND pp.pact_version_id <> x.pact_version_id
        ORDER BY pp.consumer_version_id DESC LIMIT 1
     ) prev
     WHERE x.id = ANY(${publicationIds}::int[])`);
  return new Map(rows.map(({ forId, ...pact }) => [forId, pact]));
}

export interface PactContent {
  pactVersionId: number;
  /** The JSON text as first published. */
  content: string;
  interactionCount: number;
}

export async function pactContents(db: Db, pactVersionIds: readonly number[]): Promise<Map<number, PactContent>> {
  if (pactVersionIds.length === 0) return new Map();
  const rows = await db.rows<PactContent>(
    sql`SELECT id AS "pactVersionId", content, interaction_count AS "interactionCount" FROM pact_versions WHERE id = ANY(${pactVersionIds}::int[])`,
  );
  return new Map(rows.map((r) => [r.pactVersionId, r]));
}

/** The consumer versions that published each pact content, newest first. */
export async function consumerVersionIdsOfPactVersions(db: Db, pactVersionIds: readonly number[]): Promise<Map<number, number[]>> {
  if (pactVersionIds.length === 0) return new Map();
  const rows = await db.rows<{
    pactVersionId: number;
    versionId: number;
  }>(sql`SELECT pact_version_id AS "pactVersionId", consumer_version_id AS "versionId" FROM pact_publications
      WHERE pact_version_id = ANY(${pactVersionIds}::int[]) ORDER BY consumer_version_id DESC`);
  const grouped = groupBy(rows, (r) => r.pactVersionId, pactVersionIds);
  return new Map([...grouped].map(([k, list]) => [k, list.map((r) => r.versionId)]));
}

// ---- verification results ------------------------------------------------------------------------

export interface GraphqlVerificationRow {
  id: number;
  number: number;
  pactVersionId: number;
  sha: string;
  consumerId: number;
  providerId: number;
  providerVersionId: number;
  success: boolean;
  buildUrl: string | null;
  testResults: unknown;
  createdAt: Date;
}

const VERIFICATION_COLUMNS = sql`vr.id, vr.number, vr.pact_version_id AS "pactVersionId", pv.sha, vr.consumer_id AS "consumerId",
  vr.provider_id AS "providerId", vr.provider_version_id AS "providerVersionId", vr.success, vr.build_url AS "buildUrl",
  vr.test_results AS "testResults", vr.created_at AS "createdAt"`;
const VERIFICATION_FROM = sql`FROM verifications vr JOIN pact_versions pv ON pv.id = vr.pact_version_id`;

export async function verificationsByIds(db: Db, ids: readonly number[]): Promise<Map<number, GraphqlVerificationRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.rows<GraphqlVerificationRow>(
    sql`SELECT ${VERIFICATION_COLUMNS} ${VERIFICATION_FROM} WHERE vr.id = ANY(${ids}::int[])`,
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Every verification of each pact content, newest first. */
export async function verificationsOfPactVersions(
  db: Db,
  pactVersionIds: readonly number[],
): Promise<Map<number, GraphqlVerificationRow[]>> {
  if (pactVersionIds.length === 0) return new Map();
  const rows = await db.rows<GraphqlVerificationRow>(
    sql`SELECT ${VERIFICATION_COLUMNS} ${VERIFICATION_FROM} WHERE vr.pact_version_id = ANY(${pactVersionIds}::int[]) ORDER BY vr.id DESC`,
  );
  return groupBy(rows, (r) => r.pactVersionId, pactVersionIds);
}

/** The latest verification of each pact content, by any provider version. */
export async function latestVerificationsOfPactVersions(
  db: Db,
  pactVersionIds: readonly number[],
): Promise<Map<number, GraphqlVerificationRow>> {
  if (pactVersionIds.length === 0) return new Map();
  const rows =
    await db.rows<GraphqlVerificationRow>(sql`SELECT DISTINCT ON (vr.pact_version_id) ${VERIFICATION_COLUMNS} ${VERIFICATION_FROM}
      WHERE vr.pact_version_id = ANY(${pactVersionIds}::int[]) ORDER BY vr.pact_version_id, vr.id DESC`);
  return new Map(rows.map((r) => [r.pactVersionId, r]));
}

/** When each consumer–provider pair was last verified (any of its pact contents). */
export async function lastVerifiedAtOfPairs(db: Db, pairs: readonly PacticipantPair[]): Promise<Map<string, Date>> {
  if (pairs.length === 0) return new Map();
  const rows = await db.rows<
    PacticipantPair & { at: Date }
  >(sql`SELECT vr.consumer_id AS "consumerId", vr.provider_id AS "providerId", max(vr.created_at) AS at
       FROM verifications vr
       JOIN unnest(${pairs.map((p) => p.consumerId)}::int[], ${pairs.map((p) => p.providerId)}::int[]) AS k(consumer_id, provider_id) ON k.consumer_id = vr.consumer_id AND k.provider_id = vr.provider_id
      GROUP BY vr.consumer_id, vr.provider_id`);
  return new Map(rows.map((r) => [pairKey(r), r.at]));
}
