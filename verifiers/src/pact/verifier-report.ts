// Reads the report the Pact verifier returns (pact_ffi's `pactffi_verifier_json`: pact-js resolves
// `verifyProvider()` with it, and rejects with it as the error message when verification fails) and
// matches its per-interaction results to the pacts Treaty selected.
import type { PactToVerify } from './treaty-pacts.ts';
import { InteractionOutcome, pactOutcome, type InteractionResult, type PactResult } from './verification-summary.ts';

interface MismatchEntry {
  type?: string;
  mismatch?: string;
  path?: string;
  key?: string;
}

export interface VerifierErrorEntry {
  /** "Verifying a pact between C and P[ Given S] - description" */
  interaction: string;
  mismatch?: { type?: string; message?: string; mismatches?: MismatchEntry[] };
}

export interface VerifierInteractionResult {
  description: string;
  /** "OK" when it passed; "Error"/"Failed"/... otherwise. */
  result: string;
  pending?: boolean;
}

/** The parts of the verifier's JSON report that Treaty reads. */
export interface VerifierReport {
  result?: boolean;
  notices?: Array<Record<string, string>>;
  output?: string[];
  errors?: VerifierErrorEntry[];
  pendingErrors?: VerifierErrorEntry[];
  interactionResults?: VerifierInteractionResult[];
}

/** The report, or undefined when `text` is not one (the verifier failed to run, e.g. "Verification was unable to run"). */
export function parseVerifierReport(text: unknown): VerifierReport | undefined {
  if (typeof text !== 'string' || !text.trimStart().startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const report = parsed as VerifierReport;
    return 'result' in report || 'errors' in report || 'interactionResults' in report ? report : undefined;
  } catch {
    return undefined;
  }
}

/** One readable line per mismatch or error. */
export function mismatchLines(entry: VerifierErrorEntry): string[] {
  const m = entry.mismatch;
  if (!m) return [];
  if (m.type === 'error') return [m.message ?? 'error'];
  return (m.mismatches ?? []).map((x) => {
    const where = x.path ?? x.key;
    return `${where ? `${where}: ` : ''}${x.mismatch ?? x.type ?? 'mismatch'}`;
  });
}

const passed = (result: string): boolean => result.trim().toLowerCase() === 'ok';

/**
 * The result of each selected pact. The verifier reports interactions in the order it verified them
 * (pact by pact, as Treaty listed them), by description only, so results are taken in order and a
 * description is looked up among the remaining ones when the order differs. Mismatch details come
 * from the error entries, whose key names the consumer and the interaction.
 */
export function pactResults(pacts: readonly PactToVerify[], report: VerifierReport, provider: string): PactResult[] {
  const results = report.interactionResults;
  const usedResults = new Set<number>();
  let cursor = 0;
  const errors = [...(report.errors ?? []), ...(report.pendingErrors ?? [])];
  const usedErrors = new Set<number>();

  const takeResult = (description: string): VerifierInteractionResult | undefined => {
    if (!results) return undefined;
    let index = results[cursor]?.description === description && !usedResults.has(cursor) ? cursor : -1;
    if (index < 0) index = results.findIndex((r, i) => !usedResults.has(i) && r.description === description);
    if (index < 0) return undefined;
    usedResults.add(index);
    cursor = index + 1;
    return results[index];
  };
  const takeError = (consumer: string, description: string): VerifierErrorEntry | undefined => {
    const index = errors.findIndex(
      (e, i) =>
        !usedErrors.has(i) && e.interaction.includes(`between ${consumer} and ${provider}`) && e.interaction.endsWith(` - ${description}`),
    );
    if (index < 0) return undefined;
    usedErrors.add(index);
    return errors[index];
  };

  return pacts.map((pact) => {
    const interactions = pact.interactions.map((interaction): InteractionResult => {
      const result = takeResult(interaction.description);
      const error = result && passed(result.result) ? undefined : takeError(pact.consumer, interaction.description);
      const outcome = result
        ? passed(result.result)
          ? InteractionOutcome.Passed
          : InteractionOutcome.Failed
        : results === undefined && error === undefined
          ? InteractionOutcome.Passed // an older verifier without per-interaction results: no error means it passed
          : error
            ? InteractionOutcome.Failed
            : InteractionOutcome.NotRun;
      return {
        description: interaction.description,
        providerStates: interaction.providerStates,
        outcome,
        mismatches: error ? mismatchLines(error) : [],
      };
    });
    return {
      consumer: pact.consumer,
      consumerVersion: pact.consumerVersion,
      selectedBecause: pact.selectedBecause,
      pending: pact.pending,
      wip: pact.wip,
      url: pact.url,
      outcome: pactOutcome(interactions, pact.pending),
      interactions,
    };
  });
}
