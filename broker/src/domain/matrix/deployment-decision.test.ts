// Summary maths and reasons (PB spec/lib/pact_broker/matrix/deployment_status_summary_spec.rb, can-i-deploy.md §4–5, scenarios 36–44).
import { describe, expect, test } from 'vitest';
import { decideDeployability, summaryReason, type DecisionInput } from './deployment-decision.ts';
import type { Integration, MatrixRow } from './matrix-row.ts';
import { reasonText } from './reasons.ts';
import { markIgnored, resolveSelector, type ResolvedSelector } from './resolved-selector.ts';

const foo = { id: 1, name: 'Foo', mainBranch: null };
const bar = { id: 2, name: 'Bar', mainBranch: null };
const baz = { id: 3, name: 'Baz', mainBranch: null };

const fooV1 = resolveSelector({ pacticipant: 'Foo', version: '1' }, foo, [{ id: 10, number: '1' }], 'specified');
const barProd = resolveSelector({ pacticipant: 'Bar', environment: 'production' }, bar, [{ id: 11, number: '2' }], 'inferred');
const bazProd = resolveSelector({ pacticipant: 'Baz', environment: 'production' }, baz, [{ id: 12, number: '3' }], 'inferred');

function row(
  provider: typeof bar,
  providerVersion: { id: number; number: string } | null,
  success: boolean | null,
  id = provider.id,
): MatrixRow {
  return {
    consumerId: foo.id,
    consumerName: foo.name,
    consumerVersionId: 10,
    consumerVersionNumber: '1',
    providerId: provider.id,
    providerName: provider.name,
    pactPublicationId: id,
    pactVersionId: id,
    pactVersionSha: `sha${id}`,
    pactRevision: 1,
    pactCreatedAt: new Date(1000 * id),
    providerVersionId: providerVersion?.id ?? null,
    providerVersionNumber: providerVersion?.number ?? null,
    verificationId: success === null ? null : id,
    verificationNumber: success === null ? null : 1,
    success,
    verifiedAt: success === null ? null : new Date(2000 * id),
  };
}
const integration = (provider: typeof bar, required = true): Integration => ({
  consumerId: foo.id,
  consumerName: 'Foo',
  providerId: provider.id,
  providerName: provider.name,
  required,
});

const base: DecisionInput = {
  selectors: [...fooV1, ...barProd, ...bazProd],
  ignoreSelectors: [],
  rows: [row(bar, { id: 11, number: '2' }, true), row(baz, { id: 12, number: '3' }, true)],
  integrations: [integration(bar), integration(baz)],
  specifiedCount: 1,
  hasTagEnvironmentOrMainBranch: true,
};

