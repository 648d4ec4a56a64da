// Integrations (consumer–provider pairs) for the GraphQL API, with ids so their relations can be
// batched; the status itself is derived from batched pact and verification lookups.
import type { Db } from './db.ts';
import { likePattern } from './graphql-pacticipants.ts';

export interface IntegrationRef {
  consumerId: number;
  providerId: number;
  consumerName: string;
  providerName: string;
  createdAt: Date;
}

const SELECT = `SELECT i.consumer_id AS "consumerId", i.provider_id AS "providerId", c.name AS "consumerName", p.name AS "providerName", i.created_at AS "createdAt"
  FROM integrations i JOIN pacticipants c ON c.id = i.consumer_id JOIN pacticipants p ON p.id = i.provider_id`;
const ORDER = `ORDER BY c.name_key, p.name_key`;

/** Every integration, by consumer then provider name; `search` matches a substring of either name. */
export function listIntegrationRefs(db: Db, search: string | undefined): Promise<IntegrationRef[]> {
  if (search === undefined || search.trim() === '') return db.$queryRawUnsafe<IntegrationRef[]>(`${SELECT} ${ORDER}`);
  return db.$queryRawUnsafe<IntegrationRef[]>(
    `${SELECT} WHERE c.name_key LIKE $1 OR p.name_key LIKE $1 ${ORDER}`,
    likePattern(search.trim()),
  );
}

/** The integrations each pacticipant is part of, as consumer or provider. */
export async function integrationsOfPacticipants(db: Db, pacticipantIds: readonly number[]): Promise<Map<number, IntegrationRef[]>> {
  const result = new Map<number, IntegrationRef[]>(pacticipantIds.map((id) => [id, []]));
  if (pacticipantIds.length === 0) return result;
  const rows = await db.$queryRawUnsafe<IntegrationRef[]>(
    `${SELECT} WHERE i.consumer_id = ANY($1::int[]) OR i.provider_id = ANY($1::int[]) ${ORDER}`,
    [...pacticipantIds],
  );
  for (const row of rows) {
    result.get(row.consumerId)?.push(row);
    if (row.providerId !== row.consumerId) result.get(row.providerId)?.push(row);
  }
  return result;
}
