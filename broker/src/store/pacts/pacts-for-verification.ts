// Hand-written SQL for pacts-for-verification (implements domain/verification's
// PactsForVerificationReader). Every selector becomes one indexed lookup and all of them run as ONE
// UNION ALL round trip (a second one only for fallbacks that are needed). The provider's consumers
// come from integrations(provider_id), so tag and branch lookups walk
//   tags(pacticipant_id, name, version_id) / branches(pacticipant_id, name)
// and a branch head is max(version_id) over branch_versions(branch_id, version_id), an index-only
// lookup; publications are reached by pact_publications(consumer_version_id, provider_id).
// Pending/WIP facts are aggregated in SQL (first successful verification per provider branch/tag),
// so the result stays small however many verifications a pact has.
import type { ConsumerMainBranchFacts, ConsumerVersionSelector } from '../../domain/verification/consumer-version-selectors.ts';
import type { PactsForVerificationReader } from '../../domain/verification/pacts-for-verification.ts';
import type { ProviderVersionContext, SuccessfulVerificationFacts } from '../../domain/verification/pending.ts';
import type { SelectedPact } from '../../domain/verification/verifiable-pacts.ts';
import type { WipCandidate } from '../../domain/verification/wip.ts';
import type { Db } from '../db.ts';
import { sql, type SqlFragment, type SqlParam } from '../sql.ts';

const COLUMNS = sql`pp.consumer_id AS "consumerId", c.name AS "consumerName", c.main_branch AS "mainBranch",
  pp.consumer_version_id AS "consumerVersionId", cv.number AS "consumerVersionNumber",
  pp.pact_version_id AS "pactVersionId", pv.sha, pp.created_at AS "publishedAt"`;
const JOINS = sql`JOIN pacticipants c ON c.id = pp.consumer_id
  JOIN versions cv ON cv.id = pp.consumer_version_id
  JOIN pact_versions pv ON pv.id = pp.pact_version_id`;
/** The provider's consumers. */
const consumersOf = (providerId: SqlParam) => sql`(SELECT consumer_id FROM integrations WHERE provider_id = ${providerId})`;
const NO_ENV = sql`NULL::text AS "environmentName", NULL::boolean AS "environmentProduction"`;

interface Row {
  idx: number;
  fallback: boolean;
  consumerId: number;
  consumerName: string;
  mainBranch: string | null;
  consumerVersionId: number;
  consumerVersionNumber: string;
  pactVersionId: number;
  sha: string;
  publishedAt: Date | string;
  environmentName: string | null;
  environmentProduction: boolean | null;
}

/**
 * Branch head publications of the provider (`providerId`, one parameter in the whole statement): `nameSql` is the branch name expression (a parameter, c.main_branch, or
 * b.name for every branch). The consumer is joined first so that a branch is found by its unique
 * (pacticipant_id, name) index even when the name is c.main_branch; joining the consumer through the
 * publication instead made Postgres compute the head of every branch of every consumer and filter
 * by name afterwards (#7: 2 895 buffers and ~150 ms on the 200 x 500 dataset, 55 buffers this way).
 */
function branchHeads(providerId: SqlParam, nameSql: SqlFragment, extra: SqlFragment): SqlFragment {
  return sql`FROM integrations i
    JOIN pacticipants c ON c.id = i.consumer_id
    JOIN branches b ON b.pacticipant_id = i.consumer_id AND b.name = ${nameSql}
    CROSS JOIN LATERAL (SELECT max(bv.version_id) AS version_id FROM branch_versions bv WHERE bv.branch_id = b.id) h
    JOIN pact_publications pp ON pp.consumer_version_id = h.version_id AND pp.provider_id = ${providerId}
    JOIN versions cv ON cv.id = pp.consumer_version_id
    JOIN pact_versions pv ON pv.id = pp.pact_version_id
    WHERE i.provider_id = ${providerId}${extra}`;
}

function taggedPublications(providerId: SqlParam, tag: SqlFragment, extra: SqlFragment): SqlFragment {
  return sql`FROM tags t
    JOIN pact_publications pp ON pp.consumer_version_id = t.version_id AND pp.provider_id = ${providerId}
    ${JOINS}
    WHERE t.pacticipant_id IN ${consumersOf(providerId)} AND t.name = ${tag}${extra}`;
}

