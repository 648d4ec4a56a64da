/**
 * Runs Buf's breaking-change fixtures (test/fixtures/protobuf/buf-breaking, copied from bufbuild/buf) through
 * compareProtobuf and compares the (rule, file, line) findings with the expected.json Buf's own test asserts.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareProtobuf, type BreakingFinding } from '../../src/protobuf/compare-protobuf.ts';
import { readProtoFolder } from '../../src/protobuf/proto-folder.ts';

export const FIXTURES_DIR = join(import.meta.dirname, '..', 'fixtures', 'protobuf', 'buf-breaking');

interface ExpectedFinding {
  readonly file: string;
  readonly line: number | null;
  readonly col?: number;
  readonly rule: string;
}
type ExpectedFile = Record<string, { test: string; expected: ExpectedFinding[] }[]>;

export interface FixtureOutcome {
  readonly fixture: string;
  /** same multiset of (rule, file, line) as expected.json */
  readonly matches: boolean;
  /** same multiset of (rule, file, line, column) */
  readonly matchesWithColumns: boolean;
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
  readonly actual: readonly BreakingFinding[];
  readonly error?: string;
}

const key = (rule: string, file: string, line: number | null, col?: number | null): string =>
  `${rule} ${file}:${line ?? '-'}${col === undefined ? '' : `:${col ?? '-'}`}`;

/**
 * Findings Buf reports with neither location nor path (NewFileAnnotationNoLocationOrPath in Buf's breaking_test.go);
 * the extraction that produced expected.json dropped them. Treaty reports them on the deleted file's path.
 */
export const PATHLESS_IN_BUF: Readonly<Record<string, readonly ExpectedFinding[]>> = {
  breaking_file_no_delete: [
    { rule: 'FILE_NO_DELETE', file: 'a/a.proto', line: null },
    { rule: 'FILE_NO_DELETE', file: 'no_package.proto', line: null },
  ],
  breaking_file_no_delete_ignores: [{ rule: 'FILE_NO_DELETE', file: 'a/a.proto', line: null }],
  breaking_package_no_delete: [{ rule: 'PACKAGE_NO_DELETE', file: 'c.proto', line: null }],
};

function multisetDiff(a: readonly string[], b: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = counts.get(x) ?? 0;
    if (n > 0) counts.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

export function runFixture(fixture: string, expected: readonly ExpectedFinding[]): FixtureOutcome {
  const dir = join(FIXTURES_DIR, fixture);
  const previous = readProtoFolder(join(dir, 'previous'));
  const current = readProtoFolder(join(dir, 'current'));
  const options = current.config?.breaking ?? previous.config?.breaking ?? { use: ['FILE'] };
  const result = compareProtobuf(previous.sources, current.sources, options);
  if (result.status === 'invalid') {
    return {
      fixture,
      matches: false,
      matchesWithColumns: false,
      missing: expected.map((e) => key(e.rule, e.file, e.line)),
      unexpected: [],
      actual: [],
      error: JSON.stringify(result.errors),
    };
  }
  const actual = result.status === 'incompatible' ? result.breakingChanges : [];
  const want = expected.map((e) => key(e.rule, e.file, e.line));
  const got = actual.map((f) => key(f.rule, f.file, f.line));
  const missing = multisetDiff(want, got);
  const unexpected = multisetDiff(got, want);
  const withColumns = multisetDiff(
    expected.map((e) => key(e.rule, e.file, e.line, e.col ?? null)),
    actual.map((f) => key(f.rule, f.file, f.line, f.column)),
  );
  const matches = missing.length === 0 && unexpected.length === 0;
  return { fixture, matches, matchesWithColumns: matches && withColumns.length === 0, missing, unexpected, actual };
}

/** Runs every fixture; with `corrected`, adds the path-less findings Buf's test asserts but expected.json lacks. */
export function runAllFixtures(corrected = false): FixtureOutcome[] {
  const expected = JSON.parse(readFileSync(join(FIXTURES_DIR, 'expected.json'), 'utf8')) as ExpectedFile;
  return readdirSync(FIXTURES_DIR)
    .filter((name) => statSync(join(FIXTURES_DIR, name)).isDirectory())
    .sort()
    .flatMap((fixture) =>
      (expected[fixture] ?? [{ test: '(none)', expected: [] }]).map((t) =>
        runFixture(fixture, corrected ? [...t.expected, ...(PATHLESS_IN_BUF[fixture] ?? [])] : t.expected),
      ),
    );
}
