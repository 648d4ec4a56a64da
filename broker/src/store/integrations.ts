// Integrations: consumer–provider pairs that have exchanged a pact (rows written on publish).
import type { Db } from './db.ts';
import { nameKey } from './pacticipants.ts';
import { sql } from './sql.ts';

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
