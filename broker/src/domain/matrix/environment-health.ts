// Environment health and promotion planning (issue #17): the release manager's two questions, answered by the same
// matrix machinery as can-i-deploy so the answers can never disagree with it.
//
// Health: is every integration between the versions currently deployed or released in an environment verified?
// It is the matrix of those versions against each other (no destination: only pairs between them, every
// integration required), latest verification per consumer version × provider version (cvpv).
//
// Promotion: can the versions in a source environment (or a given list) go to a target environment together?
// The promoted versions replace the target's versions of the same pacticipants; every other pacticipant stays
// at the version(s) the target runs now. It is exactly the multi-selector can-i-deploy
// `--pacticipant A --version 1 --pacticipant B --version 2 --to-environment target`.
import { applyLatestBy } from './latestby.ts';
import type { Integration, MatrixRow } from './matrix-row.ts';
import { decideDeployability, type DeploymentDecision } from './deployment-decision.ts';
import { queryMatrix, type MatrixOutcome, type MatrixReader } from './query-matrix.ts';
import { reasonText, type Reason } from './reasons.ts';
import { resolveSelector, type ResolvedSelector } from './resolved-selector.ts';
import type { QueryIssue } from './selectors.ts';

/** One version currently deployed or released (and supported) in an environment. */
export interface EnvironmentVersion {
  pacticipantId: number;
  pacticipantName: string;
  versionId: number;
  versionNumber: string;
}

export type PairStatus = 'verified' | 'failed' | 'unverified';

/** The verdict on one consumer version × provider version × contract (a pact, or a schema subject). */
export interface PairVerdict {
  status: PairStatus;
  consumerName: string;
  consumerVersionNumber: string | null;
  providerName: string;
  /** null: no selected provider version verified (or checked) this contract. */
  providerVersionNumber: string | null;
  kind: 'pact' | 'schema';
  /** Schema pairs: the subject. */
  subject: string | null;
  /** Pact pairs: the SHA of the pact content (links to the pact and its verification). */
  pactSha: string | null;
  /** Pact pairs: the verification's number for this content (1, 2, 3... as in verification-results URLs). */
  verificationNumber: number | null;
  /** The Pact Broker's reason text for this pair. */
  reason: string;
}

export interface VerdictCounts {
  verified: number;
  failed: number;
  unverified: number;
}

/** failed beats unverified beats verified, as in can-i-deploy (except that unknown beats failed there). */
export type HealthStatus = 'healthy' | 'failing' | 'unverified';

export interface EnvironmentHealth {
  status: HealthStatus;
  counts: VerdictCounts;
  /** Failures first, then unverified, then verified; by consumer, provider. */
  pairs: PairVerdict[];
  /** Versions in the environment (deployments and supported releases), by pacticipant name. */
  versions: EnvironmentVersion[];
}

const STATUS_ORDER: Record<PairStatus, number> = { failed: 0, unverified: 1, verified: 2 };

export function compareVerdicts(a: PairVerdict, b: PairVerdict): number {
  return (
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    a.consumerName.localeCompare(b.consumerName) ||
    a.providerName.localeCompare(b.providerName) ||
    (a.subject ?? '').localeCompare(b.subject ?? '')
  );
}

export function countVerdicts(pairs: readonly PairVerdict[]): VerdictCounts {
  const counts: VerdictCounts = { verified: 0, failed: 0, unverified: 0 };
  for (const p of pairs) counts[p.status]++;
  return counts;
}

export function healthStatus(counts: VerdictCounts): HealthStatus {
  if (counts.failed > 0) return 'failing';
  if (counts.unverified > 0) return 'unverified';
  return 'healthy';
}

/** The selector of each environment version: `version N of P`, as can-i-deploy describes a specified version. */
function selectorsOf(versions: readonly EnvironmentVersion[]): ResolvedSelector[] {
  return versions.flatMap((v) =>
    resolveSelector(
      { pacticipant: v.pacticipantName, version: v.versionNumber },
      { id: v.pacticipantId, name: v.pacticipantName, mainBranch: null },
      [{ id: v.versionId, number: v.versionNumber }],
      'specified',
    ),
  );
}

/**
 * The verdict of every considered row, and of every required integration that has no row at all (unverified),
 * with the reason can-i-deploy gives for it.
 */
