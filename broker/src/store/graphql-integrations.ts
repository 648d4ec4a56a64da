// Integrations (consumer–provider pairs) for the GraphQL API, with ids so their relations can be
// batched; the status itself is derived from batched pact and verification lookups.
import type { Db } from './db.ts';
import { likePattern } from './graphql-pacticipants.ts';
import { sql } from './sql.ts';

export interface IntegrationRef {
  consumerId: number;
  providerId: number;
  consumerName: string;
  providerName: string;
  createdAt: Date;
}

const SELECT = sql`SELECT i.consumer_id AS "consumerId", i.provider_id AS "providerId", c.name AS "consumerName", p.name AS "providerName", i.created_at AS "createdAt"
  FROM integrations i JOIN pacticipants c ON c.id = i.consumer_id JOIN pacticipants p ON p.id = i.provider_id`;
const ORDER = sql`ORDER BY c.name_key, p.name_key`;

/** Every integration, by consumer then provider name; `search` matches a substring of either name. */
export function listIntegrationRefs(db: Db, search: string | undefined): Promise<IntegrationRef[]> {
  if (search === undefined || search.trim() === '') return db.rows<IntegrationRef>(sql`${SELECT} ${ORDER}`);
  const pattern = sql.param(likePattern(search.trim()));
  return db.rows<IntegrationRef>(sql`${SELECT} WHERE c.name_key LIKE ${pattern} OR p.name_key LIKE ${pattern} ${ORDER}`);
}

/** The integrations each pacticipant is part of, as consumer or provider. */
export async function integrationsOfPacticipants(db: Db, pacticipantIds: readonly number[]): Promise<Map<number, IntegrationRef[]>> {
  const result = new Map<number, IntegrationRef[]>(pacticipantIds.map((id) => [id, []]));
  if (pacticipantIds.length === 0) return result;
  const ids = sql.param(pacticipantIds);
  const rows = await db.rows<IntegrationRef>(
    sql`${SELECT} WHERE i.consumer_id = ANY(${ids}::int[]) OR i.provider_id = ANY(${ids}::int[]) ${ORDER}`,
  );
  for (const row of rows) {
    result.get(row.consumerId)?.push(row);
    if (row.providerId !== row.consumerId) result.get(row.providerId)?.push(row);
  }
  return result;
}
