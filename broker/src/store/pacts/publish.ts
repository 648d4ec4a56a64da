// Publishing pacts: the pacticipant, version, branch, tags, pact content, publication and
// integration are written in ONE transaction, so a failed publish leaves nothing behind.
//
// Concurrency: names, versions and content are find-or-create with ON CONFLICT; each
// (consumer version, provider) publication is serialised with a transaction-scoped advisory lock,
// so N identical concurrent publishes produce one pact version and N-1 "unchanged" outcomes.
import type { JsonObject } from '../../domain/pacts/canonical-json.ts';
import { contentSha } from '../../domain/pacts/content-hash.ts';
import { mergePacts } from '../../domain/pacts/merge-pacts.ts';
import { diffPacts, formatPactDiff } from '../../domain/pacts/pact-diff.ts';
import { PactVersionConflictError } from '../../errors.ts';
import type { Db } from '../db.ts';
import { enqueuePactPublishedJobs, type JobTriggerOptions, type PactPublishedFacts } from './publication-events.ts';
import { addTag } from '../pacticipants/tags.ts';
import { addToBranch } from '../pacticipants/branches.ts';
import { findOrCreatePacticipant, nameKey, type PacticipantRow } from '../pacticipants/pacticipants.ts';
import { findOrCreateVersion, type VersionRow } from '../pacticipants/versions.ts';
import { sql } from '../sql.ts';
import { publishInOneStatement, type OneStatementPublishRow } from './publish-statement.ts';
import { DEADLOCK_DETECTED, ONE_STATEMENT_RACE, sqlState } from '../database-errors.ts';

export const ConflictPolicy = {
  /** Replace the content (only when the broker allows overwrites); the default. */
  overwrite: 'overwrite',
  /** Merge the interactions into the existing pact (`pact-broker publish --merge`, legacy PATCH). */
  merge: 'merge',
} as const;
export type ConflictPolicy = (typeof ConflictPolicy)[keyof typeof ConflictPolicy];

export interface ContractToPublish {
  providerName: string;
  /** The pact JSON text as published; stored and served byte-for-byte. */
  text: string;
  /** The same pact, parsed and validated (see domain/pacts/pact-document.ts). */
  pact: JsonObject;
  interactionCount: number;
  onConflict: ConflictPolicy;
}

export interface PublishRequest {
  /** The consumer. */
  pacticipantName: string;
  versionNumber: string;
  branch?: string | undefined;
  tags?: string[] | undefined;
  buildUrl?: string | undefined;
  contracts: ContractToPublish[];
}

export const PublishOutcome = {
  /** First pact for this consumer version and provider. */
  created: 'created',
  /** Same content as already published: nothing changed (idempotent re-publish). */
  unchanged: 'unchanged',
  /** Interactions merged into the existing pact. */
  merged: 'merged',
  /** Different content replaced the existing pact (overwrite allowed); revision bumped. */
  overwritten: 'overwritten',
} as const;
export type PublishOutcome = (typeof PublishOutcome)[keyof typeof PublishOutcome];

export interface PublishedContract {
  consumerName: string;
  providerName: string;
  consumerVersionNumber: string;
  sha: string;
  outcome: PublishOutcome;
  revisionNumber: number;
  interactionCount: number;
}

export interface PublishResult {
  pacticipant: { name: string; created: boolean };
  version: { number: string; created: boolean; buildUrl: string | null };
  branch: { name: string; created: boolean } | undefined;
  tags: Array<{ name: string; created: boolean }>;
  contracts: PublishedContract[];
}

export interface PublishOptions {
  allowContractOverwrite: boolean;
  /** Enqueue webhook / GitHub jobs for what this publish fires (in the same transaction). Absent: none. */
  jobs?: JobTriggerOptions | undefined;
}

