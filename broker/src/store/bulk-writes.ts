// Batched writes: many versions, pacts, verifications or deployments in a few statements, writing
// exactly the rows the one-at-a-time store functions write (branches + branch_versions, tags,
// integrations, deduplicated pact_versions, pact_publications, numbered verifications with
// latest_verifications maintained, deployed_versions + current_deployments slots). Used by the
// benchmark seeder (broker/bench) and usable by any bulk import.
//
// Each function takes rows in creation order and keeps it: ids are the creation order in Treaty
// (schema.prisma), so inserts are ORDER BY the input's ordinality. Timestamps are given by the caller
// (an import replays history). Arrays travel as one parameter per column (unnest), so a batch of
// 10 000 rows is one round trip. Pass a transaction (`inTransaction`) to make a batch atomic.
import { randomUUID } from 'node:crypto';
import type { Db } from './db.ts';

const iso = (d: Date): string => d.toISOString();

export interface BulkVersion {
  pacticipantId: number;
  number: string;
  buildUrl: string | null;
  createdAt: Date;
  /** The branch the version is on (created when missing), if any. */
  branch: string | null;
  tags: readonly string[];
}

/**
 * Creates versions with their branch memberships and tags; returns the version ids in input order.
 * An existing (pacticipant, number) is kept as it is (find-or-create, like findOrCreateVersion).
 */
export async function bulkCreateVersions(db: Db, versions: readonly BulkVersion[]): Promise<number[]> {
  if (versions.length === 0) return [];
  const cols = [
    versions.map((v) => v.pacticipantId),
    versions.map((v) => v.number),
    versions.map((v) => v.buildUrl),
    versions.map((v) => iso(v.createdAt)),
  ];
  await db.$executeRawUnsafe(
    `INSERT INTO versions (pacticipant_id, number, build_url, created_at, updated_at)
     SELECT pid, num, url, at, at FROM unnest($1::int[], $2::text[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS x(pid, num, url, at, ord)
     ORDER BY ord
     ON CONFLICT (pacticipant_id, number) DO NOTHING`,
    ...cols,
  );
  const rows = await db.$queryRawUnsafe<Array<{ ord: bigint | number; id: number }>>(
    `SELECT x.ord, v.id FROM unnest($1::int[], $2::text[]) WITH ORDINALITY AS x(pid, num, ord)
     JOIN versions v ON v.pacticipant_id = x.pid AND v.number = x.num`,
    cols[0],
    cols[1],
  );
  const ids = new Array<number>(versions.length);
  for (const r of rows) ids[Number(r.ord) - 1] = r.id;

  const onBranch = versions.flatMap((v, i) => (v.branch === null ? [] : [{ id: ids[i]!, v, branch: v.branch }]));
  if (onBranch.length > 0) {
    // A branch's updated_at is its last membership (addToBranch touches it on every add).
    await db.$executeRawUnsafe(
      `WITH input AS (SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS x(version_id, pid, branch, at, ord)),
       b AS (
         INSERT INTO branches (pacticipant_id, name, created_at, updated_at)
         SELECT pid, branch, min(at), max(at) FROM input GROUP BY pid, branch ORDER BY min(ord)
         ON CONFLICT (pacticipant_id, name) DO UPDATE SET updated_at = GREATEST(branches.updated_at, EXCLUDED.updated_at)
         RETURNING id, pacticipant_id, name)
       INSERT INTO branch_versions (branch_id, version_id, pacticipant_id, created_at)
       SELECT b.id, i.version_id, i.pid, i.at FROM input i JOIN b ON b.pacticipant_id = i.pid AND b.name = i.branch ORDER BY i.ord
       ON CONFLICT (branch_id, version_id) DO NOTHING`,
      onBranch.map((x) => x.id),
      onBranch.map((x) => x.v.pacticipantId),
      onBranch.map((x) => x.branch),
      onBranch.map((x) => iso(x.v.createdAt)),
    );
  }
  const tags = versions.flatMap((v, i) => v.tags.map((name) => ({ id: ids[i]!, v, name })));
  if (tags.length > 0) {
    await db.$executeRawUnsafe(
      `INSERT INTO tags (version_id, pacticipant_id, name, created_at)
       SELECT vid, pid, name, at FROM unnest($1::int[], $2::int[], $3::text[], $4::timestamptz[]) WITH ORDINALITY AS x(vid, pid, name, at, ord)
       ORDER BY ord ON CONFLICT (version_id, name) DO NOTHING`,
      tags.map((t) => t.id),
      tags.map((t) => t.v.pacticipantId),
      tags.map((t) => t.name),
      tags.map((t) => iso(t.v.createdAt)),
    );
  }
  return ids;
}

