// The pacts-for-verification request: consumer version selectors plus the provider's branch/tags,
// pending and WIP options. Parsed and validated with the Pact Broker's rules and messages
// (PB api/contracts/consumer_version_selector_contract.rb, pacts_for_verification_json_query_schema.rb):
// every problem is reported under `consumerVersionSelectors` with "(at index N)", or under the
// top-level field it concerns, as one ValidationError.
import { ValidationError, type FieldError } from '../../errors.ts';

/**
 * One selector, normalised. `deployedOrReleased` is split into a `deployed` and a `released`
 * selector (as the Pact Broker does); `matchingBranch` carries the provider's branch name.
 */
export type ConsumerVersionSelector =
  /** The head of each consumer's configured main branch. */
  | { kind: 'mainBranch'; consumer?: string }
  /** The head of a consumer branch; `fallbackBranch` / `fallbackToMainBranch` when it has no pact. */
  | { kind: 'branch'; branch: string; fallbackBranch?: string; fallbackToMainBranch?: boolean; consumer?: string }
  /** The head of the consumer branch named like the provider's branch. */
  | { kind: 'matchingBranch'; branch: string; consumer?: string }
  /** The latest consumer version with a tag (that has a pact); `fallbackTag` when none. */
  | { kind: 'latestTag'; tag: string; fallbackTag?: string; consumer?: string }
  /** Every consumer version with a tag. */
  | { kind: 'allForTag'; tag: string; consumer?: string }
  /** The latest pact of each consumer. */
  | { kind: 'overallLatest'; consumer?: string }
  /** Versions currently deployed (to one environment, or any). */
  | { kind: 'deployed'; environment?: string; consumer?: string }
  /** Versions released and still supported (in one environment, or any). */
  | { kind: 'released'; environment?: string; consumer?: string }
  /** Versions deployed or released in one environment (`{environment}` alone). */
  | { kind: 'environment'; environment: string; consumer?: string };

export type SelectorKind = ConsumerVersionSelector['kind'];

export interface PactsForVerificationQuery {
  /** Empty means "the defaults" (see defaultSelectors). */
  selectors: ConsumerVersionSelector[];
  providerVersionBranch: string | undefined;
  providerVersionTags: string[];
  includePendingStatus: boolean;
  includeWipPactsSince: Date | undefined;
}

const BRANCH_KEYS = [
  'latest',
  'tag',
  'fallbackTag',
  'branch',
  'fallbackBranch',
  'fallbackToMainBranch',
  'matchingBranch',
  'mainBranch',
] as const;
const ENVIRONMENT_KEYS = ['environment', 'deployed', 'released', 'deployedOrReleased'] as const;
const ALL_KEYS = [...BRANCH_KEYS, ...ENVIRONMENT_KEYS, 'consumer'] as const;
type SelectorKey = (typeof ALL_KEYS)[number];
type RawSelector = Partial<Record<SelectorKey, unknown>>;

const TRUE_ONLY = ['mainBranch', 'matchingBranch', 'fallbackToMainBranch', 'deployed', 'released', 'deployedOrReleased'] as const;
const STRINGS = ['tag', 'fallbackTag', 'fallbackBranch', 'consumer', 'environment', 'branch'] as const;

/** Where the request came from: the JSON body (POST) or the deprecated query string (GET, snake_case, string values). */
export type QuerySource = 'json' | 'query';

/**
 * Parses and validates a pacts-for-verification request. Throws one ValidationError listing every
 * problem; `environmentExists` checks `environment` names (the Pact Broker validates them too).
 */