export function publishContracts(db: Db, request: PublishRequest, options: PublishOptions): Promise<PublishResult> {
  // The common case (one contract, not a self-pact) is one prepared autocommit statement (issue #14).
  const only = request.contracts.length === 1 ? request.contracts[0]! : undefined;
  if (only && nameKey(only.providerName) !== nameKey(request.pacticipantName)) return publishOneContract(db, request, only, options);
  return db.transaction((tx) => publishInTransaction(tx, request, options));
}

/** The general path: any number of contracts, any existing publication; the statements of a transaction. */
async function publishInTransaction(tx: Db, request: PublishRequest, options: PublishOptions): Promise<PublishResult> {
  const consumer = await findOrCreatePacticipant(tx, request.pacticipantName);
  const version = await findOrCreateVersion(tx, consumer.pacticipant.id, request.versionNumber, request.buildUrl);
  const branch = request.branch ? { name: request.branch, ...(await addToBranch(tx, version.version, request.branch)) } : undefined;
  const tags: PublishResult['tags'] = [];
  for (const tag of new Set(request.tags ?? [])) tags.push({ name: tag, ...(await addTag(tx, version.version, tag)) });
  // Lock publications in a stable order so two multi-contract publishes cannot deadlock.
  const order = request.contracts
    .map((c, index) => ({ c, index }))
    .sort((a, b) => nameKey(a.c.providerName).localeCompare(nameKey(b.c.providerName)));
  const contracts: PublishedContract[] = new Array(request.contracts.length);
  for (const { c, index } of order) contracts[index] = await publishOne(tx, consumer.pacticipant, version.version, c, options);
  return {
    pacticipant: { name: consumer.pacticipant.name, created: consumer.created },
    version: { number: version.version.number, created: version.created, buildUrl: version.version.buildUrl },
    branch,
    tags,
    contracts,
  };
}

/**
 * One contract: the one autocommit statement of publish-statement.ts. When it could not publish on its own (a
 * publication exists for this version and provider, there are jobs to enqueue, or a concurrent transaction was
 * creating one of its rows), it wrote nothing, and the general path publishes in a transaction of its own.
 */
async function publishOneContract(
  db: Db,
  request: PublishRequest,
  contract: ContractToPublish,
  options: PublishOptions,
): Promise<PublishResult> {
  const tags = [...new Set(request.tags ?? [])];
  const sha = contentSha(contract.pact);
  let row: OneStatementPublishRow | undefined;
  try {
    row = await publishInOneStatement(db, {
      consumerName: request.pacticipantName,
      versionNumber: request.versionNumber,
      buildUrl: request.buildUrl,
      branch: request.branch || undefined,
      tags,
      providerName: contract.providerName,
      sha,
      content: contract.text,
      interactionCount: contract.interactionCount,
      enqueuesJobs: options.jobs !== undefined,
      githubStatuses: options.jobs?.githubStatuses === true,
    });
  } catch (err) {
    // Either way the statement wrote nothing. A deadlock is possible, if rare: the statement's foreign-key checks
    // can wait for a concurrent publish's update of the same branch row while holding a lock that one needs.
    const state = sqlState(err);
    if (state !== ONE_STATEMENT_RACE && state !== DEADLOCK_DETECTED) throw err;
  }
  if (row?.publicationId == null) return db.transaction((tx) => publishInTransaction(tx, request, options));
  const createdTags = new Set(row.createdTags);
  return {
    pacticipant: { name: row.consumerName!, created: row.consumerCreated === true },
    version: { number: row.versionNumber!, created: row.versionCreated === true, buildUrl: row.versionBuildUrl },
    branch: request.branch ? { name: request.branch, created: row.branchCreated === true } : undefined,
    tags: tags.map((name) => ({ name, created: createdTags.has(name) })),
    contracts: [
      {
        consumerName: row.consumerName!,
        providerName: row.providerName!,
        consumerVersionNumber: row.versionNumber!,
        sha,
        outcome: PublishOutcome.created,
        revisionNumber: 1,
        interactionCount: contract.interactionCount,
      },
    ],
  };
}

