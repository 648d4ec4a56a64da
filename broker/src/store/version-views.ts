// Everything a version's representation shows, loaded in a few batched queries: its tags, the
// branches it is on, the pacts it published, where it is deployed or released, and the
// environments it could be deployed to (the pb:record-deployment / pb:record-release links).
import { branchVersionsOf, type BranchVersionRow } from './branches.ts';
import type { Db } from './db.ts';
import { deploymentsOfVersions, releasesOfVersions, type DeployedVersionView, type ReleasedVersionView } from './deployments.ts';
import { listEnvironments, type EnvironmentRow } from './environments.ts';
import { NotFoundError } from '../errors.ts';
import { requireBranch, requirePacticipant, requireVersion } from './lookups.ts';
import {
  findLatestVersion,
  findVersionById,
  listVersions,
  tagsOfVersions,
  type Page,
  type Paged,
  type PacticipantRow,
  type TagRow,
  type VersionRow,
} from './pacticipants.ts';
import { branchHeadVersionId } from './branches.ts';
import { sql } from './sql.ts';

export interface PublishedPactSummary {
  consumerName: string;
  providerName: string;
  consumerVersionNumber: string;
}

export interface VersionView {
  pacticipant: PacticipantRow;
  version: VersionRow;
  tags: TagRow[];
  branchVersions: BranchVersionRow[];
  pacts: PublishedPactSummary[];
  deployedVersions: DeployedVersionView[];
  releasedVersions: ReleasedVersionView[];
}

export interface VersionViews {
  views: VersionView[];
  /** All environments, for the pb:record-deployment and pb:record-release links. */
  environments: EnvironmentRow[];
}

export async function loadVersionViews(db: Db, pacticipant: PacticipantRow, versions: readonly VersionRow[]): Promise<VersionViews> {
  const ids = versions.map((v) => v.id);
  const [tags, branchVersions, pacts, deployed, released, environments] = await Promise.all([
    tagsOfVersions(db, ids),
    branchVersionsOf(db, ids),
    pactsPublishedBy(db, ids),
    deploymentsOfVersions(db, ids),
    releasesOfVersions(db, ids),
    listEnvironments(db),
  ]);
  const views = versions.map((version) => ({
    pacticipant,
    version,
    tags: tags.get(version.id) ?? [],
    branchVersions: branchVersions.get(version.id) ?? [],
    pacts: pacts.get(version.id) ?? [],
    deployedVersions: deployed.get(version.id) ?? [],
    releasedVersions: released.get(version.id) ?? [],
  }));
  return { views, environments };
}

export async function loadVersionView(
  db: Db,
  pacticipant: PacticipantRow,
  version: VersionRow,
): Promise<{ view: VersionView; environments: EnvironmentRow[] }> {
  const { views, environments } = await loadVersionViews(db, pacticipant, [version]);
  return { view: views[0]!, environments };
}

/** The pacts each consumer version published, sorted by provider name (the Pact Broker's order). */
async function pactsPublishedBy(db: Db, versionIds: readonly number[]): Promise<Map<number, PublishedPactSummary[]>> {
  const result = new Map<number, PublishedPactSummary[]>();
  if (versionIds.length === 0) return result;
  const rows = await db.rows<
    PublishedPactSummary & { versionId: number }
  >(sql`SELECT pp.consumer_version_id AS "versionId", c.name AS "consumerName", pr.name AS "providerName", v.number AS "consumerVersionNumber"
       FROM pact_publications pp
       JOIN versions v ON v.id = pp.consumer_version_id
       JOIN pacticipants c ON c.id = v.pacticipant_id
       JOIN pacticipants pr ON pr.id = pp.provider_id
      WHERE pp.consumer_version_id = ANY(${versionIds}::int[])
      ORDER BY pr.name_key`);
  for (const { versionId, ...pact } of rows) result.set(versionId, [...(result.get(versionId) ?? []), pact]);
  return result;
}

export interface VersionResource {
  view: VersionView;
  environments: EnvironmentRow[];
}

/** GET /pacticipants/{p}/versions/{v}; 404 when the pacticipant or version is missing. */
export async function loadVersionResource(db: Db, pacticipantName: string, number: string): Promise<VersionResource> {
  const { pacticipant, version } = await requireVersion(db, pacticipantName, number);
  return loadVersionView(db, pacticipant, version);
}

/** GET /pacticipants/{p}/latest-version[/{tag}] */
export async function loadLatestVersionResource(db: Db, pacticipantName: string, tag?: string): Promise<VersionResource> {
  const pacticipant = await requirePacticipant(db, pacticipantName);
  const version = await findLatestVersion(db, pacticipant.id, tag);
  if (!version) {
    throw new NotFoundError(
      tag === undefined
        ? `Pacticipant '${pacticipant.name}' has no versions yet. Publish a contract or create a version with pact-broker create-or-update-version.`
        : `No version of '${pacticipant.name}' is tagged '${tag}'. Tag one with pact-broker create-version-tag, or check the tag name.`,
    );
  }
  return loadVersionView(db, pacticipant, version);
}

/** GET /pacticipants/{p}/branches/{b}/latest-version */
export async function loadBranchHeadResource(db: Db, pacticipantName: string, branchName: string): Promise<VersionResource> {
  const { pacticipant, branch } = await requireBranch(db, pacticipantName, branchName);
  const headId = await branchHeadVersionId(db, branch.id);
  const version = headId === undefined ? undefined : await findVersionById(db, headId);
  if (!version)
    throw new NotFoundError(
      `Branch '${branch.name}' of '${pacticipant.name}' has no versions. Add one with PUT .../branches/{branch}/versions/{version}.`,
    );
  return loadVersionView(db, pacticipant, version);
}

export interface VersionListResource {
  pacticipant: PacticipantRow;
  paged: Paged<VersionView>;
  environments: EnvironmentRow[];
}

/** Versions of a pacticipant, newest first: all, those with a tag, or those on a branch. */
export async function loadVersionList(
  db: Db,
  pacticipantName: string,
  filter: { tag?: string; branch?: string },
  page: Page | undefined,
): Promise<VersionListResource> {
  const { pacticipant, branchId } =
    filter.branch === undefined
      ? { pacticipant: await requirePacticipant(db, pacticipantName), branchId: undefined }
      : await requireBranch(db, pacticipantName, filter.branch).then(({ pacticipant, branch }) => ({ pacticipant, branchId: branch.id }));
  const { rows, total } = await listVersions(db, pacticipant.id, { tag: filter.tag, branchId }, page);
  const { views, environments } = await loadVersionViews(db, pacticipant, rows);
  return { pacticipant, paged: { rows: views, total, page }, environments };
}
