// The common case of publishing a pact as ONE statement on the hot pool (issue #14): one contract, for a
// consumer version that has no pact for that provider yet. Everything publishContracts' general path does in
// about a dozen statements (find-or-create of consumer, version, branch, tags, provider, integration, pact
// content by hash, the publication) is a chain of data-modifying CTEs, prepared once per connection, so a
// publish is BEGIN + this statement + COMMIT: three round trips, and Postgres plans nothing per request.
//
// How it stays correct without the general path's advisory lock:
// - Every find-or-create looks the row up first and inserts only when it is missing, with ON CONFLICT DO
//   NOTHING: no sequence value is burned for rows that exist, and a row a concurrent transaction is creating
//   makes the INSERT wait for it and then return nothing. All CTEs read the snapshot taken when the statement
//   began, so that row is invisible to the lookup too: the id comes back NULL. Every later write is gated on
//   the ids it needs being present, so such a race writes nothing more and `resolved` is false; the caller then
//   runs the general path in the same transaction, whose statements see the other transaction's committed rows.
// - The statement never changes an existing publication: it inserts one only when the snapshot has none, and
//   the unique (consumer_version_id, provider_id) index makes a concurrent insert of the same one wait and do
//   nothing. Replacing or merging content (a read-modify-write) stays on the general path, under its lock.
// - It writes no pact content and no publication when one already exists for the version and provider: that
//   case (re-publish, overwrite, merge, conflict) is the general path's, and a conflict must leave nothing.
// The flags at the end tell the caller whether this publish must enqueue jobs (an enabled webhook, or a
// provider OpenAPI document to check the pact against); that rarer work runs after it, in the same transaction.
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
  /** The publication this statement inserted; null when it did not (it exists, or a race: see above). */
  publicationId: number | null;
  anyEnabledWebhook: boolean;
  providerHasContract: boolean;
}

