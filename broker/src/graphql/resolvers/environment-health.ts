// Environment.health and Query.promotionPlan (issue #17): the release manager's view, answered by
// domain/matrix/environment-health.ts over the same MatrixReader as can-i-deploy.
import DataLoader from 'dataloader';
import {
  assessEnvironment,
  planPromotion,
  promotionChanges,
  type EnvironmentHealth,
  type EnvironmentVersion,
  type PairStatus,
  type PairVerdict,
  type PromotionChange,
  type PromotionResult,
  type PromotionVersion,
  type VerdictCounts,
} from '../../domain/matrix/environment-health.ts';
import { reasonText } from '../../domain/matrix/reasons.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { href, paths } from '../../paths.ts';
import { versionsInEnvironments } from '../../store/environments/environment-versions.ts';
import type { EnvironmentRow } from '../../store/environments/environments.ts';
import { createMatrixReader } from '../../store/matrix/reader.ts';
import type { GraphqlContext } from '../context.ts';

/** One batched statement for the versions of every environment a request asks about (the dashboard asks for all). */
const versionLoaders = new WeakMap<GraphqlContext, DataLoader<string, EnvironmentVersion[]>>();
function environmentVersions(ctx: GraphqlContext): DataLoader<string, EnvironmentVersion[]> {
  let loader = versionLoaders.get(ctx);
  if (!loader) {
    loader = new DataLoader(async (uuids: readonly string[]) => {
      const found = await versionsInEnvironments(ctx.db, uuids);
      return uuids.map((uuid) => found.get(uuid) ?? []);
    });
    versionLoaders.set(ctx, loader);
  }
  return loader;
}

const healthCache = new WeakMap<EnvironmentRow, Promise<EnvironmentHealth>>();

export const environmentHealthField = {
  health: (e: EnvironmentRow, _: unknown, ctx: GraphqlContext): Promise<EnvironmentHealth> => {
    let health = healthCache.get(e);
    if (!health) {
      health = environmentVersions(ctx)
        .load(e.uuid)
        .then((versions) => assessEnvironment(createMatrixReader(ctx.db), versions));
      healthCache.set(e, health);
    }
    return health;
  },
};

const MAX_PAIRS = 1000;

function pairsOf(pairs: readonly PairVerdict[], args: { status?: string | null; first?: number | null }): PairVerdict[] {
  const first = args.first ?? MAX_PAIRS;
  if (first < 0 || first > MAX_PAIRS)
    throw new ValidationError(`first must be between 0 and ${MAX_PAIRS}.`, [{ field: 'first', message: `must be 0..${MAX_PAIRS}` }]);
  const status = args.status ? (args.status.toLowerCase() as PairStatus) : undefined;
  return (status ? pairs.filter((p) => p.status === status) : pairs).slice(0, first);
}

const total = (c: VerdictCounts) => c.verified + c.failed + c.unverified;

export const environmentHealthResolvers = {
  status: (h: EnvironmentHealth) => h.status.toUpperCase(),
  counts: (h: EnvironmentHealth) => h.counts,
  pairs: (h: EnvironmentHealth, args: { status?: string | null; first?: number | null }) => pairsOf(h.pairs, args),
  versionCount: (h: EnvironmentHealth) => h.versions.length,
  pacticipantCount: (h: EnvironmentHealth) => new Set(h.versions.map((v) => v.pacticipantId)).size,
};

export const verdictCountsResolvers = { total };

export const pairVerdictResolvers = {
  status: (p: PairVerdict) => p.status.toUpperCase(),
  consumer: (p: PairVerdict) => p.consumerName,
  consumerVersion: (p: PairVerdict) => p.consumerVersionNumber,
  provider: (p: PairVerdict) => p.providerName,
  providerVersion: (p: PairVerdict) => p.providerVersionNumber,
  kind: (p: PairVerdict) => p.kind.toUpperCase(),
  pactPath: (p: PairVerdict) =>
    p.pactSha ? href('', paths.pactByContentSha, { provider: p.providerName, consumer: p.consumerName, sha: p.pactSha }) : null,
  verificationPath: (p: PairVerdict) =>
    p.pactSha && p.verificationNumber !== null
      ? href('', paths.verificationResult, {
          provider: p.providerName,
          consumer: p.consumerName,
          sha: p.pactSha,
          number: p.verificationNumber,
        })
      : null,
};

