// Property-based tests of the can-i-deploy decision (issue #6; can-i-deploy.md §4, PB
// deployment_status_summary.rb). One consumer version (Foo 1) is asked about an environment; each
// provider it needs has a version there (or not), and some rows with success / failure / no result.
// Whatever the mix, the answer must follow the rule:
//   YES     iff every required integration has a row and every row succeeded;
//   UNKNOWN when a required integration has no row or a row has no result (unknown beats failed);
//   NO      otherwise (some row failed), or when the specified version does not exist.
// And an ignore selector can only take rows and integrations out of the question: it never turns YES into NO.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decideDeployability, type Deployable } from './deployment-decision.ts';
import type { Integration, MatrixRow } from './matrix-row.ts';
import { markIgnored, resolveSelector, type ResolvedSelector } from './resolved-selector.ts';

const FOO = { id: 1, name: 'Foo', mainBranch: null };
const FOO_V1 = { id: 10, number: '1' };
const PROVIDERS = [2, 3, 4].map((id) => ({ id, name: `P${id}`, mainBranch: null }));

interface ProviderCase {
  /** The provider is one of Foo's integrations, and whether Foo needs it (Foo published a pact for it). */
  integration: 'none' | 'required' | 'optional';
  /** The provider's version in the environment (or none recorded there). */
  deployedVersionId: number | null;
  /** Verification outcomes of Foo 1's pact by that version; null = no result. */
  results: Array<boolean | null>;
}

interface Scenario {
  consumerVersionExists: boolean;
  providers: ProviderCase[];
}

const providerCase: fc.Arbitrary<ProviderCase> = fc.record({
  integration: fc.constantFrom<ProviderCase['integration']>('none', 'required', 'optional'),
  deployedVersionId: fc.option(fc.integer({ min: 20, max: 22 }), { nil: null }),
  results: fc.array(fc.constantFrom(true, false, null), { maxLength: 3 }),
});
const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  consumerVersionExists: fc.boolean(),
  providers: fc.array(providerCase, { minLength: 3, maxLength: 3 }),
});

function row(providerIndex: number, providerVersionId: number, success: boolean | null, n: number): MatrixRow {
  const p = PROVIDERS[providerIndex]!;
  return {
    consumerId: FOO.id,
    consumerName: FOO.name,
    consumerVersionId: FOO_V1.id,
    consumerVersionNumber: FOO_V1.number,
    providerId: p.id,
    providerName: p.name,
    pactPublicationId: p.id,
    pactVersionId: p.id,
    pactVersionSha: `sha${p.id}`,
    pactRevision: 1,
    pactCreatedAt: new Date(1000),
    providerVersionId: success === null ? null : providerVersionId,
    providerVersionNumber: success === null ? null : String(providerVersionId),
    verificationId: success === null ? null : n,
    verificationNumber: success === null ? null : n,
    success,
    verifiedAt: success === null ? null : new Date(2000 + n),
  };
}

/** The decision input the matrix query would build for "can Foo 1 be deployed to the environment?". */
function inputFor(s: Scenario, ignores: ResolvedSelector[] = []) {
  const specified = resolveSelector({ pacticipant: 'Foo', version: '1' }, FOO, s.consumerVersionExists ? [FOO_V1] : [], 'specified');
  const inferred = s.providers.flatMap((c, i) =>
    c.integration === 'none'
      ? []
      : resolveSelector(
          { pacticipant: PROVIDERS[i]!.name, environment: 'prod' },
          PROVIDERS[i],
          c.deployedVersionId === null ? [] : [{ id: c.deployedVersionId, number: String(c.deployedVersionId) }],
          'inferred',
        ),
  );
  const integrations: Integration[] = s.providers.flatMap((c, i) =>
    c.integration === 'none'
      ? []
      : [
          {
            consumerId: FOO.id,
            consumerName: FOO.name,
            providerId: PROVIDERS[i]!.id,
            providerName: PROVIDERS[i]!.name,
            required: c.integration === 'required',
          },
        ],
  );
  // Rows exist only for a consumer version that exists, an integration, and (when verified) a provider version in the environment.
  let n = 0;
  const rows = !s.consumerVersionExists
    ? []
    : s.providers.flatMap((c, i) =>
        c.integration === 'none'
          ? []
          : c.results.filter((r) => r === null || c.deployedVersionId !== null).map((r) => row(i, c.deployedVersionId ?? 0, r, ++n)),
      );
  return {
    selectors: markIgnored([...specified, ...inferred], ignores),
    ignoreSelectors: ignores,
    rows,
    integrations,
    specifiedCount: 1,
    hasTagEnvironmentOrMainBranch: true,
  };
}

/** The rule, written independently of deployment-decision.ts. */
function expectedAnswer(s: Scenario): Deployable {
  if (!s.consumerVersionExists) return false;
  const input = inputFor(s);
  const missingRequired = input.integrations.some((i) => i.required && !input.rows.some((r) => r.providerId === i.providerId));
  if (missingRequired || input.rows.some((r) => r.success === null)) return null;
  return input.rows.every((r) => r.success === true);
}

describe('can-i-deploy decision properties (issue #6)', () => {
  test('YES iff every required integration has rows and all of them succeeded; UNKNOWN for missing or unverified; NO for a failure', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(decideDeployability(inputFor(s)).deployable).toBe(expectedAnswer(s));
      }),
      { numRuns: 1000 },
    );
  });

  test('never YES when a considered row failed, and never YES when a required integration has no row', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const input = inputFor(s);
        const decision = decideDeployability(input);
        const anyFailed = input.rows.some((r) => r.success === false);
        const missing = input.integrations.some((i) => i.required && !input.rows.some((r) => r.providerId === i.providerId));
        if (anyFailed || missing) expect(decision.deployable).not.toBe(true);
        if (missing && s.consumerVersionExists) expect(decision.deployable).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  test('the counts add up: success + failed + unknown = considered rows + required integrations without a row', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const input = inputFor(s);
        const { counts, consideredRows } = decideDeployability(input);
        const missing = input.integrations.filter((i) => i.required && !input.rows.some((r) => r.providerId === i.providerId)).length;
        expect(counts.success + counts.failed + counts.unknown).toBe(consideredRows.length + missing);
      }),
      { numRuns: 500 },
    );
  });

  test('an ignore selector never makes a NO (or UNKNOWN) out of a YES', () => {
    const ignoreArb = fc.array(
      fc.record({ provider: fc.integer({ min: 0, max: 2 }), versionId: fc.option(fc.integer({ min: 20, max: 22 }), { nil: null }) }),
      { maxLength: 3 },
    );
    fc.assert(
      fc.property(scenarioArb, ignoreArb, (s, ignoreSpecs) => {
        fc.pre(decideDeployability(inputFor(s)).deployable === true);
        const ignores = ignoreSpecs.flatMap(({ provider, versionId }) => {
          const p = PROVIDERS[provider]!;
          // Only the pacticipant: every version of it; with a version: that one (which may not be the deployed one).
          return versionId === null
            ? resolveSelector({ pacticipant: p.name }, p, [], 'ignore')
            : resolveSelector(
                { pacticipant: p.name, version: String(versionId) },
                p,
                [{ id: versionId, number: String(versionId) }],
                'ignore',
              );
        });
        expect(decideDeployability(inputFor(s, ignores)).deployable).toBe(true);
      }),
      { numRuns: 400 },
    );
  });
});
