// The pacticipant a write is about, when the path names only a deployed or released version
// (pact-broker record-undeployment / record-support-ended): used to check pacticipant-limited tokens.
import type { Db } from './db.ts';
import { sql } from './sql.ts';

export async function pacticipantOfDeployedVersion(db: Db, uuid: string): Promise<string | undefined> {
  const row = await db.maybeOne<{ name: string }>(
    sql`SELECT p.name FROM deployed_versions d JOIN pacticipants p ON p.id = d.pacticipant_id WHERE d.uuid = ${uuid}`,
  );
  return row?.name;
}

export async function pacticipantOfReleasedVersion(db: Db, uuid: string): Promise<string | undefined> {
  const row = await db.maybeOne<{ name: string }>(
    sql`SELECT p.name FROM released_versions r JOIN pacticipants p ON p.id = r.pacticipant_id WHERE r.uuid = ${uuid}`,
  );
  return row?.name;
}
