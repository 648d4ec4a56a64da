// The `schema-check` job: Treaty checks contracts itself when a schema or a pact is published (issue #8).
// - provider schema: against the provider's earlier publications per the subject's mode, and every consumer schema of
//   the subject against it (consumer-driven); an OpenAPI or AsyncAPI publication is also checked against the
//   provider's pacts;
// - consumer schema: against the provider schemas of the subject;
// - pact: against the OpenAPI and AsyncAPI publications of the provider versions that matter (the result is a real
//   verification, verifiedBy Treaty);
// - mode changed: the subject's checks again, under the new mode.
// Checks are stored per content pair and mode (store/schemas/contract-checks.ts), so a retried job overwrites its own results.
import type { SchemaCompatibilityMode, SchemaFinding } from '@treaty/wire';
import { documentsConcerned } from '../domain/schemas/pact-contract-checks.ts';
import type { SchemaChecker } from '../domain/schemas/schema-checker.ts';
import type { CheckOutcome } from '../domain/schemas/schema-checks.ts';
import { sharedSchemaChecker } from '../workers/schema-check-pool.ts';
import { CheckStatus, ContractCheckKind, isProviderContractKind, PactCheckKind } from '../domain/schemas/schema-kinds.ts';
import {
  contractCheckExists,
  distinctContents,
  findPactToCheck,
  providerContractsOfVersion,
  providerContractVersions,
  recentPactsForProvider,
  recordContractCheck,
  type ContentRef,
  type PactToCheck,
  type ProviderContract,
} from '../store/schemas/contract-checks.ts';
import type { Db } from '../store/db.ts';
import { enqueueJobs } from '../store/job-queue.ts';
import { jobTriggerOptions, type GitHubStatusJobPayload } from '../store/pacts/publication-events.ts';
import { findPublicationsByIds, latestProviderPublicationIds, type PublicationWithFiles } from '../store/schemas/schema-publications.ts';
import { findSubjectMode } from '../store/schemas/subjects.ts';
import { recordVerification } from '../store/verifications.ts';
import { findSelfVerification } from '../store/schemas/provider-contracts.ts';
import type { SchemaCheckJobPayload } from '../store/schemas/schema-check-jobs.ts';
import type { JobContext, JobHandler, JobOutcome } from './job-runner.ts';

const TREATY_VERIFIER = { implementation: 'Treaty', version: '0.1.0' };

/** The comparisons run on the process's worker threads (TREATY_SCHEMA_CHECK_WORKERS), off the event loop. */
const checkerFor = (ctx: JobContext): SchemaChecker => sharedSchemaChecker(ctx.config.limits.schemaCheckWorkers);

export const runSchemaCheck: JobHandler = async (job, ctx) => {
  const payload = job.payload as SchemaCheckJobPayload;
  switch (payload.trigger) {
    case 'schema-published':
      return onSchemaPublished(ctx, payload.publicationId);
    case 'pact-published':
      return onPactPublished(ctx, payload.pactVersionId);
    case 'mode-changed':
      return onModeChanged(ctx, payload.subjectId);
    default: {
      const never: never = payload;
      return { status: 'failed', error: `unknown schema-check trigger ${JSON.stringify(never)}` };
    }
  }
};

async function onSchemaPublished(ctx: JobContext, publicationId: number): Promise<JobOutcome> {
  const db = ctx.db;
  const [publication] = await findPublicationsByIds(db, [publicationId]);
  // deleted since (its version or pacticipant was removed): nothing left to check
  if (!publication) return { status: 'done' };
  const mode = (await findSubjectMode(db, publication.subjectId)) ?? 'BACKWARD';
  if (publication.role === 'provider') {
    await checkProviderEvolution(db, checkerFor(ctx), publication, mode);
    for (const consumer of await distinctContents(db, publication.subjectId, 'consumer')) {
      await checkPair(ctx, checkerFor(ctx), publication.subjectId, mode, consumer, asContentRef(publication));
    }
    if (isProviderContractKind(publication.kind)) {
      const contracts = await providerContractsOfVersion(db, publication.versionId);
      for (const pact of await recentPactsForProvider(db, publication.pacticipantId)) await checkPact(ctx, pact, contracts);
    }
  } else {
    for (const provider of await distinctContents(db, publication.subjectId, 'provider')) {
      await checkPair(ctx, checkerFor(ctx), publication.subjectId, mode, asContentRef(publication), provider);
    }
  }
  return { status: 'done' };
}

