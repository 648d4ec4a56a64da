// Property-based tests of selector resolution (issue #6; PB matrix/resolved_selector.rb,
// selector_ignorer.rb): the shape of resolved selectors follows from what was found, and ignoring
// marks exactly the selectors an ignore selector covers.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  markIgnored,
  onlyPacticipantSpecified,
  resolveSelector,
  versionIdOf,
  type ResolvedSelector,
  type VersionRef,
} from './resolved-selector.ts';
import type { UnresolvedSelector } from './selectors.ts';

const name = fc.constantFrom('Foo', 'Bar', 'Baz');
const unresolved: fc.Arbitrary<UnresolvedSelector> = fc.record(
  {
    pacticipant: name,
    version: fc.string({ minLength: 1, maxLength: 5 }),
    latest: fc.boolean(),
    tag: fc.constantFrom('prod', 'test'),
    branch: fc.constantFrom('main', 'feat/x'),
    mainBranch: fc.boolean(),
    environment: fc.constantFrom('production', 'test'),
  },
  { requiredKeys: ['pacticipant'] },
);
const versions: fc.Arbitrary<VersionRef[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 50 }), { maxLength: 4 })
  .map((ids) => ids.map((id) => ({ id, number: `v${id}` })));
const type = fc.constantFrom('specified' as const, 'inferred' as const, 'ignore' as const);
const pacticipantFor = (n: string) => ({ id: ['Foo', 'Bar', 'Baz'].indexOf(n) + 1, name: n, mainBranch: 'main' });

describe('resolveSelector properties (issue #6)', () => {
  test('an unknown pacticipant resolves to exactly one selector that matched no version', () => {
    fc.assert(
      fc.property(unresolved, versions, type, (s, found, t) => {
        const resolved = resolveSelector(s, undefined, found, t);
        expect(resolved).toHaveLength(1);
        expect(resolved[0]!.version.kind).toBe('none');
        expect(resolved[0]!.pacticipantId).toBeNull();
      }),
    );
  });

  test('a known pacticipant: "all" when only it was named, else one selector per version found, in order, or one "none"', () => {
    fc.assert(
      fc.property(unresolved, versions, type, (s, found, t) => {
        const resolved = resolveSelector(s, pacticipantFor(s.pacticipant!), found, t);
        expect(resolved.every((r) => r.type === t && r.original === s && !r.ignored)).toBe(true);
        if (onlyPacticipantSpecified(s)) {
          expect(resolved.map((r) => r.version.kind)).toEqual(['all']);
        } else if (found.length === 0) {
          expect(resolved.map((r) => r.version.kind)).toEqual(['none']);
        } else {
          expect(resolved.map(versionIdOf)).toEqual(found.map((v) => v.id));
          expect(resolved.every((r) => r.oneOfMany === found.length > 1)).toBe(true);
        }
      }),
    );
  });
});

describe('markIgnored properties (issue #6)', () => {
  const selectorArb: fc.Arbitrary<ResolvedSelector[]> = fc
    .array(fc.tuple(unresolved, versions), { maxLength: 4 })
    .map((pairs) => pairs.flatMap(([s, found]) => resolveSelector(s, pacticipantFor(s.pacticipant!), found, 'specified')));
  const ignoreArb: fc.Arbitrary<ResolvedSelector[]> = fc
    .array(fc.tuple(name, fc.option(fc.integer({ min: 1, max: 50 }), { nil: null })), { maxLength: 3 })
    .map((pairs) =>
      pairs.flatMap(([n, id]) =>
        id === null
          ? resolveSelector({ pacticipant: n }, pacticipantFor(n), [], 'ignore')
          : resolveSelector({ pacticipant: n, version: `v${id}` }, pacticipantFor(n), [{ id, number: `v${id}` }], 'ignore'),
      ),
    );

  test('marks a selector ignored iff an ignore selector names its pacticipant with no version, or its exact version', () => {
    fc.assert(
      fc.property(selectorArb, ignoreArb, (selectors, ignores) => {
        const marked = markIgnored(selectors, ignores);
        marked.forEach((m, i) => {
          const s = selectors[i]!;
          const covered = ignores.some(
            (ig) =>
              ig.pacticipantId === s.pacticipantId &&
              (ig.version.kind === 'all' || (ig.version.kind === 'one' && ig.version.id === versionIdOf(s))),
          );
          expect(m.ignored).toBe(covered);
          // Nothing else about the selector changes.
          expect({ ...m, ignored: false }).toEqual({ ...s, ignored: false });
        });
      }),
      { numRuns: 500 },
    );
  });

  test('is idempotent and never un-ignores', () => {
    fc.assert(
      fc.property(selectorArb, ignoreArb, ignoreArb, (selectors, first, second) => {
        const once = markIgnored(selectors, first);
        expect(markIgnored(once, first)).toEqual(once);
        const twice = markIgnored(once, second);
        twice.forEach((t, i) => expect(t.ignored || !once[i]!.ignored).toBe(true));
      }),
    );
  });
});
