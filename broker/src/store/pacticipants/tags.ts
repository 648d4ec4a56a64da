// Tags of versions (the Pact Broker's pre-branch way of naming a line of versions).
import type { Db } from '../db.ts';
import { sql } from '../sql.ts';
import type { PacticipantRow } from './pacticipants.ts';
import type { VersionRow } from './versions.ts';
import { upsertVersion } from './versions.ts';

/** Adds a tag to a version; `created` is false when the version already had it. */
export async function addTag(db: Db, version: Pick<VersionRow, 'id' | 'pacticipantId'>, tag: string): Promise<{ created: boolean }> {
  const count = await db.execute(
    sql`INSERT INTO tags (version_id, pacticipant_id, name) VALUES (${version.id}, ${version.pacticipantId}, ${tag}) ON CONFLICT (version_id, name) DO NOTHING`,
  );
  return { created: count > 0 };
}

export interface TagRow {
  versionId: number;
  name: string;
  createdAt: Date;
}

/** The tags of each given version, oldest first. */
export async function tagsOfVersions(db: Db, versionIds: readonly number[]): Promise<Map<number, TagRow[]>> {
  const result = new Map<number, TagRow[]>();
  if (versionIds.length === 0) return result;
  const rows = await db.rows<TagRow>(
    sql`SELECT version_id AS "versionId", name, created_at AS "createdAt" FROM tags WHERE version_id = ANY(${versionIds}::int[]) ORDER BY id`,
  );
  for (const row of rows) result.set(row.versionId, [...(result.get(row.versionId) ?? []), row]);
  return result;
}

export async function findTag(db: Db, versionId: number, name: string): Promise<TagRow | undefined> {
  return db.maybeOne<TagRow>(
    sql`SELECT version_id AS "versionId", name, created_at AS "createdAt" FROM tags WHERE version_id = ${versionId} AND name = ${name}`,
  );
}

export async function deleteTag(db: Db, versionId: number, name: string): Promise<boolean> {
  return (await db.execute(sql`DELETE FROM tags WHERE version_id = ${versionId} AND name = ${name}`)) > 0;
}

/** Tags a version, creating the pacticipant and version when missing (PUT .../tags/{tag}). */
export async function tagVersion(
  db: Db,
  pacticipantName: string,
  number: string,
  tag: string,
): Promise<{ pacticipant: PacticipantRow; version: VersionRow; tag: TagRow; created: boolean }> {
  const { pacticipant, version } = await upsertVersion(db, pacticipantName, number, undefined);
  const { created } = await addTag(db, version, tag);
  const row = await findTag(db, version.id, tag);
  if (!row) throw new Error(`tag ${tag} vanished while being created`);
  return { pacticipant, version, tag: row, created };
}
