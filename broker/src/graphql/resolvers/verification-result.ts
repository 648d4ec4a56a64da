// VerificationResult: one verification of a pact content by a provider version.
import type { GraphqlVerificationRow } from '../../store/verifications.ts';
import type { GraphqlContext } from '../context.ts';
import { required } from './required.ts';

export const verificationResultResolvers = {
  id: (v: GraphqlVerificationRow) => `verification:${v.id}`,
  provider: async (v: GraphqlVerificationRow, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(v.providerId), 'pacticipant', v.providerId),
  consumer: async (v: GraphqlVerificationRow, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(v.consumerId), 'pacticipant', v.consumerId),
  providerVersion: async (v: GraphqlVerificationRow, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.versionById.load(v.providerVersionId), 'version', v.providerVersionId),
  pactSha: (v: GraphqlVerificationRow) => v.sha,
  verifiedAt: (v: GraphqlVerificationRow) => v.createdAt,
  testResults: (v: GraphqlVerificationRow): unknown =>
    typeof v.testResults === 'string' ? JSON.parse(v.testResults) : (v.testResults ?? null),
};
