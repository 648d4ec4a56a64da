// can-i-deploy's selectors and the /matrix query string, built exactly as the pact-broker CLI builds
// them (PBC lib/pact_broker/client/matrix/query.rb and cli/version_selector_options_parser.rb):
//   * flags are positional: --version/--latest/--branch/--all apply to the --pacticipant (or --ignore)
//     just before them;
//   * latestby=cvp for one selector, cvpv for several;
//   * --to-environment E → environment=E; --to TAG → latest=true&tag=TAG; one selector and no
//     destination → latest=true;
//   * keys and values percent-encoded, selectors in order, then latestby, then the options, then ignore[].
import { InvalidOptionError, MissingOptionError } from './errors.ts';

export interface Selector {
  pacticipant: string;
  version?: string;
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
}

export interface IgnoreSelector {
  pacticipant: string;
  version?: string;
}

/** A selector flag as it appeared on the command line, in order. */
export type SelectorToken =
  | { flag: 'pacticipant'; value: string }
  | { flag: 'ignore'; value: string }
  | { flag: 'version'; value: string }
  | { flag: 'latest'; value: string | undefined }
  | { flag: 'branch'; value: string }
  | { flag: 'mainBranch' }
  | { flag: 'all'; value: string };

export interface Destination {
  toEnvironment?: string;
  toTag?: string;
}

export interface ParsedSelectors {
  selectors: Selector[];
  ignore: IgnoreSelector[];
}

const versionHint =
  'Give each --pacticipant one of --version VERSION, --latest [TAG], --branch BRANCH, --main-branch or --all TAG right after it, e.g. --pacticipant order-service --version $(git rev-parse HEAD).';

export function parseSelectorTokens(tokens: SelectorToken[], ignoreFromEnv: string[] = []): ParsedSelectors {
  const selectors: Selector[] = [];
  const ignore: IgnoreSelector[] = ignoreFromEnv.map((pacticipant) => ({ pacticipant }));
  let current: Selector | IgnoreSelector | undefined;
  const target = (flag: string): Selector => {
    if (current === undefined) throw new InvalidOptionError(`--${flag} must follow the --pacticipant it applies to. ${versionHint}`);
    if (ignore.includes(current as IgnoreSelector))
      throw new InvalidOptionError(`--${flag} cannot follow --ignore; only --version can narrow an ignored pacticipant.`);
    return current as Selector;
  };
  for (const token of tokens) {
    switch (token.flag) {
      case 'pacticipant':
        current = { pacticipant: token.value };
        selectors.push(current);
        break;
      case 'ignore':
        current = { pacticipant: token.value };
        ignore.push(current);
        break;
      case 'version':
        if (current === undefined) throw new InvalidOptionError(`--version must follow the --pacticipant it applies to. ${versionHint}`);
        current.version = token.value;
        break;
      case 'latest': {
        const s = target('latest');
        s.latest = true;
        if (token.value !== undefined) s.tag = token.value;
        break;
      }
      case 'branch': {
        const s = target('branch');
        s.branch = token.value;
        s.latest = true;
        break;
      }
      case 'mainBranch': {
        const s = target('main-branch');
        s.mainBranch = true;
        s.latest = true;
        break;
      }
      case 'all':
        target('all').tag = token.value;
        break;
      default: {
        const exhaustive: never = token;
        throw new Error(`unknown selector token ${JSON.stringify(exhaustive)}`);
      }
    }
  }
  if (selectors.length === 0)
    throw new MissingOptionError(
      '--pacticipant',
      `Name the application to check, e.g. --pacticipant order-service --version $(git rev-parse HEAD) --to-environment production.`,
    );
  const vague = selectors.filter((s) => s.version === undefined && !s.latest && s.tag === undefined && s.branch === undefined);
  if (vague.length > 0) throw new MissingOptionError(`the version for ${vague.map((s) => s.pacticipant).join(', ')}`, versionHint);
  for (const s of selectors) {
    if (s.version !== undefined && s.latest)
      throw new InvalidOptionError(`${s.pacticipant}: a --version and --latest/--branch/--main-branch cannot both be given. Pick one.`);
  }
  return { selectors, ignore };
}

/** PACT_BROKER_CAN_I_DEPLOY_IGNORE: a comma-separated list of pacticipant names to ignore. */
export function ignoreNamesFromEnv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

type Pair = [key: string, value: string];

function selectorPairs(prefix: string, s: Selector | IgnoreSelector): Pair[] {
  const pairs: Pair[] = [[`${prefix}[][pacticipant]`, s.pacticipant]];
  if (s.version !== undefined) pairs.push([`${prefix}[][version]`, s.version]);
  if ('latest' in s && s.latest) pairs.push([`${prefix}[][latest]`, 'true']);
  if ('tag' in s && s.tag !== undefined) pairs.push([`${prefix}[][tag]`, s.tag]);
  if ('branch' in s && s.branch !== undefined) pairs.push([`${prefix}[][branch]`, s.branch]);
  if ('mainBranch' in s && s.mainBranch) pairs.push([`${prefix}[][mainBranch]`, 'true']);
  return pairs;
}

export function matrixQueryPairs(parsed: ParsedSelectors, destination: Destination): Pair[] {
  const { selectors, ignore } = parsed;
  if (destination.toEnvironment !== undefined && destination.toTag !== undefined) {
    throw new InvalidOptionError(
      '--to-environment and --to cannot both be given. Use --to-environment (environments are the recommended way; --to is for tags).',
    );
  }
  const pairs: Pair[] = selectors.flatMap((s) => selectorPairs('q', s));
  pairs.push(['latestby', selectors.length === 1 ? 'cvp' : 'cvpv']);
  if (destination.toEnvironment !== undefined) pairs.push(['environment', destination.toEnvironment]);
  if (destination.toTag !== undefined) pairs.push(['latest', 'true'], ['tag', destination.toTag]);
  else if (selectors.length === 1 && destination.toEnvironment === undefined) pairs.push(['latest', 'true']);
  pairs.push(...ignore.flatMap((s) => selectorPairs('ignore', s)));
  return pairs;
}

/** The query string (without `?`) the pact-broker CLI sends to GET /matrix. */
export function matrixQueryString(parsed: ParsedSelectors, destination: Destination): string {
  return matrixQueryPairs(parsed, destination)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
}
