// The pacticipant a write is about, when the path names only a deployed or released version
// (pact-broker record-undeployment / record-support-ended): used to check pacticipant-limited tokens.
import type { Db } from './db.ts';

async function pacticipantName(db: Db, pacticipantId: number | undefined): Promise<string | undefined> {
  if (pacticipantId === undefined) return undefined;
  const pacticipant = await db.pacticipant.findUnique({ where: { id: pacticipantId }, select: { name: true } });
  return pacticipant?.name;
}

export async function pacticipantOfDeployedVersion(db: Db, uuid: string): Promise<string | undefined> {
  const row = await db.deployedVersion.findUnique({ where: { uuid }, select: { pacticipantId: true } });
  return pacticipantName(db, row?.pacticipantId);
}

export async function pacticipantOfReleasedVersion(db: Db, uuid: string): Promise<string | undefined> {
  const row = await db.releasedVersion.findUnique({ where: { uuid }, select: { pacticipantId: true } });
  return pacticipantName(db, row?.pacticipantId);
}
