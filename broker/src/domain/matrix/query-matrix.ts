// Runs a matrix query: validate, resolve selectors to version ids once, find the integrations,
// infer the other side from the destination, fetch rows once, then latestby → success filter →
// decision → listing. The data comes through MatrixReader (implemented in store/matrix/reader.ts), so this
// stays free of SQL and HTTP; /matrix, /can-i-deploy, the badges, the CLI and GraphQL all call it.
import type { Integration, MatrixRow } from './matrix-row.ts';
import { newestByLastAction } from './matrix-row.ts';
import { applyLatestBy, applySuccessFilter } from './latestby.ts';
import { decideDeployability, type DeploymentDecision } from './deployment-decision.ts';
import {
  markIgnored,
  onlyPacticipantSpecified,
  resolveSelector,
  versionIdOf,
  type PacticipantRef,
  type ResolvedSelector,
  type VersionRef,
} from './resolved-selector.ts';
import {
  effectiveLatestBy,
  environmentNames,
  hasDestination,
  validateMatrixQuery,
  type MatrixQuery,
  type LatestBy,
  type QueryIssue,
  type UnresolvedSelector,
} from './selectors.ts';

/** A request to resolve one selector of an existing pacticipant. */
export interface VersionLookup {
  pacticipant: PacticipantRef;
  selector: UnresolvedSelector;
}

export interface IntegrationLookup {
  /** Providers of the pacts these consumer versions published. */
  consumerVersionIds: number[];
  /** Every integration where one of these is the consumer. */
  consumerIds: number[];
  /** Every integration where one of these is the provider. */
  providerIds: number[];
}

export interface RowLookup {
  /**
   * `single`: one selector and no destination — its rows as consumer (any provider version) and as
   * provider. `multi`: rows whose consumer matches a selector and whose provider is a selector's
   * pacticipant, joined to verifications by selected provider versions only, and where at least one
   * side is a specified pacticipant.
   */
  mode: 'single' | 'multi';
  /** Concrete versions selected (either side). */
  versionIds: number[];
  /** Pacticipants for which every version is selected. */
  allVersionsPacticipantIds: number[];
  /** Every pacticipant a selector names (multi). */
  pacticipantIds: number[];
  /** Pacticipants of specified selectors (multi). */
  specifiedPacticipantIds: number[];
  /** Only the latest verification per pact content × provider version (any latestby). */
  latestVerificationsOnly: boolean;
  /** Rows to return, newest action first; set only when no latestby applies (see latestby.ts). */
  limit?: number;
}

/** Rows and counts of one integration after latestby (RowSummary). */
export interface IntegrationTotals {
  consumerId: number;
  providerId: number;
  rows: number;
  successes: number;
  /** Rows whose result is a failure. */
  failures: number;
  /** Rows without a result. */
  unknowns: number;
}

/**
 * A whole-integration matrix after latestby, summarised by the store (issue #14): the first `limit` rows in
 * listing order (compareByLastAction), at least one row per integration, each integration's counts, and of the
 * rows without a successful result at least one for every reason they give — a reason's text depends only on
 * the row's integration, its outcome (failed / no result, and for schema rows the subject and the check) and
 * which of its two versions a selector names by id (decideDeployability's selectorFor), so one failed row per
 * integration and per version a selector names stands for all the others. Memory is then bounded by the rows the
 * answer lists, not by the integration's history. Decides exactly as every row would (see decideDeployability).
 */
export interface RowSummary {
  rows: MatrixRow[];
  integrations: IntegrationTotals[];
}

export interface MatrixReader {
  /** Keyed by lower-cased name. */
  findPacticipants(names: readonly string[]): Promise<Map<string, PacticipantRef>>;
  /** The names of those environments that exist. */
  findEnvironments(names: readonly string[]): Promise<Set<string>>;
  /** One result per lookup, in order, in one round trip. */
  resolveVersions(lookups: readonly VersionLookup[]): Promise<VersionRef[][]>;
  findIntegrations(lookup: IntegrationLookup): Promise<Array<Omit<Integration, 'required'>>>;
  findRows(lookup: RowLookup): Promise<MatrixRow[]>;
  /** latestby and the counts in the store, for whole-integration matrices (optional: readers without it get every row). */
  findRowSummary?(lookup: RowLookup, latestby: LatestBy, limit: number): Promise<RowSummary>;
}

