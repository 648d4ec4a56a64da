// The history part of an import (treaty import, POST /admin/import): pacts, verification results, environments,
// deployments and releases, replayed in time order into the transaction importExport opened (import.ts).
import type { ImportResult, TreatyExport } from '@treaty/wire';
import { ValidationError, PactVersionConflictError } from '../../errors.ts';
import {
  bulkPublishPacts,
  bulkRecordDeployments,
  bulkRecordReleases,
  bulkRecordVerifications,
  type BulkPublication,
} from './bulk-writes.ts';
import type { Db } from '../db.ts';
import { createEnvironment, findEnvironmentByName } from '../environments/environments.ts';
import { sql } from '../sql.ts';

export const byTime =
  <T>(at: (x: T) => string) =>
  (a: T, b: T) =>
    Date.parse(at(a)) - Date.parse(at(b));

/** A stable sort by time that keeps the file's order for equal times. */
export function sortedByTime<T>(items: readonly T[], at: (x: T) => string): T[] {
  return items
    .map((x, i) => ({ x, i }))
    .sort((a, b) => byTime<{ x: T }>((y) => at(y.x))(a, b) || a.i - b.i)
    .map((y) => y.x);
}

export type ParsedPact = TreatyExport['pacts'][number] & { sha: string; interactionCount: number };

export type IdOf = (name: string, field: string) => number;

export type VersionIdOf = (pacticipant: string, number: string, field: string) => number;

export async function writePacts(
  tx: Db,
  pacts: ParsedPact[],
  pacticipantId: IdOf,
  versionId: VersionIdOf,
  result: ImportResult,
): Promise<number> {
  const rows = pacts.map((p, i) => ({
    p,
    consumerVersionId: versionId(p.consumer, p.consumerVersion, `pacts.${i}.consumerVersion`),
    consumerId: pacticipantId(p.consumer, `pacts.${i}.consumer`),
    providerId: pacticipantId(p.provider, `pacts.${i}.provider`),
  }));
  const existing = await tx.rows<{
    consumer_version_id: number;
    provider_id: number;
    sha: string;
  }>(sql`SELECT pp.consumer_version_id, pp.provider_id, pv.sha FROM pact_publications pp JOIN pact_versions pv ON pv.id = pp.pact_version_id
      WHERE pp.consumer_version_id = ANY(${rows.map((r) => r.consumerVersionId)}::int[])`);
  const existingSha = new Map(existing.map((e) => [`${e.consumer_version_id}/${e.provider_id}`, e.sha]));
  const fresh: BulkPublication[] = [];
  for (const r of sortedByTime(rows, (x) => x.p.createdAt)) {
    const sha = existingSha.get(`${r.consumerVersionId}/${r.providerId}`);
    if (sha === r.p.sha) {
      result.skipped.pacts++;
      continue;
    }
    if (sha !== undefined) {
      throw new PactVersionConflictError(
        `The import has a different pact between ${r.p.consumer} (version ${r.p.consumerVersion}) and ${r.p.provider} than this broker already has. Nothing was imported; remove that version here, or from the file.`,
      );
    }
    existingSha.set(`${r.consumerVersionId}/${r.providerId}`, r.p.sha);
    fresh.push({
      consumerVersionId: r.consumerVersionId,
      consumerId: r.consumerId,
      providerId: r.providerId,
      sha: r.p.sha,
      content: r.p.content,
      interactionCount: r.p.interactionCount,
      createdAt: new Date(r.p.createdAt),
    });
  }
  await bulkPublishPacts(tx, fresh);
  return fresh.length;
}