interface ExistingPublication {
  id: number;
  pactVersionId: number;
  revisionNumber: number;
  sha: string;
  content: string;
}

async function publishOne(
  tx: Db,
  consumer: PacticipantRow,
  version: VersionRow,
  contract: ContractToPublish,
  options: PublishOptions,
): Promise<PublishedContract> {
  const { pacticipant: provider } = await findOrCreatePacticipant(tx, contract.providerName);
  await tx.execute(
    sql`INSERT INTO integrations (consumer_id, provider_id) VALUES (${consumer.id}, ${provider.id}) ON CONFLICT (consumer_id, provider_id) DO NOTHING`,
  );
  await tx.rows(
    sql`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended('treaty:pact-publication:' || ${version.id}::text || ':' || ${provider.id}::text, 0))`,
  );
  const firePactPublished = (
    db: Db,
    opts: PublishOptions,
    f: Omit<PactPublishedFacts, 'consumerId' | 'providerId' | 'consumerVersionId'>,
  ) =>
    opts.jobs
      ? enqueuePactPublishedJobs(db, { ...f, consumerId: consumer.id, providerId: provider.id, consumerVersionId: version.id }, opts.jobs)
      : Promise.resolve();
  const result = (outcome: PublishOutcome, sha: string, revisionNumber: number, interactionCount: number): PublishedContract => ({
    consumerName: consumer.name,
    providerName: provider.name,
    consumerVersionNumber: version.number,
    sha,
    outcome,
    revisionNumber,
    interactionCount,
  });

  const existing = await findPublication(tx, version.id, provider.id);
  if (!existing) {
    const sha = contentSha(contract.pact);
    const pactVersionId = await findOrCreatePactVersion(tx, consumer.id, provider.id, sha, contract.text, contract.interactionCount);
    const inserted = await tx.rows<{ id: number }>(
      sql`INSERT INTO pact_publications (consumer_version_id, consumer_id, provider_id, pact_version_id) VALUES (${version.id}, ${consumer.id}, ${provider.id}, ${pactVersionId}) RETURNING id`,
    );
    await firePactPublished(tx, options, {
      publicationId: inserted[0]!.id,
      revisionNumber: 1,
      pactVersionId,
      sha,
      previousShaOfPublication: null,
    });
    return result(PublishOutcome.created, sha, 1, contract.interactionCount);
  }

  const next = nextContent(existing, contract);
  const fire = (pactVersionId: number, revisionNumber: number) =>
    firePactPublished(tx, options, {
      publicationId: existing.id,
      revisionNumber,
      pactVersionId,
      sha: next.sha,
      previousShaOfPublication: existing.sha,
    });
  if (next.sha === existing.sha) {
    // The Pact Broker fires contract_published for an identical re-publish too; it is the same
    // occurrence as before (same revision), so its dedupe keys make it enqueue nothing twice.
    await fire(existing.pactVersionId, existing.revisionNumber);
    return result(PublishOutcome.unchanged, existing.sha, existing.revisionNumber, next.interactionCount);
  }
  if (!options.allowContractOverwrite && !next.additiveMerge)
    throw conflictError(consumer.name, version.number, provider.name, existing, next.pact, contract.onConflict);
  const pactVersionId = await findOrCreatePactVersion(tx, consumer.id, provider.id, next.sha, next.text, next.interactionCount);
  await tx.execute(
    sql`UPDATE pact_publications SET pact_version_id = ${pactVersionId}, revision_number = revision_number + 1, updated_at = now() WHERE id = ${existing.id}`,
  );
  await fire(pactVersionId, existing.revisionNumber + 1);
  const outcome = contract.onConflict === ConflictPolicy.merge ? PublishOutcome.merged : PublishOutcome.overwritten;
  return result(outcome, next.sha, existing.revisionNumber + 1, next.interactionCount);
}

