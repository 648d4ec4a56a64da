// The matrix's hand-written SQL (the hot path of can-i-deploy), on the hot-path pool. Implements domain/matrix's
// MatrixReader with version-lookups.ts (selectors -> versions) and rows.ts (the rows of those versions).
// Every method is one round trip; selectors are resolved to version ids once and the row query only
// compares ids, so each lookup walks an index:
//   versions(pacticipant_id, id) / (pacticipant_id, number)   latest / exact version
//   tags(pacticipant_id, name, version_id)                     latest / all with tag
//   branches(pacticipant_id, name) + branch_versions(branch_id, version_id)   branch head / members
//   current_deployments PK(environment_uuid, pacticipant_id, ..), released_versions(environment_uuid, pacticipant_id)
//   pact_publications(consumer_version_id, provider_id) / (consumer_id, consumer_version_id)
//   latest_verifications PK(pact_version_id, provider_version_id) — the LATERAL join per publication
//   latest_verifications(provider_version_id, pact_version_id)    — rows where a version is the provider
import type { IntegrationLookup, MatrixReader } from '../../domain/matrix/query-matrix.ts';
import type { PacticipantRef } from '../../domain/matrix/resolved-selector.ts';
import type { Db } from '../db.ts';
import { findRows, findRowSummary } from './rows.ts';
import { resolveVersions } from './version-lookups.ts';
import { sql, type SqlParam } from '../sql.ts';

/** The reader on the hot-path pool: prepared statements with generic plans (see db.ts). */
export function createMatrixReader(db: Db): MatrixReader {
  const hot = db.hot;
  return {
    async findPacticipants(names) {
      if (names.length === 0) return new Map();
      const rows = await hot.rows<PacticipantRef>(
        sql`SELECT id, name, main_branch AS "mainBranch" FROM pacticipants WHERE name_key = ANY(${names.map((n) => n.toLowerCase())}::text[])`,
      );
      return new Map(rows.map((r) => [r.name.toLowerCase(), r]));
    },
    async findEnvironments(names) {
      if (names.length === 0) return new Set();
      const rows = await hot.rows<{ name: string }>(sql`SELECT name FROM environments WHERE name = ANY(${names}::text[])`);
      return new Set(rows.map((r) => r.name));
    },
    resolveVersions: (lookups) => resolveVersions(hot, lookups),
    async findIntegrations(lookup: IntegrationLookup) {
      const consumerVersionIds = sql.param(lookup.consumerVersionIds);
      const consumerIds = sql.param(lookup.consumerIds);
      const providerIds = sql.param(lookup.providerIds);
      return hot.rows<{ consumerId: number; consumerName: string; providerId: number; providerName: string }>(
        sql`SELECT x.consumer_id AS "consumerId", c.name AS "consumerName", x.provider_id AS "providerId", p.name AS "providerName"
         FROM (
           SELECT consumer_id, provider_id FROM pact_publications WHERE consumer_version_id = ANY(${consumerVersionIds}::int[])
           UNION SELECT consumer_id, provider_id FROM integrations WHERE consumer_id = ANY(${consumerIds}::int[])
           UNION SELECT consumer_id, provider_id FROM integrations WHERE provider_id = ANY(${providerIds}::int[])
           UNION ${schemaIntegrations(consumerVersionIds, consumerIds, providerIds)}
         ) x
         JOIN pacticipants c ON c.id = x.consumer_id
         JOIN pacticipants p ON p.id = x.provider_id
         ORDER BY c.name, p.name`,
      );
    },
    findRows: (lookup) => findRows(hot, lookup),
    findRowSummary: (lookup, latestby, limit) => findRowSummary(hot, lookup, latestby, limit),
  };
}

// Schema contracts (issue #8): a consumer's schema publication of a subject depends on every pacticipant that
// publishes that subject as provider (schema_publications(subject_id, role, pacticipant_id, version_id)).
const schemaIntegrations = (consumerVersionIds: SqlParam, consumerIds: SqlParam, providerIds: SqlParam) =>
  sql`SELECT cp.pacticipant_id, pp.pacticipant_id FROM schema_publications cp
             JOIN (SELECT DISTINCT subject_id, pacticipant_id FROM schema_publications WHERE role = 'provider') pp
               ON pp.subject_id = cp.subject_id AND pp.pacticipant_id <> cp.pacticipant_id
             WHERE cp.role = 'consumer'
               AND (cp.version_id = ANY(${consumerVersionIds}::int[]) OR cp.pacticipant_id = ANY(${consumerIds}::int[]) OR pp.pacticipant_id = ANY(${providerIds}::int[]))`;
