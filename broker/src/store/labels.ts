// Pacticipant labels (PUT/GET/DELETE /pacticipants/{name}/labels/{label}): free-form names that webhooks can be
// scoped by (`{"consumer": {"label": "team-payments"}}`). Label names are matched exactly, as stored.
import type { Db } from './db.ts';
import { PACTICIPANT_COLUMNS, type PacticipantRow } from './pacticipants.ts';
import { sql } from './sql.ts';

/** Adds the label; `created` is false when the pacticipant already had it. */
export async function addLabel(db: Db, pacticipantId: number, label: string): Promise<{ created: boolean }> {
  const count = await db.execute(
    sql`INSERT INTO pacticipant_labels (pacticipant_id, name) VALUES (${pacticipantId}, ${label}) ON CONFLICT (pacticipant_id, name) DO NOTHING`,
  );
  return { created: count > 0 };
}

export async function hasLabel(db: Db, pacticipantId: number, label: string): Promise<boolean> {
  const rows = await db.rows<{ found: number }>(
    sql`SELECT 1 AS found FROM pacticipant_labels WHERE pacticipant_id = ${pacticipantId} AND name = ${label}`,
  );
  return rows.length > 0;
}

export async function deleteLabel(db: Db, pacticipantId: number, label: string): Promise<boolean> {
  return (await db.execute(sql`DELETE FROM pacticipant_labels WHERE pacticipant_id = ${pacticipantId} AND name = ${label}`)) > 0;
}

/** Every pacticipant with this label, by name (GET /pacticipants/label/{label}). */
export async function pacticipantsWithLabel(db: Db, label: string): Promise<PacticipantRow[]> {
  return db.rows<PacticipantRow>(
    sql`SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants WHERE id IN (SELECT pacticipant_id FROM pacticipant_labels WHERE name = ${label}) ORDER BY name_key`,
  );
}
