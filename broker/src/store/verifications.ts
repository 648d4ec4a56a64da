// Verification results. Numbers run 1, 2, 3... per pact version: the pact version row is locked
// (FOR UPDATE) while the next number is taken, so concurrent verifiers never collide.
// latest_verifications keeps, per (pact version, provider version), the verification with the
// highest id and copies of its success and time; the matrix reads it instead of scanning history.
import type { Db } from './db.ts';
import { findOrCreateVersion } from './pacticipants/versions.ts';
import { nameKey } from './pacticipants/pacticipants.ts';
import { enqueueVerificationJobs, type JobTriggerOptions } from './pacts/publication-events.ts';
import { jsonbText, sql } from './sql.ts';
import { isUniqueViolation, ONE_STATEMENT_RACE, sqlState } from './database-errors.ts';
import { groupBy } from './group-by.ts';
import type { PacticipantPair } from './pacts/pact-refs.ts';
import { pairKey } from './pacts/pact-refs.ts';

export interface VerificationRow {
  id: number;
  number: number;
  pactVersionId: number;
  sha: string;
  consumerName: string;
  providerName: string;
  providerVersionNumber: string;
  success: boolean;
  buildUrl: string | null;
  testResults: unknown;
  verifiedBy: unknown;
  pending: boolean | null;
  wip: boolean;
  createdAt: Date;
}

export interface NewVerification {
  providerName: string;
  consumerName: string;
  sha: string;
  providerVersionNumber: string;
  success: boolean;
  buildUrl?: string | undefined;
  testResults?: unknown;
  verifiedBy?: unknown;
  wip?: boolean | undefined;
  pending?: boolean | undefined;
}

/**
 * The upsert of a latest_verifications row: the verification with the higher id wins (a concurrent verifier's
 * lower id can arrive second), and the row's copies of its success and time move with it.
 */
export const LATER_VERIFICATION_WINS = sql`DO UPDATE SET verification_id = EXCLUDED.verification_id, success = EXCLUDED.success, verified_at = EXCLUDED.verified_at
  WHERE EXCLUDED.verification_id > latest_verifications.verification_id`;

const COLUMNS = sql`v.id, v.number, v.pact_version_id AS "pactVersionId", pv.sha, c.name AS "consumerName", p.name AS "providerName",
  prv.number AS "providerVersionNumber", v.success, v.build_url AS "buildUrl", v.test_results AS "testResults",
  v.verified_by AS "verifiedBy", v.pending, v.wip, v.created_at AS "createdAt"`;
const FROM = sql`FROM verifications v
  JOIN pact_versions pv ON pv.id = v.pact_version_id
  JOIN pacticipants c ON c.id = v.consumer_id
  JOIN pacticipants p ON p.id = v.provider_id
  JOIN versions prv ON prv.id = v.provider_version_id`;

/**
 * Records a verification of a pact version; undefined when the pact version does not exist. With
 * `jobs`, the webhook / GitHub jobs it fires are enqueued in the same transaction.
 */
export async function recordVerification(db: Db, input: NewVerification, jobs?: JobTriggerOptions): Promise<VerificationRow | undefined> {
  // The common case is one prepared autocommit statement (issue #14). It takes the next number from its snapshot,
  // which a concurrent verification of the same pact version can have made stale: its insert then violates the
  // unique (pact_version_id, number), which undoes the statement, and it runs again with a new snapshot. The same
  // when a concurrent transaction was creating the provider version (ONE_STATEMENT_RACE). After a few collisions,
  // or when there are jobs to enqueue, the general path takes the number under the row lock, which cannot collide.
  for (let attempt = 0; attempt < ONE_STATEMENT_ATTEMPTS; attempt++) {
    try {
      const recorded = await recordInOneStatement(db, input, jobs);
      if (recorded !== 'general path') return recorded;
      break;
    } catch (err) {
      if (!isUniqueViolation(err) && sqlState(err) !== ONE_STATEMENT_RACE) throw err;
    }
  }
  return db.transaction((tx) => recordInTransaction(tx, input, jobs));
}

const ONE_STATEMENT_ATTEMPTS = 3;

interface OneStatementVerificationRow extends Omit<VerificationRow, 'id'> {
  /** Null when the gate sent the verification to the general path (it has jobs to enqueue). */
  id: number | null;
}

/**
 * One statement: the pact version (locked, as the general path locks it, so the two paths take their locks in
 * the same order and cannot deadlock), find-or-create of the provider version, the verification numbered
 * max + 1, and its latest_verifications row; it returns the verification as findVerificationById does. Every
 * write waits on `gate`: with a job to enqueue (an enabled webhook, GitHub statuses) it writes nothing, and the
 * general path, which decides and enqueues the jobs, records the verification. Through the gate, no inserted
 * verification means a concurrent transaction was creating the provider version: the division fails the statement.
 */