/**
 * The pact of each consumer's latest version with the tag (`tag` is a parameter or t.name), nothing for a
 * consumer whose latest tagged version has no pact for this provider: the Pact Broker's
 * for_latest_consumer_versions_with_tag. Not "the latest pact among tagged versions", which would reach
 * back to an older tagged version. tags(pacticipant_id, name, version_id) answers the max by index.
 */
function latestTaggedVersionPublications(providerId: SqlParam, tag: SqlFragment, extra: SqlFragment): SqlFragment {
  return sql`FROM integrations i
    CROSS JOIN LATERAL (SELECT max(t.version_id) AS version_id FROM tags t WHERE t.pacticipant_id = i.consumer_id AND t.name = ${tag}) h
    JOIN pact_publications pp ON pp.consumer_version_id = h.version_id AND pp.provider_id = ${providerId}
    ${JOINS}
    WHERE i.provider_id = ${providerId}${extra}`;
}

const inEnvironment = (environment: SqlParam | undefined) => (environment ? sql` AND e.name = ${environment}` : sql.empty);

function deployedPublications(providerId: SqlParam, extra: SqlFragment, environment: SqlParam | undefined): SqlFragment {
  return sql`SELECT DISTINCT ${COLUMNS}, e.name AS "environmentName", e.production AS "environmentProduction"
    FROM current_deployments cd
    JOIN environments e ON e.uuid = cd.environment_uuid
    JOIN pact_publications pp ON pp.consumer_version_id = cd.version_id AND pp.provider_id = ${providerId}
    ${JOINS}
    WHERE cd.pacticipant_id IN ${consumersOf(providerId)}${inEnvironment(environment)}${extra}`;
}

function releasedPublications(providerId: SqlParam, extra: SqlFragment, environment: SqlParam | undefined): SqlFragment {
  return sql`SELECT DISTINCT ${COLUMNS}, e.name AS "environmentName", e.production AS "environmentProduction"
    FROM released_versions rv
    JOIN environments e ON e.uuid = rv.environment_uuid
    JOIN pact_publications pp ON pp.consumer_version_id = rv.version_id AND pp.provider_id = ${providerId}
    ${JOINS}
    WHERE rv.pacticipant_id IN ${consumersOf(providerId)} AND rv.support_ended_at IS NULL${inEnvironment(environment)}${extra}`;
}

/** The lookup for one selector; `fallback` uses its fallbackBranch / fallbackTag / main branch. */
function selectorSql(
  providerId: SqlParam,
  idx: number,
  s: ConsumerVersionSelector,
  fallback: boolean,
  excludeConsumerIds: readonly number[],
): SqlFragment {
  const extra = sql.join(
    [
      s.consumer !== undefined ? sql` AND c.name_key = ${s.consumer.toLowerCase()}` : sql.empty,
      excludeConsumerIds.length > 0 ? sql` AND pp.consumer_id <> ALL(${excludeConsumerIds}::int[])` : sql.empty,
    ],
    sql.empty,
  );
  const head = sql`${idx}::int AS idx, ${fallback}::boolean AS fallback`;
  const latestPerConsumer = sql`ORDER BY pp.consumer_id, pp.consumer_version_id DESC`;
  const mainBranch = sql`c.main_branch`;
  switch (s.kind) {
    case 'overallLatest':
      return sql`SELECT DISTINCT ON (pp.consumer_id) ${head}, ${COLUMNS}, ${NO_ENV} FROM pact_publications pp ${JOINS} WHERE pp.provider_id = ${providerId}${extra} ${latestPerConsumer}`;
    case 'mainBranch':
      return sql`SELECT ${head}, ${COLUMNS}, ${NO_ENV} ${branchHeads(providerId, mainBranch, extra)}`;
    case 'matchingBranch':
      return sql`SELECT ${head}, ${COLUMNS}, ${NO_ENV} ${branchHeads(providerId, sql`${s.branch}`, extra)}`;
    case 'branch':
      if (fallback && s.fallbackToMainBranch)
        return sql`SELECT ${head}, ${COLUMNS}, ${NO_ENV} ${branchHeads(providerId, mainBranch, extra)}`;
      return sql`SELECT ${head}, ${COLUMNS}, ${NO_ENV} ${branchHeads(providerId, sql`${fallback && s.fallbackBranch ? s.fallbackBranch : s.branch}`, extra)}`;
    case 'latestTag':
      return sql`SELECT ${head}, ${COLUMNS}, ${NO_ENV} ${latestTaggedVersionPublications(providerId, sql`${fallback && s.fallbackTag ? s.fallbackTag : s.tag}`, extra)}`;
    case 'allForTag':
      return sql`SELECT ${head}, ${COLUMNS}, ${NO_ENV} ${taggedPublications(providerId, sql`${s.tag}`, extra)}`;
    case 'deployed':
      return sql`SELECT ${head}, x.* FROM (${deployedPublications(providerId, extra, s.environment === undefined ? undefined : sql.param(s.environment))}) x`;
    case 'released':
      return sql`SELECT ${head}, x.* FROM (${releasedPublications(providerId, extra, s.environment === undefined ? undefined : sql.param(s.environment))}) x`;
    case 'environment': {
      const env = sql.param(s.environment);
      return sql`SELECT ${head}, x.* FROM (${deployedPublications(providerId, extra, env)} UNION ${releasedPublications(providerId, extra, env)}) x`;
    }
    default: {
      const unreachable: never = s;
      return unreachable;
    }
  }
}

