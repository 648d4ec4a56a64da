// Reading pacts: one publication (a consumer version's pact for a provider) by version, latest,
// latest for a tag / branch / untagged, by content SHA; lists for the Pact Broker's list resources.
// "Latest" means the consumer version with the highest id (creation order).
import type { Db } from '../db.ts';
import { nameKey } from '../pacticipants/pacticipants.ts';
import { sql, type SqlFragment } from '../sql.ts';

export interface PactPublicationRow {
  publicationId: number;
  revisionNumber: number;
  /** When this revision was published (the Pact Broker's pact createdAt). */
  createdAt: Date;
  consumerId: number;
  providerId: number;
  consumerName: string;
  providerName: string;
  consumerVersionId: number;
  consumerVersionNumber: string;
  pactVersionId: number;
  sha: string;
  interactionCount: number;
}

export interface PactWithContent extends PactPublicationRow {
  content: string;
}

/** Which publication of a consumer–provider pair is meant. */
export type PactSelector =
  | { kind: 'version'; number: string }
  | { kind: 'latest' }
  | { kind: 'latestTagged'; tag: string }
  | { kind: 'latestUntagged' }
  | { kind: 'latestOnBranch'; branch: string };

const COLUMNS = sql`pp.id AS "publicationId", pp.revision_number AS "revisionNumber", pp.updated_at AS "createdAt",
  pp.consumer_id AS "consumerId", pp.provider_id AS "providerId", c.name AS "consumerName", p.name AS "providerName",
  cv.id AS "consumerVersionId", cv.number AS "consumerVersionNumber", pv.id AS "pactVersionId", pv.sha,
  pv.interaction_count AS "interactionCount"`;
const FROM = sql`FROM pact_publications pp
  JOIN versions cv ON cv.id = pp.consumer_version_id
  JOIN pact_versions pv ON pv.id = pp.pact_version_id
  JOIN pacticipants c ON c.id = pp.consumer_id
  JOIN pacticipants p ON p.id = pp.provider_id`;
const hasTag = (tag: string) => sql`EXISTS (SELECT 1 FROM tags t WHERE t.version_id = cv.id AND t.name = ${tag})`;
const onBranch = (branch: string) =>
  sql`EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id WHERE bv.version_id = cv.id AND b.name = ${branch})`;

/** The condition on the consumer version `cv` that picks the selected publication(s). */
function selectorSql(selector: PactSelector): SqlFragment {
  switch (selector.kind) {
    case 'version':
      return sql`cv.number = ${selector.number}`;
    case 'latest':
      return sql`TRUE`;
    case 'latestTagged':
      return hasTag(selector.tag);
    case 'latestUntagged':
      return sql`NOT EXISTS (SELECT 1 FROM tags t WHERE t.version_id = cv.id)`;
    case 'latestOnBranch':
      return onBranch(selector.branch);
    default: {
      const unreachable: never = selector;
      return unreachable;
    }
  }
}

export async function findPact(
  db: Db,
  providerName: string,
  consumerName: string,
  selector: PactSelector,
): Promise<PactWithContent | undefined> {
  return db.maybeOne<PactWithContent>(
    sql`SELECT ${COLUMNS}, pv.content ${FROM}
        WHERE p.name_key = ${nameKey(providerName)} AND c.name_key = ${nameKey(consumerName)} AND ${selectorSql(selector)}
        ORDER BY cv.id DESC LIMIT 1`,
  );
}

/** Same as findPact without the content (for badges, verification lookups). */
export async function findPactSummary(
  db: Db,
  providerName: string,
  consumerName: string,
  selector: PactSelector,
): Promise<PactPublicationRow | undefined> {
  return db.maybeOne<PactPublicationRow>(
    sql`SELECT ${COLUMNS} ${FROM}
        WHERE p.name_key = ${nameKey(providerName)} AND c.name_key = ${nameKey(consumerName)} AND ${selectorSql(selector)}
        ORDER BY cv.id DESC LIMIT 1`,
  );
}

export interface PactContentRow {
  pactVersionId: number;
  sha: string;
  content: string;
  consumerName: string;
  providerName: string;
  createdAt: Date;
  /** The latest consumer version that published this content; null if none does any more. */
  consumerVersionNumber: string | null;
}

