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
// "latest" means the same as in the source), then pacts, verifications, deployments by time (import-history.ts),
// then webhooks (import-webhooks.ts).
import type { ImportResult, TreatyExport } from '@treaty/wire';
import { contentSha } from '../../domain/pacts/content-hash.ts';
import { parsePactText } from '../../domain/pacts/pact-document.ts';
import { type WebhookPacticipantLookup, type WebhookPolicy } from '../../domain/webhooks/validate-webhook.ts';
import { ValidationError } from '../../errors.ts';
import { bulkCreateVersions } from './bulk-writes.ts';
import type { Db } from '../db.ts';
import {
  sortedByTime,
  writeEnvironmentsAndDeployments,
  writePacts,
  writeVerifications,
  type IdOf,
  type ParsedPact,
} from './import-history.ts';
import { writeWebhooks } from './import-webhooks.ts';
import { findOrCreatePacticipant, nameKey } from '../pacticipants/pacticipants.ts';
import { sql } from '../sql.ts';

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