async function recordInOneStatement(
  db: Db,
  input: NewVerification,
  jobs: JobTriggerOptions | undefined,
): Promise<VerificationRow | undefined | 'general path'> {
  const number = sql.param(input.providerVersionNumber);
  const open = sql`(SELECT ok FROM gate)`;
  const row = await db.hot.maybeOne<OneStatementVerificationRow>(sql`WITH
  gate AS (SELECT NOT ${jobs !== undefined}::boolean OR (NOT ${jobs?.githubStatuses === true}::boolean AND NOT EXISTS (SELECT 1 FROM webhooks WHERE enabled)) AS ok),
  pv AS (SELECT pv.id, pv.sha, pv.consumer_id, pv.provider_id, c.name AS consumer_name, p.name AS provider_name
           FROM pact_versions pv JOIN pacticipants c ON c.id = pv.consumer_id JOIN pacticipants p ON p.id = pv.provider_id
          WHERE p.name_key = ${nameKey(input.providerName)}::text AND c.name_key = ${nameKey(input.consumerName)}::text AND pv.sha = ${input.sha}::text
          FOR UPDATE OF pv),
  v_found AS (SELECT v.id, v.number FROM versions v JOIN pv ON v.pacticipant_id = pv.provider_id WHERE v.number = ${number}::text),
  v_new AS (INSERT INTO versions (pacticipant_id, number) SELECT pv.provider_id, ${number}::text FROM pv WHERE ${open} AND NOT EXISTS (SELECT 1 FROM v_found)
            ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING id, number),
  v AS (SELECT id, number FROM v_found UNION ALL SELECT id, number FROM v_new),
  ins AS (INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success, build_url, test_results, verified_by, pending, wip)
          SELECT (SELECT COALESCE(MAX(x.number), 0) + 1 FROM verifications x WHERE x.pact_version_id = pv.id), pv.id, v.id, pv.consumer_id, pv.provider_id,
                 ${input.success}::boolean, ${input.buildUrl ?? null}::text, ${jsonbText(input.testResults)}::jsonb, ${jsonbText(input.verifiedBy)}::jsonb,
                 ${input.pending ?? null}::boolean, ${input.wip ?? false}::boolean
            FROM pv, v WHERE ${open}
          RETURNING id, number, success, build_url, test_results, verified_by, pending, wip, created_at),
  lv AS (INSERT INTO latest_verifications (pact_version_id, provider_version_id, verification_id, success, verified_at)
         SELECT pv.id, v.id, ins.id, ins.success, ins.created_at FROM pv, v, ins
         ON CONFLICT (pact_version_id, provider_version_id) ${LATER_VERIFICATION_WINS})
SELECT ins.id, ins.number, pv.id AS "pactVersionId", pv.sha, pv.consumer_name AS "consumerName", pv.provider_name AS "providerName",
       v.number AS "providerVersionNumber", ins.success, ins.build_url AS "buildUrl", ins.test_results AS "testResults",
       ins.verified_by AS "verifiedBy", ins.pending, ins.wip, ins.created_at AS "createdAt",
       1 / (CASE WHEN ${open} THEN (SELECT count(*) FROM ins)::int ELSE 1 END) AS "recorded"
  FROM pv LEFT JOIN v ON true LEFT JOIN ins ON true`);
  if (!row) return undefined;
  if (row.id === null) return 'general path';
  const { recorded: _recorded, ...verification } = row as OneStatementVerificationRow & { recorded: number };
  return { ...verification, id: row.id };
}

/** The general path: the pact version locked, then the number taken under the lock. */
async function recordInTransaction(
  tx: Db,
  input: NewVerification,
  jobs: JobTriggerOptions | undefined,
): Promise<VerificationRow | undefined> {
  const pacts = await tx.rows<{
    id: number;
    consumerId: number;
    providerId: number;
  }>(sql`SELECT pv.id, pv.consumer_id AS "consumerId", pv.provider_id AS "providerId"
     FROM pact_versions pv JOIN pacticipants c ON c.id = pv.consumer_id JOIN pacticipants p ON p.id = pv.provider_id
     WHERE p.name_key = ${nameKey(input.providerName)} AND c.name_key = ${nameKey(input.consumerName)} AND pv.sha = ${input.sha} FOR UPDATE OF pv`);
  const pact = pacts[0];
  if (!pact) return undefined;
  const { version } = await findOrCreateVersion(tx, pact.providerId, input.providerVersionNumber);
  const inserted = await tx.rows<{
    id: number;
  }>(sql`WITH ins AS (INSERT INTO verifications (number, pact_version_id, provider_version_id, consumer_id, provider_id, success, build_url, test_results, verified_by, pending, wip)
     SELECT COALESCE(MAX(number), 0) + 1, ${pact.id}, ${version.id}, ${pact.consumerId}, ${pact.providerId}, ${input.success}, ${input.buildUrl ?? null}, ${jsonbText(input.testResults)}::jsonb, ${jsonbText(input.verifiedBy)}::jsonb, ${input.pending ?? null}, ${input.wip ?? false} FROM verifications WHERE pact_version_id = ${pact.id}
     RETURNING id, success, created_at),
   lv AS (INSERT INTO latest_verifications (pact_version_id, provider_version_id, verification_id, success, verified_at)
     SELECT ${pact.id}, ${version.id}, ins.id, ins.success, ins.created_at FROM ins
     ON CONFLICT (pact_version_id, provider_version_id) ${LATER_VERIFICATION_WINS})
   SELECT id FROM ins`);
  const id = inserted[0]!.id;
  if (jobs) {
    await enqueueVerificationJobs(
      tx,
      { verificationId: id, success: input.success, consumerId: pact.consumerId, providerId: pact.providerId, pactVersionId: pact.id },
      jobs,
    );
  }
  return findVerificationById(tx, id);
}