/** The immutable content of a pact version (`.../pact-version/{sha}`). */
export async function findPactContentBySha(
  db: Db,
  providerName: string,
  consumerName: string,
  sha: string,
): Promise<PactContentRow | undefined> {
  const rows =
    await db.rows<PactContentRow>(sql`SELECT pv.id AS "pactVersionId", pv.sha, pv.content, c.name AS "consumerName", p.name AS "providerName",
            COALESCE(latest.created_at, pv.created_at) AS "createdAt", latest.number AS "consumerVersionNumber"
     FROM pact_versions pv
     JOIN pacticipants c ON c.id = pv.consumer_id
     JOIN pacticipants p ON p.id = pv.provider_id
     LEFT JOIN LATERAL (
       SELECT cv.number, pp.updated_at AS created_at FROM pact_publications pp JOIN versions cv ON cv.id = pp.consumer_version_id
       WHERE pp.pact_version_id = pv.id ORDER BY cv.id DESC LIMIT 1
     ) latest ON TRUE
     WHERE p.name_key = ${nameKey(providerName)} AND c.name_key = ${nameKey(consumerName)} AND pv.sha = ${sha}`);
  return rows[0];
}

/** Every consumer version's pact between the pair, newest first (`.../versions`). */
export function listPactPublications(db: Db, providerName: string, consumerName: string): Promise<PactPublicationRow[]> {
  return db.rows<PactPublicationRow>(
    sql`SELECT ${COLUMNS} ${FROM} WHERE p.name_key = ${nameKey(providerName)} AND c.name_key = ${nameKey(consumerName)} ORDER BY cv.id DESC`,
  );
}

/** The latest earlier publication whose content differs from this version's (`previous-distinct`). */
export async function findPreviousDistinctPact(db: Db, current: PactPublicationRow): Promise<PactWithContent | undefined> {
  return db.maybeOne<PactWithContent>(sql`SELECT ${COLUMNS}, pv.content ${FROM}
     WHERE pp.provider_id = ${current.providerId} AND pp.consumer_id = ${current.consumerId} AND cv.id < ${current.consumerVersionId} AND pp.pact_version_id <> ${current.pactVersionId}
     ORDER BY cv.id DESC LIMIT 1`);
}

/** Consumer version numbers that published a pact version, newest first (`pb:consumer-versions`). */
export async function consumerVersionsOfPactVersion(db: Db, pactVersionId: number): Promise<string[]> {
  const rows = await db.rows<{ number: string }>(
    sql`SELECT cv.number FROM pact_publications pp JOIN versions cv ON cv.id = pp.consumer_version_id WHERE pp.pact_version_id = ${pactVersionId} ORDER BY cv.id DESC`,
  );
  return rows.map((r) => r.number);
}

/** The latest pact of every integration (`GET /pacts/latest`), ordered by consumer then provider name. */
export function listLatestPacts(db: Db): Promise<PactPublicationRow[]> {
  return db.rows<PactPublicationRow>(sql`SELECT * FROM (
       SELECT DISTINCT ON (pp.consumer_id, pp.provider_id) ${COLUMNS} ${FROM}
       ORDER BY pp.consumer_id, pp.provider_id, cv.id DESC
     ) latest ORDER BY lower("consumerName"), lower("providerName")`);
}

/** Which consumer branch a provider pact list is about: a named one, or each consumer's own main branch. */
export type ConsumerBranch = { kind: 'named'; name: string } | { kind: 'main' };

export interface ProviderPactsQuery {
  /** Only the latest pact from each consumer. */
  latest: boolean;
  /** Only pacts of consumer versions with this tag. */
  tag?: string | undefined;
  /** Only pacts of consumer versions on this branch. */
  branch?: ConsumerBranch | undefined;
  /** Only pacts from this consumer. */
  consumer?: string | undefined;
  /** Only pacts of consumer versions currently deployed or released (and supported) in this environment. */
  environmentUuid?: string | undefined;
}

const onMainBranch = sql`EXISTS (SELECT 1 FROM branch_versions bv JOIN branches b ON b.id = bv.branch_id
  WHERE bv.version_id = cv.id AND b.name = c.main_branch)`;

function branchFilter(branch: ConsumerBranch | undefined): SqlFragment {
  if (branch === undefined) return sql.empty;
  return branch.kind === 'main' ? sql`AND ${onMainBranch}` : sql`AND ${onBranch(branch.name)}`;
}

