// PactFlow's provider contracts (`pactflow publish-provider-contract`), kept as what Treaty already has: the
// OpenAPI document is a provider schema publication of subject `<provider>-provider-contract` (so the schema-check
// job compares the provider's pacts with it, and records each result as a verification), and the provider's own
// self-verification evidence is a row of provider_contract_self_verifications for that provider version.
import type { SchemaFile } from '@treaty/wire';
import type { Db } from '../db.ts';
import { nameKey } from '../pacticipants/pacticipants.ts';
import { sql } from '../sql.ts';
import { publishSchema, type PublishSchemaResult } from './schema-publications.ts';

export interface SelfVerificationInput {
  success: boolean;
  content?: string | undefined;
  contentType?: string | undefined;
  format?: string | undefined;
  verifier?: string | undefined;
  verifierVersion?: string | undefined;
}

export interface PublishProviderContractInput {
  providerName: string;
  versionNumber: string;
  branch?: string | undefined;
  tags?: string[] | undefined;
  buildUrl?: string | undefined;
  file: SchemaFile;
  selfVerification?: SelfVerificationInput | undefined;
}

/** The subject a provider's contract is published under (one per provider, as PactFlow has one contract per version). */
export const providerContractSubject = (providerName: string): string => `${providerName}-provider-contract`;

/**
 * Publishes the document and records the self-verification in one transaction, so the schema-check job it queues
 * (run after commit) already sees whether the provider's own verification failed.
 */
export function publishProviderContract(
  db: Db,
  input: PublishProviderContractInput,
  options: { allowOverwrite: boolean },
): Promise<PublishSchemaResult & { versionId: number }> {
  return db.transaction(async (tx) => {
    const result = await publishSchema(
      tx,
      {
        pacticipantName: input.providerName,
        versionNumber: input.versionNumber,
        branch: input.branch,
        tags: input.tags,
        buildUrl: input.buildUrl,
        subject: providerContractSubject(input.providerName),
        kind: 'openapi',
        role: 'provider',
        files: [input.file],
      },
      options,
    );
    const version = await tx.one<{ id: number }>(
      sql`SELECT v.id FROM versions v JOIN pacticipants p ON p.id = v.pacticipant_id WHERE p.name_key = ${nameKey(input.providerName)} AND v.number = ${input.versionNumber}`,
    );
    const s = input.selfVerification;
    if (s) {
      await tx.execute(sql`INSERT INTO provider_contract_self_verifications (version_id, success, content, content_type, format, verifier, verifier_version)
        VALUES (${version.id}, ${s.success}, ${s.content ?? null}, ${s.contentType ?? null}, ${s.format ?? null}, ${s.verifier ?? null}, ${s.verifierVersion ?? null})
        ON CONFLICT (version_id) DO UPDATE SET success = EXCLUDED.success, content = EXCLUDED.content, content_type = EXCLUDED.content_type,
          format = EXCLUDED.format, verifier = EXCLUDED.verifier, verifier_version = EXCLUDED.verifier_version, created_at = now()`);
    }
    return { ...result, versionId: version.id };
  });
}

export interface SelfVerificationRow {
  success: boolean;
  content: string | null;
  contentType: string | null;
  format: string | null;
  verifier: string | null;
  verifierVersion: string | null;
  createdAt: Date;
}

const SELF_VERIFICATION_COLUMNS = sql`sv.success, sv.content, sv.content_type AS "contentType", sv.format, sv.verifier,
  sv.verifier_version AS "verifierVersion", sv.created_at AS "createdAt"`;

/** The self-verification of a provider version, if it published one. */
export function findSelfVerification(db: Db, versionId: number): Promise<SelfVerificationRow | undefined> {
  return db.maybeOne<SelfVerificationRow>(
    sql`SELECT ${SELF_VERIFICATION_COLUMNS} FROM provider_contract_self_verifications sv WHERE sv.version_id = ${versionId}`,
  );
}

export interface ProviderContractRow {
  providerName: string;
  versionNumber: string;
  versionId: number;
  files: SchemaFile[];
  publishedAt: Date;
  selfVerification: SelfVerificationRow | null;
}

/** The provider contract a provider version published, with its self-verification. */
export async function findProviderContract(db: Db, providerName: string, versionNumber: string): Promise<ProviderContractRow | undefined> {
  const row = await db.maybeOne<Omit<ProviderContractRow, 'selfVerification'>>(
    sql`SELECT p.name AS "providerName", v.number AS "versionNumber", v.id AS "versionId", sc.files, sp.updated_at AS "publishedAt"
        FROM schema_publications sp
        JOIN schema_subjects s ON s.id = sp.subject_id
        JOIN pacticipants p ON p.id = sp.pacticipant_id
        JOIN versions v ON v.id = sp.version_id
        JOIN schema_contents sc ON sc.id = sp.content_id
        WHERE p.name_key = ${nameKey(providerName)} AND v.number = ${versionNumber} AND sp.role = 'provider'
          AND s.name = ${providerContractSubject(providerName)}`,
  );
  if (!row) return undefined;
  return { ...row, selfVerification: (await findSelfVerification(db, row.versionId)) ?? null };
}
