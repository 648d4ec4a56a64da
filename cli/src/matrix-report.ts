// The text can-i-deploy prints, laid out as the pact-broker CLI lays it out (PBC can_i_deploy.rb,
// matrix/text_formatter.rb): the verdict, the matrix table, the verification result URLs, then the
// notices (or the summary reason from brokers that send no notices).
import type { MatrixResponse, MatrixRowBody } from '@treaty/wire';
import { formatTable } from './table.ts';

const UNKNOWN = '???';

/** A 40-character git SHA inside a version number is shortened to 7 characters (PBC abbreviate_version_number.rb). */
export function abbreviateVersion(version: string | undefined): string {
  if (version === undefined) return UNKNOWN;
  return version.replace(/\b([0-9a-f]{7})[0-9a-f]{33}\b/g, '$1');
}

function resultUrl(row: MatrixRowBody): string | undefined {
  return row.verificationResult?._links?.self?.href;
}

export function formatMatrixTable(rows: MatrixRowBody[]): string {
  if (rows.length === 0) return '';
  let resultNumber = 0;
  const cells = rows.map((row) => {
    const url = resultUrl(row);
    if (url) resultNumber += 1;
    const success = row.verificationResult ? String(row.verificationResult.success) : UNKNOWN;
    return [
      row.consumer?.name ?? UNKNOWN,
      abbreviateVersion(row.consumer?.version?.number),
      row.provider?.name ?? UNKNOWN,
      abbreviateVersion(row.provider?.version?.number ?? undefined),
      row.ignored ? `${success} [ignored]` : success,
      url ? String(resultNumber) : '',
    ];
  });
  const table = formatTable(['CONSUMER', 'C.VERSION', 'PROVIDER', 'P.VERSION', 'SUCCESS?', 'RESULT#'], cells);
  const urls = rows
    .filter((row) => resultUrl(row))
    .map((row, i) => `${i + 1}. ${resultUrl(row)} (${row.verificationResult?.success ? 'success' : 'failure'})`);
  return urls.length > 0 ? `${table}\n\nVERIFICATION RESULTS\n--------------------\n${urls.join('\n')}` : table;
}

function noticesOrReason(body: MatrixResponse): string {
  if (Array.isArray(body.notices) && body.notices.length > 0) return body.notices.map((n) => n.text).join('\n');
  return body.summary?.reason ?? '';
}

export interface ReportOptions {
  dryRun: boolean;
}

export function formatCanIDeployReport(body: MatrixResponse, options: ReportOptions): string {
  const yes = body.summary?.deployable === true;
  const verdict = yes
    ? options.dryRun
      ? "Computer says yes \\o/ (and maybe you don't need to enable dry run)"
      : 'Computer says yes \\o/'
    : options.dryRun
      ? "Computer says no ¯\\_(ツ)_/¯ (but you're ignoring this by enabling dry run)"
      : 'Computer says no ¯\\_(ツ)_/¯';
  const table = formatMatrixTable(Array.isArray(body.matrix) ? body.matrix : []);
  const text = [verdict, ...(table ? [table] : []), noticesOrReason(body)].join('\n\n');
  return options.dryRun ? dryRun(text) : text;
}

/** Prefixes every line with `[dry-run] ` and adds the dry-run footer. */
export function dryRun(text: string): string {
  const lines = text.split('\n').map((line) => `[dry-run] ${line}`.trimEnd());
  return [...lines, '[dry-run]', '[dry-run] Dry run enabled - ignoring any failures'].join('\n');
}
