// The text/plain /matrix body: a table, then "Deployable:" and "Reason:" lines
// (PB spec/fixtures/approvals/matrix_full_body_text.approved.txt).
import type { MatrixRow } from './matrix-row.ts';

const HEADERS = ['CONSUMER', 'C_VERSION', 'REVISION', 'PROVIDER', 'P_VERSION', 'NUMBER', 'SUCCESS'] as const;

export function formatMatrixText(
  rows: ReadonlyArray<MatrixRow & { ignored?: boolean }>,
  deployable: boolean | null,
  reason: string,
): string {
  const cells = rows.map((r) => [
    r.consumerName,
    r.consumerVersionNumber,
    String(r.pactRevision),
    r.providerName,
    r.providerVersionNumber ?? '',
    r.verificationNumber === null ? '' : String(r.verificationNumber),
    (r.success === null ? '' : String(r.success)) + (r.ignored ? ' (ignored)' : ''),
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => v.padEnd(widths[i]!))
      .join(' | ')
      .trimEnd();
  const table = [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)];
  return `${table.join('\n')}\n\nDeployable: ${deployable === null ? 'nil' : String(deployable)}\nReason: ${reason}\n`;
}
