import { describe, expect, it } from 'vitest';
import { InvalidOptionError, MissingOptionError } from './errors.ts';
import { ignoreNamesFromEnv, matrixQueryString, parseSelectorTokens, type Destination, type SelectorToken } from './matrix-query.ts';

// The exact query strings the Ruby pact-broker CLI sends to GET /matrix, from its consumer pact
// (pact_broker-client spec/pacts/pact_broker_client-pact_broker.json; the V2 pact sorts the same keys).
const P = (value: string): SelectorToken => ({ flag: 'pacticipant', value });
const V = (value: string): SelectorToken => ({ flag: 'version', value });
const L = (value?: string): SelectorToken => ({ flag: 'latest', value });
const I = (value: string): SelectorToken => ({ flag: 'ignore', value });

function query(tokens: SelectorToken[], destination: Destination = {}): string {
  return matrixQueryString(parseSelectorTokens(tokens), destination);
}

describe('matrixQueryString: the pact-broker CLI query (PBC matrix/query.rb)', () => {
  it.each<[string, SelectorToken[], Destination, string]>([
    [
      'one version, no destination → latestby=cvp&latest=true',
      [P('Foo'), V('1.2.3')],
      {},
      'q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bversion%5D=1.2.3&latestby=cvp&latest=true',
    ],
    [
      'one version --to prod → latest=true&tag=prod',
      [P('Foo'), V('1.2.3')],
      { toTag: 'prod' },
      'q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bversion%5D=1.2.3&latestby=cvp&latest=true&tag=prod',
    ],
    [
      'two explicit versions → cvpv (names with spaces as %20)',
      [P('Foo Thing'), V('1.2.3'), P('Bar'), V('4.5.6')],
      {},
      'q%5B%5D%5Bpacticipant%5D=Foo%20Thing&q%5B%5D%5Bversion%5D=1.2.3&q%5B%5D%5Bpacticipant%5D=Bar&q%5B%5D%5Bversion%5D=4.5.6&latestby=cvpv',
    ],
    [
      'a version and the latest prod version of another',
      [P('Foo'), V('1.2.3'), P('Bar'), L('prod')],
      {},
      'q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bversion%5D=1.2.3&q%5B%5D%5Bpacticipant%5D=Bar&q%5B%5D%5Blatest%5D=true&q%5B%5D%5Btag%5D=prod&latestby=cvpv',
    ],
    [
      'a version and the latest version of another',
      [P('Foo'), V('1.2.4'), P('Bar'), L()],
      {},
      'q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bversion%5D=1.2.4&q%5B%5D%5Bpacticipant%5D=Bar&q%5B%5D%5Blatest%5D=true&latestby=cvpv',
    ],
    [
      'all prod versions of a consumer, ignoring one version of it',
      [P('Bar'), V('4.5.6'), P('Foo'), { flag: 'all', value: 'prod' }, I('Foo'), V('3.4.5')],
      {},
      'q%5B%5D%5Bpacticipant%5D=Bar&q%5B%5D%5Bversion%5D=4.5.6&q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Btag%5D=prod&latestby=cvpv&ignore%5B%5D%5Bpacticipant%5D=Foo&ignore%5B%5D%5Bversion%5D=3.4.5',
    ],
    [
      '--to-environment → environment=E and no latest',
      [P('Foo'), V('1.2.3')],
      { toEnvironment: 'production' },
      'q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bversion%5D=1.2.3&latestby=cvp&environment=production',
    ],
    [
      '--branch → the selector gets branch=B&latest=true',
      [P('Foo'), { flag: 'branch', value: 'feat/x' }],
      { toEnvironment: 'test' },
      'q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Blatest%5D=true&q%5B%5D%5Bbranch%5D=feat%2Fx&latestby=cvp&environment=test',
    ],
    [
      '--main-branch → mainBranch=true&latest=true',
      [P('Foo'), { flag: 'mainBranch' }],
      {},
      'q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Blatest%5D=true&q%5B%5D%5BmainBranch%5D=true&latestby=cvp&latest=true',
    ],
    [
      '--ignore a whole pacticipant with an environment',
      [P('Foo'), V('1'), I('Baz')],
      { toEnvironment: 'production' },
      'q%5B%5D%5Bpacticipant%5D=Foo&q%5B%5D%5Bversion%5D=1&latestby=cvp&environment=production&ignore%5B%5D%5Bpacticipant%5D=Baz',
    ],
  ])('%s', (_name, tokens, destination, expected) => {
    expect(query(tokens, destination)).toBe(expected);
  });

  it('decodes to the Rack nested params the broker parses', () => {
    const decoded = decodeURIComponent(query([P('Foo'), V('1.2.3')], { toEnvironment: 'production' }));
    expect(decoded).toBe('q[][pacticipant]=Foo&q[][version]=1.2.3&latestby=cvp&environment=production');
  });

  it('rejects --to-environment together with --to', () => {
    expect(() => query([P('Foo'), V('1')], { toEnvironment: 'prod', toTag: 'prod' })).toThrow(InvalidOptionError);
  });
});

describe('parseSelectorTokens: positional flags (PBC version_selector_options_parser.rb)', () => {
  it('attaches each --version to the --pacticipant before it', () => {
    expect(parseSelectorTokens([P('Foo'), V('1'), P('Bar'), V('2')]).selectors).toEqual([
      { pacticipant: 'Foo', version: '1' },
      { pacticipant: 'Bar', version: '2' },
    ]);
  });

  it('reads --ignore NAME --version V as an ignore selector, and PACT_BROKER_CAN_I_DEPLOY_IGNORE names', () => {
    const parsed = parseSelectorTokens([P('Foo'), V('1'), I('Bar'), V('9')], ignoreNamesFromEnv('Baz, Qux'));
    expect(parsed.ignore).toEqual([{ pacticipant: 'Baz' }, { pacticipant: 'Qux' }, { pacticipant: 'Bar', version: '9' }]);
  });

  it('requires a --pacticipant', () => {
    expect(() => parseSelectorTokens([])).toThrow(MissingOptionError);
  });

  it('requires a version selector for every pacticipant, naming the ones without', () => {
    expect(() => parseSelectorTokens([P('Foo'), V('1'), P('Bar')])).toThrow(/Missing the version for Bar/);
  });

  it('rejects --version before any --pacticipant', () => {
    expect(() => parseSelectorTokens([V('1'), P('Foo')])).toThrow(/must follow the --pacticipant/);
  });

  it('rejects --version together with --latest', () => {
    expect(() => parseSelectorTokens([P('Foo'), V('1'), L()])).toThrow(/cannot both be given/);
  });
});
