// DeployedVersion and ReleasedVersion: a version in an environment.
import type { GraphqlDeploymentRow } from '../../store/environments/deployments.ts';
import type { GraphqlReleaseRow } from '../../store/environments/releases.ts';
import type { GraphqlContext } from '../context.ts';
import { required } from './required.ts';

type InEnvironment = Pick<GraphqlDeploymentRow, 'pacticipantId' | 'versionId' | 'environmentUuid'>;

const common = {
  pacticipant: async (d: InEnvironment, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(d.pacticipantId), 'pacticipant', d.pacticipantId),
  version: async (d: InEnvironment, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.versionById.load(d.versionId), 'version', d.versionId),
  environment: async (d: InEnvironment, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.environmentByUuid.load(d.environmentUuid), 'environment', d.environmentUuid),
};

export const deployedVersionResolvers = {
  ...common,
  deployedAt: (d: GraphqlDeploymentRow) => d.createdAt,
};

export const releasedVersionResolvers = {
  ...common,
  releasedAt: (r: GraphqlReleaseRow) => r.createdAt,
};
