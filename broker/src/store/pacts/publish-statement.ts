// The common case of publishing a pact as ONE autocommit statement on the hot pool (issue #14): one contract, for
// a consumer version that has no pact for that provider yet, with no job to enqueue. Everything publishContracts'
// general path does in about a dozen statements (find-or-create of consumer, version, branch, tags, provider,
// integration, pact content by hash, the publication) is a chain of data-modifying CTEs, prepared once per
// connection: one round trip, nothing planned per request. The one row every publish on a branch updates, the
// branch's (its updated_at), is skipped when a concurrent publish holds it, so publishes on one branch never wait
// for each other's commit.
//
// The statement publishes all of it or writes nothing:
// - `gate` decides, from the snapshot and before any write, whether this is the common case: no publication yet
//   for the version and provider (a re-publish, an overwrite, a merge or a conflict is the general path's, and a
//   conflict must leave nothing behind), and nothing to enqueue (no enabled webhook, GitHub statuses off, no
//   provider OpenAPI document to check the pact against: those decisions are the general path's). Every write is
//   conditional on it; when it says no, the statement changes nothing and the caller runs the general path.
// - Every find-or-create looks the row up first and inserts only when it is missing, with ON CONFLICT DO NOTHING:
//   no sequence value is burned for rows that exist. A row a concurrent transaction is creating makes the INSERT
//   wait for it and return nothing, and the snapshot's lookup cannot see it either, so an id comes back NULL and
//   the writes that need it do nothing. The final division by the number of publications inserted then fails the
//   statement (division by zero, SQLSTATE 22012), which undoes all of it; the caller runs the general path, whose
//   statements see the other transaction's rows. A CASE cannot raise the error: PostgreSQL would fold a constant
//   error branch at plan time, so the divisor is computed from the rows.
// - It never changes an existing publication: it inserts one only when the snapshot has none, and the unique
//   (consumer_version_id, provider_id) index makes a concurrent insert of the same one wait and do nothing (and so
//   fail the statement as above). Replacing or merging content stays on the general path, under its lock.
import type { Db } from '../db.ts';
import { nameKey } from '../pacticipants/pacticipants.ts';
import { ProviderContractKinds } from '../../domain/schemas/schema-kinds.ts';
import { sql } from '../sql.ts';

export interface OneStatementPublish {
  consumerName: string;
  versionNumber: string;
  buildUrl: string | undefined;
  branch: string | undefined;
  /** Distinct, in the order given. */
  tags: readonly string[];
  providerName: string;
  sha: string;
  content: string;
  interactionCount: number;
  /** The publish enqueues the jobs it fires (HTTP requests; not seeding or tools). */
  enqueuesJobs: boolean;
  /** GitHub commit statuses are configured: every publish enqueues a job, so it takes the general path. */
  githubStatuses: boolean;
}

export interface OneStatementPublishRow {
  consumerId: number | null;
  consumerName: string | null;
  consumerCreated: boolean | null;
  versionId: number | null;
  versionNumber: string | null;
  versionBuildUrl: string | null;
  versionCreated: boolean | null;
  /** Null without a branch; true when this statement added the version to it. */
  branchCreated: boolean | null;
  /** The tags this statement added (the others existed already). */
  createdTags: string[];
  providerId: number | null;
  providerName: string | null;
  providerCreated: boolean | null;
  pactVersionId: number | null;
  /** The publication this statement inserted; null when `gate` sent the publish to the general path. */
  publicationId: number | null;
}

