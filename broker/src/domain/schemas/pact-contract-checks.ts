// A consumer's pact against what one provider version published to describe its API: its OpenAPI documents check the
// HTTP interactions, its AsyncAPI documents the asynchronous messages (bi-directional contract testing, issue #13).
// The result stands in for a provider verification, so it must cover the whole pact: interactions of a kind no
// document of that version describes leave the verification undecided (unknown), never passed.
import type { SchemaFile } from '@treaty/wire';
import { interactionCounts } from '@treaty/verifiers/asyncapi';
import { checkPactAgainstAsyncApi } from './asyncapi-checks.ts';
import { combine, unknown, type CheckOutcome } from './check-outcome.ts';
import { checkPactAgainstOpenApi } from './schema-checks.ts';
import type { ProviderContractKind } from './schema-kinds.ts';

export interface ContractDocument {
  readonly kind: ProviderContractKind;
  readonly files: readonly SchemaFile[];
}

export interface PactContractCheck {
  /** per document, in the order given: its outcome, or undefined when the pact has no interaction of its kind */
  readonly perDocument: ReadonlyArray<CheckOutcome | undefined>;
  /** the verification of the pact by the provider version: every document's outcome, and what none of them covers */
  readonly combined: CheckOutcome;
}

/** The documents a pact's interactions are checked against: OpenAPI ones when it has HTTP interactions, AsyncAPI ones when it has messages. */
export function documentsConcerned<D extends ContractDocument>(pactText: string, documents: readonly D[]): D[] {
  let pact: unknown;
  try {
    pact = JSON.parse(pactText) as unknown;
  } catch {
    return [...documents];
  }
  const counts = interactionCounts(pact);
  return documents.filter((d) => (d.kind === 'openapi' ? counts.http > 0 : counts.asynchronousMessages > 0));
}

export function checkPactAgainstContracts(
  pactText: string,
  documents: readonly ContractDocument[],
  providerLabel: string,
): PactContractCheck {
  let pact: unknown;
  try {
    pact = JSON.parse(pactText) as unknown;
  } catch {
    const notJson = unknown(['the pact is not JSON']);
    return { perDocument: documents.map(() => notJson), combined: notJson };
  }
  const counts = interactionCounts(pact);
  const perDocument = documents.map((d) => {
    if (d.kind === 'openapi') return counts.http > 0 ? checkPactAgainstOpenApi(pactText, d.files) : undefined;
    return counts.asynchronousMessages > 0 ? checkPactAgainstAsyncApi(pactText, d.files) : undefined;
  });
  const has = (kind: ProviderContractKind) => documents.some((d) => d.kind === kind);
  const uncovered = [
    ...(counts.http > 0 && !has('openapi')
      ? [
          `${plural(counts.http, 'HTTP interaction')} of the pact ${are(counts.http)} not covered: ${providerLabel} published no OpenAPI document`,
        ]
      : []),
    ...(counts.asynchronousMessages > 0 && !has('asyncapi')
      ? [
          `${plural(counts.asynchronousMessages, 'asynchronous message')} of the pact ${are(counts.asynchronousMessages)} not covered: ${providerLabel} published no AsyncAPI document`,
        ]
      : []),
    ...(counts.synchronousMessages > 0
      ? [
          `${plural(counts.synchronousMessages, 'synchronous message')} of the pact ${are(counts.synchronousMessages)} not covered: Treaty does not check request/response messages against a document`,
        ]
      : []),
  ];
  const outcomes = perDocument.filter((o): o is CheckOutcome => o !== undefined);
  const combined = combine([
    ...outcomes,
    ...(uncovered.length > 0 || outcomes.length === 0
      ? [unknown(uncovered.length > 0 ? uncovered : ['the pact has no interactions'])]
      : []),
  ]);
  return { perDocument, combined };
}

/** `2 HTTP interactions ... are`, `1 HTTP interaction ... is` */
const plural = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
const are = (n: number): string => (n === 1 ? 'is' : 'are');