export type MatrixResult =
  | { ok: false; issues: QueryIssue[] }
  | {
      ok: true;
      decision: DeploymentDecision;
      /** Considered rows then ignored rows, newest action first, at most `limit`. */
      rows: Array<MatrixRow & { ignored: boolean }>;
      selectors: ResolvedSelector[];
      ignoreSelectors: ResolvedSelector[];
      integrations: Integration[];
    };

/** A valid query's answer: what can-i-deploy and /matrix respond with. */
export type MatrixOutcome = Extract<MatrixResult, { ok: true }>;

const DEFAULT_LIMIT = 100;
const key = (name: string) => name.toLowerCase();

export async function queryMatrix(reader: MatrixReader, query: MatrixQuery): Promise<MatrixResult> {
  const { selectors: specifiedQuery, options } = query;
  const names = [...specifiedQuery, ...options.ignore].map((s) => s.pacticipant).filter((n): n is string => n !== undefined);
  const [pacticipants, environments] = await Promise.all([
    reader.findPacticipants([...new Set(names)]),
    reader.findEnvironments(environmentNames(query)),
  ]);
  const issues = validateMatrixQuery(query, { pacticipants: new Set(pacticipants.keys()), environments });
  if (issues.length > 0) return { ok: false, issues };

  const resolveAll = async (unresolved: readonly UnresolvedSelector[], type: ResolvedSelector['type']) => {
    const found = unresolved.map((s) => pacticipants.get(key(s.pacticipant!)));
    // A selector naming only a pacticipant reads every version of it without listing them (version kind 'all'),
    // so it is not looked up: a whole-integration matrix would otherwise fetch every version of both sides.
    const looksUp = unresolved.map((s, i) => found[i] !== undefined && !onlyPacticipantSpecified(s));
    const lookups = unresolved.flatMap((selector, i) => (looksUp[i] ? [{ pacticipant: found[i]!, selector }] : []));
    const versions = lookups.length ? await reader.resolveVersions(lookups) : [];
    let next = 0;
    return unresolved.flatMap((s, i) => resolveSelector(s, found[i], looksUp[i] ? versions[next++]! : [], type));
  };
  const [specifiedRaw, ignoreSelectors] = await Promise.all([
    resolveAll(specifiedQuery, 'specified'),
    resolveAll(options.ignore, 'ignore'),
  ]);
  const specified = markIgnored(specifiedRaw, ignoreSelectors);
  const specifiedIds = new Set(specified.map((s) => s.pacticipantId!));

  const { integrations, inferred } = await findIntegrationsAndInferred(reader, query, specified, pacticipants);
  const selectors = [...specified, ...markIgnored(inferred, ignoreSelectors)];

  const latestby = effectiveLatestBy(options);
  const single = specifiedQuery.length === 1 && !hasDestination(options);
  const limit = options.limit ?? DEFAULT_LIMIT;
  const lookup: RowLookup = {
    mode: single ? 'single' : 'multi',
    versionIds: [...new Set(selectors.map(versionIdOf).filter((id): id is number => id !== undefined))],
    allVersionsPacticipantIds: [...new Set(selectors.filter((s) => s.version.kind === 'all').map((s) => s.pacticipantId!))],
    pacticipantIds: [...new Set(selectors.map((s) => s.pacticipantId!))],
    specifiedPacticipantIds: [...specifiedIds],
    latestVerificationsOnly: latestby !== undefined,
    ...(latestby === undefined ? { limit } : {}),
  };
  // A whole-integration matrix (a selector reading every version) with a latestby, no ignore selectors and no
  // success filter: latestby and the counts run in the store, which returns only the rows the answer lists or
  // names (issue #14). Everything else fetches the rows and applies latestby here.
  const summarise =
    reader.findRowSummary !== undefined &&
    latestby !== undefined &&
    !single &&
    lookup.allVersionsPacticipantIds.length > 0 &&
    ignoreSelectors.length === 0 &&
    options.success === undefined;
  const summary = summarise ? await reader.findRowSummary!(lookup, latestby, limit) : undefined;
  const rows = summary ? summary.rows : applySuccessFilter(applyLatestBy(await reader.findRows(lookup), latestby), options.success);
  const decision = decideDeployability({
    selectors,
    ignoreSelectors,
    rows,
    integrations,
    specifiedCount: specifiedQuery.length,
    hasTagEnvironmentOrMainBranch: Boolean(options.tag || options.environment || options.mainBranch),
    ...(summary ? { totals: summary.integrations } : {}),
  });
  // Only the listed rows are copied: a whole-integration matrix decides from 10 000+ rows but lists 100.
  const considered = newestByLastAction(decision.consideredRows, limit);
  const ignored = newestByLastAction(decision.ignoredRows, limit - considered.length);
  const listed = [...considered.map((r) => ({ ...r, ignored: false })), ...ignored.map((r) => ({ ...r, ignored: true }))];
  return { ok: true, decision, rows: listed, selectors, ignoreSelectors, integrations };
}