export interface BulkPublication {
  consumerVersionId: number;
  consumerId: number;
  providerId: number;
  /** contentSha(pact) of `content` (domain/pacts/content-hash.ts), as publishContracts computes it. */
  sha: string;
  /** The pact JSON text, stored byte-for-byte for the first publication of this sha. */
  content: string;
  interactionCount: number;
  createdAt: Date;
}

/**
 * Publishes pacts for consumer versions that have none yet for that provider (the `created` outcome of
 * publishContracts): the integration, the pact version (shared by every publication of the same
 * content) and the publication. An existing (consumer version, provider) publication is left alone.
 * Returns the pact version id of each input row.
 */
export async function bulkPublishPacts(db: Db, publications: readonly BulkPublication[]): Promise<number[]> {
  if (publications.length === 0) return [];
  await db.$executeRawUnsafe(
    `INSERT INTO integrations (consumer_id, provider_id, created_at)
     SELECT c, p, min(at) FROM unnest($1::int[], $2::int[], $3::timestamptz[]) AS x(c, p, at) GROUP BY c, p ORDER BY min(at)
     ON CONFLICT (consumer_id, provider_id) DO NOTHING`,
    publications.map((p) => p.consumerId),
    publications.map((p) => p.providerId),
    publications.map((p) => iso(p.createdAt)),
  );
  // Each content travels once: the first publication of a (consumer, provider, sha) creates it.
  const firsts = new Map<string, BulkPublication>();
  for (const p of publications) {
    const key = `${p.consumerId}/${p.providerId}/${p.sha}`;
    if (!firsts.has(key)) firsts.set(key, p);
  }
  const contents = [...firsts.values()];
  await db.$executeRawUnsafe(
    `INSERT INTO pact_versions (sha, consumer_id, provider_id, content, interaction_count, created_at)
     SELECT sha, c, p, content, n, at FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::int[], $6::timestamptz[]) WITH ORDINALITY AS x(sha, c, p, content, n, at, ord)
     ORDER BY ord ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING`,
    contents.map((p) => p.sha),
    contents.map((p) => p.consumerId),
    contents.map((p) => p.providerId),
    contents.map((p) => p.content),
    contents.map((p) => p.interactionCount),
    contents.map((p) => iso(p.createdAt)),
  );
  const rows = await db.$queryRawUnsafe<Array<{ ord: bigint | number; pactVersionId: number }>>(
    `WITH input AS (SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::timestamptz[]) WITH ORDINALITY AS x(cv, c, p, sha, at, ord)),
     resolved AS (SELECT i.*, pv.id AS pv_id FROM input i JOIN pact_versions pv ON pv.consumer_id = i.c AND pv.provider_id = i.p AND pv.sha = i.sha),
     ins AS (
       INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id, created_at, updated_at)
       SELECT cv, c, p, pv_id, at, at FROM resolved ORDER BY ord
       ON CONFLICT (consumer_version_id, provider_id) DO NOTHING)
     SELECT ord, pv_id AS "pactVersionId" FROM resolved`,
    publications.map((p) => p.consumerVersionId),
    publications.map((p) => p.consumerId),
    publications.map((p) => p.providerId),
    publications.map((p) => p.sha),
    publications.map((p) => iso(p.createdAt)),
  );
  const ids = new Array<number>(publications.length);
  for (const r of rows) ids[Number(r.ord) - 1] = r.pactVersionId;
  return ids;
}