export function parsePactsForVerificationQuery(
  input: unknown,
  source: QuerySource,
  environmentExists: (name: string) => boolean,
): PactsForVerificationQuery {
  const body = normaliseKeys(input, source);
  const errors: FieldError[] = [];
  const selectorsRaw = body.consumerVersionSelectors;
  const branch = body.providerVersionBranch;
  const tags = body.providerVersionTags;
  const pending = body.includePendingStatus;
  const wip = body.includeWipPactsSince;

  if (branch !== undefined && branch !== null && typeof branch !== 'string')
    errors.push({ field: 'providerVersionBranch', message: 'must be a string' });
  if (tags !== undefined && tags !== null && !(Array.isArray(tags) && tags.every((t) => typeof t === 'string')))
    errors.push({ field: 'providerVersionTags', message: 'must be an array of strings' });
  if (pending !== undefined && typeof pending !== 'boolean')
    errors.push({ field: 'includePendingStatus', message: 'must be one of: true, false' });
  const since = wip === undefined ? undefined : parseDate(wip);
  if (wip !== undefined && !since) errors.push({ field: 'includeWipPactsSince', message: 'must be a date, e.g. 2024-01-31' });
  const tagList = Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
  const branchText = typeof branch === 'string' ? branch : undefined;
  if (branchText !== undefined && branchText.length > 0 && branchText.trim() === '')
    errors.push({ field: 'providerVersionBranch', message: "can't be blank" });
  else if (branchText === '' && tagList.length === 0 && (pending === true || since)) {
    errors.push({
      field: 'providerVersionBranch',
      message:
        'when pending or WIP pacts are enabled and there are no tags provided, the provider version branch must not be an empty string, as it is used in the calculations for WIP/pending. A value must be provided (recommended), or it must not be set at all.',
    });
  }

  let selectors: ConsumerVersionSelector[] = [];
  if (selectorsRaw !== undefined && selectorsRaw !== null && !Array.isArray(selectorsRaw)) {
    errors.push({ field: 'consumerVersionSelectors', message: 'must be an array' });
  } else if (Array.isArray(selectorsRaw)) {
    selectorsRaw.forEach((raw, index) => {
      const problems = validateSelector(raw, branchText, environmentExists);
      for (const message of problems) errors.push({ field: 'consumerVersionSelectors', message: `${message} (at index ${index})` });
      if (problems.length === 0) selectors.push(...toSelectors(raw as RawSelector, branchText ?? ''));
    });
  }
  if (errors.length > 0) {
    throw new ValidationError(
      `Invalid pacts-for-verification request: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`,
      errors,
    );
  }
  selectors = dedupe(selectors);
  return {
    selectors,
    providerVersionBranch: branchText === '' ? undefined : branchText,
    providerVersionTags: tagList,
    includePendingStatus: pending === true,
    includeWipPactsSince: since,
  };
}