export function publishInOneStatement(db: Db, p: OneStatementPublish): Promise<OneStatementPublishRow> {
  // Casts on every parameter: the statement is prepared before its values are known.
  const consumerName = sql`${p.consumerName}::text`;
  const consumerKey = sql.param(nameKey(p.consumerName));
  const number = sql.param(p.versionNumber);
  const buildUrl = sql.param(p.buildUrl ?? null);
  const branch = sql.param(p.branch ?? null);
  const providerKey = sql.param(nameKey(p.providerName));
  const sha = sql.param(p.sha);
  const open = sql`(SELECT ok FROM gate)`;
  return db.hot.one<OneStatementPublishRow>(sql`WITH
  c_found AS (SELECT id, name FROM pacticipants WHERE name_key = ${consumerKey}::text),
  p_found AS (SELECT id, name FROM pacticipants WHERE name_key = ${providerKey}::text),
  gate AS (SELECT NOT EXISTS (SELECT 1 FROM pact_publications pp JOIN versions v ON v.id = pp.consumer_version_id
                        WHERE v.pacticipant_id = (SELECT id FROM c_found) AND v.number = ${number}::text AND pp.provider_id = (SELECT id FROM p_found))
       AND (NOT ${p.enqueuesJobs}::boolean OR (NOT ${p.githubStatuses}::boolean
         AND NOT EXISTS (SELECT 1 FROM webhooks WHERE enabled)
         AND NOT EXISTS (SELECT 1 FROM schema_publications sp JOIN schema_subjects s ON s.id = sp.subject_id
                          WHERE sp.pacticipant_id = (SELECT id FROM p_found) AND sp.role = 'provider'
                            AND s.kind = ANY(${[...ProviderContractKinds]}::text[])))) AS ok),
  c_new AS (INSERT INTO pacticipants (name, name_key) SELECT ${consumerName}, ${consumerKey}::text WHERE ${open} AND NOT EXISTS (SELECT 1 FROM c_found)
            ON CONFLICT (name_key) DO NOTHING RETURNING id, name),
  c AS (SELECT id, name, false AS created FROM c_found UNION ALL SELECT id, name, true FROM c_new),
  v_found AS (SELECT v.id, v.number, v.build_url FROM versions v JOIN c ON v.pacticipant_id = c.id WHERE v.number = ${number}::text),
  v_new AS (INSERT INTO versions (pacticipant_id, number, build_url) SELECT c.id, ${number}::text, ${buildUrl}::text FROM c
            WHERE ${open} AND NOT EXISTS (SELECT 1 FROM v_found) ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING id, number, build_url),
  -- A given (non-empty) build URL replaces the existing version's, as findOrCreateVersion does.
  v_url AS (UPDATE versions SET build_url = ${buildUrl}::text, updated_at = now()
            WHERE ${open} AND id = (SELECT id FROM v_found) AND ${buildUrl}::text <> '' AND build_url IS DISTINCT FROM ${buildUrl}::text RETURNING id),
  v AS (SELECT id, number, CASE WHEN EXISTS (SELECT 1 FROM v_url) THEN ${buildUrl}::text ELSE build_url END AS build_url, false AS created FROM v_found
        UNION ALL SELECT id, number, build_url, true FROM v_new),
  b_found AS (SELECT b.id FROM branches b JOIN c ON b.pacticipant_id = c.id WHERE b.name = ${branch}::text),
  b_new AS (INSERT INTO branches (pacticipant_id, name) SELECT c.id, ${branch}::text FROM c
            WHERE ${open} AND ${branch}::text IS NOT NULL AND EXISTS (SELECT 1 FROM v) AND NOT EXISTS (SELECT 1 FROM b_found)
            ON CONFLICT (pacticipant_id, name) DO NOTHING RETURNING id),
  -- An existing branch's updated_at is its last membership: bumped, unless a concurrent publish is bumping it at
  -- the same moment (it holds the advisory lock). Waiting for the branch row made every publish on a branch queue
  -- behind the previous one's commit, its WAL flush included: at c=16 on one branch, one publish at a time. Not
  -- FOR UPDATE SKIP LOCKED: under READ COMMITTED it follows the row's update chain and waits there anyway, and
  -- with the foreign-key checks of the other publishes' branch_versions that deadlocked.
  b_touch AS (UPDATE branches SET updated_at = now()
              WHERE ${open} AND EXISTS (SELECT 1 FROM v) AND id = (SELECT id FROM b_found)
                AND pg_try_advisory_xact_lock(hashtextextended('treaty:branch-touch:' || (SELECT id FROM b_found)::text, 0))),
  b AS (SELECT id FROM b_found UNION ALL SELECT id FROM b_new),
  bv AS (INSERT INTO branch_versions (branch_id, version_id, pacticipant_id) SELECT b.id, v.id, c.id FROM b, v, c WHERE ${open}
         ON CONFLICT (branch_id, version_id) DO NOTHING RETURNING id),
  t AS (INSERT INTO tags (version_id, pacticipant_id, name)
        SELECT v.id, c.id, tag.name FROM v, c, unnest(${[...p.tags]}::text[]) WITH ORDINALITY AS tag(name, ord)
        WHERE ${open} ORDER BY tag.ord
        ON CONFLICT (version_id, name) DO NOTHING RETURNING name),
  p_new AS (INSERT INTO pacticipants (name, name_key) SELECT ${p.providerName}::text, ${providerKey}::text WHERE ${open} AND NOT EXISTS (SELECT 1 FROM p_found)
            ON CONFLICT (name_key) DO NOTHING RETURNING id, name),
  p AS (SELECT id, name, false AS created FROM p_found UNION ALL SELECT id, name, true FROM p_new),
  i AS (INSERT INTO integrations (consumer_id, provider_id) SELECT c.id, p.id FROM c, p
        WHERE ${open} AND NOT EXISTS (SELECT 1 FROM integrations x WHERE x.consumer_id = c.id AND x.provider_id = p.id)
        ON CONFLICT (consumer_id, provider_id) DO NOTHING),
  pv_found AS (SELECT pv.id FROM pact_versions pv JOIN c ON pv.consumer_id = c.id JOIN p ON pv.provider_id = p.id WHERE pv.sha = ${sha}::text),
  pv_new AS (INSERT INTO pact_versions (sha, consumer_id, provider_id, content, interaction_count)
             SELECT ${sha}::text, c.id, p.id, ${p.content}::text, ${p.interactionCount}::int FROM c, p
             WHERE ${open} AND EXISTS (SELECT 1 FROM v) AND NOT EXISTS (SELECT 1 FROM pv_found)
             ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING RETURNING id),
  pv AS (SELECT id FROM pv_found UNION ALL SELECT id FROM pv_new),
  pp_new AS (INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id)
             SELECT v.id, c.id, p.id, pv.id FROM v, c, p, pv WHERE ${open}
             ON CONFLICT (consumer_version_id, provider_id) DO NOTHING RETURNING id)
SELECT c.id AS "consumerId", c.name AS "consumerName", c.created AS "consumerCreated",
       v.id AS "versionId", v.number AS "versionNumber", v.build_url AS "versionBuildUrl", v.created AS "versionCreated",
       CASE WHEN ${branch}::text IS NULL THEN NULL ELSE EXISTS (SELECT 1 FROM bv) END AS "branchCreated",
       ARRAY(SELECT name FROM t) AS "createdTags",
       p.id AS "providerId", p.name AS "providerName", p.created AS "providerCreated",
       (SELECT id FROM pv) AS "pactVersionId", (SELECT id FROM pp_new) AS "publicationId",
       -- Through the gate, the publication must have been inserted and the version's branch found or created;
       -- otherwise a race (a concurrent transaction creating one of the rows): fail, undoing every write.
       1 / (CASE WHEN ${open} THEN (SELECT count(*) FROM pp_new)::int * (CASE WHEN ${branch}::text IS NULL THEN 1 ELSE (SELECT count(*) FROM b)::int END)
                 ELSE 1 END) AS "published"
  FROM (SELECT 1) AS one LEFT JOIN c ON true LEFT JOIN v ON true LEFT JOIN p ON true`);
}
