// The deployable decision, its counts and reasons (PB lib/pact_broker/matrix/deployment_status_summary.rb).
//
// Order of the decision (can-i-deploy.md §4):
// 1. false  — a considered, specified selector matched no version;
// 2. null   — a considered row has no verification result (unknown beats failed);
// 3. null   — a required, non-ignored integration has no row at all;
// 4. otherwise every considered row succeeded → true (so true with no rows), else false.
import type { Integration, MatrixRow } from './matrix-row.ts';
import type { IntegrationTotals } from './query-matrix.ts';
import { reasonText, type Reason } from './reasons.ts';
import {
  dummySelector,
  ignoreCovers,
  onlyPacticipantSpecified,
  pacticipantExists,
  versionExists,
  versionIdOf,
  type ResolvedSelector,
} from './resolved-selector.ts';

export type Deployable = boolean | null;

export interface DecisionInput {
  /** Specified and inferred selectors, already marked ignored where an ignore selector covers them. */
  selectors: readonly ResolvedSelector[];
  ignoreSelectors: readonly ResolvedSelector[];
  /** Rows after latestby and the success filter. */
  rows: readonly MatrixRow[];
  integrations: readonly Integration[];
  /** How many selectors the query specified (before resolution), for the environment warning. */
  specifiedCount: number;
  /** The query had a tag, environment or main-branch destination. */
  hasTagEnvironmentOrMainBranch: boolean;
  /**
   * Set when `rows` is a store summary (query-matrix.ts RowSummary, no ignore selectors): `rows` holds at least one
   * row for each reason the rows give, and these are every integration's counts (the counts come from here).
   */
  totals?: readonly IntegrationTotals[];
}

export interface Counts {
  success: number;
  failed: number;
  unknown: number;
  /** Present only when the query had ignore selectors. */
  ignored?: number;
}

export interface DeploymentDecision {
  deployable: Deployable;
  /** Warnings first, then the errors, or the success reason when there are none. */
  reasons: Reason[];
  counts: Counts;
  consideredRows: MatrixRow[];
  ignoredRows: MatrixRow[];
}

export function isRowIgnored(row: MatrixRow, ignores: readonly ResolvedSelector[]): boolean {
  return ignores.some(
    (i) => ignoreCovers(i, row.consumerId, row.consumerVersionId) || ignoreCovers(i, row.providerId, row.providerVersionId),
  );
}

/** Ignored when an ignore selector covers a whole side, or every selector for one side is ignored. */
function isIntegrationIgnored(integration: Integration, input: DecisionInput): boolean {
  const sideIgnored = (pacticipantId: number) => {
    if (input.ignoreSelectors.some((i) => i.version.kind === 'all' && i.pacticipantId === pacticipantId)) return true;
    const own = input.selectors.filter((s) => s.pacticipantId === pacticipantId);
    return own.length > 0 && own.every((s) => s.ignored);
  };
  return sideIgnored(integration.consumerId) || sideIgnored(integration.providerId);
}

function selectorFor(
  selectors: readonly ResolvedSelector[],
  pacticipantId: number,
  name: string,
  versionId: number | null,
  versionNumber: string | null,
): ResolvedSelector {
  const forPacticipant = selectors.filter((s) => s.pacticipantId === pacticipantId);
  return (
    forPacticipant.find((s) => versionId !== null && versionIdOf(s) === versionId) ??
    forPacticipant[0] ??
    dummySelector(pacticipantId, name, versionId !== null && versionNumber !== null ? { id: versionId, number: versionNumber } : null)
  );
}

function rowSelectors(row: MatrixRow, selectors: readonly ResolvedSelector[]) {
  return {
    consumer: selectorFor(selectors, row.consumerId, row.consumerName, row.consumerVersionId, row.consumerVersionNumber),
    provider: selectorFor(selectors, row.providerId, row.providerName, row.providerVersionId, row.providerVersionNumber),
  };
}

