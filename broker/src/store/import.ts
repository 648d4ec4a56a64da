// Import of a `treaty-export/1` file (POST /admin/import): writes pacticipants with their labels,
// versions with their branches and tags, pacts, verification results, environments, deployments and
// releases through the bulk store functions (bulk-writes.ts), and webhooks through the same validation
// and save as PUT /webhooks/{uuid}, in ONE transaction: a file that fails half-way writes nothing.
//
// Idempotent: everything is find-or-create, so importing the same file twice changes nothing:
// versions, branches, tags, contents and publications use ON CONFLICT DO NOTHING; a verification is
// skipped when the same content already has one by the same provider version at the same moment with the
// same result; a deployment is skipped when its slot already holds that version; a release when the
// version is already released there. Different pact content for an existing consumer version and
// provider is a conflict, refused like a publish without overwrite. Labels are added, never removed.
// A webhook is saved under the file's uuid: created, replaced when this broker's definition differs,
// skipped when equal. A webhook whose secrets the source redacted is created DISABLED (so its masks
// are never sent) and reported; it never replaces a webhook already here, which may hold the secret
// a user has since set again.
//
// Order: versions are created oldest first across the whole file (ids are creation order in Treaty, so
// "latest" means the same as in the source), then pacts, verifications, deployments by time.
import { isDeepStrictEqual } from 'node:util';
import type { ExportedWebhook, ImportResult, TreatyExport } from '@treaty/wire';
import { contentSha } from '../domain/pacts/content-hash.ts';
import { parsePactText } from '../domain/pacts/pact-document.ts';
import { validateWebhook, type WebhookPacticipantLookup, type WebhookPolicy } from '../domain/webhooks/validate-webhook.ts';
import {
  isValidWebhookUuid,
  webhookDescription,
  type WebhookDefinition,
  type WebhookPacticipantScope,
} from '../domain/webhooks/webhook.ts';
import { ValidationError, PactVersionConflictError } from '../errors.ts';
import {
  bulkCreateVersions,
  bulkPublishPacts,
  bulkRecordDeployments,
  bulkRecordReleases,
  bulkRecordVerifications,
  type BulkPublication,
} from './bulk-writes.ts';
import type { Db } from './db.ts';
import { createEnvironment, findEnvironmentByName } from './environments.ts';
import { findOrCreatePacticipant, nameKey } from './pacticipants.ts';
import { findWebhook, saveWebhook } from './webhooks.ts';
import { sql } from './sql.ts';

const byTime =
  <T>(at: (x: T) => string) =>
  (a: T, b: T) =>
    Date.parse(at(a)) - Date.parse(at(b));
/** A stable sort by time that keeps the file's order for equal times. */
function sortedByTime<T>(items: readonly T[], at: (x: T) => string): T[] {
  return items
    .map((x, i) => ({ x, i }))
    .sort((a, b) => byTime<{ x: T }>((y) => at(y.x))(a, b) || a.i - b.i)
    .map((y) => y.x);
}

/** Where this broker lets webhooks send requests: imported webhooks are held to it like PUT /webhooks/{uuid}. */
export interface ImportOptions {
  webhookPolicy: WebhookPolicy;
}

export function importExport(db: Db, file: TreatyExport, options: ImportOptions): Promise<ImportResult> {
  // Parse every pact before opening the transaction: a bad pact refuses the file with nothing written.
  const pacts = file.pacts.map((p, i) => {
    const parsed = parsePactText(p.content);
    if (!parsed.ok)
      throw ValidationError.field(
        `pacts.${i}.content`,
        `is not a valid pact: ${parsed.issues.map((x) => `${x.field} ${x.message}`).join('; ')}`,
      );
    return { ...p, sha: contentSha(parsed.pact), interactionCount: parsed.summary.interactionCount };
  });
  // A longer timeout than a request's transaction: a migration file can hold thousands of versions.
  return db.transaction((tx) => write(tx, file, pacts, options), { timeoutMs: 300_000 });
}

type ParsedPact = TreatyExport['pacts'][number] & { sha: string; interactionCount: number };