/** The Pact Broker's messages for one selector (without the "(at index N)" suffix). */
export function validateSelector(
  raw: unknown,
  providerVersionBranch: string | undefined,
  environmentExists: (name: string) => boolean,
): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return ['must be an object'];
  const s = raw as RawSelector;
  const errors: string[] = [];
  const provided = (key: SelectorKey) => s[key] !== undefined;
  const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

  for (const key of TRUE_ONLY)
    if (provided(key) && s[key] !== true) errors.push(s[key] === null ? `${key} must be filled` : `${key} must be one of: true`);
  for (const key of STRINGS) {
    if (!provided(key)) continue;
    if (typeof s[key] !== 'string') errors.push(s[key] === null ? `${key} must be filled` : `${key} must be a string`);
    else if (key === 'consumer' && blank(s[key])) errors.push('consumer cannot be blank');
    else if ((s[key] as string).length === 0) errors.push(`${key} must be filled`);
  }
  if (provided('latest') && typeof s.latest !== 'boolean') errors.push('latest must be one of: true, false');
  if (errors.length > 0) return errors;

  if (
    blank(s.mainBranch) &&
    blank(s.tag) &&
    blank(s.branch) &&
    blank(s.environment) &&
    s.matchingBranch !== true &&
    s.deployed !== true &&
    s.released !== true &&
    s.deployedOrReleased !== true &&
    s.latest !== true
  ) {
    errors.push(
      'must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true',
    );
  }
  const others = (except: SelectorKey[]) => ALL_KEYS.filter((k) => !except.includes(k) && provided(k));
  if (s.mainBranch && others(['consumer', 'mainBranch', 'latest']).length > 0)
    errors.push('cannot specify mainBranch=true with any other criteria apart from consumer');
  if (s.mainBranch && s.latest === false) errors.push('cannot specify mainBranch=true with latest=false');
  if (s.matchingBranch && others(['consumer', 'matchingBranch']).length > 0)
    errors.push('cannot specify matchingBranch=true with any other criteria apart from consumer');
  if (s.matchingBranch && blank(providerVersionBranch))
    errors.push('the providerVersionBranch must be specified when the selector matchingBranch=true is used');
  if (provided('tag') && provided('branch')) errors.push('cannot specify both a tag and a branch');
  const branchFields = BRANCH_KEYS.filter(provided).sort();
  const envFields = ENVIRONMENT_KEYS.filter(provided).sort();
  if (branchFields.length > 0 && envFields.length > 0) {
    errors.push(
      `cannot specify the ${plural('field', branchFields.length)} ${branchFields.join('/')} with the ${plural('field', envFields.length)} ${envFields.join('/')}`,
    );
  }
  if (provided('fallbackTag') && s.latest !== true) errors.push('fallbackTag can only be set if latest is true');
  if (provided('fallbackTag') && !provided('tag')) errors.push('a tag must be specified when a fallbackTag is specified');
  if (provided('fallbackBranch') && !provided('branch')) errors.push('a branch must be specified when a fallbackBranch is specified');
  if (provided('fallbackBranch') && s.latest === false) errors.push('fallbackBranch can only be set if latest is true');
  if (s.fallbackToMainBranch && !provided('branch')) errors.push('a branch must be specified when fallbackToMainBranch is specified');
  if (s.fallbackToMainBranch && provided('fallbackBranch')) errors.push('cannot specify both fallbackBranch and fallbackToMainBranch');
  if (s.fallbackToMainBranch && s.latest === false) errors.push('fallbackToMainBranch can only be set if latest is true');
  if (provided('branch') && s.latest === false) errors.push('cannot specify a branch with latest=false');
  if (typeof s.environment === 'string' && s.environment !== '' && !environmentExists(s.environment))
    errors.push(`environment with name '${s.environment}' does not exist`);
  if (s.deployed && s.released) errors.push('cannot specify both deployed=true and released=true');
  if (s.deployed && s.deployedOrReleased) errors.push('cannot specify both deployed=true and deployedOrReleased=true');
  if (s.released && s.deployedOrReleased) errors.push('cannot specify both released=true and deployedOrReleased=true');
  return errors;
}

/** A valid raw selector as the normalised selector(s) it stands for. */
function toSelectors(s: RawSelector, providerVersionBranch: string): ConsumerVersionSelector[] {
  const consumer = typeof s.consumer === 'string' ? { consumer: s.consumer } : {};
  const environment = typeof s.environment === 'string' ? { environment: s.environment } : {};
  if (s.mainBranch) return [{ kind: 'mainBranch', ...consumer }];
  if (s.matchingBranch) return [{ kind: 'matchingBranch', branch: providerVersionBranch, ...consumer }];
  if (typeof s.branch === 'string') {
    return [
      {
        kind: 'branch',
        branch: s.branch,
        ...(typeof s.fallbackBranch === 'string' ? { fallbackBranch: s.fallbackBranch } : {}),
        ...(s.fallbackToMainBranch ? { fallbackToMainBranch: true } : {}),
        ...consumer,
      },
    ];
  }
  if (typeof s.tag === 'string') {
    return s.latest === true
      ? [{ kind: 'latestTag', tag: s.tag, ...(typeof s.fallbackTag === 'string' ? { fallbackTag: s.fallbackTag } : {}), ...consumer }]
      : [{ kind: 'allForTag', tag: s.tag, ...consumer }];
  }
  if (s.deployedOrReleased)
    return [
      { kind: 'deployed', ...environment, ...consumer },
      { kind: 'released', ...environment, ...consumer },
    ];
  if (s.deployed) return [{ kind: 'deployed', ...environment, ...consumer }];
  if (s.released) return [{ kind: 'released', ...environment, ...consumer }];
  if (typeof s.environment === 'string') return [{ kind: 'environment', environment: s.environment, ...consumer }];
  return [{ kind: 'overallLatest', ...consumer }];
}

