// The matrix query: typed selectors and options parsed from the raw query string, and the Pact
// Broker's validation messages (PB lib/pact_broker/matrix/service.rb#validate_selectors, locale/en.yml).
import {
  arrayEntries,
  groupArrayEntries,
  lastValueOf,
  parseQueryPairs,
  valuesOf,
  type FieldRecord,
  type QueryPair,
} from './query-string.ts';

/** Picks versions of one pacticipant. Only the pacticipant: every version. */
export interface UnresolvedSelector {
  pacticipant?: string;
  version?: string;
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
  environment?: string;
}

export const LatestBy = {
  /** Per consumer version × provider: the row of the latest provider version (one row per integration). */
  cvp: 'cvp',
  /** Per consumer version × provider version: the latest verification. */
  cvpv: 'cvpv',
  /** Per consumer × provider: the latest consumer version, then the latest provider version. */
  cp: 'cp',
} as const;
export type LatestBy = (typeof LatestBy)[keyof typeof LatestBy];

export interface MatrixOptions {
  latestby?: LatestBy;
  /** Destination options: when any is set, the other side of each integration is inferred from them. */
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
  environment?: string;
  /** Post-filter on the verification result (null: no result), applied after latestby. */
  success?: Array<boolean | null>;
  /** Bounds the rows listed; never changes the decision (see latestby.ts). NaN when not a number. */
  limit?: number;
  ignore: UnresolvedSelector[];
}

/** The largest `limit` accepted: far above any real matrix, far below anything that could overflow. */
export const MAX_MATRIX_LIMIT = 1_000_000;

export interface MatrixQuery {
  selectors: UnresolvedSelector[];
  options: MatrixOptions;
}

const nonBlank = (v: string | undefined): string | undefined => (v === undefined || v === '' ? undefined : v);

function toSelector(record: FieldRecord): UnresolvedSelector {
  const s: UnresolvedSelector = {};
  const pacticipant = nonBlank(record.pacticipant);
  const version = nonBlank(record.version);
  const tag = nonBlank(record.tag);
  const branch = nonBlank(record.branch);
  const environment = nonBlank(record.environment);
  if (pacticipant !== undefined) s.pacticipant = pacticipant;
  if (version !== undefined) s.version = version;
  if (record.latest === 'true') s.latest = true;
  if (tag !== undefined) s.tag = tag;
  if (branch !== undefined) s.branch = branch;
  if (record.mainBranch === 'true') s.mainBranch = true;
  if (environment !== undefined) s.environment = environment;
  return s;
}

function parseLatestBy(value: string | undefined): LatestBy | undefined {
  return value === 'cvp' || value === 'cvpv' || value === 'cp' ? value : undefined;
}

function parseSuccess(pairs: readonly QueryPair[]): Array<boolean | null> | undefined {
  const values = valuesOf(pairs, 'success');
  return values.length ? values.map((v) => (v === '' ? null : v === 'true')) : undefined;
}

/** Parses `/matrix?...` from the raw query string (or the whole original URL). */
export function parseMatrixQuery(rawQuery: string): MatrixQuery {
  const pairs = parseQueryPairs(rawQuery);
  const selectors = groupArrayEntries(arrayEntries(pairs, 'q')).map(toSelector);
  // `ignore[][pacticipant]=Foo&ignore[][version]=1`, `ignore[]=Foo` (arrayEntries) and a plain `ignore=Foo`.
  const plainIgnores = pairs.filter(([k, v]) => k === 'ignore' && v !== '').map(([, v]): FieldRecord => ({ pacticipant: v }));
  const ignore = [...groupArrayEntries(arrayEntries(pairs, 'ignore')), ...plainIgnores].map(toSelector);
  const options: MatrixOptions = { ignore };
  const latestby = parseLatestBy(lastValueOf(pairs, 'latestby'));
  if (latestby) options.latestby = latestby;
  const latest = nonBlank(lastValueOf(pairs, 'latest'));
  if (latest !== undefined) options.latest = latest === 'true';
  const tag = nonBlank(lastValueOf(pairs, 'tag'));
  if (tag !== undefined) options.tag = tag;
  const branch = nonBlank(lastValueOf(pairs, 'branch'));
  if (branch !== undefined) options.branch = branch;
  if (lastValueOf(pairs, 'mainBranch') === 'true') options.mainBranch = true;
  const environment = nonBlank(lastValueOf(pairs, 'environment'));
  if (environment !== undefined) options.environment = environment;
  const success = parseSuccess(pairs);
  if (success) options.success = success;
  const limit = nonBlank(lastValueOf(pairs, 'limit'));
  // Digits only, at most 16 of them: a longer number would round, or overflow a bigint in SQL.
  if (limit !== undefined) options.limit = /^\d{1,16}$/.test(limit.trim()) ? Number(limit) : Number.NaN;
  return { selectors, options };
}

