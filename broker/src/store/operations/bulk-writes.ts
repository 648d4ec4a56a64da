// Batched writes: many versions, pacts, verifications or deployments in a few statements, writing
// exactly the rows the one-at-a-time store functions write (branches + branch_versions, tags,
// integrations, deduplicated pact_versions, pact_publications, numbered verifications with
// latest_verifications maintained, deployed_versions + current_deployments slots). Used by the
// benchmark seeder (broker/bench) and usable by any bulk import.
//
// Each function takes rows in creation order and keeps it: ids are the creation order in Treaty
// (schema.prisma), so inserts are ORDER BY the input's ordinality. Timestamps are given by the caller
// (an import replays history). Arrays travel as one parameter per column (unnest), so a batch of
// 10 000 rows is one round trip. Pass a transaction (`db.transaction`) to make a batch atomic.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db.ts';
import { jsonbText, sql, type SqlFragment } from '../sql.ts';
import { LATER_VERIFICATION_WINS } from '../verifications.ts';

const iso = (d: Date): string => d.toISOString();

type ColumnType = 'int' | 'text' | 'boolean' | 'timestamptz';

/** `unnest($1::int[], $2::text[], ...)`: a batch as one array parameter per column. */
function unnest(...columns: ReadonlyArray<readonly [values: readonly unknown[], type: ColumnType]>): SqlFragment {
  return sql`unnest(${sql.join(columns.map(([values, type]) => sql`${values}::${sql.raw(type)}[]`))})`;
}

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
  const pacticipantIds = versions.map((v) => v.pacticipantId);
  const numbers = versions.map((v) => v.number);
  await db.execute(
    sql`INSERT INTO versions (pacticipant_id, number, build_url, created_at, updated_at)
     SELECT pid, num, url, at, at
     FROM ${unnest([pacticipantIds, 'int'], [numbers, 'text'], [versions.map((v) => v.buildUrl), 'text'], [versions.map((v) => iso(v.createdAt)), 'timestamptz'])}
       WITH ORDINALITY AS x(pid, num, url, at, ord)
     ORDER BY ord
     ON CONFLICT (pacticipant_id, number) DO NOTHING`,
  );
  const rows = await db.rows<{ ord: bigint | number; id: number }>(
    sql`SELECT x.ord, v.id FROM ${unnest([pacticipantIds, 'int'], [numbers, 'text'])} WITH ORDINALITY AS x(pid, num, ord)
     JOIN versions v ON v.pacticipant_id = x.pid AND v.number = x.num`,
  );
  const ids = new Array<number>(versions.length);
  for (const r of rows) ids[Number(r.ord) - 1] = r.id;

  const onBranch = versions.flatMap((v, i) => (v.branch === null ? [] : [{ id: ids[i]!, v, branch: v.branch }]));
  if (onBranch.length > 0) {
    // A branch's updated_at is its last membership (addToBranch touches it on every add).
    const input = unnest(
      [onBranch.map((x) => x.id), 'int'],
      [onBranch.map((x) => x.v.pacticipantId), 'int'],
      [onBranch.map((x) => x.branch), 'text'],
      [onBranch.map((x) => iso(x.v.createdAt)), 'timestamptz'],
    );
    await db.execute(
      sql`WITH input AS (SELECT * FROM ${input} WITH ORDINALITY AS x(version_id, pid, branch, at, ord)),
       b AS (
         INSERT INTO branches (pacticipant_id, name, created_at, updated_at)
         SELECT pid, branch, min(at), max(at) FROM input GROUP BY pid, branch ORDER BY min(ord)
         ON CONFLICT (pacticipant_id, name) DO UPDATE SET updated_at = GREATEST(branches.updated_at, EXCLUDED.updated_at)
         RETURNING id, pacticipant_id, name)
       INSERT INTO branch_versions (branch_id, version_id, pacticipant_id, created_at)
       SELECT b.id, i.version_id, i.pid, i.at FROM input i JOIN b ON b.pacticipant_id = i.pid AND b.name = i.branch ORDER BY i.ord
       ON CONFLICT (branch_id, version_id) DO NOTHING`,
    );
  }
  const tags = versions.flatMap((v, i) => v.tags.map((name) => ({ id: ids[i]!, v, name })));
  if (tags.length > 0) {
    const input = unnest(
      [tags.map((t) => t.id), 'int'],
      [tags.map((t) => t.v.pacticipantId), 'int'],
      [tags.map((t) => t.name), 'text'],
      [tags.map((t) => iso(t.v.createdAt)), 'timestamptz'],
    );
    await db.execute(
      sql`INSERT INTO tags (version_id, pacticipant_id, name, created_at)
       SELECT vid, pid, name, at FROM ${input} WITH ORDINALITY AS x(vid, pid, name, at, ord)
       ORDER BY ord ON CONFLICT (version_id, name) DO NOTHING`,
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
  const consumerIds = publications.map((p) => p.consumerId);
  const providerIds = publications.map((p) => p.providerId);
  const createdAts = publications.map((p) => iso(p.createdAt));
  await db.execute(
    sql`INSERT INTO integrations (consumer_id, provider_id, created_at)
     SELECT c, p, min(at) FROM ${unnest([consumerIds, 'int'], [providerIds, 'int'], [createdAts, 'timestamptz'])} AS x(c, p, at)
     GROUP BY c, p ORDER BY min(at)
     ON CONFLICT (consumer_id, provider_id) DO NOTHING`,
  );
  // Each content travels once: the first publication of a (consumer, provider, sha) creates it.
  const firsts = new Map<string, BulkPublication>();
  for (const p of publications) {
    const key = `${p.consumerId}/${p.providerId}/${p.sha}`;
    if (!firsts.has(key)) firsts.set(key, p);
  }
  const contents = [...firsts.values()];
  const contentRows = unnest(
    [contents.map((p) => p.sha), 'text'],
    [contents.map((p) => p.consumerId), 'int'],
    [contents.map((p) => p.providerId), 'int'],
    [contents.map((p) => p.content), 'text'],
    [contents.map((p) => p.interactionCount), 'int'],
    [contents.map((p) => iso(p.createdAt)), 'timestamptz'],
  );
  await db.execute(
    sql`INSERT INTO pact_versions (sha, consumer_id, provider_id, content, interaction_count, created_at)
     SELECT sha, c, p, content, n, at FROM ${contentRows} WITH ORDINALITY AS x(sha, c, p, content, n, at, ord)
     ORDER BY ord ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING`,
  );
  const input = unnest(
    [publications.map((p) => p.consumerVersionId), 'int'],
    [consumerIds, 'int'],
    [providerIds, 'int'],
    [publications.map((p) => p.sha), 'text'],
    [createdAts, 'timestamptz'],
  );
  const rows = await db.rows<{ ord: bigint | number; pactVersionId: number }>(
    sql`WITH input AS (SELECT * FROM ${input} WITH ORDINALITY AS x(cv, c, p, sha, at, ord)),
     resolved AS (SELECT i.*, pv.id AS pv_id FROM input i JOIN pact_versions pv ON pv.consumer_id = i.c AND pv.provider_id = i.p AND pv.sha = i.sha),
     ins AS (
       INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id, created_at, updated_at)
       SELECT cv, c, p, pv_id, at, at FROM resolved ORDER BY ord
       ON CONFLICT (consumer_version_id, provider_id) DO NOTHING)
     SELECT ord, pv_id AS "pactVersionId" FROM resolved`,
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
  await db.rows(sql`SELECT id FROM pact_versions WHERE id = ANY(${pactVersionIds}::int[]) ORDER BY id FOR UPDATE`);
  const input = unnest(
    [verifications.map((v) => v.pactVersionId), 'int'],
    [verifications.map((v) => v.providerVersionId), 'int'],
    [verifications.map((v) => v.success), 'boolean'],
    [verifications.map((v) => v.buildUrl), 'text'],
    [verifications.map((v) => jsonbText(v.verifiedBy)), 'text'],
    [verifications.map((v) => iso(v.createdAt)), 'timestamptz'],
  );
  await db.execute(
    sql`WITH input AS (
       SELECT * FROM ${input} WITH ORDINALITY AS x(pv_id, prv_id, success, url, by, at, ord)),
     numbered AS (
       SELECT i.*, pv.consumer_id, pv.provider_id,
         COALESCE((SELECT max(v.number) FROM verifications v WHERE v.pact_version_id = i.pv_id), 0)
           + row_number() OVER (PARTITION BY i.pv_id ORDER BY i.ord) AS number
       FROM input i JOIN pact_versions pv ON pv.id = i.pv_id),
     ins AS (
       INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success, build_url, verified_by, created_at)
       SELECT number, pv_id, prv_id, consumer_id, provider_id, success, url, by::jsonb, at FROM numbered ORDER BY ord
       RETURNING id, pact_version_id, provider_version_id, success, created_at)
     INSERT INTO latest_verifications (pact_version_id, provider_version_id, verification_id, success, verified_at)
     SELECT DISTINCT ON (pact_version_id, provider_version_id) pact_version_id, provider_version_id, id, success, created_at FROM ins
     ORDER BY pact_version_id, provider_version_id, id DESC
     ON CONFLICT (pact_version_id, provider_version_id) ${LATER_VERIFICATION_WINS}`,
  );
  return verifications.length;
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
  const rows = unnest(
    [deployments.map((d) => d.uuid ?? randomUUID()), 'text'],
    [deployments.map((d) => d.versionId), 'int'],
    [deployments.map((d) => d.pacticipantId), 'int'],
    [deployments.map((d) => d.environmentUuid), 'text'],
    [deployments.map((d) => d.applicationInstance ?? ''), 'text'],
    [deployments.map((d) => iso(d.createdAt)), 'timestamptz'],
  );
  const input = sql`SELECT * FROM ${rows} WITH ORDINALITY AS x(uuid, vid, pid, env, inst, at, ord)`;
  // The slot's current deployment (from before this batch) ends when the batch's first one for the slot starts.
  await db.execute(
    sql`WITH input AS (${input}), firsts AS (SELECT env, pid, inst, min(at) AS at FROM input GROUP BY env, pid, inst)
     UPDATE deployed_versions d SET undeployed_at = f.at, updated_at = f.at
     FROM current_deployments cd JOIN firsts f ON f.env = cd.environment_uuid AND f.pid = cd.pacticipant_id AND f.inst = cd.application_instance
     WHERE d.uuid = cd.deployed_version_uuid AND d.undeployed_at IS NULL`,
  );
  // Within the batch, each deployment ends when the next one in its slot starts.
  await db.execute(
    sql`WITH input AS (${input})
     INSERT INTO deployed_versions (uuid, version_id, pacticipant_id, environment_uuid, application_instance, undeployed_at, created_at, updated_at)
     SELECT uuid, vid, pid, env, NULLIF(inst, ''), lead(at) OVER w, at, COALESCE(lead(at) OVER w, at)
     FROM input WINDOW w AS (PARTITION BY env, pid, inst ORDER BY ord) ORDER BY ord`,
  );
  await db.execute(
    sql`WITH input AS (${input})
     INSERT INTO current_deployments (environment_uuid, pacticipant_id, application_instance, deployed_version_uuid, version_id)
     SELECT DISTINCT ON (env, pid, inst) env, pid, inst, uuid, vid FROM input ORDER BY env, pid, inst, ord DESC
     ON CONFLICT (environment_uuid, pacticipant_id, application_instance)
     DO UPDATE SET deployed_version_uuid = EXCLUDED.deployed_version_uuid, version_id = EXCLUDED.version_id`,
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
  const input = unnest(
    [releases.map((r) => r.uuid ?? randomUUID()), 'text'],
    [releases.map((r) => r.versionId), 'int'],
    [releases.map((r) => r.pacticipantId), 'int'],
    [releases.map((r) => r.environmentUuid), 'text'],
    [releases.map((r) => (r.supportEndedAt ? iso(r.supportEndedAt) : null)), 'timestamptz'],
    [releases.map((r) => iso(r.createdAt)), 'timestamptz'],
  );
  await db.execute(
    sql`INSERT INTO released_versions (uuid, version_id, pacticipant_id, environment_uuid, support_ended_at, created_at, updated_at)
     SELECT uuid, vid, pid, env, ended, at, COALESCE(ended, at)
     FROM ${input} WITH ORDINALITY AS x(uuid, vid, pid, env, ended, at, ord)
     ORDER BY ord ON CONFLICT (version_id, environment_uuid) DO NOTHING`,
  );
}

/** Ends support of released versions (pact-broker record-support-ended) at the given moments. */
export async function bulkEndSupport(
  db: Db,
  ended: ReadonlyArray<{ versionId: number; environmentUuid: string; at: Date }>,
): Promise<void> {
  if (ended.length === 0) return;
  const input = unnest(
    [ended.map((e) => e.versionId), 'int'],
    [ended.map((e) => e.environmentUuid), 'text'],
    [ended.map((e) => iso(e.at)), 'timestamptz'],
  );
  await db.execute(
    sql`UPDATE released_versions r SET support_ended_at = x.at, updated_at = x.at
     FROM ${input} AS x(vid, env, at)
     WHERE r.version_id = x.vid AND r.environment_uuid = x.env AND r.support_ended_at IS NULL`,
  );
}
