// Pacticipant: its attributes come from the row; every relation goes through a DataLoader.
import type { PacticipantRow } from '../../store/pacticipants/pacticipants.ts';
import type { VersionRow } from '../../store/pacticipants/versions.ts';
import type { GraphqlContext } from '../context.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursors.ts';
import { schemasOfPacticipant } from './schema.ts';
import { displayNameOf } from '../../domain/pacticipants/display-name.ts';

interface VersionsArgs {
  branch?: string | null;
  first?: number | null;
  after?: string | null;
}

/** A page of versions, newest first; `totalCount` is only counted when asked for. */
async function versionConnection(p: PacticipantRow, args: VersionsArgs, ctx: GraphqlContext) {
  const size = pageSize(args.first);
  const branch = args.branch ?? undefined;
  const rows = await ctx.loaders.versionPage.load({
    pacticipantId: p.id,
    branch,
    limit: size + 1,
    beforeId: decodeCursor('version', args.after),
  });
  const nodes: VersionRow[] = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor('version', node.id), node }));
  return {
    edges,
    nodes,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null },
    totalCount: () => ctx.loaders.versionCount.load({ pacticipantId: p.id, branch }),
  };
}

export const pacticipantResolvers = {
  displayName: (p: PacticipantRow) => displayNameOf(p),
  labels: (p: PacticipantRow, _: unknown, ctx: GraphqlContext) => ctx.loaders.labelsByPacticipant.load(p.id),
  branches: (p: PacticipantRow, _: unknown, ctx: GraphqlContext) => ctx.loaders.branchesByPacticipant.load(p.id),
  latestVersion: async (p: PacticipantRow, _: unknown, ctx: GraphqlContext) =>
    (await ctx.loaders.latestVersionByPacticipant.load(p.id)) ?? null,
  versions: versionConnection,
  async environments(p: PacticipantRow, _: unknown, ctx: GraphqlContext) {
    const [deployed, released] = await Promise.all([
      ctx.loaders.currentDeploymentsByPacticipant.load(p.id),
      ctx.loaders.currentReleasesByPacticipant.load(p.id),
    ]);
    const uuids = [...new Set([...deployed, ...released].map((d) => d.environmentUuid))];
    const environments = await Promise.all(uuids.map((uuid) => ctx.loaders.environmentByUuid.load(uuid)));
    return environments.filter((e) => e !== undefined).sort((a, b) => a.name.localeCompare(b.name));
  },
  deployments: (p: PacticipantRow, _: unknown, ctx: GraphqlContext) => ctx.loaders.currentDeploymentsByPacticipant.load(p.id),
  releases: (p: PacticipantRow, _: unknown, ctx: GraphqlContext) => ctx.loaders.currentReleasesByPacticipant.load(p.id),
  integrations: (p: PacticipantRow, _: unknown, ctx: GraphqlContext) => ctx.loaders.integrationsByPacticipant.load(p.id),
  contractsPublished: (p: PacticipantRow, _: unknown, ctx: GraphqlContext) => ctx.loaders.latestPactsAsConsumer.load(p.id),
  contractsConsumed: (p: PacticipantRow, _: unknown, ctx: GraphqlContext) => ctx.loaders.latestPactsAsProvider.load(p.id),
  schemas: schemasOfPacticipant,
};
