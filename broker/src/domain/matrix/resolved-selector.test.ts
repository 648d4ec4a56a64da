import { describe, expect, test } from 'vitest';
import { describeSelector, markIgnored, resolveSelector, versionDoesNotExistDescription, type VersionRef } from './resolved-selector.ts';
import type { UnresolvedSelector } from './selectors.ts';

const bar = { id: 2, name: 'Bar', mainBranch: 'develop' };
const one = (selector: UnresolvedSelector, versions: VersionRef[], type: 'specified' | 'inferred' = 'inferred') =>
  resolveSelector(selector, bar, versions, type);

describe('describeSelector (PB resolved_selector.rb#description)', () => {
  test.each([
    ['exact version', { pacticipant: 'Bar', version: '1' }, [{ id: 1, number: '1' }], 'version 1 of Bar'],
    ['missing exact version', { pacticipant: 'Bar', version: '9' }, [], 'version 9 of Bar (no such version exists)'],
    ['latest', { pacticipant: 'Bar', latest: true }, [{ id: 20, number: '20' }], 'the latest version of Bar (20)'],
    [
      'latest with tag',
      { pacticipant: 'Bar', latest: true, tag: 'prod' },
      [{ id: 4, number: '4.5.6' }],
      'the latest version of Bar with tag prod (4.5.6)',
    ],
    [
      'latest with missing tag',
      { pacticipant: 'Bar', latest: true, tag: 'prod' },
      [],
      'the latest version of Bar with tag prod (no such version exists)',
    ],
    [
      'branch head',
      { pacticipant: 'Bar', latest: true, branch: 'main' },
      [{ id: 7, number: '7' }],
      'the latest version of Bar from branch main (7)',
    ],
    [
      'missing branch head',
      { pacticipant: 'Bar', latest: true, branch: 'main' },
      [],
      'the latest version of Bar from branch main (no such version exists)',
    ],
    [
      'main branch head resolves to the branch name (PB repository_main_branch_spec)',
      { pacticipant: 'Bar', latest: true, mainBranch: true },
      [{ id: 2, number: '2', branch: 'develop' }],
      'the latest version of Bar from branch develop (2)',
    ],
    [
      'missing main branch',
      { pacticipant: 'Bar', latest: true, mainBranch: true },
      [],
      'a version of Bar from the main branch (no such version exists)',
    ],
    [
      'one environment version',
      { pacticipant: 'Bar', environment: 'production' },
      [{ id: 10, number: '10' }],
      'the version of Bar currently in production (10)',
    ],
    [
      'no environment version',
      { pacticipant: 'Bar', environment: 'production' },
      [],
      'a version of Bar currently in production (no version is currently recorded as deployed/released in this environment)',
    ],
    ['all versions with a tag', { pacticipant: 'Bar', tag: 'prod' }, [{ id: 1, number: '1' }], 'a version of Bar with tag prod (1)'],
    ['only the pacticipant', { pacticipant: 'Bar' }, [], 'any version of Bar'],
  ])('%s', (_name, selector, versions, text) => {
    expect(describeSelector(one(selector, versions)[0]!)).toBe(text);
  });

  test('several environment versions are "one of the versions" (PB integration_environment_spec, two instances)', () => {
    const resolved = one({ pacticipant: 'Bar', environment: 'production' }, [
      { id: 11, number: '11' },
      { id: 10, number: '10' },
    ]);
    expect(resolved.map(describeSelector)).toEqual([
      'one of the versions of Bar currently in production (11)',
      'one of the versions of Bar currently in production (10)',
    ]);
    expect(resolved.every((s) => s.oneOfMany)).toBe(true);
  });

  test('a pacticipant that does not exist (ignore selectors only)', () => {
    expect(describeSelector(resolveSelector({ pacticipant: 'Nope' }, undefined, [], 'ignore')[0]!)).toBe(
      'any version of Nope (no such pacticipant exists)',
    );
  });
});

describe('versionDoesNotExistDescription (SpecifiedVersionDoesNotExist texts)', () => {
  test.each([
    [{ pacticipant: 'Bar', version: '5' }, 'No pacts or verifications have been published for version 5 of Bar'],
    [{ pacticipant: 'Bar', latest: true, tag: 'prod' }, 'No version with tag prod exists for Bar'],
    [{ pacticipant: 'Bar', latest: true, branch: 'main' }, 'No version of Bar from branch main exists'],
    [{ pacticipant: 'Bar', mainBranch: true }, 'No version of Bar from the main branch exists'],
    [{ pacticipant: 'Bar', environment: 'test' }, 'No version of Bar is currently recorded as deployed or released in environment test'],
  ])('%j', (selector, text) => {
    expect(versionDoesNotExistDescription(one(selector, [], 'specified')[0]!)).toBe(text);
  });
});

describe('markIgnored (PB selector_ignorer.rb)', () => {
  const prod = one({ pacticipant: 'Bar', environment: 'production' }, [{ id: 10, number: '10' }]);
  test.each([
    ['ignoring the pacticipant ignores every selector of it', { pacticipant: 'Bar' }, [], true],
    ['ignoring the exact version ignores it', { pacticipant: 'Bar', version: '10' }, [{ id: 10, number: '10' }], true],
    ['ignoring another version does not', { pacticipant: 'Bar', version: '999' }, [], false],
  ])('%s', (_name, ignore, versions, ignored) => {
    const ignores = resolveSelector(ignore, bar, versions, 'ignore');
    expect(markIgnored(prod, ignores)[0]!.ignored).toBe(ignored);
  });
});
