// A pacticipant with what its representation embeds (its latest version and its labels), for lists in two queries.
import type { Db } from '../db.ts';
import { type VersionRow } from './versions.ts';
import { latestVersionsOf } from './versions.ts';
import { labelsOf } from './labels.ts';
import type { PacticipantRow } from './pacticipants.ts';

/** A pacticipant with what its representation embeds: its latest version and its labels. */
export interface PacticipantView {
  pacticipant: PacticipantRow;
  latestVersion: VersionRow | undefined;
  labels: string[];
}

export async function loadPacticipantViews(db: Db, pacticipants: readonly PacticipantRow[]): Promise<PacticipantView[]> {
  const ids = pacticipants.map((p) => p.id);
  const [latest, labels] = await Promise.all([latestVersionsOf(db, ids), labelsOf(db, ids)]);
  return pacticipants.map((pacticipant) => ({
    pacticipant,
    latestVersion: latest.get(pacticipant.id),
    labels: labels.get(pacticipant.id) ?? [],
  }));
}