export function pairVerdicts(
  decision: DeploymentDecision,
  selectors: readonly ResolvedSelector[],
  integrations: readonly Integration[],
): PairVerdict[] {
  const byVersion = new Map<number, ResolvedSelector>();
  const byPacticipant = new Map<number, ResolvedSelector>();
  for (const s of selectors) {
    if (s.version.kind === 'one') byVersion.set(s.version.id, s);
    if (s.pacticipantId !== null && !byPacticipant.has(s.pacticipantId)) byPacticipant.set(s.pacticipantId, s);
  }
  const selectorFor = (pacticipantId: number, name: string, versionId: number | null, number: string | null): ResolvedSelector =>
    (versionId !== null ? byVersion.get(versionId) : undefined) ??
    byPacticipant.get(pacticipantId) ??
    resolveSelector(
      { pacticipant: name, ...(number !== null ? { version: number } : {}) },
      { id: pacticipantId, name, mainBranch: null },
      number !== null && versionId !== null ? [{ id: versionId, number }] : [],
      'inferred',
    )[0]!;

  const verdicts = decision.consideredRows.map((row) => rowVerdict(row, selectorFor));
  for (const i of integrations) {
    if (!i.required || decision.consideredRows.some((r) => r.consumerId === i.consumerId && r.providerId === i.providerId)) continue;
    if (decision.ignoredRows.some((r) => r.consumerId === i.consumerId && r.providerId === i.providerId)) continue;
    const consumer = byPacticipant.get(i.consumerId);
    if (!consumer || consumer.ignored) continue;
    const reason: Reason = {
      kind: 'pactNotVerifiedByRequiredProviderVersion',
      consumer,
      provider: selectorFor(i.providerId, i.providerName, null, null),
    };
    verdicts.push({
      status: 'unverified',
      consumerName: i.consumerName,
      consumerVersionNumber: consumer.version.kind === 'one' ? consumer.version.number : null,
      providerName: i.providerName,
      providerVersionNumber: null,
      kind: 'pact',
      subject: null,
      pactSha: null,
      verificationNumber: null,
      reason: reasonText(reason),
    });
  }
  return verdicts.sort(compareVerdicts);
}

function rowVerdict(
  row: MatrixRow,
  selectorFor: (pacticipantId: number, name: string, versionId: number | null, number: string | null) => ResolvedSelector,
): PairVerdict {
  const consumer = selectorFor(row.consumerId, row.consumerName, row.consumerVersionId, row.consumerVersionNumber);
  const provider = selectorFor(row.providerId, row.providerName, row.providerVersionId, row.providerVersionNumber);
  const status: PairStatus = row.success === true ? 'verified' : row.success === false ? 'failed' : 'unverified';
  let reason: Reason;
  if (row.contract) {
    const subject = row.contract.subject;
    reason =
      status === 'failed'
        ? { kind: 'schemaCheckFailed', subject, breakingChange: row.contract.breakingChange, consumer, provider }
        : status === 'unverified'
          ? { kind: 'schemaCheckMissing', subject, undecided: row.contract.checkStatus === 'unknown', consumer, provider }
          : { kind: 'successful' };
  } else {
    reason =
      status === 'failed'
        ? { kind: 'verificationFailed', consumer, provider }
        : status === 'unverified'
          ? { kind: 'pactNotEverVerifiedByProvider', consumer, provider }
          : { kind: 'successful' };
  }
  return {
    status,
    consumerName: row.consumerName,
    consumerVersionNumber: row.consumerVersionNumber,
    providerName: row.providerName,
    providerVersionNumber: row.providerVersionNumber,
    kind: row.contract ? 'schema' : 'pact',
    subject: row.contract?.subject ?? null,
    pactSha: row.contract ? null : row.pactVersionSha,
    verificationNumber: row.contract ? null : row.verificationNumber,
    reason:
      status === 'verified'
        ? row.contract
          ? `The schema check of subject ${row.contract.subject} passed`
          : `The pact was verified by ${row.providerName} ${row.providerVersionNumber ?? ''}`.trimEnd()
        : reasonText(reason),
  };
}

/**
 * The health of one environment from the versions it runs: two round trips (integrations, rows) whatever the
 * number of deployments.
 */