/** What the publication's content becomes: the incoming pact, or the merge of it into the existing one. */
function nextContent(existing: ExistingPublication, contract: ContractToPublish) {
  if (contract.onConflict !== ConflictPolicy.merge) {
    return {
      pact: contract.pact,
      text: contract.text,
      sha: contentSha(contract.pact),
      interactionCount: contract.interactionCount,
      additiveMerge: false,
    };
  }
  const merged = mergePacts(JSON.parse(existing.content) as JsonObject, contract.pact);
  const interactionCount = ['interactions', 'messages'].reduce(
    (n, key) => n + (Array.isArray(merged.pact[key]) ? (merged.pact[key] as unknown[]).length : 0),
    0,
  );
  // A merge that only adds interactions invalidates no verified interaction, so it is allowed
  // even when overwriting is not.
  return {
    pact: merged.pact,
    text: JSON.stringify(merged.pact),
    sha: contentSha(merged.pact),
    interactionCount,
    additiveMerge: !merged.changedExisting,
  };
}

function conflictError(
  consumer: string,
  version: string,
  provider: string,
  existing: ExistingPublication,
  incoming: JsonObject,
  policy: ConflictPolicy,
): PactVersionConflictError {
  const what = policy === ConflictPolicy.merge ? 'change existing interactions of' : 'change the content of';
  const detail =
    `Cannot ${what} the pact for ${consumer} version ${version} and provider ${provider}, as race conditions will cause unreliable results for can-i-deploy. ` +
    `Publish under a new version, or set TREATY_ALLOW_CONTRACT_OVERWRITE=true on the broker.`;
  const diff = formatPactDiff(diffPacts(JSON.parse(existing.content) as JsonObject, incoming));
  return new PactVersionConflictError(detail, [
    { type: 'error', text: detail },
    { type: 'info', text: `Differences between the published pact and this one:\n${diff}` },
  ]);
}

async function findPublication(tx: Db, consumerVersionId: number, providerId: number): Promise<ExistingPublication | undefined> {
  const rows =
    await tx.rows<ExistingPublication>(sql`SELECT pp.id, pp.pact_version_id AS "pactVersionId", pp.revision_number AS "revisionNumber", pv.sha, pv.content
     FROM pact_publications pp JOIN pact_versions pv ON pv.id = pp.pact_version_id
     WHERE pp.consumer_version_id = ${consumerVersionId} AND pp.provider_id = ${providerId}`);
  return rows[0];
}

async function findOrCreatePactVersion(
  tx: Db,
  consumerId: number,
  providerId: number,
  sha: string,
  content: string,
  interactionCount: number,
): Promise<number> {
  const inserted = await tx.rows<{
    id: number;
  }>(sql`INSERT INTO pact_versions (sha, consumer_id, provider_id, content, interaction_count) VALUES (${sha}, ${consumerId}, ${providerId}, ${content}, ${interactionCount})
     ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING RETURNING id`);
  if (inserted[0]) return inserted[0].id;
  const rows = await tx.rows<{ id: number }>(
    sql`SELECT id FROM pact_versions WHERE consumer_id = ${consumerId} AND provider_id = ${providerId} AND sha = ${sha}`,
  );
  if (!rows[0]) throw new Error(`pact version ${sha} vanished while being created`);
  return rows[0].id;
}

/** Deletes the pact of one consumer version (legacy DELETE); false when there was none. */
export async function deletePactPublication(db: Db, providerName: string, consumerName: string, versionNumber: string): Promise<boolean> {
  const count = await db.execute(sql`DELETE FROM pact_publications pp USING versions cv, pacticipants c, pacticipants p
     WHERE cv.id = pp.consumer_version_id AND c.id = pp.consumer_id AND p.id = pp.provider_id
       AND p.name_key = ${nameKey(providerName)} AND c.name_key = ${nameKey(consumerName)} AND cv.number = ${versionNumber}`);
  return count > 0;
}