describe('decideDeployability', () => {
  test.each<[string, Partial<DecisionInput>, boolean | null, Record<string, number>, string[]]>([
    [
      '36: every row succeeded and every integration has a row → true',
      {},
      true,
      { success: 2, failed: 0, unknown: 0 },
      ['All required verification results are published and successful'],
    ],
    [
      '37: no rows while required integrations exist → null, unknown counts the integrations',
      { rows: [] },
      null,
      { success: 0, failed: 0, unknown: 2 },
      [
        'There is no verified pact between version 1 of Foo and the version of Bar currently in production (2)',
        'There is no verified pact between version 1 of Foo and the version of Baz currently in production (3)',
      ],
    ],
    [
      '38: a row without a result → null',
      { rows: [row(bar, null, null), row(baz, { id: 12, number: '3' }, true)] },
      null,
      { success: 1, failed: 0, unknown: 1 },
      ['There is no verified pact between version 1 of Foo and the version of Bar currently in production (2)'],
    ],
    [
      '39: a failed row → false',
      { rows: [row(bar, { id: 11, number: '2' }, false), row(baz, { id: 12, number: '3' }, true)] },
      false,
      { success: 1, failed: 1, unknown: 0 },
      ['The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed'],
    ],
    [
      '§4: unknown beats failed → null (approval fixture failed:1 unknown:1)',
      { rows: [row(bar, { id: 11, number: '2' }, false), row(baz, null, null)] },
      null,
      { success: 0, failed: 1, unknown: 1 },
      [
        'The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed',
        'There is no verified pact between version 1 of Foo and the version of Baz currently in production (3)',
      ],
    ],
    [
      '40: a not-required consumer integration without a row does not count → true',
      { rows: [row(bar, { id: 11, number: '2' }, true)], integrations: [integration(bar), { ...integration(baz, false) }] },
      true,
      { success: 1, failed: 0, unknown: 0 },
      ['All required verification results are published and successful'],
    ],
    [
      '41: no rows and nothing required → true, no missing dependencies',
      { rows: [], integrations: [integration(bar, false)] },
      true,
      { success: 0, failed: 0, unknown: 0 },
      ['There are no missing dependencies'],
    ],
    [
      '44: one selector without a destination warns first',
      { hasTagEnvironmentOrMainBranch: false },
      true,
      { success: 2, failed: 0, unknown: 0 },
      [
        'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.',
        'All required verification results are published and successful',
      ],
    ],
    [
      '44: no environment warning with several specified selectors',
      { hasTagEnvironmentOrMainBranch: false, specifiedCount: 2 },
      true,
      { success: 2, failed: 0, unknown: 0 },
      ['All required verification results are published and successful'],
    ],
  ])('%s', (_name, overrides, deployable, counts, reasons) => {
    const decision = decideDeployability({ ...base, ...overrides });
    expect(decision.deployable).toBe(deployable);
    expect(decision.counts).toEqual(counts);
    expect(decision.reasons.map(reasonText)).toEqual(reasons);
  });

  test('15: a specified version that does not exist → false, whatever the rows say', () => {
    const missing = resolveSelector({ pacticipant: 'Foo', version: '5' }, foo, [], 'specified');
    const decision = decideDeployability({
      ...base,
      selectors: [...missing, ...barProd],
      rows: [],
      integrations: [],
      hasTagEnvironmentOrMainBranch: false,
    });
    expect(decision.deployable).toBe(false);
    expect(summaryReason(decision)).toMatchInlineSnapshot(`
      "WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.
      No pacts or verifications have been published for version 5 of Foo"
    `);
  });

  test('43: a specified selector without a version number warns (tag or branch only)', () => {
    const fooLatestDev = resolveSelector({ pacticipant: 'Foo', tag: 'dev', latest: true }, foo, [{ id: 10, number: '1' }], 'specified');
    const decision = decideDeployability({ ...base, selectors: [...fooLatestDev, ...barProd, ...bazProd] });
    expect(decision.reasons.map((r) => r.kind)).toEqual(['selectorWithoutPacticipantVersionNumberSpecified', 'successful']);
  });

  test('27: a failure is attributed to the provider version that failed, not the first selector of that pacticipant', () => {
    const twoBars = resolveSelector(
      { pacticipant: 'Bar', tag: 'prod' },
      bar,
      [
        { id: 21, number: 'v2' },
        { id: 20, number: 'v1' },
      ],
      'inferred',
    );
    const rows = [row(bar, { id: 20, number: 'v1' }, true, 2), row(bar, { id: 21, number: 'v2' }, false, 4)];
    const decision = decideDeployability({ ...base, selectors: [...fooV1, ...twoBars], rows, integrations: [integration(bar)] });
    expect(decision.deployable).toBe(false);
    expect(summaryReason(decision)).toBe(
      'The verification for the pact between version 1 of Foo and a version of Bar with tag prod (v2) failed',
    );
  });

  describe('when ignore selectors are given', () => {
    const ignoring = (
      ignore: Parameters<typeof resolveSelector>[0],
      versions: Array<{ id: number; number: string }>,
    ): Pick<DecisionInput, 'ignoreSelectors' | 'selectors'> => {
      const ignoreSelectors = resolveSelector(ignore, ignore.pacticipant === 'Bar' ? bar : undefined, versions, 'ignore');
      return { ignoreSelectors, selectors: markIgnored(base.selectors as ResolvedSelector[], ignoreSelectors) };
    };
    const failedBar = { rows: [row(bar, { id: 11, number: '2' }, false), row(baz, { id: 12, number: '3' }, true)] };

    test.each<[string, Partial<DecisionInput>, boolean | null, Record<string, number>, string[]]>([
      [
        '29: ignoring the failing pacticipant → true, ignored counted',
        { ...failedBar, ...ignoring({ pacticipant: 'Bar' }, []) },
        true,
        { success: 1, failed: 0, unknown: 0, ignored: 1 },
        ['All required verification results are published and successful'],
      ],
      [
        '29: ignoring the exact failing version → true',
        { ...failedBar, ...ignoring({ pacticipant: 'Bar', version: '2' }, [{ id: 11, number: '2' }]) },
        true,
        { success: 1, failed: 0, unknown: 0, ignored: 1 },
        ['All required verification results are published and successful'],
      ],
      [
        '29/42: ignoring a version that does not exist → false, warning first',
        { ...failedBar, ...ignoring({ pacticipant: 'Bar', version: '999' }, []) },
        false,
        { success: 1, failed: 1, unknown: 0, ignored: 0 },
        [
          'WARN: Cannot ignore version 999 of Bar (no such version exists)',
          'The verification for the pact between version 1 of Foo and the version of Bar currently in production (2) failed',
        ],
      ],
      [
        '30: the ignored provider is not in the environment (no row) → true',
        { rows: [row(baz, { id: 12, number: '3' }, true)], ...ignoring({ pacticipant: 'Bar' }, []) },
        true,
        { success: 1, failed: 0, unknown: 0, ignored: 0 },
        ['All required verification results are published and successful'],
      ],
      [
        '28: only the ignored provider, unverified → true, no missing dependencies',
        { rows: [row(bar, null, null)], integrations: [integration(bar)], ...ignoring({ pacticipant: 'Bar' }, []) },
        true,
        { success: 0, failed: 0, unknown: 0, ignored: 1 },
        ['There are no missing dependencies'],
      ],
      [
        '33: ignoring a pacticipant that does not exist has no effect but warns',
        { rows: [row(bar, null, null)], integrations: [integration(bar)], ...ignoring({ pacticipant: 'Nope' }, []) },
        null,
        { success: 0, failed: 0, unknown: 1, ignored: 0 },
        [
          'WARN: Cannot ignore any version of Nope (no such pacticipant exists)',
          'There is no verified pact between version 1 of Foo and the version of Bar currently in production (2)',
        ],
      ],
    ])('%s', (_name, overrides, deployable, counts, reasons) => {
      const decision = decideDeployability({ ...base, ...overrides });
      expect(decision.deployable).toBe(deployable);
      expect(decision.counts).toEqual(counts);
      expect(decision.reasons.map(reasonText)).toEqual(reasons);
    });
  });
});