function hasFallback(s: ConsumerVersionSelector): boolean {
  return (
    (s.kind === 'branch' && (s.fallbackBranch !== undefined || s.fallbackToMainBranch === true)) ||
    (s.kind === 'latestTag' && s.fallbackTag !== undefined)
  );
}

interface SelectorPart {
  idx: number;
  selector: ConsumerVersionSelector;
  fallback: boolean;
  exclude: readonly number[];
}

/**
 * Selector lookups per statement. A statement of a hundred lookups takes PostgreSQL long to plan, and on PGlite
 * it holds the event loop for its whole run (~0.6 s for 100 selectors): several statements of at most this many
 * let other requests in between (issue #11). Most requests have fewer and still make one statement.
 */
const SELECTORS_PER_STATEMENT = 10;

async function runSelectors(db: Db, id: number, parts: readonly SelectorPart[]): Promise<Row[]> {
  const providerId = sql.param(id);
  const rows: Row[] = [];
  for (let start = 0; start < parts.length; start += SELECTORS_PER_STATEMENT) {
    const lookups = parts
      .slice(start, start + SELECTORS_PER_STATEMENT)
      .map((part) => sql`(${selectorSql(providerId, part.idx, part.selector, part.fallback, part.exclude)})`);
    rows.push(...(await db.hot.rows<Row>(sql.join(lookups, sql`\nUNION ALL\n`))));
  }
  return rows;
}

function toSelected(row: Row, selectors: readonly ConsumerVersionSelector[]): SelectedPact {
  const environment =
    row.environmentName === null ? undefined : { name: row.environmentName, production: Boolean(row.environmentProduction) };
  return {
    consumer: { id: row.consumerId, name: row.consumerName, mainBranch: row.mainBranch },
    pactVersion: { id: row.pactVersionId, sha: row.sha },
    selector: {
      selector: selectors[row.idx]!,
      consumerVersion: { id: row.consumerVersionId, number: row.consumerVersionNumber },
      environment,
      fallbackUsed: row.fallback,
    },
  };
}

