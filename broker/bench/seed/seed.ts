// Writes the simulated dataset (dataset.ts) into a migrated Treaty database through the broker's own
// store code: pacticipants and environments with the one-at-a-time store functions, everything else
// with the batched ones of store/bulk-writes.ts, one transaction per batch of time steps.
import {
  bulkCreateVersions,
  bulkEndSupport,
  bulkPublishPacts,
  bulkRecordDeployments,
  bulkRecordReleases,
  bulkRecordVerifications,
} from '../../src/store/bulk-writes.ts';
import type { Db } from '../../src/store/db.ts';
import { sql } from '../../src/store/sql.ts';
import { createEnvironment } from '../../src/store/environments.ts';
import { upsertPacticipant } from '../../src/store/pacticipants.ts';
import { DatasetSimulator, ENVIRONMENTS, type DatasetOptions, type StepEvents } from './dataset.ts';

export interface SeedOptions extends DatasetOptions {
  /** Time steps written per transaction. */
  stepsPerBatch?: number;
  onProgress?: (message: string) => void;
}

export const COUNTED_TABLES = [
  'pacticipants',
  'versions',
  'branches',
  'branch_versions',
  'tags',
  'integrations',
  'pact_versions',
  'pact_publications',
  'verifications',
  'latest_verifications',
  'environments',
  'deployed_versions',
  'current_deployments',
  'released_versions',
] as const;
export type RowCounts = Record<(typeof COUNTED_TABLES)[number], number>;

export async function countRows(db: Db): Promise<RowCounts> {
  const counts = COUNTED_TABLES.map((t) => sql`SELECT ${t}::text AS t, count(*)::int AS n FROM ${sql.identifier(t)}`);
  const rows = await db.rows<{ t: string; n: number }>(sql.join(counts, sql` UNION ALL `));
  return Object.fromEntries(rows.map((r) => [r.t, Number(r.n)])) as RowCounts;
}

export async function seedDataset(db: Db, options: SeedOptions): Promise<RowCounts> {
  const log = options.onProgress ?? (() => {});
  const sim = new DatasetSimulator(options);
  const pacticipantIds: number[] = [];
  for (const s of sim.services) {
    const { pacticipant } = await upsertPacticipant(
      db,
      s.name,
      { mainBranch: 'main', repositoryUrl: `https://git.example.com/acme/${s.name}` },
      'merge',
    );
    pacticipantIds.push(pacticipant.id);
  }
  const envUuids = new Map<string, string>();
  for (const env of ENVIRONMENTS) {
    const created = await createEnvironment(db, {
      name: env.name,
      displayName: env.name[0]!.toUpperCase() + env.name.slice(1),
      production: env.production,
    });
    if (!created.ok) throw new Error(`environment ${env.name} already exists: seed an empty database`);
    envUuids.set(env.name, created.environment.uuid);
  }

  // Ids of what earlier batches wrote, by simulation key.
  const versionIds = new Map<string, number>();
  const pactVersionIds = new Map<string, number>();
  const stepsPerBatch = options.stepsPerBatch ?? 10;
  const started = Date.now();
  let written = { versions: 0, pacts: 0, verifications: 0 };
  for (let t0 = 0; t0 < options.versions; t0 += stepsPerBatch) {
    const events: StepEvents = { versions: [], pacts: [], deployments: [], releases: [], supportEnded: [], verifications: [] };
    for (let t = t0; t < Math.min(options.versions, t0 + stepsPerBatch); t++) {
      const e = sim.step(t);
      for (const k of Object.keys(events) as Array<keyof StepEvents>) (events[k] as unknown[]).push(...e[k]);
    }
    await db.transaction((tx) => writeBatch(tx, events), { timeoutMs: 600_000 });
    written = {
      versions: written.versions + events.versions.length,
      pacts: written.pacts + events.pacts.length,
      verifications: written.verifications + events.verifications.length,
    };
    const done = Math.min(options.versions, t0 + stepsPerBatch);
    const elapsed = (Date.now() - started) / 1000;
    log(
      `steps ${done}/${options.versions}: ${written.versions} versions, ${written.pacts} publications, ${written.verifications} verifications (${elapsed.toFixed(0)} s, ~${((elapsed / done) * (options.versions - done)).toFixed(0)} s left)`,
    );
  }
  return countRows(db);

  async function writeBatch(tx: Db, events: StepEvents): Promise<void> {
    const vKey = (service: number, t: number) => `${service}/${t}`;
    const ids = await bulkCreateVersions(
      tx,
      events.versions.map((v) => ({
        pacticipantId: pacticipantIds[v.service]!,
        number: v.number,
        buildUrl: `https://ci.example.com/${sim.services[v.service]!.name}/${v.t}`,
        createdAt: v.at,
        branch: v.branch,
        tags: v.tags,
      })),
    );
    events.versions.forEach((v, i) => versionIds.set(vKey(v.service, v.t), ids[i]!));
    const pvIds = await bulkPublishPacts(
      tx,
      events.pacts.map((p) => ({
        consumerVersionId: versionIds.get(vKey(p.consumer, p.t))!,
        consumerId: pacticipantIds[p.consumer]!,
        providerId: pacticipantIds[p.provider]!,
        sha: p.sha,
        content: p.content,
        interactionCount: p.interactionCount,
        createdAt: p.at,
      })),
    );
    events.pacts.forEach((p, i) => pactVersionIds.set(p.contentKey, pvIds[i]!));
    await bulkRecordDeployments(
      tx,
      events.deployments.map((d) => ({
        versionId: versionIds.get(vKey(d.service, d.t))!,
        pacticipantId: pacticipantIds[d.service]!,
        environmentUuid: envUuids.get(d.environment)!,
        applicationInstance: null,
        createdAt: d.at,
        uuid: d.uuid,
      })),
    );
    await bulkRecordReleases(
      tx,
      events.releases.map((r) => ({
        versionId: versionIds.get(vKey(r.service, r.t))!,
        pacticipantId: pacticipantIds[r.service]!,
        environmentUuid: envUuids.get(r.environment)!,
        createdAt: r.at,
        supportEndedAt: null,
        uuid: r.uuid,
      })),
    );
    await bulkEndSupport(
      tx,
      events.supportEnded.map((r) => ({
        versionId: versionIds.get(vKey(r.service, r.t))!,
        environmentUuid: envUuids.get(r.environment)!,
        at: r.at,
      })),
    );
    await bulkRecordVerifications(
      tx,
      events.verifications.map((v) => ({
        pactVersionId: pactVersionIds.get(v.contentKey)!,
        providerVersionId: versionIds.get(vKey(v.provider, v.t))!,
        success: v.success,
        buildUrl: `https://ci.example.com/${sim.services[v.provider]!.name}/${v.t}`,
        verifiedBy: { implementation: 'Pact-JS', version: '16.0.0' },
        createdAt: v.at,
      })),
    );
  }
}