async function write(tx: Db, file: TreatyExport, pacts: ParsedPact[], options: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = {
    created: {
      pacticipants: 0,
      versions: 0,
      environments: 0,
      pacts: 0,
      verifications: 0,
      deployments: 0,
      releases: 0,
      labels: 0,
      webhooks: 0,
    },
    skipped: { pacts: 0, verifications: 0, deployments: 0, releases: 0, webhooks: 0 },
    replaced: { webhooks: 0 },
    disabledWebhooks: [],
  };
  // Pacticipants: created when missing, with the source's attributes; an existing one keeps its own.
  const pacticipantIds = new Map<string, number>();
  const pacticipantNames = new Map<string, string>();
  for (const p of file.pacticipants) {
    const { pacticipant, created } = await findOrCreatePacticipant(tx, p.name);
    if (created) {
      result.created.pacticipants++;
      await tx.execute(
        sql`UPDATE pacticipants SET display_name = ${p.displayName ?? null}, main_branch = ${p.mainBranch ?? null},
              repository_url = ${p.repositoryUrl ?? null}, updated_at = now()
            WHERE id = ${pacticipant.id}`,
      );
    }
    pacticipantIds.set(nameKey(p.name), pacticipant.id);
    pacticipantNames.set(nameKey(p.name), pacticipant.name);
  }
  const pacticipantId = (name: string, field: string): number => {
    const id = pacticipantIds.get(nameKey(name));
    if (id === undefined) throw ValidationError.field(field, `names "${name}", which is not in pacticipants`);
    return id;
  };

  // Versions, oldest first over the whole file; extra branches of a version go in further (find-or-create) rounds.
  const versions = sortedByTime(
    file.pacticipants.flatMap((p) => p.versions.map((v) => ({ p, v }))),
    (x) => x.v.createdAt,
  );
  const countVersions = async () => (await tx.one<{ n: number }>(sql`SELECT count(*)::int AS n FROM versions`)).n;
  const before = await countVersions();
  await bulkCreateVersions(
    tx,
    versions.map(({ p, v }) => ({
      pacticipantId: pacticipantId(p.name, 'pacticipants'),
      number: v.number,
      buildUrl: v.buildUrl ?? null,
      createdAt: new Date(v.createdAt),
      branch: v.branches[0] ?? null,
      tags: v.tags,
    })),
  );
  const extraBranches = versions.flatMap(({ p, v }) =>
    v.branches.slice(1).map((branch) => ({
      pacticipantId: pacticipantId(p.name, 'pacticipants'),
      number: v.number,
      buildUrl: v.buildUrl ?? null,
      createdAt: new Date(v.createdAt),
      branch,
      tags: [],
    })),
  );
  if (extraBranches.length > 0) await bulkCreateVersions(tx, extraBranches);
  result.created.versions = (await countVersions()) - before;
  const versionIds = await versionIdsOf(
    tx,
    versions.map(({ p, v }) => ({ pacticipantId: pacticipantId(p.name, 'pacticipants'), number: v.number })),
  );
  const versionId = (pacticipant: string, number: string, field: string): number => {
    const id = versionIds.get(`${pacticipantId(pacticipant, field)}/${number}`);
    if (id === undefined)
      throw ValidationError.field(field, `names version "${number}" of "${pacticipant}", which is not in that pacticipant's versions`);
    return id;
  };

  result.created.pacts = await writePacts(tx, pacts, pacticipantId, versionId, result);
  result.created.verifications = await writeVerifications(tx, file, pacticipantId, versionId, result);
  await writeEnvironmentsAndDeployments(tx, file, pacticipantId, versionId, result);
  result.created.labels = await writeLabels(tx, file, pacticipantId);
  const lookup: WebhookPacticipantLookup = {
    findPacticipantByName: (name) => {
      const id = pacticipantIds.get(nameKey(name));
      return Promise.resolve(id === undefined ? undefined : { id, name: pacticipantNames.get(nameKey(name)) ?? name });
    },
  };
  await writeWebhooks(tx, file.webhooks ?? [], lookup, options.webhookPolicy, result);
  return result;
}

/** Adds the file's labels to its pacticipants; labels already there stay (so do any the file lacks). */
async function writeLabels(tx: Db, file: TreatyExport, pacticipantId: IdOf): Promise<number> {
  const rows = file.pacticipants.flatMap((p, i) =>
    (p.labels ?? []).map((label) => ({ id: pacticipantId(p.name, `pacticipants.${i}.name`), label })),
  );
  if (rows.length === 0) return 0;
  return tx.execute(
    sql`INSERT INTO pacticipant_labels (pacticipant_id, name) SELECT * FROM unnest(${rows.map((r) => r.id)}::int[], ${rows.map((r) => r.label)}::text[]) ON CONFLICT DO NOTHING`,
  );
}

