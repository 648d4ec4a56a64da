// Integrations: consumer–provider pairs that have exchanged a pact (rows written on publish).
import type { Db } from './db.ts';
import { nameKey } from './pacticipants/pacticipants.ts';
import { sql } from './sql.ts';
import { likePattern } from './pacticipants/pacticipants.ts';

export interface IntegrationRow {
  consumerName: string;
  providerName: string;
  createdAt: Date;
  /** When the latest pact between them was published; null if all pacts were deleted. */
  latestPactCreatedAt: Date | null;
  /** Success of the latest verification of the latest pact; null when it was never verified. */
  latestVerificationSuccess: boolean | null;
}

const SELECT = sql`SELECT c.name AS "consumerName", p.name AS "providerName", i.created_at AS "createdAt",
    lp.created_at AS "latestPactCreatedAt", lv.success AS "latestVerificationSuccess"
  FROM integrations i
  JOIN pacticipants c ON c.id = i.consumer_id
  JOIN pacticipants p ON p.id = i.provider_id
  LEFT JOIN LATERAL (
    SELECT pp.pact_version_id, pp.updated_at AS created_at FROM pact_publications pp
    WHERE pp.consumer_id = i.consumer_id AND pp.provider_id = i.provider_id ORDER BY pp.consumer_version_id DESC LIMIT 1
  ) lp ON TRUE
  LEFT JOIN LATERAL (
    SELECT v.success FROM verifications v WHERE v.pact_version_id = lp.pact_version_id ORDER BY v.id DESC LIMIT 1
  ) lv ON TRUE`;

export function listIntegrations(db: Db): Promise<IntegrationRow[]> {
  return db.rows<IntegrationRow>(sql`${SELECT} ORDER BY lower(c.name), lower(p.name)`);
}

export async function findIntegration(db: Db, providerName: string, consumerName: string): Promise<IntegrationRow | undefined> {
  return db.maybeOne<IntegrationRow>(sql`${SELECT} WHERE p.name_key = ${nameKey(providerName)} AND c.name_key = ${nameKey(consumerName)}`);
}

/**
 * Deletes an integration with every pact and verification between the pair (the Pact Broker's
 * DELETE /integrations/...). The pacticipants and their versions stay. False when there was none.
 */
export function deleteIntegration(db: Db, providerName: string, consumerName: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const pair = sql`consumer_id = (SELECT id FROM pacticipants WHERE name_key = ${nameKey(consumerName)})
      AND provider_id = (SELECT id FROM pacticipants WHERE name_key = ${nameKey(providerName)})`;
    const deleted = await tx.execute(sql`DELETE FROM integrations WHERE ${pair}`);
    // Verifications, latest_verifications and publications cascade from pact_versions.
    await tx.execute(sql`DELETE FROM pact_publications WHERE ${pair}`);
    await tx.execute(sql`DELETE FROM pact_versions WHERE ${pair}`);
    return deleted > 0;
  });
}

export interface IntegrationRef {
  consumerId: number;
  providerId: number;
  consumerName: string;
  providerName: string;
  createdAt: Date;
}

const REF_SELECT = sql`SELECT i.consumer_id AS "consumerId", i.provider_id AS "providerId", c.name AS "consumerName", p.name AS "providerName", i.created_at AS "createdAt"
  FROM integrations i JOIN pacticipants c ON c.id = i.consumer_id JOIN pacticipants p ON p.id = i.provider_id`;

const REF_ORDER = sql`ORDER BY c.name_key, p.name_key`;

/** Every integration, by consumer then provider name; `search` matches a substring of either name. */
export function listIntegrationRefs(db: Db, search: string | undefined): Promise<IntegrationRef[]> {
  if (search === undefined || search.trim() === '') return db.rows<IntegrationRef>(sql`${REF_SELECT} ${REF_ORDER}`);
  const pattern = sql.param(likePattern(search.trim()));
  return db.rows<IntegrationRef>(sql`${REF_SELECT} WHERE c.name_key LIKE ${pattern} OR p.name_key LIKE ${pattern} ${REF_ORDER}`);
}

/** The integrations each pacticipant is part of, as consumer or provider. */
export async function integrationsOfPacticipants(db: Db, pacticipantIds: readonly number[]): Promise<Map<number, IntegrationRef[]>> {
  const result = new Map<number, IntegrationRef[]>(pacticipantIds.map((id) => [id, []]));
  if (pacticipantIds.length === 0) return result;
  const ids = sql.param(pacticipantIds);
  const rows = await db.rows<IntegrationRef>(
    sql`${REF_SELECT} WHERE i.consumer_id = ANY(${ids}::int[]) OR i.provider_id = ANY(${ids}::int[]) ${REF_ORDER}`,
  );
  for (const row of rows) {
    result.get(row.consumerId)?.push(row);
    if (row.providerId !== row.consumerId) result.get(row.providerId)?.push(row);
  }
  return result;
}
