// What a webhook job's `${pactbroker.*}` parameters are rendered from, read when the job runs (names,
// versions, branches, tags and labels as they are now): jobs/webhook-template-data.ts builds the data.
import type { Db } from './db.ts';
import { sql } from './sql.ts';

export interface VersionFacts {
  number: string;
  pacticipantName: string;
  buildUrl: string | null;
  /** The branch the version joined last. */
  branch: string | null;
  tags: string[] | null;
  labels: string[] | null;
}

export function findVersionFacts(db: Db, versionId: number): Promise<VersionFacts | undefined> {
  return db.maybeOne<VersionFacts>(
    sql`SELECT v.number, p.name AS "pacticipantName", v.build_url AS "buildUrl",
            (SELECT b.name FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = v.id ORDER BY bv.id DESC LIMIT 1) AS branch,
            ARRAY(SELECT t.name FROM tags t WHERE t.version_id = v.id ORDER BY t.created_at, t.name) AS tags,
            ARRAY(SELECT l.name FROM pacticipant_labels l WHERE l.pacticipant_id = p.id ORDER BY l.name) AS labels
       FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE v.id = ${versionId}`,
  );
}

export interface PactFacts {
  sha: string;
  providerName: string;
  providerLabels: string[];
}

export function findPactFacts(db: Db, pactVersionId: number): Promise<PactFacts | undefined> {
  return db.maybeOne<PactFacts>(
    sql`SELECT pv.sha, p.name AS "providerName",
            ARRAY(SELECT l.name FROM pacticipant_labels l WHERE l.pacticipant_id = p.id ORDER BY l.name) AS "providerLabels"
       FROM pact_versions pv JOIN pacticipants p ON p.id = pv.provider_id WHERE pv.id = ${pactVersionId}`,
  );
}

export interface VerificationFacts {
  number: number;
  success: boolean;
  buildUrl: string | null;
  providerVersionId: number;
}

export function findVerificationFacts(db: Db, verificationId: number): Promise<VerificationFacts | undefined> {
  return db.maybeOne<VerificationFacts>(
    sql`SELECT number, success, build_url AS "buildUrl", provider_version_id AS "providerVersionId" FROM verifications WHERE id = ${verificationId}`,
  );
}