async function versionIdsOf(tx: Db, keys: ReadonlyArray<{ pacticipantId: number; number: string }>): Promise<Map<string, number>> {
  const rows = await tx.rows<{ id: number; pacticipant_id: number; number: string }>(
    sql`SELECT v.id, v.pacticipant_id, v.number FROM versions v JOIN unnest(${keys.map((k) => k.pacticipantId)}::int[], ${keys.map((k) => k.number)}::text[]) AS x(pid, num) ON v.pacticipant_id = x.pid AND v.number = x.num`,
  );
  return new Map(rows.map((r) => [`${r.pacticipant_id}/${r.number}`, r.id]));
}

type IdOf = (name: string, field: string) => number;
type VersionIdOf = (pacticipant: string, number: string, field: string) => number;

async function writePacts(tx: Db, pacts: ParsedPact[], pacticipantId: IdOf, versionId: VersionIdOf, result: ImportResult): Promise<number> {
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

async function writeVerifications(
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

async function writeEnvironmentsAndDeployments(
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

/**
 * Webhooks by uuid, each checked like PUT /webhooks/{uuid} (this broker's whitelists included). A scope
 * naming a pacticipant must name one of the file's: the webhook would otherwise apply to a pacticipant
 * the migration did not bring.
 */
async function writeWebhooks(
  tx: Db,
  webhooks: readonly ExportedWebhook[],
  lookup: WebhookPacticipantLookup,
  policy: WebhookPolicy,
  result: ImportResult,
): Promise<void> {
  for (const [i, w] of webhooks.entries()) {
    const field = `webhooks.${i}`;
    if (!isValidWebhookUuid(w.uuid))
      throw ValidationError.field(
        `${field}.uuid`,
        `"${w.uuid}" must be at least 16 characters of letters, digits, "_" or "-" (e.g. a UUID)`,
      );
    for (const side of ['consumer', 'provider'] as const) {
      const scope = w[side];
      if (scope && 'name' in scope && (await lookup.findPacticipantByName(scope.name)) === undefined) {
        throw ValidationError.field(`${field}.${side}.name`, `names "${scope.name}", which is not in pacticipants (webhook ${w.uuid})`);
      }
    }
    const redacted = w.secretsRedacted === true;
    const body = {
      ...w,
      events: w.events.length > 0 ? w.events.map((name) => ({ name })) : undefined,
      enabled: redacted ? false : w.enabled,
    };
    const validation = await validateWebhook(body, policy, lookup);
    if (!validation.ok) {
      const errors = validation.errors.map((e) => ({ field: `${field}.${e.field}`, message: e.message }));
      throw new ValidationError(`Webhook ${w.uuid} is invalid here: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
    }
    const def = validation.webhook;
    const existing = await findWebhook(tx, w.uuid);
    if (existing && (redacted || sameDefinition(existing, def))) {
      result.skipped.webhooks++;
      continue;
    }
    await saveWebhook(tx, w.uuid, def);
    if (existing) result.replaced.webhooks++;
    else result.created.webhooks++;
    if (redacted)
      result.disabledWebhooks.push({ uuid: w.uuid, description: webhookDescription(def), redactedFields: w.redactedFields ?? [] });
  }
}

const sameScope = (a: WebhookPacticipantScope | null, b: WebhookPacticipantScope | null): boolean =>
  a === null || b === null
    ? a === b
    : a.kind === 'pacticipant'
      ? b.kind === 'pacticipant' && a.id === b.id
      : b.kind === 'label' && a.label === b.label;

/** Equal as stored (key order aside: the request is jsonb, which reorders keys). */
function sameDefinition(a: WebhookDefinition, b: WebhookDefinition): boolean {
  return (
    a.description === b.description &&
    a.enabled === b.enabled &&
    sameScope(a.consumer, b.consumer) &&
    sameScope(a.provider, b.provider) &&
    isDeepStrictEqual(a.events, b.events) &&
    isDeepStrictEqual(a.request, b.request)
  );
}
