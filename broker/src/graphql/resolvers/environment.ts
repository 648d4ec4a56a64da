// Environment: what is deployed and released in it now.
import type { EnvironmentRow } from '../../store/environments/environments.ts';
import type { GraphqlContext } from '../context.ts';
import { displayNameOf } from '../../domain/pacticipants/display-name.ts';

interface PacticipantFilterArgs {
  pacticipant?: string | null;
}

/** Keeps the rows of the named pacticipant (none when it does not exist); all rows without a name. */
async function forPacticipant<T extends { pacticipantId: number }>(
  rows: T[],
  name: string | null | undefined,
  ctx: GraphqlContext,
): Promise<T[]> {
  if (name === undefined || name === null) return rows;
  const pacticipant = await ctx.loaders.pacticipantByName.load(name);
  return pacticipant ? rows.filter((r) => r.pacticipantId === pacticipant.id) : [];
}

export const environmentResolvers = {
  displayName: (e: Pick<EnvironmentRow, 'name' | 'displayName'>) => displayNameOf(e),
  deployedVersions: async (e: EnvironmentRow, args: PacticipantFilterArgs, ctx: GraphqlContext) =>
    forPacticipant(await ctx.loaders.currentDeploymentsByEnvironment.load(e.uuid), args.pacticipant, ctx),
  releasedVersions: async (e: EnvironmentRow, args: PacticipantFilterArgs, ctx: GraphqlContext) =>
    forPacticipant(await ctx.loaders.currentReleasesByEnvironment.load(e.uuid), args.pacticipant, ctx),
};
