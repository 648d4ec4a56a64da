import { describe, expect, test } from 'vitest';
import { applyLatestBy, applySuccessFilter } from './latestby.ts';
import type { MatrixRow } from './matrix-row.ts';

const r = (cv: number, pv: number | null, verification: number | null, success: boolean | null, provider = 2): MatrixRow => ({
  consumerId: 1,
  consumerName: 'Foo',
  consumerVersionId: cv,
  consumerVersionNumber: String(cv),
  providerId: provider,
  providerName: `P${provider}`,
  pactPublicationId: cv,
  pactVersionId: cv,
  pactVersionSha: 'sha',
  pactRevision: 1,
  pactCreatedAt: new Date(0),
  providerVersionId: pv,
  providerVersionNumber: pv === null ? null : String(pv),
  verificationId: verification,
  verificationNumber: verification,
  success,
  verifiedAt: verification === null ? null : new Date(verification),
});
const ids = (rows: MatrixRow[]) =>
  rows.map((x) => `${x.consumerVersionId}/${x.providerId}/${x.providerVersionId}/${x.verificationId}`).sort();

describe('applyLatestBy (PB repository.rb#apply_latestby)', () => {
  const rows = [r(1, 10, 1, true), r(1, 10, 2, false), r(1, 11, 3, true), r(2, 10, 4, true), r(2, null, null, null, 3)];
  test.each([
    [
      'cvpv keeps the latest verification per consumer version × provider version',
      'cvpv' as const,
      ['1/2/10/2', '1/2/11/3', '2/2/10/4', '2/3/null/null'],
    ],
    [
      'cvp keeps the latest provider version per consumer version × provider (46: three versions collapse)',
      'cvp' as const,
      ['1/2/11/3', '2/2/10/4', '2/3/null/null'],
    ],
    ['cp keeps the latest consumer version per consumer × provider', 'cp' as const, ['2/2/10/4', '2/3/null/null']],
    ['no latestby keeps every row (history)', undefined, ['1/2/10/1', '1/2/10/2', '1/2/11/3', '2/2/10/4', '2/3/null/null']],
  ])('%s', (_name, latestby, expected) => {
    expect(ids(applyLatestBy(rows, latestby))).toEqual(expected);
  });

  test('46: success[]=true after cvp does not fall back to an older success', () => {
    const history = [r(1, 10, 1, true), r(1, 11, 2, false)];
    expect(applySuccessFilter(applyLatestBy(history, 'cvp'), [true])).toEqual([]);
  });
});
