// Whole-integration matrices summarised in SQL (issue #14, store/matrix/rows.ts findRowSummary): latestby as
// DISTINCT ON and the counts as window functions, so only the listed rows and the rows the decision names leave
// the database. On random histories (real database, PGlite or PostgreSQL) the answer must be the one the domain
// implementation (latestby.ts on every row) gives: same verdict, counts, reasons and listed rows.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { queryMatrix, type MatrixReader, type RowSummary } from '../../src/domain/matrix/query-matrix.ts';
import { reasonText } from '../../src/domain/matrix/reasons.ts';
import { parseMatrixQuery } from '../../src/domain/matrix/selectors.ts';
import { createMatrixReader } from '../../src/store/matrix/reader.ts';
import { matrixSeed } from '../support/matrix-seed.ts';
import { startTestBroker, type TestBroker } from '../support/test-broker.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker?.close();
});

interface History {
  consumerVersions: number;
  providerVersions: number;
  /** Pact content per consumer version (equal indexes share content, so verifications carry over). */
  contents: number[];
  /** [consumer version, provider version, success] verifications, in order. */
  verifications: Array<[number, number, boolean]>;
}

const history: fc.Arbitrary<History> = fc
  .record({ consumerVersions: fc.integer({ min: 1, max: 6 }), providerVersions: fc.integer({ min: 1, max: 5 }) })
  .chain(({ consumerVersions, providerVersions }) =>
    fc.record({
      consumerVersions: fc.constant(consumerVersions),
      providerVersions: fc.constant(providerVersions),
      contents: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: consumerVersions, maxLength: consumerVersions }),
      verifications: fc.array(
        fc.tuple(fc.integer({ min: 0, max: consumerVersions - 1 }), fc.integer({ min: 0, max: providerVersions - 1 }), fc.boolean()),
        { maxLength: 20 },
      ),
    }),
  );

/** The answer's comparable parts; reasons as a sorted list (their order follows row order, which SQL does not fix). */
async function answer(reader: MatrixReader, url: string) {
  const result = await queryMatrix(reader, parseMatrixQuery(url));
  if (!result.ok) throw new Error(result.issues.map((i) => i.message).join('; '));
  return {
    deployable: result.decision.deployable,
    counts: result.decision.counts,
    reasons: result.decision.reasons.map(reasonText).sort(),
    rows: result.rows.map((r) => [r.consumerVersionNumber, r.providerVersionNumber, r.verificationId, r.success, r.ignored]),
  };
}