interface PromotionArgs {
  targetEnvironment: string;
  sourceEnvironment?: string | null;
  versions?: PromotionVersion[] | null;
}

interface PromotionPlanView {
  sourceEnvironment: string | null;
  targetEnvironment: string;
  changes: PromotionChange[];
  result: Extract<PromotionResult, { ok: true }>;
}

export async function promotionPlan(_: unknown, args: PromotionArgs, ctx: GraphqlContext): Promise<PromotionPlanView> {
  const hasSource = Boolean(args.sourceEnvironment);
  const hasVersions = (args.versions?.length ?? 0) > 0;
  if (hasSource === hasVersions)
    throw new ValidationError('Give either sourceEnvironment or versions (a release train), not both and not neither.', [
      { field: 'sourceEnvironment', message: 'give either sourceEnvironment or versions' },
    ]);
  const [target, source] = await Promise.all([
    ctx.loaders.environmentByName.load(args.targetEnvironment),
    args.sourceEnvironment ? ctx.loaders.environmentByName.load(args.sourceEnvironment) : undefined,
  ]);
  if (!target) throw new NotFoundError(`Environment with name '${args.targetEnvironment}' does not exist.`);
  if (args.sourceEnvironment && !source) throw new NotFoundError(`Environment with name '${args.sourceEnvironment}' does not exist.`);
  const loader = environmentVersions(ctx);
  const [targetVersions, sourceVersions] = await Promise.all([loader.load(target.uuid), source ? loader.load(source.uuid) : undefined]);

  let changes: PromotionChange[];
  if (sourceVersions) {
    changes = promotionChanges(sourceVersions, targetVersions);
  } else {
    const grouped = new Map<string, PromotionChange>();
    for (const v of args.versions!) {
      if (!v.pacticipant.trim() || !v.version.trim())
        throw new ValidationError('Every release-train entry needs a pacticipant and a version.', [
          { field: 'versions', message: 'pacticipant and version must not be blank' },
        ]);
      const key = v.pacticipant.toLowerCase();
      const current = targetVersions
        .filter((t) => t.pacticipantName.toLowerCase() === key)
        .map((t) => t.versionNumber)
        .sort();
      const entry = grouped.get(key) ?? { pacticipantName: v.pacticipant, currentVersions: current, promotedVersions: [] };
      if (!entry.promotedVersions.includes(v.version)) entry.promotedVersions.push(v.version);
      grouped.set(key, entry);
    }
    changes = [...grouped.values()];
  }
  const versions = changes.flatMap((c) => c.promotedVersions.map((version) => ({ pacticipant: c.pacticipantName, version })));
  const result = await planPromotion(createMatrixReader(ctx.db), versions, target.name);
  if (!result.ok) {
    const missing = result.issues.find((i) => i.notFound);
    if (missing) throw new NotFoundError(`${missing.message}.`);
    throw new ValidationError(
      result.issues.map((i) => i.message).join(' '),
      result.issues.map((i) => ({ field: 'versions', message: i.message })),
    );
  }
  return { sourceEnvironment: source?.name ?? null, targetEnvironment: target.name, changes, result };
}

const deployableOf = (p: PromotionPlanView) => (p.result.outcome ? p.result.outcome.decision.deployable : true);

export const promotionPlanResolvers = {
  deployable: deployableOf,
  status: (p: PromotionPlanView) => {
    const d = deployableOf(p);
    return d === true ? 'YES' : d === false ? 'NO' : 'UNKNOWN';
  },
  reasons: (p: PromotionPlanView) =>
    p.result.outcome ? p.result.outcome.decision.reasons.map(reasonText) : ['Nothing to promote: the target already runs these versions'],
  counts: (p: PromotionPlanView) => p.result.counts,
  pairs: (p: PromotionPlanView, args: { status?: string | null; first?: number | null }) => pairsOf(p.result.pairs, args),
};

export const promotionChangeResolvers = {
  pacticipant: (c: PromotionChange) => c.pacticipantName,
};
