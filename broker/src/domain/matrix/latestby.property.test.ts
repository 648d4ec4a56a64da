// Property-based tests of latestby (issue #6; PB matrix/repository.rb#apply_latestby): whatever rows
// the store returns, latestby keeps exactly one row per key, and that row is the newest one (latest
// consumer version, then latest provider version, then latest verification). can-i-deploy decides from
// these rows, so a second row per key, or an older one, would let an old success hide a new failure.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { applyLatestBy, applySuccessFilter } from './latestby.ts';
import { compareByLastAction, newestByLastAction, type MatrixRow } from './matrix-row.ts';
import type { LatestBy } from './selectors.ts';

interface RowSpec {
  consumerId: number;
  consumerVersionId: number;
  providerId: number;
  providerVersionId: number | null;
  success: boolean;
}

const rowSpec: fc.Arbitrary<RowSpec> = fc.record({
  consumerId: fc.integer({ min: 1, max: 2 }),
  consumerVersionId: fc.integer({ min: 10, max: 14 }),
  providerId: fc.integer({ min: 3, max: 5 }),
  providerVersionId: fc.option(fc.integer({ min: 20, max: 24 }), { nil: null }),
  success: fc.boolean(),
});

/** Rows as the store returns them: verification ids unique and increasing in insertion order; no provider version means no verification. */
const rowsArb: fc.Arbitrary<MatrixRow[]> = fc.array(rowSpec, { maxLength: 40 }).map((specs) =>
  specs.map((s, i): MatrixRow => {
    const verified = s.providerVersionId !== null;
    return {
      consumerId: s.consumerId,
      consumerName: `C${s.consumerId}`,
      consumerVersionId: s.consumerVersionId * 10 + s.consumerId,
      consumerVersionNumber: String(s.consumerVersionId),
      providerId: s.providerId,
      providerName: `P${s.providerId}`,
      pactPublicationId: i + 1,
      pactVersionId: s.consumerVersionId,
      pactVersionSha: `sha${s.consumerVersionId}`,
      pactRevision: 1,
      pactCreatedAt: new Date(s.consumerVersionId * 1000),
      providerVersionId: s.providerVersionId,
      providerVersionNumber: s.providerVersionId === null ? null : String(s.providerVersionId),
      verificationId: verified ? i + 1 : null,
      verificationNumber: verified ? i + 1 : null,
      success: verified ? s.success : null,
      verifiedAt: verified ? new Date(100_000 + i) : null,
    };
  }),
);

const keyOf: Record<LatestBy, (r: MatrixRow) => string> = {
  cvpv: (r) => `${r.consumerVersionId}|${r.providerId}|${r.providerVersionId}`,
  cvp: (r) => `${r.consumerVersionId}|${r.providerId}`,
  cp: (r) => `${r.consumerId}|${r.providerId}`,
};

/** "Newer": compared on consumer version, then provider version (none is oldest), then verification. */
const newness = (r: MatrixRow): [number, number, number] => [r.consumerVersionId, r.providerVersionId ?? -1, r.verificationId ?? -1];
const newer = (a: MatrixRow, b: MatrixRow): boolean => {
  const [x, y] = [newness(a), newness(b)];
  return x[0] !== y[0] ? x[0] > y[0] : x[1] !== y[1] ? x[1] > y[1] : x[2] > y[2];
};

const latestbys = fc.constantFrom<LatestBy>('cvpv', 'cvp', 'cp');

describe('applyLatestBy properties (issue #6)', () => {
  test('keeps exactly one row per latestby key, for every key present in the input', () => {
    fc.assert(
      fc.property(rowsArb, latestbys, (rows, latestby) => {
        const kept = applyLatestBy(rows, latestby);
        const keys = kept.map(keyOf[latestby]);
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(keys)).toEqual(new Set(rows.map(keyOf[latestby])));
      }),
      { numRuns: 500 },
    );
  });

  test('the row kept for a key is one of the input rows, and no input row of that key is newer', () => {
    fc.assert(
      fc.property(rowsArb, latestbys, (rows, latestby) => {
        for (const row of applyLatestBy(rows, latestby)) {
          expect(rows).toContain(row);
          const sameKey = rows.filter((r) => keyOf[latestby](r) === keyOf[latestby](row));
          expect(sameKey.filter((r) => newer(r, row))).toEqual([]);
        }
      }),
      { numRuns: 500 },
    );
  });

  test('is idempotent, and coarser keys never keep more rows (cp ≤ cvp ≤ cvpv ≤ all)', () => {
    fc.assert(
      fc.property(rowsArb, latestbys, (rows, latestby) => {
        const once = applyLatestBy(rows, latestby);
        expect(applyLatestBy(once, latestby)).toEqual(once);
        const [cp, cvp, cvpv] = (['cp', 'cvp', 'cvpv'] as const).map((l) => applyLatestBy(rows, l).length);
        expect(cp).toBeLessThanOrEqual(cvp!);
        expect(cvp).toBeLessThanOrEqual(cvpv!);
        expect(cvpv).toBeLessThanOrEqual(rows.length);
      }),
      { numRuns: 300 },
    );
  });

  test('the success filter after latestby never brings back an older row (PB #46: no fallback to an older success)', () => {
    fc.assert(
      fc.property(rowsArb, latestbys, fc.subarray([true, false, null] as Array<boolean | null>), (rows, latestby, success) => {
        const latest = applyLatestBy(rows, latestby);
        const filtered = applySuccessFilter(latest, success);
        for (const row of filtered) {
          expect(latest).toContain(row);
          expect(success).toContain(row.success);
        }
        expect(filtered.length).toBe(latest.filter((r) => success.includes(r.success)).length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('newestByLastAction (the rows a matrix response lists)', () => {
  test('is the first `limit` rows of a full sort by last action, whatever the rows and the limit', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: -1, max: 45 }), (rows, limit) => {
        const expected = [...rows].sort(compareByLastAction).slice(0, Math.max(limit, 0));
        expect(newestByLastAction(rows, limit)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
