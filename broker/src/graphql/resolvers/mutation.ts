// Mutation: the three writes a release manager makes from the UI, with the same access rules,
// validation and store calls as their REST twins.
import { z } from 'zod';
import { Scope } from '../../domain/auth/scopes.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../errors.ts';
import { recordDeployment, recordRelease } from '../../store/deployments.ts';
import { createEnvironment } from '../../store/environments.ts';
import type { GraphqlDeploymentRow, GraphqlReleaseRow } from '../../store/graphql-environments.ts';
import { requireVersion } from '../../store/lookups.ts';
import type { GraphqlContext } from '../context.ts';
import { requireAccess } from '../errors.ts';

const EnvironmentInput = z.object({
  name: z
    .string()
    .min(1, 'must not be blank')
    .regex(/^\S+$/, 'must not contain spaces (use displayName for a human-friendly name, e.g. "Production EU")'),
  displayName: z.string().nullable().optional(),
  production: z.boolean().nullable().optional(),
  contacts: z
    .array(z.object({ name: z.string().min(1, 'must not be blank'), details: z.record(z.string(), z.unknown()).optional() }))
    .nullable()
    .optional(),
});

interface VersionInEnvironment {
  pacticipant: string;
  version: string;
  environment: string;
}

function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((i) => ({ field: `input.${i.path.join('.')}`, message: i.message }));
  throw new ValidationError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

/** The version and environment named by a recordDeployment/recordRelease input, or not-found. */
async function resolveTarget(input: VersionInEnvironment, ctx: GraphqlContext) {
  const environment = await ctx.loaders.environmentByName.load(input.environment);
  if (!environment)
    throw new NotFoundError(
      `No environment named '${input.environment}'. List them with the environments query, or create one with createEnvironment.`,
    );
  const { version } = await requireVersion(ctx.db, input.pacticipant, input.version);
  return { environment, version };
}

export const mutationResolvers = {
  async createEnvironment(_: unknown, args: { input: unknown }, ctx: GraphqlContext) {
    requireAccess(ctx, Scope.admin);
    const input = parseInput(EnvironmentInput, args.input);
    const result = await createEnvironment(ctx.db, { ...input, production: input.production ?? false });
    if (result.ok) return result.environment;
    throw new ConflictError(
      result.reason === 'name-taken'
        ? `Another environment with name '${input.name}' already exists (uuid ${result.existing?.uuid}). Choose another name.`
        : 'An environment with that uuid already exists.',
    );
  },

  async recordDeployment(
    _: unknown,
    args: { input: VersionInEnvironment & { applicationInstance?: string | null } },
    ctx: GraphqlContext,
  ): Promise<GraphqlDeploymentRow> {
    requireAccess(ctx, Scope.write, args.input.pacticipant);
    const { environment, version } = await resolveTarget(args.input, ctx);
    const applicationInstance = args.input.applicationInstance?.trim() || null;
    const { deployedVersion: d } = await recordDeployment(ctx.db, {
      versionId: version.id,
      pacticipantId: version.pacticipantId,
      environmentUuid: environment.uuid,
      applicationInstance,
    });
    return { ...d, pacticipantId: version.pacticipantId, environmentUuid: d.environment.uuid };
  },

  async recordRelease(_: unknown, args: { input: VersionInEnvironment }, ctx: GraphqlContext): Promise<GraphqlReleaseRow> {
    requireAccess(ctx, Scope.write, args.input.pacticipant);
    const { environment, version } = await resolveTarget(args.input, ctx);
    const { releasedVersion: r } = await recordRelease(ctx.db, {
      versionId: version.id,
      pacticipantId: version.pacticipantId,
      environmentUuid: environment.uuid,
    });
    return { ...r, pacticipantId: version.pacticipantId, environmentUuid: r.environment.uuid };
  },
};