function warnings(input: DecisionInput): Reason[] {
  const result: Reason[] = [];
  const specified = input.selectors.filter((s) => s.type === 'specified');
  if (specified.some((s) => s.original.version === undefined && !onlyPacticipantSpecified(s.original))) {
    result.push({ kind: 'selectorWithoutPacticipantVersionNumberSpecified' });
  }
  if (input.specifiedCount === 1 && !input.hasTagEnvironmentOrMainBranch) result.push({ kind: 'noEnvironmentSpecified' });
  for (const selector of input.ignoreSelectors) {
    if (!pacticipantExists(selector) || !versionExists(selector)) result.push({ kind: 'ignoreSelectorDoesNotExist', selector });
  }
  return result;
}

function uniqueByText(reasons: readonly Reason[]): Reason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const text = reasonText(r);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
}

export function decideDeployability(input: DecisionInput): DeploymentDecision {
  const ignoredRows = input.rows.filter((r) => isRowIgnored(r, input.ignoreSelectors));
  const consideredRows = input.rows.filter((r) => !isRowIgnored(r, input.ignoreSelectors));
  const missingSpecified = input.selectors.filter((s) => s.type === 'specified' && !s.ignored && !versionExists(s));
  const { totals } = input;
  const hasRows = (i: Integration) =>
    totals
      ? totals.some((t) => t.consumerId === i.consumerId && t.providerId === i.providerId && t.rows > 0)
      : input.rows.some((r) => r.consumerId === i.consumerId && r.providerId === i.providerId);
  const missingIntegrations = input.integrations.filter((i) => i.required && !isIntegrationIgnored(i, input) && !hasRows(i));
  const unverified = consideredRows.filter((r) => r.success === null);
  const failed = consideredRows.filter((r) => r.success === false);

  let deployable: Deployable;
  if (missingSpecified.length > 0) deployable = false;
  else if (unverified.length > 0 || missingIntegrations.length > 0) deployable = null;
  else deployable = failed.length === 0;

  const errors: Reason[] =
    missingSpecified.length > 0
      ? missingSpecified.map((selector) => ({ kind: 'specifiedVersionDoesNotExist', selector }))
      : [
          ...missingIntegrations.map((i): Reason => ({
            kind: 'pactNotVerifiedByRequiredProviderVersion',
            consumer: selectorFor(input.selectors, i.consumerId, i.consumerName, null, null),
            provider: selectorFor(input.selectors, i.providerId, i.providerName, null, null),
          })),
          ...failed.map((r): Reason =>
            r.contract
              ? {
                  kind: 'schemaCheckFailed',
                  subject: r.contract.subject,
                  breakingChange: r.contract.breakingChange,
                  ...rowSelectors(r, input.selectors),
                }
              : { kind: 'verificationFailed', ...rowSelectors(r, input.selectors) },
          ),
          ...unverified.map((r): Reason =>
            r.contract
              ? {
                  kind: 'schemaCheckMissing',
                  subject: r.contract.subject,
                  undecided: r.contract.checkStatus === 'unknown',
                  ...rowSelectors(r, input.selectors),
                }
              : { kind: 'pactNotEverVerifiedByProvider', ...rowSelectors(r, input.selectors) },
          ),
        ];
  const anyRows = totals ? totals.some((t) => t.rows > 0) : consideredRows.length > 0;
  const outcome: Reason[] = errors.length > 0 ? errors : [{ kind: anyRows ? 'successful' : 'noDependenciesMissing' }];

  // A summary's rows name each reason once, not every failed or unverified row: its counts are the store's.
  const total = (count: (t: IntegrationTotals) => number) => (totals ?? []).reduce((sum, t) => sum + count(t), 0);
  const counts: Counts = {
    success: totals ? total((t) => t.successes) : consideredRows.filter((r) => r.success === true).length,
    failed: totals ? total((t) => t.failures) : failed.length,
    unknown: (totals ? total((t) => t.unknowns) : unverified.length) + missingIntegrations.length,
  };
  if (input.ignoreSelectors.length > 0) counts.ignored = ignoredRows.length;

  return { deployable, reasons: uniqueByText([...warnings(input), ...outcome]), counts, consideredRows, ignoredRows };
}

/** `summary.reason`: the reasons joined with newlines. */
export const summaryReason = (decision: Pick<DeploymentDecision, 'reasons'>): string => decision.reasons.map(reasonText).join('\n');
