// latestby, the success filter and the limit, applied to rows in this order
// (PB matrix/repository.rb#apply_latestby, #apply_success_filter).
//
// The limit: the Pact Broker applies `limit` in SQL to the pact publications *before* latestby and the
// success filter, so with busy integrations whole integrations silently disappear and can-i-deploy
// answers from a partial matrix (PB issue #286, pact_broker-client issue #53). Treaty never limits the
// rows the decision is made from: with a latestby, the decision uses every row after latestby and the
// success filter, and `limit` only bounds how many rows the response lists. Without a latestby (the
// history view) rows are independent of each other, so the store may apply the limit in SQL.
import { contractKey, type MatrixRow } from './matrix-row.ts';
import type { LatestBy } from './selectors.ts';

const keyFor: Record<LatestBy, (r: MatrixRow) => string> = {
  cvpv: (r) => `${contractKey(r)}${r.consumerVersionId}/${r.providerId}/${r.providerVersionId ?? ''}`,
  cvp: (r) => `${contractKey(r)}${r.consumerVersionId}/${r.providerId}`,
  cp: (r) => `${contractKey(r)}${r.consumerId}/${r.providerId}`,
};

/** True when `a` should be kept over `b` for the same latestby key. */
function isLater(a: MatrixRow, b: MatrixRow): boolean {
  if (a.consumerVersionId !== b.consumerVersionId) return a.consumerVersionId > b.consumerVersionId;
  const ap = a.providerVersionId ?? -1;
  const bp = b.providerVersionId ?? -1;
  if (ap !== bp) return ap > bp;
  return (a.verificationId ?? -1) > (b.verificationId ?? -1);
}

/**
 * cvpv: per consumer version × provider version, the latest verification (rows without one are kept).
 * cvp: per consumer version × provider, the row of the latest provider version — its own result, never
 * an older success. cp: per consumer × provider, the latest consumer version's latest row.
 */
export function applyLatestBy(rows: readonly MatrixRow[], latestby: LatestBy | undefined): MatrixRow[] {
  if (!latestby) return [...rows];
  const key = keyFor[latestby];
  const kept = new Map<string, MatrixRow>();
  for (const row of rows) {
    const k = key(row);
    const current = kept.get(k);
    if (!current || isLater(row, current)) kept.set(k, row);
  }
  return [...kept.values()];
}

/** `success[]=true|false|` keeps rows whose result is one of the values ('' = no result). */
export function applySuccessFilter(rows: readonly MatrixRow[], success: ReadonlyArray<boolean | null> | undefined): MatrixRow[] {
  if (!success) return [...rows];
  return rows.filter((r) => success.includes(r.success));
}
