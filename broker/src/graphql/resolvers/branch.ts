// Branch, and VersionBranch (a version's membership of a branch).
import type { GraphqlBranchRow, VersionBranchRow } from '../../store/pacticipants/branches.ts';
import type { GraphqlContext } from '../context.ts';
import { required } from './required.ts';

export const branchResolvers = {
  pacticipant: async (b: GraphqlBranchRow, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(b.pacticipantId), 'pacticipant', b.pacticipantId),
  latestVersion: async (b: GraphqlBranchRow, _: unknown, ctx: GraphqlContext) =>
    b.headVersionId === null ? null : ((await ctx.loaders.versionById.load(b.headVersionId)) ?? null),
};

export const versionBranchResolvers = {
  name: (vb: VersionBranchRow) => vb.branch.name,
};