export async function selectPacts(db: Db, providerId: number, selectors: readonly ConsumerVersionSelector[]): Promise<SelectedPact[]> {
  const rows = await runSelectors(
    db,
    providerId,
    selectors.map((selector, idx) => ({ idx, selector, fallback: false, exclude: [] })),
  );
  // Fallbacks (PB find_pacts_for_fallback_tags): fallbackTag/fallbackBranch when the selector found
  // nothing; fallbackToMainBranch for each consumer the branch found nothing for.
  const fallbacks = selectors.flatMap((selector, idx): SelectorPart[] => {
    if (!hasFallback(selector)) return [];
    const found = rows.filter((r) => r.idx === idx);
    if (selector.kind === 'branch' && selector.fallbackToMainBranch)
      return [{ idx, selector, fallback: true, exclude: [...new Set(found.map((r) => r.consumerId))] }];
    return found.length === 0 ? [{ idx, selector, fallback: true, exclude: [] }] : [];
  });
  const fallbackRows = await runSelectors(db, providerId, fallbacks);
  return [...rows, ...fallbackRows].map((r) => toSelected(r, selectors));
}

/** The reader on the hot-path pool: prepared statements with generic plans (see db.ts). */
export function createPactsForVerificationReader(db: Db): PactsForVerificationReader {
  return {
    findProvider: (name) =>
      db.hot.maybeOne<{ id: number; name: string }>(sql`SELECT id, name FROM pacticipants WHERE name_key = ${name.toLowerCase()}`),
    async findEnvironmentNames() {
      const rows = await db.hot.rows<{ name: string }>(sql`SELECT name FROM environments`);
      return new Set(rows.map((r) => r.name));
    },
    findConsumerMainBranchFacts: (providerId) =>
      db.hot.rows<ConsumerMainBranchFacts>(
        sql`SELECT c.name, c.main_branch AS "mainBranch",
           EXISTS (SELECT 1 FROM branches b JOIN branch_versions bv ON bv.branch_id = b.id WHERE b.pacticipant_id = c.id AND b.name = c.main_branch) AS "hasMainBranchVersion",
           EXISTS (SELECT 1 FROM tags t WHERE t.pacticipant_id = c.id AND t.name = c.main_branch) AS "hasMainBranchTag"
         FROM integrations i JOIN pacticipants c ON c.id = i.consumer_id WHERE i.provider_id = ${providerId} ORDER BY c.name`,
      ),
    selectPacts: (providerId, selectors) => selectPacts(db, providerId, selectors),
    findWipCandidates: (providerId, since) => findWipCandidates(db, providerId, since),
    findSuccessfulVerificationFacts: (ids) => findSuccessfulVerificationFacts(db, ids),
    findProviderVersionContext: (providerId, branch, tags) => findProviderVersionContext(db, providerId, branch, tags),
  };
}

/**
 * Pacts of consumer branch heads and tag heads, published on/after `since`. A tag head is the consumer's
 * latest version with the tag; when that version has no pact for this provider the tag contributes none
 * (the Pact Broker's for_all_tag_heads), as a branch head without a pact does.
 */
export async function findWipCandidates(db: Db, provider: number, publishedSince: Date): Promise<WipCandidate[]> {
  const providerId = sql.param(provider);
  const since = sql.param(publishedSince);
  const rows = await db.hot.rows<Row & { kind: 'branch' | 'tag'; head: string }>(
    sql`SELECT 'branch' AS kind, b.name AS head, 0 AS idx, false AS fallback, ${COLUMNS}, ${NO_ENV}
       ${branchHeads(providerId, sql`b.name`, sql` AND pp.created_at >= ${since}`)}
     UNION ALL
     SELECT 'tag' AS kind, h.name AS head, 0 AS idx, false AS fallback, ${COLUMNS}, ${NO_ENV}
       FROM (SELECT t.pacticipant_id, t.name, max(t.version_id) AS version_id FROM tags t
             WHERE t.pacticipant_id IN ${consumersOf(providerId)} GROUP BY t.pacticipant_id, t.name) h
       JOIN pact_publications pp ON pp.consumer_version_id = h.version_id AND pp.provider_id = ${providerId}
       ${JOINS}
       WHERE pp.created_at >= ${since}`,
  );
  return rows.map((r) => ({
    consumer: { id: r.consumerId, name: r.consumerName, mainBranch: r.mainBranch },
    pactVersion: { id: r.pactVersionId, sha: r.sha },
    consumerVersion: { id: r.consumerVersionId, number: r.consumerVersionNumber },
    head: { kind: r.kind, name: r.head },
    publishedAt: new Date(r.publishedAt),
  }));
}