describe('whole-integration matrix summarised in SQL (issue #14)', () => {
  test('gives the answer latestby.ts gives from every row, for every latestby and limit', async () => {
    const summarised = createMatrixReader(broker.db);
    expect(summarised.findRowSummary).toBeDefined();
    const everyRow: MatrixReader = { ...summarised, findRowSummary: undefined };
    let summaries = 0;
    const counting: MatrixReader = {
      ...summarised,
      findRowSummary: (...args) => {
        summaries++;
        return summarised.findRowSummary!(...args);
      },
    };
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        const seed = matrixSeed(broker.db);
        const foo = await seed.pacticipant('Foo');
        const bar = await seed.pacticipant('Bar');
        const pacts = [];
        for (let i = 0; i < h.consumerVersions; i++)
          pacts.push(await seed.publish(await seed.version(foo, `1.${i}`), bar, `c${h.contents[i]}`));
        const providerVersions = [];
        for (let j = 0; j < h.providerVersions; j++) providerVersions.push(await seed.version(bar, `2.${j}`));
        for (const [cv, pv, success] of h.verifications) await seed.verify(pacts[cv]!, providerVersions[pv]!, success);
        // whole integrations, and one side whole with a version named on the other (its reasons name that version)
        const selectors = [
          `q[][pacticipant]=${foo.name}&q[][pacticipant]=${bar.name}`,
          `q[][pacticipant]=${foo.name}&q[][version]=1.0&q[][pacticipant]=${bar.name}`,
          `q[][pacticipant]=${foo.name}&q[][pacticipant]=${bar.name}&q[][version]=2.0`,
        ];
        for (const q of selectors)
          for (const latestby of ['cvpv', 'cvp', 'cp'])
            for (const limit of [1, 3, 100]) {
              const url = `/matrix?${q}&latestby=${latestby}&limit=${limit}`;
              expect(await answer(counting, url)).toEqual(await answer(everyRow, url));
            }
      }),
      { numRuns: 12 },
    );
    // the comparison above really went through the SQL summary
    expect(summaries).toBeGreaterThan(0);
  }, 300_000);

  test('returns the listed rows and one row per reason, not every failed or unverified row of the history', async () => {
    const seed = matrixSeed(broker.db);
    const foo = await seed.pacticipant('Foo');
    const bar = await seed.pacticipant('Bar');
    const providerVersions = [];
    for (let j = 0; j < 4; j++) providerVersions.push(await seed.version(bar, `2.${j}`));
    // 10 consumer versions of 5 contents: 8 verified (failing) by every provider version, 2 never verified
    for (let i = 0; i < 10; i++) {
      const pact = await seed.publish(await seed.version(foo, `1.${i}`), bar, `c${Math.floor(i / 2)}`);
      if (i < 8 && i % 2 === 0) for (const pv of providerVersions) await seed.verify(pact, pv, false);
    }
    let summary: RowSummary | undefined;
    const reader = createMatrixReader(broker.db);
    const capturing: MatrixReader = {
      ...reader,
      findRowSummary: async (...args) => (summary = await reader.findRowSummary!(...args)),
    };
    const result = await queryMatrix(
      capturing,
      parseMatrixQuery(`/matrix?q[][pacticipant]=${foo.name}&q[][pacticipant]=${bar.name}&latestby=cvpv&limit=3`),
    );
    if (!result.ok) throw new Error('invalid query');
    expect(result.decision.counts).toEqual({ success: 0, failed: 32, unknown: 2 });
    expect(result.decision.deployable).toBeNull();
    expect(result.rows).toHaveLength(3);
    // the 3 listed rows, one failed row and one unverified row (for their reasons), one row for the integration
    expect(summary!.rows.length).toBeLessThanOrEqual(6);
    expect(summary!.integrations).toEqual([{ consumerId: foo.id, providerId: bar.id, rows: 34, successes: 0, failures: 32, unknowns: 2 }]);
  });

  test('looks up no versions for a side named by its pacticipant alone (it reads them all without listing them)', async () => {
    const seed = matrixSeed(broker.db);
    const foo = await seed.pacticipant('Foo');
    const bar = await seed.pacticipant('Bar');
    const provider = await seed.version(bar, '2.0');
    for (let i = 0; i < 5; i++) await seed.verify(await seed.publish(await seed.version(foo, `1.${i}`), bar, `c${i}`), provider, true);
    const reader = createMatrixReader(broker.db);
    const looked: string[][] = [];
    const recording: MatrixReader = {
      ...reader,
      resolveVersions: (lookups) => {
        looked.push(lookups.map((l) => l.pacticipant.name));
        return reader.resolveVersions(lookups);
      },
    };
    const whole = await answer(recording, `/matrix?q[][pacticipant]=${foo.name}&q[][pacticipant]=${bar.name}&latestby=cvpv`);
    expect(looked).toEqual([]);
    expect(whole.rows).toHaveLength(5);
    expect(whole.deployable).toBe(true);
    // a named version is still looked up, and only that side
    const named = await answer(
      recording,
      `/matrix?q[][pacticipant]=${bar.name}&q[][version]=2.0&q[][pacticipant]=${foo.name}&latestby=cvpv`,
    );
    expect(looked).toEqual([[bar.name]]);
    expect(named.rows).toHaveLength(5);
  });
});