/** True when the query names a destination, so the other side of each integration is inferred. */
export function hasDestination(options: MatrixOptions): boolean {
  return Boolean(options.latest || options.tag || options.branch || options.mainBranch || options.environment);
}

/** Every environment name the query refers to (global option and per-selector). */
export function environmentNames(query: MatrixQuery): string[] {
  const names = [query.options.environment, ...query.selectors.map((s) => s.environment)].filter((n): n is string => n !== undefined);
  return [...new Set(names)];
}

export interface KnownNames {
  /** Lower-cased names of the pacticipants that exist. */
  pacticipants: ReadonlySet<string>;
  /** Names of the environments that exist. */
  environments: ReadonlySet<string>;
}

/** One validation failure; `pacticipant`/`environment` name what was not found, for callers that word it differently. */
export interface QueryIssue {
  message: string;
  notFound?: { pacticipant: string } | { environment: string };
}

/**
 * The Pact Broker's validation messages, in its order. An empty list means the query is valid.
 * A pacticipant that does not exist is a validation error; a version that does not exist is not.
 */
export function validateMatrixQuery(query: MatrixQuery, known: KnownNames): QueryIssue[] {
  const { selectors, options } = query;
  const issues: QueryIssue[] = [];
  const add = (message: string, notFound?: QueryIssue['notFound']) => {
    if (!issues.some((i) => i.message === message)) issues.push(notFound ? { message, notFound } : { message });
  };
  for (const s of selectors) {
    if (s.pacticipant === undefined) add('Please specify the pacticipant name');
    else if (s.version !== undefined && s.latest) add(`A version number and latest flag cannot both be specified for ${s.pacticipant}`);
  }
  for (const s of selectors) {
    if (s.pacticipant !== undefined && !known.pacticipants.has(s.pacticipant.toLowerCase()))
      add(`Pacticipant ${s.pacticipant} not found`, { pacticipant: s.pacticipant });
  }
  for (const s of options.ignore) {
    if (s.pacticipant === undefined) add('Please specify the pacticipant name to ignore');
    else if (s.version !== undefined && s.latest)
      add(`A version number and latest flag cannot both be specified for ${s.pacticipant} to ignore`);
  }
  if (selectors.length === 0) add('Please provide 1 or more version selectors.');
  if ([options.tag, options.environment, options.mainBranch].filter(Boolean).length > 1)
    add('Cannot specify more than one of tag, environment and mainBranch.');
  if (options.latest && options.environment) add('Cannot specify both latest=true and an environment.');
  for (const name of environmentNames(query)) {
    if (!known.environments.has(name)) add(`Environment with name '${name}' does not exist`, { environment: name });
  }
  if (options.limit !== undefined && !(options.limit >= 1)) add('The limit must be 1 or greater.');
  else if (options.limit !== undefined && options.limit > MAX_MATRIX_LIMIT)
    add(`The limit must be at most ${MAX_MATRIX_LIMIT} (a whole number from 1 to ${MAX_MATRIX_LIMIT}).`);
  return issues;
}

/**
 * The latestby actually applied. An environment destination always uses cvpv, even when the client
 * sends cvp (the Ruby CLI does for one selector): every version co-resident in the environment —
 * several releases or application instances — must be compatible (PB issue #903, CHANGELOG #934).
 */
export function effectiveLatestBy(options: MatrixOptions): LatestBy | undefined {
  return options.environment && options.latestby === 'cvp' ? 'cvpv' : options.latestby;
}