export interface BulkVerification {
  pactVersionId: number;
  providerVersionId: number;
  success: boolean;
  buildUrl: string | null;
  verifiedBy: unknown;
  createdAt: Date;
}

/**
 * Records verification results like recordVerification: numbered 1, 2, 3... per pact version after
 * the existing ones (the pact version rows are locked FOR UPDATE first, as recordVerification does,
 * so call it in a transaction when verifiers may publish at the same time), and latest_verifications
 * keeps the highest id per (pact version, provider version). Returns the number of rows written.
 */
export async function bulkRecordVerifications(db: Db, verifications: readonly BulkVerification[]): Promise<number> {
  if (verifications.length === 0) return 0;
  const pactVersionIds = [...new Set(verifications.map((v) => v.pactVersionId))].sort((a, b) => a - b);
  await db.$queryRawUnsafe(`SELECT id FROM pact_versions WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE`, pactVersionIds);
  return db
    .$executeRawUnsafe(
      `WITH input AS (
       SELECT * FROM unnest($1::int[], $2::int[], $3::boolean[], $4::text[], $5::text[], $6::timestamptz[]) WITH ORDINALITY AS x(pv_id, prv_id, success, url, by, at, ord)),
     numbered AS (
       SELECT i.*, pv.consumer_id, pv.provider_id,
         COALESCE((SELECT max(v.number) FROM verifications v WHERE v.pact_version_id = i.pv_id), 0)
           + row_number() OVER (PARTITION BY i.pv_id ORDER BY i.ord) AS number
       FROM input i JOIN pact_versions pv ON pv.id = i.pv_id),
     ins AS (
       INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success, build_url, verified_by, created_at)
       SELECT number, pv_id, prv_id, consumer_id, provider_id, success, url, by::jsonb, at FROM numbered ORDER BY ord
       RETURNING id, pact_version_id, provider_version_id)
     INSERT INTO latest_verifications (pact_version_id, provider_version_id, verification_id)
     SELECT DISTINCT ON (pact_version_id, provider_version_id) pact_version_id, provider_version_id, id FROM ins
     ORDER BY pact_version_id, provider_version_id, id DESC
     ON CONFLICT (pact_version_id, provider_version_id)
     DO UPDATE SET verification_id = GREATEST(latest_verifications.verification_id, EXCLUDED.verification_id)`,
      verifications.map((v) => v.pactVersionId),
      verifications.map((v) => v.providerVersionId),
      verifications.map((v) => v.success),
      verifications.map((v) => v.buildUrl),
      verifications.map((v) => (v.verifiedBy === undefined || v.verifiedBy === null ? null : JSON.stringify(v.verifiedBy))),
      verifications.map((v) => iso(v.createdAt)),
    )
    .then(() => verifications.length);
}

export interface BulkDeployment {
  versionId: number;
  pacticipantId: number;
  environmentUuid: string;
  /** '' or null: no application instance (the slot key is ''). */
  applicationInstance: string | null;
  createdAt: Date;
  uuid?: string;
}

/**
 * Records deployments in time order like recordDeployment: each one takes its slot (environment,
 * pacticipant, application instance) in current_deployments, and the deployment it replaces is marked
 * undeployed at that moment. Every row must deploy a version other than the slot's current one.
 */
