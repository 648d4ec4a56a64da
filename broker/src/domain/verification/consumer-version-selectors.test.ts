import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../errors.ts';
import { defaultSelectors, parsePactsForVerificationQuery, validateSelector } from './consumer-version-selectors.ts';

const envs = (name: string) => name === 'prod';

describe('validateSelector (PB consumer_version_selector_contract.rb)', () => {
  test.each([
    ['accepts mainBranch', { mainBranch: true }, []],
    ['accepts a branch without latest', { branch: 'feat' }, []],
    ['accepts a tag without latest (all versions with the tag)', { tag: 'prod' }, []],
    ['accepts deployed with an existing environment', { deployed: true, environment: 'prod' }, []],
    [
      'requires some criterion',
      {},
      [
        'must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true',
      ],
    ],
    [
      'rejects mainBranch with other criteria',
      { mainBranch: true, tag: 'x' },
      ['cannot specify mainBranch=true with any other criteria apart from consumer'],
    ],
    [
      'rejects mainBranch=true with latest=false',
      { mainBranch: true, latest: false },
      ['cannot specify mainBranch=true with latest=false'],
    ],
    [
      'rejects matchingBranch without providerVersionBranch',
      { matchingBranch: true },
      ['the providerVersionBranch must be specified when the selector matchingBranch=true is used'],
    ],
    ['rejects a tag and a branch', { tag: 'a', branch: 'b', latest: true }, ['cannot specify both a tag and a branch']],
    [
      'rejects latest with an environment',
      { environment: 'prod', latest: true },
      ['cannot specify the field latest with the field environment'],
    ],
    ['rejects fallbackTag without latest', { tag: 'a', fallbackTag: 'b' }, ['fallbackTag can only be set if latest is true']],
    [
      'rejects fallbackTag without tag',
      { branch: 'a', fallbackTag: 'b', latest: true },
      ['a tag must be specified when a fallbackTag is specified'],
    ],
    [
      'rejects fallbackBranch without branch',
      { tag: 'a', fallbackBranch: 'b' },
      ['a branch must be specified when a fallbackBranch is specified'],
    ],
    ['rejects a branch with latest=false', { branch: 'a', latest: false }, ['cannot specify a branch with latest=false']],
    ['rejects an unknown environment', { environment: 'nope' }, ["environment with name 'nope' does not exist"]],
    ['rejects deployed=false', { deployed: false }, ['deployed must be one of: true']],
    ['rejects deployed with released', { deployed: true, released: true }, ['cannot specify both deployed=true and released=true']],
    ['rejects a blank consumer', { latest: true, consumer: ' ' }, ['consumer cannot be blank']],
  ])('%s', (_name, selector, expected) => {
    const errors = validateSelector(selector, undefined, envs);
    for (const message of expected) expect(errors.some((e) => e.startsWith(message))).toBe(true);
    if (expected.length === 0) expect(errors).toEqual([]);
  });
});

describe('parsePactsForVerificationQuery', () => {
  test.each([
    [
      'deployedOrReleased splits into deployed and released (PB decorator)',
      { consumerVersionSelectors: [{ deployedOrReleased: true, environment: 'prod' }] },
      [
        { kind: 'deployed', environment: 'prod' },
        { kind: 'released', environment: 'prod' },
      ],
    ],
    [
      'matchingBranch takes the provider branch',
      { consumerVersionSelectors: [{ matchingBranch: true }], providerVersionBranch: 'feat' },
      [{ kind: 'matchingBranch', branch: 'feat' }],
    ],
    [
      'tag with latest is the latest tagged version',
      { consumerVersionSelectors: [{ tag: 'prod', latest: true, fallbackTag: 'main' }] },
      [{ kind: 'latestTag', tag: 'prod', fallbackTag: 'main' }],
    ],
    [
      'latest with consumer',
      { consumerVersionSelectors: [{ latest: true, consumer: 'Foo' }] },
      [{ kind: 'overallLatest', consumer: 'Foo' }],
    ],
    [
      'identical selectors are used once',
      { consumerVersionSelectors: [{ branch: 'main' }, { branch: 'main' }] },
      [{ kind: 'branch', branch: 'main' }],
    ],
  ])('%s', (_name, body, selectors) => {
    expect(parsePactsForVerificationQuery(body, 'json', envs).selectors).toEqual(selectors);
  });

  test('reads the deprecated snake_case query string with string booleans', () => {
    const query = parsePactsForVerificationQuery(
      { consumer_version_selectors: [{ tag: 'prod', latest: 'true' }], provider_version_tags: 'dev', include_pending_status: 'true' },
      'query',
      envs,
    );
    expect(query).toMatchObject({
      selectors: [{ kind: 'latestTag', tag: 'prod' }],
      providerVersionTags: ['dev'],
      includePendingStatus: true,
    });
  });

  test('defaults includePendingStatus to false (PB docs) and parses includeWipPactsSince', () => {
    const query = parsePactsForVerificationQuery({ includeWipPactsSince: '2024-01-31' }, 'json', envs);
    expect(query.includePendingStatus).toBe(false);
    expect(query.includeWipPactsSince?.toISOString()).toBe('2024-01-31T00:00:00.000Z');
  });

  test.each([
    [
      'an empty providerVersionBranch with pending and no tags',
      { providerVersionBranch: '', includePendingStatus: true },
      'providerVersionBranch',
    ],
    ['a blank providerVersionBranch', { providerVersionBranch: ' ' }, 'providerVersionBranch'],
    ['selectors that are not an array', { consumerVersionSelectors: { tag: 'x' } }, 'consumerVersionSelectors'],
    ['a bad date', { includeWipPactsSince: 'soon' }, 'includeWipPactsSince'],
  ])('rejects %s with a field-level ValidationError', (_name, body, field) => {
    let error: unknown;
    try {
      parsePactsForVerificationQuery(body, 'json', envs);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).errors.map((e) => e.field)).toEqual([field]);
  });

  test('allows an empty providerVersionBranch when tags are given (PB keeps old clients working)', () => {
    expect(
      parsePactsForVerificationQuery({ providerVersionBranch: '', providerVersionTags: ['dev'], includePendingStatus: true }, 'json', envs)
        .providerVersionBranch,
    ).toBeUndefined();
  });
});

describe('defaultSelectors (PB default_selectors)', () => {
  test.each([
    [
      'main branch head when the consumer has versions on its main branch',
      { mainBranch: 'main', hasMainBranchVersion: true, hasMainBranchTag: true },
      { kind: 'mainBranch', consumer: 'C' },
    ],
    [
      'latest tagged with the main branch name otherwise',
      { mainBranch: 'main', hasMainBranchVersion: false, hasMainBranchTag: true },
      { kind: 'latestTag', tag: 'main', consumer: 'C' },
    ],
    [
      'the latest pact when there is no main branch',
      { mainBranch: null, hasMainBranchVersion: false, hasMainBranchTag: false },
      { kind: 'overallLatest', consumer: 'C' },
    ],
  ])('%s, plus deployed and released', (_name, facts, expected) => {
    expect(defaultSelectors([{ name: 'C', ...facts }])).toEqual([expected, { kind: 'deployed' }, { kind: 'released' }]);
  });
});
