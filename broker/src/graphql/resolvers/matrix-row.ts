// MatrixRow: a consumer version's pact × a provider version's verification (or none).
import type { MatrixRow } from '../../domain/matrix/matrix-row.ts';
import type { PactRef } from '../../store/pacts/pact-refs.ts';
import type { GraphqlContext } from '../context.ts';
import { required } from './required.ts';

export const pactOfRow = (r: MatrixRow): PactRef => ({
  publicationId: r.pactPublicationId,
  consumerId: r.consumerId,
  providerId: r.providerId,
  consumerVersionId: r.consumerVersionId,
  pactVersionId: r.pactVersionId,
  sha: r.pactVersionSha,
  createdAt: r.pactCreatedAt,
});

export const matrixRowResolvers = {
  consumer: async (r: MatrixRow, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(r.consumerId), 'pacticipant', r.consumerId),
  consumerVersion: async (r: MatrixRow, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.versionById.load(r.consumerVersionId), 'version', r.consumerVersionId),
  provider: async (r: MatrixRow, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(r.providerId), 'pacticipant', r.providerId),
  providerVersion: async (r: MatrixRow, _: unknown, ctx: GraphqlContext) =>
    r.providerVersionId === null ? null : ((await ctx.loaders.versionById.load(r.providerVersionId)) ?? null),
  pact: pactOfRow,
  verification: async (r: MatrixRow, _: unknown, ctx: GraphqlContext) =>
    r.verificationId === null ? null : ((await ctx.loaders.verificationById.load(r.verificationId)) ?? null),
  outcome: (r: MatrixRow) => (r.success === null ? 'UNVERIFIED' : r.success ? 'SUCCESS' : 'FAILED'),
  pactPublishedAt: (r: MatrixRow) => r.pactCreatedAt,
};
