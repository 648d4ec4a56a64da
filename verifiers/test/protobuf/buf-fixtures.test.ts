/**
 * Buf's own breaking-change fixtures (bufbuild/buf private/bufpkg/bufcheck/testdata/breaking, Apache-2.0),
 * each run with the rules its buf.yaml names, compared on (rule, file, line) with the findings Buf's
 * breaking_test.go asserts (expected.json).
 */
import { describe, expect, test } from 'vitest';
import { PATHLESS_IN_BUF, runAllFixtures, type FixtureOutcome } from './buf-fixture-runner.ts';

function report(label: string, outcomes: readonly FixtureOutcome[]): number {
  const matching = outcomes.filter((o) => o.matches).length;
  const lines = outcomes
    .filter((o) => !o.matches)
    .map(
      (o) =>
        `  ✗ ${o.fixture}${o.error ? ` (invalid: ${o.error})` : ''}\n      missing: ${o.missing.join('; ') || '-'}\n      unexpected: ${o.unexpected.join('; ') || '-'}`,
    );
  console.log(
    `[buf fixtures, ${label}] ${matching} of ${outcomes.length} match exactly (${outcomes.filter((o) => o.matchesWithColumns).length} also on columns)\n${lines.join('\n')}`,
  );
  return matching;
}

describe('Buf breaking fixtures (buf breaking_test.go)', () => {
  test('matches expected.json on (rule, file, line) for at least 51 of 54 fixtures', () => {
    const outcomes = runAllFixtures();
    const matching = report('expected.json as shipped', outcomes);
    expect(outcomes.length).toBe(54);
    expect(matching).toBeGreaterThanOrEqual(51);
    // the only differences are findings Buf reports without a path, which expected.json lost
    for (const o of outcomes.filter((x) => !x.matches)) {
      expect(Object.keys(PATHLESS_IN_BUF)).toContain(o.fixture);
      expect(o.missing).toEqual([]);
    }
  });

  test('matches every fixture once the path-less findings of breaking_test.go are added back', () => {
    const outcomes = runAllFixtures(true);
    expect(report('with path-less findings', outcomes)).toBe(outcomes.length);
    expect(outcomes.filter((o) => o.matchesWithColumns).length).toBe(outcomes.length);
  });
});