/** What the broker knows about each consumer of the provider, to choose its default selector. */
export interface ConsumerMainBranchFacts {
  name: string;
  mainBranch: string | null;
  /** A version of the consumer is on its main branch. */
  hasMainBranchVersion: boolean;
  /** A version of the consumer is tagged with its main branch name. */
  hasMainBranchTag: boolean;
}

/**
 * The selectors used when the request names none (PB pacts_for_verification_repository#default_selectors):
 * per consumer, its main branch head, else the latest version tagged with the main branch name,
 * else its latest pact; plus every currently deployed and every currently supported release.
 */
export function defaultSelectors(consumers: readonly ConsumerMainBranchFacts[]): ConsumerVersionSelector[] {
  const perConsumer = consumers.map((c): ConsumerVersionSelector => {
    if (c.mainBranch && c.hasMainBranchVersion) return { kind: 'mainBranch', consumer: c.name };
    if (c.mainBranch && c.hasMainBranchTag) return { kind: 'latestTag', tag: c.mainBranch, consumer: c.name };
    return { kind: 'overallLatest', consumer: c.name };
  });
  return [...perConsumer, { kind: 'deployed' }, { kind: 'released' }];
}

function dedupe(selectors: ConsumerVersionSelector[]): ConsumerVersionSelector[] {
  const seen = new Set<string>();
  return selectors.filter((s) => {
    const key = JSON.stringify(Object.entries(s).sort(([a], [b]) => a.localeCompare(b)));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function plural(word: string, count: number): string {
  return count === 1 ? word : `${word}s`;
}

function parseDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const SNAKE_TO_CAMEL: Record<string, string> = {
  consumer_version_selectors: 'consumerVersionSelectors',
  provider_version_branch: 'providerVersionBranch',
  provider_version_tags: 'providerVersionTags',
  include_pending_status: 'includePendingStatus',
  include_wip_pacts_since: 'includeWipPactsSince',
  main_branch: 'mainBranch',
  matching_branch: 'matchingBranch',
  fallback_tag: 'fallbackTag',
  fallback_branch: 'fallbackBranch',
  fallback_to_main_branch: 'fallbackToMainBranch',
  deployed_or_released: 'deployedOrReleased',
};
const BOOLEAN_KEYS = new Set([
  'includePendingStatus',
  'latest',
  'mainBranch',
  'matchingBranch',
  'fallbackToMainBranch',
  'deployed',
  'released',
  'deployedOrReleased',
]);

/** camelCase keys; in the query-string form also "true"/"false" as booleans and `x[]=` lists. */
function normaliseKeys(input: unknown, source: QuerySource): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return {};
  const convert = (obj: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(obj).map(([key, value]) => {
        const camel = SNAKE_TO_CAMEL[key] ?? key;
        if (source === 'query' && BOOLEAN_KEYS.has(camel) && (value === 'true' || value === 'false')) return [camel, value === 'true'];
        return [camel, value];
      }),
    );
  const top = convert(input as Record<string, unknown>);
  const selectors = top.consumerVersionSelectors;
  if (source === 'query' && selectors !== undefined) {
    const list = Array.isArray(selectors)
      ? selectors
      : typeof selectors === 'object' && selectors !== null
        ? Object.values(selectors)
        : selectors;
    top.consumerVersionSelectors = Array.isArray(list)
      ? list.map((s) => (typeof s === 'object' && s !== null ? convert(s as Record<string, unknown>) : s))
      : list;
  }
  if (source === 'query' && typeof top.providerVersionTags === 'string') top.providerVersionTags = [top.providerVersionTags];
  return top;
}