export async function writeVerifications(
  tx: Db,
  file: TreatyExport,
  pacticipantId: IdOf,
  versionId: VersionIdOf,
  result: ImportResult,
): Promise<number> {
  const items = file.verifications.map((v, i) => ({
    v,
    consumerVersionId: versionId(v.consumer, v.consumerVersion, `verifications.${i}.consumerVersion`),
    providerId: pacticipantId(v.provider, `verifications.${i}.provider`),
    providerVersionId: versionId(v.provider, v.providerVersion, `verifications.${i}.providerVersion`),
  }));
  if (items.length === 0) return 0;
  const contents = await tx.rows<{ consumer_version_id: number; provider_id: number; pact_version_id: number }>(
    sql`SELECT consumer_version_id, provider_id, pact_version_id FROM pact_publications WHERE consumer_version_id = ANY(${items.map((x) => x.consumerVersionId)}::int[])`,
  );
  const contentOf = new Map(contents.map((c) => [`${c.consumer_version_id}/${c.provider_id}`, c.pact_version_id]));
  const resolved = items.map((x, i) => {
    const pactVersionId = contentOf.get(`${x.consumerVersionId}/${x.providerId}`);
    if (pactVersionId === undefined)
      throw ValidationError.field(
        `verifications.${i}`,
        `verifies the pact of ${x.v.consumer} version ${x.v.consumerVersion} for ${x.v.provider}, which is not in pacts`,
      );
    return { ...x, pactVersionId };
  });
  const already = await tx.rows<{ pact_version_id: number; provider_version_id: number; success: boolean; created_at: Date }>(
    sql`SELECT pact_version_id, provider_version_id, success, created_at FROM verifications WHERE pact_version_id = ANY(${[
      ...new Set(resolved.map((r) => r.pactVersionId)),
    ]}::int[])`,
  );
  const seen = new Set(
    already.map((a) => `${a.pact_version_id}/${a.provider_version_id}/${a.success}/${new Date(a.created_at).getTime()}`),
  );
  const fresh = sortedByTime(resolved, (r) => r.v.verifiedAt).filter((r) => {
    const key = `${r.pactVersionId}/${r.providerVersionId}/${r.v.success}/${Date.parse(r.v.verifiedAt)}`;
    if (seen.has(key)) {
      result.skipped.verifications++;
      return false;
    }
    seen.add(key);
    return true;
  });
  await bulkRecordVerifications(
    tx,
    fresh.map((r) => ({
      pactVersionId: r.pactVersionId,
      providerVersionId: r.providerVersionId,
      success: r.v.success,
      buildUrl: r.v.buildUrl ?? null,
      verifiedBy: null,
      createdAt: new Date(r.v.verifiedAt),
    })),
  );
  return fresh.length;
}

export async function writeEnvironmentsAndDeployments(
  tx: Db,
  file: TreatyExport,
  pacticipantId: IdOf,
  versionId: VersionIdOf,
  result: ImportResult,
): Promise<void> {
  const envUuid = new Map<string, string>();
  for (const e of file.environments) {
    const found = await findEnvironmentByName(tx, e.name);
    if (found) {
      envUuid.set(e.name, found.uuid);
      continue;
    }
    const created = await createEnvironment(tx, {
      uuid: e.uuid,
      name: e.name,
      displayName: e.displayName ?? undefined,
      production: e.production,
    });
    // The uuid is taken by an environment of another name: keep the name, let the broker pick a uuid.
    const made = created.ok
      ? created
      : await createEnvironment(tx, { name: e.name, displayName: e.displayName ?? undefined, production: e.production });
    if (!made.ok) throw ValidationError.field('environments', `could not create environment "${e.name}"`);
    envUuid.set(e.name, made.environment.uuid);
    result.created.environments++;
  }
  const environment = (name: string, field: string): string => {
    const uuid = envUuid.get(name);
    if (uuid === undefined) throw ValidationError.field(field, `names environment "${name}", which is not in environments`);
    return uuid;
  };

  const current = await tx.rows<{ environment_uuid: string; pacticipant_id: number; application_instance: string; version_id: number }>(
    sql`SELECT environment_uuid, pacticipant_id, application_instance, version_id FROM current_deployments`,
  );
  const slots = new Map(current.map((c) => [`${c.environment_uuid}/${c.pacticipant_id}/${c.application_instance}`, c.version_id]));
  const deployments = sortedByTime(file.deployments, (d) => d.deployedAt).flatMap((d, i) => {
    const row = {
      versionId: versionId(d.pacticipant, d.version, `deployments.${i}.version`),
      pacticipantId: pacticipantId(d.pacticipant, `deployments.${i}.pacticipant`),
      environmentUuid: environment(d.environment, `deployments.${i}.environment`),
      applicationInstance: d.applicationInstance ?? null,
      createdAt: new Date(d.deployedAt),
    };
    const slot = `${row.environmentUuid}/${row.pacticipantId}/${row.applicationInstance ?? ''}`;
    if (slots.get(slot) === row.versionId) {
      result.skipped.deployments++;
      return [];
    }
    slots.set(slot, row.versionId);
    return [row];
  });
  await bulkRecordDeployments(tx, deployments);
  result.created.deployments = deployments.length;

  const releases = file.releases.map((r, i) => ({
    versionId: versionId(r.pacticipant, r.version, `releases.${i}.version`),
    pacticipantId: pacticipantId(r.pacticipant, `releases.${i}.pacticipant`),
    environmentUuid: environment(r.environment, `releases.${i}.environment`),
    createdAt: new Date(r.releasedAt),
    supportEndedAt: null,
  }));
  const released = await tx.rows<{ version_id: number; environment_uuid: string }>(
    sql`SELECT version_id, environment_uuid FROM released_versions WHERE version_id = ANY(${releases.map((r) => r.versionId)}::int[])`,
  );
  const isReleased = new Set(released.map((r) => `${r.version_id}/${r.environment_uuid}`));
  const freshReleases = releases.filter((r) => !isReleased.has(`${r.versionId}/${r.environmentUuid}`));
  result.skipped.releases = releases.length - freshReleases.length;
  await bulkRecordReleases(tx, freshReleases);
  result.created.releases = freshReleases.length;
}
