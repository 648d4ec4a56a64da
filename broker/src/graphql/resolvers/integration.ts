// Integration: a consumer–provider pair, with the status of its latest pact.
import type { IntegrationRef } from '../../store/integrations.ts';
import { integrationCalls } from './webhook-execution.ts';
import type { GraphqlContext } from '../context.ts';
import { integrationStatusLabel, integrationStatusOf, type IntegrationStatus } from '../integration-status.ts';
import { required } from './required.ts';

const pair = (i: IntegrationRef) => ({ consumerId: i.consumerId, providerId: i.providerId });

/** Three batched lookups at most: the latest pact, its latest verification, and (if none) any verification. */
export async function integrationStatus(i: IntegrationRef, ctx: GraphqlContext): Promise<IntegrationStatus> {
  const pact = await ctx.loaders.latestPactByPair.load(pair(i));
  const latest = pact ? await ctx.loaders.latestVerificationByPactVersion.load(pact.pactVersionId) : undefined;
  const everVerified = latest !== undefined || (await ctx.loaders.lastVerifiedAtByPair.load(pair(i))) !== undefined;
  return integrationStatusOf(latest?.success, everVerified);
}

export const integrationId = (i: IntegrationRef): string => `integration:${i.consumerId}:${i.providerId}`;

export const integrationResolvers = {
  id: integrationId,
  consumer: async (i: IntegrationRef, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(i.consumerId), 'pacticipant', i.consumerId),
  provider: async (i: IntegrationRef, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(i.providerId), 'pacticipant', i.providerId),
  status: (i: IntegrationRef, _: unknown, ctx: GraphqlContext) => integrationStatus(i, ctx),
  statusLabel: async (i: IntegrationRef, _: unknown, ctx: GraphqlContext) => integrationStatusLabel[await integrationStatus(i, ctx)],
  latestPact: async (i: IntegrationRef, _: unknown, ctx: GraphqlContext) => (await ctx.loaders.latestPactByPair.load(pair(i))) ?? null,
  async latestVerification(i: IntegrationRef, _: unknown, ctx: GraphqlContext) {
    const pact = await ctx.loaders.latestPactByPair.load(pair(i));
    return pact ? ((await ctx.loaders.latestVerificationByPactVersion.load(pact.pactVersionId)) ?? null) : null;
  },
  lastPublishedAt: async (i: IntegrationRef, _: unknown, ctx: GraphqlContext) =>
    (await ctx.loaders.latestPactByPair.load(pair(i)))?.createdAt ?? null,
  lastVerifiedAt: async (i: IntegrationRef, _: unknown, ctx: GraphqlContext) =>
    (await ctx.loaders.lastVerifiedAtByPair.load(pair(i))) ?? null,
  calls: integrationCalls,
};