export function publishInOneStatement(tx: Db, p: OneStatementPublish): Promise<OneStatementPublishRow> {
  // Casts on every parameter: the statement is prepared before its values are known.
  const consumerName = sql`${p.consumerName}::text`;
  const consumerKey = sql.param(nameKey(p.consumerName));
  const number = sql.param(p.versionNumber);
  const buildUrl = sql.param(p.buildUrl ?? null);
  const branch = sql.param(p.branch ?? null);
  const providerKey = sql.param(nameKey(p.providerName));
  const sha = sql.param(p.sha);
  return tx.hot.one<OneStatementPublishRow>(sql`WITH
  c_found AS (SELECT id, name FROM pacticipants WHERE name_key = ${consumerKey}::text),
  c_new AS (INSERT INTO pacticipants (name, name_key) SELECT ${consumerName}, ${consumerKey}::text WHERE NOT EXISTS (SELECT 1 FROM c_found)
            ON CONFLICT (name_key) DO NOTHING RETURNING id, name),
  c AS (SELECT id, name, false AS created FROM c_found UNION ALL SELECT id, name, true FROM c_new),
  v_found AS (SELECT v.id, v.number, v.build_url FROM versions v JOIN c ON v.pacticipant_id = c.id WHERE v.number = ${number}::text),
  v_new AS (INSERT INTO versions (pacticipant_id, number, build_url) SELECT c.id, ${number}::text, ${buildUrl}::text FROM c
            WHERE NOT EXISTS (SELECT 1 FROM v_found) ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING id, number, build_url),
  -- A given (non-empty) build URL replaces the existing version's, as findOrCreateVersion does.
  v_url AS (UPDATE versions SET build_url = ${buildUrl}::text, updated_at = now()
            WHERE id = (SELECT id FROM v_found) AND ${buildUrl}::text <> '' AND build_url IS DISTINCT FROM ${buildUrl}::text RETURNING id),
  v AS (SELECT id, number, CASE WHEN EXISTS (SELECT 1 FROM v_url) THEN ${buildUrl}::text ELSE build_url END AS build_url, false AS created FROM v_found
        UNION ALL SELECT id, number, build_url, true FROM v_new),
  b AS (INSERT INTO branches (pacticipant_id, name) SELECT c.id, ${branch}::text FROM c WHERE ${branch}::text IS NOT NULL AND EXISTS (SELECT 1 FROM v)
        ON CONFLICT (pacticipant_id, name) DO UPDATE SET updated_at = now() RETURNING id),
  bv AS (INSERT INTO branch_versions (branch_id, version_id, pacticipant_id) SELECT b.id, v.id, c.id FROM b, v, c
         ON CONFLICT (branch_id, version_id) DO NOTHING RETURNING id),
  t AS (INSERT INTO tags (version_id, pacticipant_id, name)
        SELECT v.id, c.id, tag.name FROM v, c, unnest(${[...p.tags]}::text[]) WITH ORDINALITY AS tag(name, ord) ORDER BY tag.ord
        ON CONFLICT (version_id, name) DO NOTHING RETURNING name),
  p_found AS (SELECT id, name FROM pacticipants WHERE name_key = ${providerKey}::text),
  p_new AS (INSERT INTO pacticipants (name, name_key) SELECT ${p.providerName}::text, ${providerKey}::text WHERE NOT EXISTS (SELECT 1 FROM p_found)
            ON CONFLICT (name_key) DO NOTHING RETURNING id, name),
  p AS (SELECT id, name, false AS created FROM p_found UNION ALL SELECT id, name, true FROM p_new),
  i AS (INSERT INTO integrations (consumer_id, provider_id) SELECT c.id, p.id FROM c, p
        WHERE NOT EXISTS (SELECT 1 FROM integrations x WHERE x.consumer_id = c.id AND x.provider_id = p.id)
        ON CONFLICT (consumer_id, provider_id) DO NOTHING),
  pp_found AS (SELECT pp.id FROM pact_publications pp JOIN v ON pp.consumer_version_id = v.id JOIN p ON pp.provider_id = p.id),
  pv_found AS (SELECT pv.id FROM pact_versions pv JOIN c ON pv.consumer_id = c.id JOIN p ON pv.provider_id = p.id WHERE pv.sha = ${sha}::text),
  pv_new AS (INSERT INTO pact_versions (sha, consumer_id, provider_id, content, interaction_count)
             SELECT ${sha}::text, c.id, p.id, ${p.content}::text, ${p.interactionCount}::int FROM c, p
             WHERE EXISTS (SELECT 1 FROM v) AND NOT EXISTS (SELECT 1 FROM pp_found) AND NOT EXISTS (SELECT 1 FROM pv_found)
             ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING RETURNING id),
  pv AS (SELECT id FROM pv_found UNION ALL SELECT id FROM pv_new),
  pp_new AS (INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id)
             SELECT v.id, c.id, p.id, pv.id FROM v, c, p, pv WHERE NOT EXISTS (SELECT 1 FROM pp_found)
             ON CONFLICT (consumer_version_id, provider_id) DO NOTHING RETURNING id)
SELECT c.id AS "consumerId", c.name AS "consumerName", c.created AS "consumerCreated",
       v.id AS "versionId", v.number AS "versionNumber", v.build_url AS "versionBuildUrl", v.created AS "versionCreated",
       CASE WHEN ${branch}::text IS NULL THEN NULL ELSE EXISTS (SELECT 1 FROM bv) END AS "branchCreated",
       ARRAY(SELECT name FROM t) AS "createdTags",
       p.id AS "providerId", p.name AS "providerName", p.created AS "providerCreated",
       (SELECT id FROM pv) AS "pactVersionId", (SELECT id FROM pp_new) AS "publicationId",
       EXISTS (SELECT 1 FROM webhooks WHERE enabled) AS "anyEnabledWebhook",
       EXISTS (SELECT 1 FROM schema_publications sp JOIN schema_subjects s ON s.id = sp.subject_id
                WHERE sp.pacticipant_id = p.id AND sp.role = 'provider' AND s.kind = ANY(${[...ProviderContractKinds]}::text[])) AS "providerHasContract"
  FROM (SELECT 1) AS one LEFT JOIN c ON true LEFT JOIN v ON true LEFT JOIN p ON true`);
}
