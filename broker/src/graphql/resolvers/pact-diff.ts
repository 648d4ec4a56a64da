// PactDiff: the domain's diff (domain/pacts/pact-diff.ts) with its text form.
import { formatPactDiff, type PactDiff, type ValueChange } from '../../domain/pacts/pact-diff.ts';
import type { PactRef } from '../../store/pacts/pact-refs.ts';

export interface PactDiffParent {
  previous: PactRef;
  diff: PactDiff;
}

const changeKind = { added: 'ADDED', removed: 'REMOVED', changed: 'CHANGED' } as const satisfies Record<ValueChange['kind'], string>;
const toChange = (c: ValueChange) => ({ path: c.path, kind: changeKind[c.kind], before: c.before ?? null, after: c.after ?? null });

export const pactDiffResolvers = {
  previous: (d: PactDiffParent) => d.previous,
  identical: (d: PactDiffParent) => d.diff.identical,
  text: (d: PactDiffParent) => formatPactDiff(d.diff),
  added: (d: PactDiffParent) => d.diff.added,
  removed: (d: PactDiffParent) => d.diff.removed,
  changed: (d: PactDiffParent) => d.diff.changed.map((c) => ({ label: c.label, changes: c.changes.map(toChange) })),
  documentChanges: (d: PactDiffParent) => d.diff.documentChanges.map(toChange),
};
