// Network: the service graph. Nodes are pacticipants, edges are integrations (pacts today; schema
// contracts will add edges of another ContractKind).
import type { PacticipantRow } from '../../store/pacticipants.ts';
import type { IntegrationRef } from '../../store/graphql-integrations.ts';
import { listIntegrationRefs } from '../../store/graphql-integrations.ts';
import { listPacticipantsMatching } from '../../store/graphql-pacticipants.ts';
import type { GraphqlContext } from '../context.ts';
import { integrationId, integrationStatus } from './integration.ts';

export interface NetworkParent {
  nodes: PacticipantRow[];
  edges: IntegrationRef[];
}

export async function network(_: unknown, __: unknown, ctx: GraphqlContext): Promise<NetworkParent> {
  const [nodes, edges] = await Promise.all([listPacticipantsMatching(ctx.db.prisma, undefined), listIntegrationRefs(ctx.db.prisma, undefined)]);
  for (const p of nodes) ctx.loaders.pacticipantById.prime(p.id, p);
  return { nodes, edges };
}

export const networkNodeResolvers = {
  id: (p: PacticipantRow) => p.name,
  pacticipant: (p: PacticipantRow) => p,
};

export const networkEdgeResolvers = {
  id: integrationId,
  source: (i: IntegrationRef) => i.consumerName,
  target: (i: IntegrationRef) => i.providerName,
  kind: () => 'PACT',
  status: (i: IntegrationRef, _: unknown, ctx: GraphqlContext) => integrationStatus(i, ctx),
  integration: (i: IntegrationRef) => i,
};