export async function bulkRecordDeployments(db: Db, deployments: readonly BulkDeployment[]): Promise<void> {
  if (deployments.length === 0) return;
  const cols = [
    deployments.map((d) => d.uuid ?? randomUUID()),
    deployments.map((d) => d.versionId),
    deployments.map((d) => d.pacticipantId),
    deployments.map((d) => d.environmentUuid),
    deployments.map((d) => d.applicationInstance ?? ''),
    deployments.map((d) => iso(d.createdAt)),
  ];
  const input = `SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::text[], $6::timestamptz[]) WITH ORDINALITY AS x(uuid, vid, pid, env, inst, at, ord)`;
  // The slot's current deployment (from before this batch) ends when the batch's first one for the slot starts.
  await db.$executeRawUnsafe(
    `WITH input AS (${input}), firsts AS (SELECT env, pid, inst, min(at) AS at FROM input GROUP BY env, pid, inst)
     UPDATE deployed_versions d SET undeployed_at = f.at, updated_at = f.at
     FROM current_deployments cd JOIN firsts f ON f.env = cd.environment_uuid AND f.pid = cd.pacticipant_id AND f.inst = cd.application_instance
     WHERE d.uuid = cd.deployed_version_uuid AND d.undeployed_at IS NULL`,
    ...cols,
  );
  // Within the batch, each deployment ends when the next one in its slot starts.
  await db.$executeRawUnsafe(
    `WITH input AS (${input})
     INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_uuid, application_instance, undeployed_at, created_at, updated_at)
     SELECT uuid, vid, pid, env, NULLIF(inst, ''), lead(at) OVER w, at, COALESCE(lead(at) OVER w, at)
     FROM input WINDOW w AS (PARTITION BY env, pid, inst ORDER BY ord) ORDER BY ord`,
    ...cols,
  );
  await db.$executeRawUnsafe(
    `WITH input AS (${input})
     INSERT INTO current_deployments (environment_uuid, pacticipant_id, application_instance, deployed_version_uuid, version_id)
     SELECT DISTINCT ON (env, pid, inst) env, pid, inst, uuid, vid FROM input ORDER BY env, pid, inst, ord DESC
     ON CONFLICT (environment_uuid, pacticipant_id, application_instance)
     DO UPDATE SET deployed_version_uuid = EXCLUDED.deployed_version_uuid, version_id = EXCLUDED.version_id`,
    ...cols,
  );
}

export interface BulkRelease {
  versionId: number;
  pacticipantId: number;
  environmentUuid: string;
  createdAt: Date;
  /** When support ended (record-support-ended), or null while supported. */
  supportEndedAt: Date | null;
  uuid?: string;
}

/** Records released versions (pact-broker record-release); an existing (version, environment) release is kept. */
export async function bulkRecordReleases(db: Db, releases: readonly BulkRelease[]): Promise<void> {
  if (releases.length === 0) return;
  await db.$executeRawUnsafe(
    `INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_uuid, support_ended_at, created_at, updated_at)
     SELECT uuid, vid, pid, env, ended, at, COALESCE(ended, at)
     FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::timestamptz[], $6::timestamptz[]) WITH ORDINALITY AS x(uuid, vid, pid, env, ended, at, ord)
     ORDER BY ord ON CONFLICT (version_id, environment_uuid) DO NOTHING`,
    releases.map((r) => r.uuid ?? randomUUID()),
    releases.map((r) => r.versionId),
    releases.map((r) => r.pacticipantId),
    releases.map((r) => r.environmentUuid),
    releases.map((r) => (r.supportEndedAt ? iso(r.supportEndedAt) : null)),
    releases.map((r) => iso(r.createdAt)),
  );
}

/** Ends support of released versions (pact-broker record-support-ended) at the given moments. */
export async function bulkEndSupport(
  db: Db,
  ended: ReadonlyArray<{ versionId: number; environmentUuid: string; at: Date }>,
): Promise<void> {
  if (ended.length === 0) return;
  await db.$executeRawUnsafe(
    `UPDATE released_versions r SET support_ended_at = x.at, updated_at = x.at
     FROM unnest($1::int[], $2::text[], $3::timestamptz[]) AS x(vid, env, at)
     WHERE r.version_id = x.vid AND r.environment_uuid = x.env AND r.support_ended_at IS NULL`,
    ended.map((e) => e.versionId),
    ended.map((e) => e.environmentUuid),
    ended.map((e) => iso(e.at)),
  );
}