export async function findVerificationById(db: Db, id: number): Promise<VerificationRow | undefined> {
  return db.maybeOne<VerificationRow>(sql`SELECT ${COLUMNS} ${FROM} WHERE v.id = ${id}`);
}

/** The verifications of pacts between the pair (`p` the provider, `c` the consumer). */
const pair = (providerName: string, consumerName: string) =>
  sql`p.name_key = ${nameKey(providerName)} AND c.name_key = ${nameKey(consumerName)}`;

/** `.../pact-version/{sha}/verification-results/{number}` */
export async function findVerification(
  db: Db,
  providerName: string,
  consumerName: string,
  sha: string,
  number: number,
): Promise<VerificationRow | undefined> {
  return db.maybeOne<VerificationRow>(
    sql`SELECT ${COLUMNS} ${FROM} WHERE ${pair(providerName, consumerName)} AND pv.sha = ${sha} AND v.number = ${number}`,
  );
}

/** The latest verification of one pact version, by any provider version. */
export async function findLatestVerificationForPactVersion(db: Db, pactVersionId: number): Promise<VerificationRow | undefined> {
  return db.maybeOne<VerificationRow>(sql`SELECT ${COLUMNS} ${FROM} WHERE v.pact_version_id = ${pactVersionId} ORDER BY v.id DESC LIMIT 1`);
}

/** `.../pact-version/{sha}/verification-results/latest` */
export async function findLatestVerificationForSha(
  db: Db,
  providerName: string,
  consumerName: string,
  sha: string,
): Promise<VerificationRow | undefined> {
  return db.maybeOne<VerificationRow>(
    sql`SELECT ${COLUMNS} ${FROM} WHERE ${pair(providerName, consumerName)} AND pv.sha = ${sha} ORDER BY v.id DESC LIMIT 1`,
  );
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

/**
 * The latest verification, by one provider version, of the pact a consumer version published for that provider
 * (PactFlow's cross-contract verification result when the verifier is Treaty's pact-vs-OpenAPI check).
 */
export async function findVerificationOfConsumerVersionByProviderVersion(
  db: Db,
  providerName: string,
  providerVersionNumber: string,
  consumerName: string,
  consumerVersionNumber: string,
): Promise<VerificationRow | undefined> {
  return db.maybeOne<VerificationRow>(
    sql`SELECT ${COLUMNS} ${FROM}
        JOIN pact_publications pp ON pp.pact_version_id = v.pact_version_id AND pp.provider_id = v.provider_id AND pp.consumer_id = v.consumer_id
        JOIN versions cv ON cv.id = pp.consumer_version_id
        WHERE ${pair(providerName, consumerName)} AND prv.number = ${providerVersionNumber} AND cv.number = ${consumerVersionNumber}
        ORDER BY v.id DESC LIMIT 1`,
  );
}

/**
 * The latest verification of each pact a consumer version published, one per provider (the Pact Broker's
 * `/verification-results/consumer/{c}/version/{v}/latest`); pacts never verified have none.
 */
export function findLatestVerificationsForConsumerVersion(db: Db, consumerName: string, versionNumber: string): Promise<VerificationRow[]> {
  return db.rows<VerificationRow>(
    sql`SELECT DISTINCT ON (v.provider_id) ${COLUMNS} ${FROM}
        JOIN pact_publications pp ON pp.pact_version_id = v.pact_version_id AND pp.consumer_id = v.consumer_id AND pp.provider_id = v.provider_id
        JOIN versions cv ON cv.id = pp.consumer_version_id
        WHERE c.name_key = ${nameKey(consumerName)} AND cv.number = ${versionNumber}
        ORDER BY v.provider_id, v.id DESC`,
  );
}
