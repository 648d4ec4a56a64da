// Version: a build of a pacticipant; branches, tags, deployments, releases and pacts are batched.
import type { VersionRow } from '../../store/pacticipants/versions.ts';
import type { GraphqlContext } from '../context.ts';
import { required } from './required.ts';

interface CurrentOnlyArgs {
  currentOnly?: boolean | null;
}

export const versionResolvers = {
  pacticipant: async (v: VersionRow, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(v.pacticipantId), 'pacticipant', v.pacticipantId),
  branches: (v: VersionRow, _: unknown, ctx: GraphqlContext) => ctx.loaders.branchesByVersion.load(v.id),
  tags: (v: VersionRow, _: unknown, ctx: GraphqlContext) => ctx.loaders.tagsByVersion.load(v.id),
  async deployments(v: VersionRow, args: CurrentOnlyArgs, ctx: GraphqlContext) {
    const all = await ctx.loaders.deploymentsByVersion.load(v.id);
    return args.currentOnly ? all.filter((d) => d.currentlyDeployed) : all;
  },
  async releases(v: VersionRow, args: CurrentOnlyArgs, ctx: GraphqlContext) {
    const all = await ctx.loaders.releasesByVersion.load(v.id);
    return args.currentOnly ? all.filter((r) => r.currentlySupported) : all;
  },
  pacts: (v: VersionRow, _: unknown, ctx: GraphqlContext) => ctx.loaders.pactsByConsumerVersion.load(v.id),
};