const inEnvironment = (uuid: string) =>
  sql`(EXISTS (SELECT 1 FROM current_deployments cd WHERE cd.version_id = cv.id AND cd.environment_uuid = ${uuid})
    OR EXISTS (SELECT 1 FROM released_versions rv WHERE rv.version_id = cv.id AND rv.environment_uuid = ${uuid} AND rv.support_ended_at IS NULL))`;

function providerPactsSql(providerName: string, query: ProviderPactsQuery, columns: SqlFragment): SqlFragment {
  const tagFilter = query.tag === undefined ? sql.empty : sql`AND ${hasTag(query.tag)}`;
  const consumerFilter = query.consumer === undefined ? sql.empty : sql`AND c.name_key = ${nameKey(query.consumer)}`;
  const environmentFilter = query.environmentUuid === undefined ? sql.empty : sql`AND ${inEnvironment(query.environmentUuid)}`;
  const inner = sql`SELECT ${query.latest ? sql`DISTINCT ON (pp.consumer_id)` : sql.empty} ${columns} ${FROM}
    WHERE p.name_key = ${nameKey(providerName)} ${consumerFilter} ${tagFilter} ${branchFilter(query.branch)} ${environmentFilter}
    ORDER BY pp.consumer_id, cv.id DESC`;
  return sql`SELECT * FROM (${inner}) pacts ORDER BY lower("consumerName"), "consumerVersionId" DESC`;
}

/**
 * Pacts for a provider from every consumer, or from one (`/pacts/provider/{p}[/latest][/{tag}]`, `/tag/{tag}`,
 * `/branch[/{b}][/latest]`, `/consumer/{c}/branch...`). Ordered by consumer name, newest version first.
 */
export function listProviderPacts(db: Db, providerName: string, query: ProviderPactsQuery): Promise<PactPublicationRow[]> {
  return db.rows<PactPublicationRow>(providerPactsSql(providerName, query, COLUMNS));
}

/** The same list with each pact's content (the provider states listing reads the interactions). */
export function listProviderPactContents(db: Db, providerName: string, query: ProviderPactsQuery): Promise<PactWithContent[]> {
  return db.rows<PactWithContent>(providerPactsSql(providerName, query, sql`${COLUMNS}, pv.content`));
}

/**
 * Whether a consumer of the provider (or the named consumer) has a branch of this name, with or without
 * pacts on it: an empty list for a branch nobody has is most likely a typo, so it is answered with a 404.
 */
export async function consumerBranchExists(db: Db, providerName: string, branch: string, consumerName?: string): Promise<boolean> {
  const consumerFilter = consumerName === undefined ? sql.empty : sql`AND c.name_key = ${nameKey(consumerName)}`;
  const row = await db.maybeOne<{ found: number }>(sql`SELECT 1 AS found FROM branches b
    JOIN pacticipants c ON c.id = b.pacticipant_id
    WHERE b.name = ${branch} ${consumerFilter}
      AND EXISTS (SELECT 1 FROM pact_publications pp JOIN pacticipants p ON p.id = pp.provider_id
                  WHERE pp.consumer_id = c.id AND p.name_key = ${nameKey(providerName)})
    LIMIT 1`);
  return row !== undefined;
}

/** A pact with what its HAL document needs: every consumer version that published the same content. */
export async function findPactDocument(
  db: Db,
  providerName: string,
  consumerName: string,
  selector: PactSelector,
): Promise<{ pact: PactWithContent; consumerVersions: string[] } | undefined> {
  const pact = await findPact(db, providerName, consumerName, selector);
  return pact ? { pact, consumerVersions: await consumerVersionsOfPactVersion(db, pact.pactVersionId) } : undefined;
}

/** For badges: whether the selected pact exists and how its latest verification went (null: never verified). */
export async function findPactVerificationStatus(
  db: Db,
  providerName: string,
  consumerName: string,
  selector: PactSelector,
): Promise<{ found: false } | { found: true; success: boolean | null }> {
  const pact = await findPactSummary(db, providerName, consumerName, selector);
  if (!pact) return { found: false };
  const rows = await db.rows<{ success: boolean }>(
    sql`SELECT success FROM verifications WHERE pact_version_id = ${pact.pactVersionId} ORDER BY id DESC LIMIT 1`,
  );
  return { found: true, success: rows[0]?.success ?? null };
}
