// The outcome of a check Treaty runs itself (success / failure / unknown with findings), and how outcomes combine.
import type { SchemaFinding } from '@treaty/wire';
import { CheckStatus } from './schema-kinds.ts';

export interface CheckOutcome {
  status: CheckStatus;
  /** Errors first (they decide failure), then warnings and compatible changes (severity info). */
  findings: SchemaFinding[];
  /** Why the outcome is unknown (empty otherwise). */
  reasons: string[];
}

export const success = (findings: SchemaFinding[] = []): CheckOutcome => ({ status: CheckStatus.success, findings, reasons: [] });
export const unknown = (reasons: string[], findings: SchemaFinding[] = []): CheckOutcome => ({
  status: CheckStatus.unknown,
  findings,
  reasons,
});
export const errorsFirst = (findings: SchemaFinding[]): SchemaFinding[] => [...findings].sort((a, b) => rank(a) - rank(b));
const rank = (f: SchemaFinding): number => (f.severity === undefined || f.severity === 'error' ? 0 : f.severity === 'warning' ? 1 : 2);

/** Combines outcomes: any failure fails, else any unknown is unknown, else success. */
export function combine(outcomes: readonly CheckOutcome[]): CheckOutcome {
  const findings = errorsFirst(outcomes.flatMap((o) => o.findings));
  if (outcomes.some((o) => o.status === CheckStatus.failure)) return { status: CheckStatus.failure, findings, reasons: [] };
  const reasons = outcomes.flatMap((o) => o.reasons);
  return outcomes.some((o) => o.status === CheckStatus.unknown) ? unknown(reasons, findings) : success(findings);
}

/** A pact compared with a provider contract (OpenAPI or AsyncAPI): its verdict as an outcome, with its findings. */
export type PactComparisonVerdict = { status: 'compatible' | 'incompatible' } | { status: 'unknown'; reasons: readonly string[] };

export function fromPactComparison(result: PactComparisonVerdict, findings: SchemaFinding[]): CheckOutcome {
  if (result.status === 'unknown') return unknown([...result.reasons], findings);
  return result.status === 'compatible' ? success(findings) : { status: CheckStatus.failure, findings: errorsFirst(findings), reasons: [] };
}