/** First successful verification per (pact version, provider branch | provider tag | any), all and non-WIP. */
export async function findSuccessfulVerificationFacts(db: Db, pactVersionIds: readonly number[]) {
  const ids = sql.param(pactVersionIds);
  const rows = await db.hot.rows<{
    pactVersionId: number;
    kind: 'branch' | 'tag' | 'any';
    name: string;
    firstAt: Date | string;
    firstNonWipAt: Date | string | null;
  }>(
    sql`SELECT v.pact_version_id AS "pactVersionId", 'branch' AS kind, b.name, min(v.created_at) AS "firstAt", min(v.created_at) FILTER (WHERE NOT v.wip) AS "firstNonWipAt"
       FROM verifications v JOIN branch_versions bv ON bv.version_id = v.provider_version_id JOIN branches b ON b.id = bv.branch_id
       WHERE v.success AND v.pact_version_id = ANY(${ids}::int[]) GROUP BY v.pact_version_id, b.name
     UNION ALL
     SELECT v.pact_version_id, 'tag', t.name, min(v.created_at), min(v.created_at) FILTER (WHERE NOT v.wip)
       FROM verifications v JOIN tags t ON t.version_id = v.provider_version_id
       WHERE v.success AND v.pact_version_id = ANY(${ids}::int[]) GROUP BY v.pact_version_id, t.name
     UNION ALL
     SELECT v.pact_version_id, 'any', '', min(v.created_at), min(v.created_at) FILTER (WHERE NOT v.wip)
       FROM verifications v WHERE v.success AND v.pact_version_id = ANY(${ids}::int[]) GROUP BY v.pact_version_id`,
  );
  type Mutable = { firstSuccessAt: Date | undefined; firstSuccessByBranch: Map<string, Date>; firstSuccessByTag: Map<string, Date> };
  const all = new Map<number, Mutable>();
  const nonWip = new Map<number, Mutable>();
  const factsOf = (map: Map<number, Mutable>, id: number) => {
    let f = map.get(id);
    if (!f) map.set(id, (f = { firstSuccessAt: undefined, firstSuccessByBranch: new Map(), firstSuccessByTag: new Map() }));
    return f;
  };
  const record = (f: Mutable, kind: 'branch' | 'tag' | 'any', name: string, at: Date) => {
    if (kind === 'any') f.firstSuccessAt = at;
    else (kind === 'branch' ? f.firstSuccessByBranch : f.firstSuccessByTag).set(name, at);
  };
  for (const r of rows) {
    record(factsOf(all, r.pactVersionId), r.kind, r.name, new Date(r.firstAt));
    if (r.firstNonWipAt !== null) record(factsOf(nonWip, r.pactVersionId), r.kind, r.name, new Date(r.firstNonWipAt));
  }
  return { all: all as Map<number, SuccessfulVerificationFacts>, nonWip: nonWip as Map<number, SuccessfulVerificationFacts> };
}

/** When the provider's branch was created, and when it first used each tag. */
export async function findProviderVersionContext(
  db: Db,
  provider: number,
  branch: string | undefined,
  tags: readonly string[],
): Promise<ProviderVersionContext> {
  const providerId = sql.param(provider);
  const rows = await db.hot.rows<{ kind: 'branch' | 'tag'; name: string; createdAt: Date | string }>(
    sql`SELECT 'branch' AS kind, name, created_at AS "createdAt" FROM branches WHERE pacticipant_id = ${providerId} AND name = ${branch ?? null}
     UNION ALL
     SELECT 'tag', name, min(created_at) FROM tags WHERE pacticipant_id = ${providerId} AND name = ANY(${tags}::text[]) GROUP BY name`,
  );
  const dateOf = (kind: 'branch' | 'tag', name: string) => {
    const row = rows.find((r) => r.kind === kind && r.name === name);
    return row ? new Date(row.createdAt) : undefined;
  };
  return {
    branch: branch === undefined ? undefined : { name: branch, createdAt: dateOf('branch', branch) },
    tags: tags.map((name) => ({ name, firstUsedAt: dateOf('tag', name) })),
  };
}
