// Find-or-404 lookups shared by the route groups: each throws a NotFoundError whose detail says
// what is missing and how to create it, so handlers stay a straight line.
import { NotFoundError } from '../../errors.ts';
import { findBranch, type BranchRow } from './branches.ts';
import type { Db } from '../db.ts';
import { findEnvironment, type EnvironmentRow } from '../environments/environments.ts';
import { findPacticipant, type PacticipantRow } from './pacticipants.ts';
import { findVersion, type VersionRow } from './versions.ts';

export async function requirePacticipant(db: Db, name: string): Promise<PacticipantRow> {
  const pacticipant = await findPacticipant(db, name);
  if (!pacticipant) {
    throw new NotFoundError(
      `No pacticipant named '${name}'. Create it with POST /pacticipants (pact-broker create-or-update-pacticipant) or by publishing a contract; names are matched case-insensitively.`,
    );
  }
  return pacticipant;
}

export async function requireVersion(
  db: Db,
  pacticipantName: string,
  number: string,
): Promise<{ pacticipant: PacticipantRow; version: VersionRow }> {
  const pacticipant = await requirePacticipant(db, pacticipantName);
  const version = await findVersion(db, pacticipant.id, number);
  if (!version) {
    throw new NotFoundError(
      `Pacticipant '${pacticipant.name}' has no version '${number}'. Create it with PUT /pacticipants/${encodeURIComponent(pacticipant.name)}/versions/${encodeURIComponent(number)} (pact-broker create-or-update-version) or by publishing a contract for it.`,
    );
  }
  return { pacticipant, version };
}

export async function requireBranch(
  db: Db,
  pacticipantName: string,
  branchName: string,
): Promise<{ pacticipant: PacticipantRow; branch: BranchRow }> {
  const pacticipant = await requirePacticipant(db, pacticipantName);
  const branch = await findBranch(db, pacticipant.id, branchName);
  if (!branch) {
    throw new NotFoundError(
      `Pacticipant '${pacticipant.name}' has no branch '${branchName}'. Branches are created when a version is published with --branch, or with PUT /pacticipants/${encodeURIComponent(pacticipant.name)}/branches/${encodeURIComponent(branchName)}/versions/{version}.`,
    );
  }
  return { pacticipant, branch };
}

export async function requireEnvironment(db: Db, uuid: string): Promise<EnvironmentRow> {
  const environment = await findEnvironment(db, uuid);
  if (!environment) {
    throw new NotFoundError(
      `No environment with uuid '${uuid}'. List the environments with GET /environments (pact-broker list-environments) or create one with pact-broker create-environment.`,
    );
  }
  return environment;
}
