// Tag: a name on a version.
import type { TagRow } from '../../store/pacticipants/tags.ts';
import type { GraphqlContext } from '../context.ts';
import { required } from './required.ts';

export const tagResolvers = {
  version: async (t: TagRow, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.versionById.load(t.versionId), 'version', t.versionId),
};
