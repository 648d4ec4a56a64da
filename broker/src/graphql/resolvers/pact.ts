// Pact: a consumer version's pact for a provider. Content is loaded (and parsed once per request)
// only when a query asks for it.
import { isJsonObject, type JsonObject } from '../../domain/pacts/canonical-json.ts';
import { diffPacts } from '../../domain/pacts/pact-diff.ts';
import { INTERACTION_KEYS, interactionsOf, type InteractionListKey } from '../../domain/pacts/interaction-key.ts';
import type { PactRef } from '../../store/pacts/pact-refs.ts';
import type { GraphqlContext } from '../context.ts';
import { required } from './required.ts';

export interface InteractionParent {
  listKey: InteractionListKey;
  raw: JsonObject;
}

const parsed = new WeakMap<object, JsonObject>();

/** The parsed document of a pact; parsed once per loaded content. */
export async function pactDocument(pact: PactRef, ctx: GraphqlContext): Promise<JsonObject> {
  const content = required(await ctx.loaders.pactContent.load(pact.pactVersionId), 'pact version', pact.pactVersionId);
  let doc = parsed.get(content);
  if (!doc) {
    const value: unknown = JSON.parse(content.content);
    doc = isJsonObject(value) ? value : {};
    parsed.set(content, doc);
  }
  return doc;
}

export const pactResolvers = {
  id: (p: PactRef) => `pact:${p.publicationId}`,
  consumer: async (p: PactRef, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(p.consumerId), 'pacticipant', p.consumerId),
  provider: async (p: PactRef, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pacticipantById.load(p.providerId), 'pacticipant', p.providerId),
  consumerVersion: async (p: PactRef, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.versionById.load(p.consumerVersionId), 'version', p.consumerVersionId),
  async consumerVersions(p: PactRef, _: unknown, ctx: GraphqlContext) {
    const ids = await ctx.loaders.consumerVersionIdsByPactVersion.load(p.pactVersionId);
    const versions = await Promise.all(ids.map((id) => ctx.loaders.versionById.load(id)));
    return versions.filter((v) => v !== undefined);
  },
  content: (p: PactRef, _: unknown, ctx: GraphqlContext) => pactDocument(p, ctx),
  interactionCount: async (p: PactRef, _: unknown, ctx: GraphqlContext) =>
    required(await ctx.loaders.pactContent.load(p.pactVersionId), 'pact version', p.pactVersionId).interactionCount,
  async interactions(p: PactRef, _: unknown, ctx: GraphqlContext): Promise<InteractionParent[]> {
    const doc = await pactDocument(p, ctx);
    return INTERACTION_KEYS.flatMap((listKey) => interactionsOf(doc, listKey).map((raw) => ({ listKey, raw })));
  },
  async diffWithPrevious(p: PactRef, _: unknown, ctx: GraphqlContext) {
    const previous = await ctx.loaders.previousDistinctPact.load(p.publicationId);
    if (!previous) return null;
    const [before, after] = await Promise.all([pactDocument(previous, ctx), pactDocument(p, ctx)]);
    return { previous, diff: diffPacts(before, after) };
  },
  verifications: (p: PactRef, _: unknown, ctx: GraphqlContext) => ctx.loaders.verificationsByPactVersion.load(p.pactVersionId),
  latestVerification: async (p: PactRef, _: unknown, ctx: GraphqlContext) =>
    (await ctx.loaders.latestVerificationByPactVersion.load(p.pactVersionId)) ?? null,
};
