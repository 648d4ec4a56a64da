// Buf's own breaking-change fixtures (bufbuild/buf bufcheck/testdata/breaking, copied under verifiers/test/fixtures)
// run through the real `treaty schema diff --kind protobuf PREVIOUS CURRENT --output json`, one process per fixture,
// and compared on (rule, file, line) with the findings Buf's breaking_test.go asserts (expected.json). Issue #8:
// "report how many fixtures match exactly"; the count is pinned so a regression in the CLI path fails here.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATHLESS_IN_BUF } from '../../verifiers/test/protobuf/buf-fixture-runner.ts';
import { treaty } from './support/treaty-cli.ts';

const FIXTURES = resolve(import.meta.dirname, '../../verifiers/test/fixtures/protobuf/buf-breaking');
/** Exact (rule, file, line) matches measured when this test was written; it may go up, never down. */
const EXACT_MATCHES = 51;

interface Expected {
  rule: string;
  file: string;
  line: number | null;
  col?: number;
}
interface Finding {
  rule: string;
  file: string;
  line: number | null;
  column: number | null;
}

const key = (f: { rule: string; file: string; line: number | null }): string => `${f.rule} ${f.file}:${f.line ?? '-'}`;

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  return JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
}

async function mapLimit<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await f(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

describe("treaty schema diff --kind protobuf on Buf's fixtures (buf breaking --against)", () => {
  it(
    `matches expected.json exactly for at least ${EXACT_MATCHES} of 54 fixtures, and for all once Buf's path-less findings are added`,
    { timeout: 900_000 },
    async () => {
      const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8')) as Record<string, { expected: Expected[] }[]>;
      const fixtures = readdirSync(FIXTURES)
        .filter((name) => statSync(join(FIXTURES, name)).isDirectory())
        .sort();
      expect(fixtures).toHaveLength(54);

      const outcomes = await mapLimit(fixtures, 3, async (fixture) => {
        const dir = join(FIXTURES, fixture);
        // Without a buf.yaml, `buf breaking` uses the FILE category; Treaty's own default is WIRE_JSON, so say FILE.
        const hasConfig = existsSync(join(dir, 'current', 'buf.yaml')) || existsSync(join(dir, 'previous', 'buf.yaml'));
        const result = await treaty([
          'schema',
          'diff',
          '--kind',
          'protobuf',
          join(dir, 'previous'),
          join(dir, 'current'),
          '--output',
          'json',
          ...(hasConfig ? [] : ['--use', 'FILE']),
        ]);
        const body = JSON.parse(result.stdout || '{}') as { verdict?: string; findings?: Finding[] };
        const findings = body.findings ?? [];
        const want = (expected[fixture]?.[0]?.expected ?? []).map(key);
        const got = findings.map(key);
        // The verdict and exit code agree with the findings.
        expect(result.code, `${fixture}: ${result.stderr}`).toBe(findings.length > 0 ? 1 : 0);
        expect(body.verdict).toBe(findings.length > 0 ? 'breaking' : 'compatible');
        const withPathless = [...want, ...(PATHLESS_IN_BUF[fixture] ?? []).map(key)];
        return { fixture, exact: sameMultiset(want, got), corrected: sameMultiset(withPathless, got), got, want };
      });

      const exact = outcomes.filter((o) => o.exact).length;
      const misses = outcomes
        .filter((o) => !o.exact)
        .map((o) => `  ✗ ${o.fixture}\n      expected: ${o.want.join('; ') || '-'}\n      got:      ${o.got.join('; ') || '-'}`);
      console.log(`[treaty schema diff on Buf fixtures] ${exact} of ${outcomes.length} match expected.json exactly\n${misses.join('\n')}`);
      expect(exact).toBeGreaterThanOrEqual(EXACT_MATCHES);
      // The others differ only by the findings Buf reports without a path (expected.json lost them).
      expect(
        outcomes
          .filter((o) => !o.exact)
          .map((o) => o.fixture)
          .every((f) => f in PATHLESS_IN_BUF),
      ).toBe(true);
      expect(outcomes.filter((o) => o.corrected).length).toBe(54);
    },
  );
});