/**
 * With a destination (environment, tag, branch, main branch, latest): the providers of the specified
 * consumer versions' own pacts (required) and the consumers of the specified pacticipants (not
 * required), and for every other pacticipant in them a selector built from the destination.
 * Without one: only the integrations between the specified pacticipants, all required.
 */
async function findIntegrationsAndInferred(
  reader: MatrixReader,
  query: MatrixQuery,
  specified: readonly ResolvedSelector[],
  pacticipants: ReadonlyMap<string, PacticipantRef>,
): Promise<{ integrations: Integration[]; inferred: ResolvedSelector[] }> {
  const specifiedIds = new Set(specified.map((s) => s.pacticipantId!));
  const destination = hasDestination(query.options);
  if (!destination && query.selectors.length < 2) return { integrations: [], inferred: [] };
  const found = await reader.findIntegrations({
    consumerVersionIds: specified.map(versionIdOf).filter((id): id is number => id !== undefined),
    consumerIds: [...new Set(specified.filter((s) => s.version.kind === 'all').map((s) => s.pacticipantId!))],
    providerIds: destination ? [...specifiedIds] : [],
  });
  const integrations = found
    .filter((i) => destination || (specifiedIds.has(i.consumerId) && specifiedIds.has(i.providerId)))
    .map((i) => ({ ...i, required: specifiedIds.has(i.consumerId) }));
  if (!destination) return { integrations, inferred: [] };

  const others = new Map<number, PacticipantRef>();
  for (const i of integrations) {
    if (!specifiedIds.has(i.providerId)) others.set(i.providerId, { id: i.providerId, name: i.providerName, mainBranch: null });
    if (!specifiedIds.has(i.consumerId)) others.set(i.consumerId, { id: i.consumerId, name: i.consumerName, mainBranch: null });
  }
  const { latest, tag, branch, mainBranch, environment } = query.options;
  const lookups = [...others.values()].map((pacticipant) => ({
    pacticipant: pacticipants.get(key(pacticipant.name)) ?? pacticipant,
    selector: { pacticipant: pacticipant.name, latest, tag, branch, mainBranch, environment } satisfies UnresolvedSelector,
  }));
  const versions = lookups.length ? await reader.resolveVersions(lookups) : [];
  const inferred = lookups.flatMap((l, i) => resolveSelector(stripUndefined(l.selector), l.pacticipant, versions[i]!, 'inferred'));
  return { integrations, inferred };
}

function stripUndefined(s: UnresolvedSelector): UnresolvedSelector {
  return Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined && v !== false)) as UnresolvedSelector;
}
