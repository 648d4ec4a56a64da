// Pacticipant labels (PUT/GET/DELETE /pacticipants/{name}/labels/{label}): free-form names that webhooks can be
// scoped by (`{"consumer": {"label": "team-payments"}}`). Label names are matched exactly, as stored.
import type { Db } from './db.ts';
import { PACTICIPANT_COLUMNS, type PacticipantRow } from './pacticipants.ts';

/** Adds the label; `created` is false when the pacticipant already had it. */
export async function addLabel(db: Db, pacticipantId: number, label: string): Promise<{ created: boolean }> {
  const count = await db.$executeRawUnsafe(
    `INSERT INTO pacticipant_labels (pacticipant_id, name) VALUES ($1, $2) ON CONFLICT (pacticipant_id, name) DO NOTHING`,
    pacticipantId,
    label,
  );
  return { created: count > 0 };
}

export async function hasLabel(db: Db, pacticipantId: number, label: string): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<Array<{ found: number }>>(
    `SELECT 1 AS found FROM pacticipant_labels WHERE pacticipant_id = $1 AND name = $2`,
    pacticipantId,
    label,
  );
  return rows.length > 0;
}

export async function deleteLabel(db: Db, pacticipantId: number, label: string): Promise<boolean> {
  return (await db.$executeRawUnsafe(`DELETE FROM pacticipant_labels WHERE pacticipant_id = $1 AND name = $2`, pacticipantId, label)) > 0;
}

/** Every pacticipant with this label, by name (GET /pacticipants/label/{label}). */
export async function pacticipantsWithLabel(db: Db, label: string): Promise<PacticipantRow[]> {
  return db.$queryRawUnsafe<PacticipantRow[]>(
    `SELECT ${PACTICIPANT_COLUMNS} FROM pacticipants WHERE id IN (SELECT pacticipant_id FROM pacticipant_labels WHERE name = $1) ORDER BY name_key`,
    label,
  );
}
