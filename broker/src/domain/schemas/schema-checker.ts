// The CPU-heavy schema comparisons (Buf's protobuf rules, JSON Schema, OpenAPI and AsyncAPI) behind one async
// interface, so callers do not care where they run: on a worker thread (workers/schema-check-pool.ts, the default,
// keeping the event loop free for other requests) or inline on the caller's thread (inlineSchemaChecker, below).
// Arguments and results are plain data (structured-cloneable).
import type { SchemaCompatibilityMode, SchemaFile, SchemaKind } from '@treaty/wire';
import { checkPactAgainstContracts, type ContractDocument, type PactContractCheck } from './pact-contract-checks.ts';
import { checkConsumerSchema, checkEvolution, type CheckOutcome } from './schema-checks.ts';

export interface SchemaChecker {
  checkEvolution(
    kind: SchemaKind,
    earlier: ReadonlyArray<readonly SchemaFile[]>,
    current: readonly SchemaFile[],
    mode: SchemaCompatibilityMode,
  ): Promise<CheckOutcome>;
  checkConsumerSchema(
    kind: SchemaKind,
    consumer: readonly SchemaFile[],
    provider: readonly SchemaFile[],
    mode: SchemaCompatibilityMode,
  ): Promise<CheckOutcome>;
  checkPactAgainstContracts(pactText: string, documents: readonly ContractDocument[], providerLabel: string): Promise<PactContractCheck>;
}

/** The comparisons themselves, by name: what a worker thread runs for a request of the pool. */
export const schemaComparisons = { checkEvolution, checkConsumerSchema, checkPactAgainstContracts } as const;
export type SchemaComparisonName = keyof typeof schemaComparisons;

/** Runs each comparison on the caller's thread (TREATY_SCHEMA_CHECK_WORKERS=0, and unit tests). */
export const inlineSchemaChecker: SchemaChecker = {
  checkEvolution: async (...args) => checkEvolution(...args),
  checkConsumerSchema: async (...args) => checkConsumerSchema(...args),
  checkPactAgainstContracts: async (...args) => checkPactAgainstContracts(...args),
};
