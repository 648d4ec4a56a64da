// Network: the service graph. Nodes are pacticipants; edges are contracts between them: pact
// integrations, and schema dependencies (a consumer reads a subject a provider publishes, #8).
import type { PacticipantRow } from '../../store/pacticipants.ts';
import type { IntegrationRef } from '../../store/graphql-integrations.ts';
import { listIntegrationRefs } from '../../store/graphql-integrations.ts';
import { listPacticipantsMatching } from '../../store/graphql-pacticipants.ts';
import { listSchemaEdges, type SchemaEdgeRow } from '../../store/graphql-schemas.ts';
import type { GraphqlContext } from '../context.ts';
import { IntegrationStatus, integrationStatusLabel } from '../integration-status.ts';
import { integrationId, integrationStatus } from './integration.ts';

type NetworkEdgeParent = { kind: 'PACT'; integration: IntegrationRef } | { kind: 'SCHEMA'; schema: SchemaEdgeRow };

export interface NetworkParent {
  nodes: PacticipantRow[];
  edges: NetworkEdgeParent[];
}

export async function network(_: unknown, __: unknown, ctx: GraphqlContext): Promise<NetworkParent> {
  const [nodes, integrations, schemaEdges] = await Promise.all([
    listPacticipantsMatching(ctx.db, undefined),
    listIntegrationRefs(ctx.db, undefined),
    listSchemaEdges(ctx.db),
  ]);
  for (const p of nodes) ctx.loaders.pacticipantById.prime(p.id, p);
  return {
    nodes,
    edges: [
      ...integrations.map((integration) => ({ kind: 'PACT' as const, integration })),
      ...schemaEdges.map((schema) => ({ kind: 'SCHEMA' as const, schema })),
    ],
  };
}

/** A schema edge's status in the integration vocabulary: compatible is verified, an undecided check is not verified. */
function schemaEdgeStatus(e: SchemaEdgeRow): IntegrationStatus {
  if (e.latestStatus === 'success') return IntegrationStatus.verified;
  if (e.latestStatus === 'failure') return IntegrationStatus.failed;
  if (e.latestStatus === null && e.everChecked) return IntegrationStatus.pending;
  return IntegrationStatus.unverified;
}

const schemaEdgeLabel = (e: SchemaEdgeRow): string =>
  e.latestStatus === 'success'
    ? 'Schema compatible'
    : e.latestStatus === 'failure'
      ? 'Breaking schema change'
      : e.latestStatus === 'unknown'
        ? 'Schema check could not decide'
        : e.everChecked
          ? 'Schema check pending'
          : 'Schema not checked';

export const networkNodeResolvers = {
  id: (p: PacticipantRow) => p.name,
  pacticipant: (p: PacticipantRow) => p,
};

export const networkEdgeResolvers = {
  id: (e: NetworkEdgeParent) =>
    e.kind === 'PACT' ? integrationId(e.integration) : `schema:${e.schema.consumerId}:${e.schema.providerId}:${e.schema.subject}`,
  source: (e: NetworkEdgeParent) => (e.kind === 'PACT' ? e.integration.consumerName : e.schema.consumerName),
  target: (e: NetworkEdgeParent) => (e.kind === 'PACT' ? e.integration.providerName : e.schema.providerName),
  kind: (e: NetworkEdgeParent) => e.kind,
  subject: (e: NetworkEdgeParent) => (e.kind === 'SCHEMA' ? e.schema.subject : null),
  status: (e: NetworkEdgeParent, _: unknown, ctx: GraphqlContext) =>
    e.kind === 'PACT' ? integrationStatus(e.integration, ctx) : schemaEdgeStatus(e.schema),
  statusLabel: async (e: NetworkEdgeParent, _: unknown, ctx: GraphqlContext) =>
    e.kind === 'PACT' ? integrationStatusLabel[await integrationStatus(e.integration, ctx)] : schemaEdgeLabel(e.schema),
  integration: (e: NetworkEdgeParent) => (e.kind === 'PACT' ? e.integration : null),
};