const asContentRef = (p: PublicationWithFiles): ContentRef => ({
  contentId: p.contentId,
  versionId: p.versionId,
  pacticipantId: p.pacticipantId,
  kind: p.kind,
  files: p.files,
});

/** The provider's publication against its own earlier ones (oldest first), per the mode. */
async function checkProviderEvolution(
  db: Db,
  checker: SchemaChecker,
  publication: PublicationWithFiles,
  mode: SchemaCompatibilityMode,
): Promise<void> {
  const earlier = (
    await distinctContents(db, publication.subjectId, 'provider', {
      pacticipantId: publication.pacticipantId,
      beforeVersionId: publication.versionId,
    })
  )
    .filter((c) => c.contentId !== publication.contentId)
    .reverse();
  const outcome = await checker.checkEvolution(
    publication.kind,
    earlier.map((c) => c.files),
    publication.files,
    mode,
  );
  const latest = earlier[earlier.length - 1];
  await recordContractCheck(db, {
    checkKey: `evolution:${publication.subjectId}:${publication.versionId}:${publication.contentId}:${mode}`,
    kind: ContractCheckKind.providerEvolution,
    subjectId: publication.subjectId,
    compatibility: mode,
    baseContentId: latest?.contentId ?? null,
    providerContentId: publication.contentId,
    consumerVersionId: latest?.versionId ?? null,
    providerVersionId: publication.versionId,
    ...stored(outcome),
  });
}

/**
 * A consumer content against a provider content (a matrix row for every version pair that published them). With
 * TREATY_GITHUB_TOKEN set, the result also goes to GitHub as a commit status on the consumer version's commit
 * (and a check run with TREATY_GITHUB_CHECK_RUNS), like a pact verification's.
 */
async function checkPair(
  ctx: JobContext,
  checker: SchemaChecker,
  subjectId: number,
  mode: SchemaCompatibilityMode,
  consumer: ContentRef,
  provider: ContentRef,
): Promise<void> {
  const db = ctx.db;
  const outcome = await checker.checkConsumerSchema(provider.kind, consumer.files, provider.files, mode);
  const checkId = await recordContractCheck(db, {
    checkKey: `consumer:${subjectId}:${consumer.contentId}:${provider.contentId}:${mode}`,
    kind: ContractCheckKind.consumerSchema,
    subjectId,
    compatibility: mode,
    baseContentId: consumer.contentId,
    providerContentId: provider.contentId,
    consumerVersionId: consumer.versionId,
    providerVersionId: provider.versionId,
    ...stored(outcome),
  });
  if (ctx.config.github.token !== undefined) {
    const payload: GitHubStatusJobPayload = { trigger: 'schema-check', baseUrl: null, contractCheckId: checkId };
    // One status per check result: a retried job that records the same result enqueues nothing new.
    await enqueueJobs(db, [
      {
        kind: 'github-status',
        payload,
        dedupeKey: `github-status:cc${checkId}:${outcome.status}`,
        maxAttempts: ctx.config.webhooks.maxAttempts,
      },
    ]);
  }
}

/** Unknown outcomes keep their reasons as findings of their own, so users see why Treaty could not decide. */
function stored(outcome: CheckOutcome): { status: CheckStatus; findings: CheckOutcome['findings'] } {
  const reasons = outcome.reasons.map((message) => ({
    rule: 'UNDECIDED',
    file: null,
    line: null,
    column: null,
    message,
    severity: 'warning' as const,
  }));
  return { status: outcome.status, findings: [...outcome.findings, ...reasons] };
}

const pactCheckKey = (pact: PactToCheck, c: ProviderContract): string =>
  `${PactCheckKind[c.kind]}:${pact.pactVersionId}:${c.contentId}:${c.versionId}`;

/**
 * A pact against the OpenAPI and AsyncAPI documents of one provider version (`contracts`, all of that version's),
 * recorded as a verification of that pact content by that version, so Pact clients, badges and the matrix see it as
 * they see any verification. Each document's own result is kept with its subject's checks. An undecided check (an
 * interaction no document covers, a document Treaty cannot read) records no verification: the matrix then says
 * "unknown". Done once per pact content and set of documents (a retried job, or a later publication of the same
 * version that adds a document, runs it again).
 */