export async function assessEnvironment(reader: MatrixReader, versions: readonly EnvironmentVersion[]): Promise<EnvironmentHealth> {
  const sorted = [...versions].sort((a, b) => a.pacticipantName.localeCompare(b.pacticipantName) || a.versionId - b.versionId);
  if (sorted.length === 0) return { status: 'healthy', counts: { verified: 0, failed: 0, unverified: 0 }, pairs: [], versions: sorted };
  const selectors = selectorsOf(sorted);
  const pacticipantIds = [...new Set(sorted.map((v) => v.pacticipantId))];
  const inEnvironment = new Set(pacticipantIds);
  const versionIds = sorted.map((v) => v.versionId);
  const [found, fetched] = await Promise.all([
    reader.findIntegrations({ consumerVersionIds: versionIds, consumerIds: [], providerIds: [] }),
    reader.findRows({
      mode: 'multi',
      versionIds,
      allVersionsPacticipantIds: [],
      pacticipantIds,
      specifiedPacticipantIds: pacticipantIds,
      latestVerificationsOnly: true,
    }),
  ]);
  // Only the pairs between versions that are both here: a consumer whose provider is not in the environment at all
  // is not an integration *between* the environment's versions.
  const integrations: Integration[] = found
    .filter((i) => inEnvironment.has(i.consumerId) && inEnvironment.has(i.providerId))
    .map((i) => ({ ...i, required: true }));
  const decision = decideDeployability({
    selectors,
    ignoreSelectors: [],
    rows: applyLatestBy(fetched, 'cvpv'),
    integrations,
    specifiedCount: selectors.length,
    hasTagEnvironmentOrMainBranch: true,
  });
  const pairs = pairVerdicts(decision, selectors, integrations);
  const counts = countVerdicts(pairs);
  return { status: healthStatus(counts), counts, pairs, versions: sorted };
}

/** A pacticipant whose versions in the target would change. */
export interface PromotionChange {
  pacticipantName: string;
  /** What the target runs now (empty: not there yet). */
  currentVersions: string[];
  /** What it would run after the promotion. */
  promotedVersions: string[];
}

export interface PromotionVersion {
  pacticipant: string;
  version: string;
}

/**
 * The pacticipants whose version set in the source differs from the target's, with their source versions.
 * Pacticipants only in the target are not touched by a promotion and are not listed.
 */
export function promotionChanges(source: readonly EnvironmentVersion[], target: readonly EnvironmentVersion[]): PromotionChange[] {
  const group = (versions: readonly EnvironmentVersion[]) => {
    const map = new Map<string, { name: string; numbers: string[] }>();
    for (const v of versions) {
      const key = v.pacticipantName.toLowerCase();
      const entry = map.get(key) ?? { name: v.pacticipantName, numbers: [] };
      if (!entry.numbers.includes(v.versionNumber)) entry.numbers.push(v.versionNumber);
      map.set(key, entry);
    }
    return map;
  };
  const inSource = group(source);
  const inTarget = group(target);
  const changes: PromotionChange[] = [];
  for (const [key, { name, numbers }] of inSource) {
    const current = inTarget.get(key)?.numbers ?? [];
    const same = current.length === numbers.length && numbers.every((n) => current.includes(n));
    if (!same) changes.push({ pacticipantName: name, currentVersions: [...current].sort(), promotedVersions: [...numbers].sort() });
  }
  return changes.sort((a, b) => a.pacticipantName.localeCompare(b.pacticipantName));
}

export type PromotionResult =
  { ok: false; issues: QueryIssue[] } | { ok: true; outcome: MatrixOutcome | null; pairs: PairVerdict[]; counts: VerdictCounts };

/**
 * Can these versions go to `targetEnvironment` together? One multi-selector can-i-deploy (cvpv): the given versions
 * are specified, every other pacticipant they integrate with is inferred from the target environment. Nothing to
 * promote: deployable with no pairs (outcome null).
 */
export async function planPromotion(
  reader: MatrixReader,
  versions: readonly PromotionVersion[],
  targetEnvironment: string,
): Promise<PromotionResult> {
  if (versions.length === 0) return { ok: true, outcome: null, pairs: [], counts: { verified: 0, failed: 0, unverified: 0 } };
  const result = await queryMatrix(reader, {
    selectors: versions.map((v) => ({ pacticipant: v.pacticipant, version: v.version })),
    options: { latestby: 'cvpv', environment: targetEnvironment, ignore: [], limit: 1000 },
  });
  if (!result.ok) return result;
  const pairs = pairVerdicts(result.decision, result.selectors, result.integrations);
  return { ok: true, outcome: result, pairs, counts: countVerdicts(pairs) };
}
