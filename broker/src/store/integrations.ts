// Integrations: consumer–provider pairs that have exchanged a pact (rows written on publish).
import type { PrismaClient } from '@treaty/prisma';
import { inTransaction, type Db } from './db.ts';
import { nameKey } from './pacticipants.ts';

export interface IntegrationRow {
  consumerName: string;
  providerName: string;
  createdAt: Date;
  /** When the latest pact between them was published; null if all pacts were deleted. */
  latestPactCreatedAt: Date | null;
  /** Success of the latest verification of the latest pact; null when it was never verified. */
  latestVerificationSuccess: boolean | null;
}

const SELECT = `SELECT c.name AS "consumerName", p.name AS "providerName", i.created_at AS "createdAt",
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
  return db.$queryRawUnsafe<IntegrationRow[]>(`${SELECT} ORDER BY lower(c.name), lower(p.name)`);
}

export async function findIntegration(db: Db, providerName: string, consumerName: string): Promise<IntegrationRow | undefined> {
  const rows = await db.$queryRawUnsafe<IntegrationRow[]>(
    `${SELECT} WHERE p.name_key = $1 AND c.name_key = $2`,
    nameKey(providerName),
    nameKey(consumerName),
  );
  return rows[0];
}

/**
 * Deletes an integration with every pact and verification between the pair (the Pact Broker's
 * DELETE /integrations/...). The pacticipants and their versions stay. False when there was none.
 */
export function deleteIntegration(prisma: PrismaClient, providerName: string, consumerName: string): Promise<boolean> {
  return inTransaction(prisma, async (tx) => {
    const pair = `consumer_id = (SELECT id FROM pacticipants WHERE name_key = $2) AND provider_id = (SELECT id FROM pacticipants WHERE name_key = $1)`;
    const params = [nameKey(providerName), nameKey(consumerName)];
    const deleted = await tx.$executeRawUnsafe(`DELETE FROM integrations WHERE ${pair}`, ...params);
    // Verifications, latest_verifications and publications cascade from pact_versions.
    await tx.$executeRawUnsafe(`DELETE FROM pact_publications WHERE ${pair}`, ...params);
    await tx.$executeRawUnsafe(`DELETE FROM pact_versions WHERE ${pair}`, ...params);
    return deleted > 0;
  });
}