async function checkPact(ctx: JobContext, pact: PactToCheck, contracts: readonly ProviderContract[]): Promise<void> {
  const db = ctx.db;
  const concerned = documentsConcerned(pact.content, contracts);
  const [version] = contracts;
  if (!version || concerned.length === 0) return;
  const done = await Promise.all(concerned.map((c) => contractCheckExists(db, pactCheckKey(pact, c))));
  if (done.every(Boolean)) return;
  const { perDocument, combined } = await checkerFor(ctx).checkPactAgainstContracts(
    pact.content,
    contracts,
    `${pact.providerName} ${version.versionNumber}`,
  );
  if (combined.status !== CheckStatus.unknown) {
    // PactFlow: a provider contract whose own self-verification failed verifies no pact, whatever the comparison says.
    const selfVerification = await findSelfVerification(db, version.versionId);
    const selfVerificationFailedFinding =
      selfVerification && !selfVerification.success ? selfVerificationFailed(pact.providerName, version.versionNumber) : undefined;
    const findings = selfVerificationFailedFinding ? [selfVerificationFailedFinding, ...combined.findings] : combined.findings;
    await recordVerification(
      db,
      {
        providerName: pact.providerName,
        consumerName: pact.consumerName,
        sha: pact.sha,
        providerVersionNumber: version.versionNumber,
        success: !selfVerificationFailedFinding && combined.status === CheckStatus.success,
        testResults: {
          summary: {
            testCount: findings.length,
            failureCount: findings.filter((f) => f.severity !== 'warning' && f.severity !== 'info').length,
          },
          findings,
        },
        verifiedBy: TREATY_VERIFIER,
      },
      jobTriggerOptions(ctx.config, undefined),
    );
  }
  for (const [i, contract] of contracts.entries()) {
    const outcome = perDocument[i];
    if (outcome === undefined) continue; // the pact has no interaction of this document's kind
    // when the verification is undecided because of something else (e.g. messages and no AsyncAPI document), say so here too
    const reasons = combined.status === CheckStatus.unknown ? [...new Set([...outcome.reasons, ...combined.reasons])] : outcome.reasons;
    await recordContractCheck(db, {
      checkKey: pactCheckKey(pact, contract),
      kind: PactCheckKind[contract.kind],
      subjectId: contract.subjectId,
      compatibility: 'NONE',
      baseContentId: null,
      providerContentId: contract.contentId,
      consumerVersionId: pact.consumerVersionId,
      providerVersionId: contract.versionId,
      ...stored({ ...outcome, reasons }),
    });
  }
}

const selfVerificationFailed = (provider: string, version: string): SchemaFinding => ({
  rule: 'provider.self-verification.failed',
  file: null,
  line: null,
  column: null,
  message: `${provider} ${version} published its provider contract with a failed self-verification (its own test run), so it verifies no pact. Fix the provider and publish the contract again with passing results.`,
  severity: 'error',
});

async function onPactPublished(ctx: JobContext, pactVersionId: number): Promise<JobOutcome> {
  const db = ctx.db;
  const pact = await findPactToCheck(db, pactVersionId);
  if (!pact) return { status: 'done' };
  for (const versionId of await providerContractVersions(db, pact.providerId)) {
    await checkPact(ctx, pact, await providerContractsOfVersion(db, versionId));
  }
  return { status: 'done' };
}

async function onModeChanged(ctx: JobContext, subjectId: number): Promise<JobOutcome> {
  const db = ctx.db;
  const mode = await findSubjectMode(db, subjectId);
  if (!mode) return { status: 'done' };
  const providers = await distinctContents(db, subjectId, 'provider');
  for (const consumer of await distinctContents(db, subjectId, 'consumer')) {
    for (const provider of providers) await checkPair(ctx, checkerFor(ctx), subjectId, mode, consumer, provider);
  }
  // the latest provider publication of each provider pacticipant, against its earlier ones
  for (const publication of await findPublicationsByIds(db, await latestProviderPublicationIds(db, subjectId)))
    await checkProviderEvolution(db, checkerFor(ctx), publication, mode);
  return { status: 'done' };
}
