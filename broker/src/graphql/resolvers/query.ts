// Query: each field is one store or service call; relations are left to the type resolvers.
import { Scope } from '../../domain/auth/scopes.ts';
import type { Webhook } from '../../domain/webhooks/webhook.ts';
import { ValidationError } from '../../errors.ts';
import { listEnvironments } from '../../store/environments/environments.ts';
import { listIntegrationRefs } from '../../store/integrations.ts';
import { listPacticipantsMatching } from '../../store/pacticipants/pacticipants.ts';
import { findPactRef, type PactLookup } from '../../store/pacts/pact-refs.ts';
import { listWebhooks } from '../../store/webhooks/webhooks.ts';
import type { GraphqlContext } from '../context.ts';
import { requireAccess } from '../errors.ts';
import { canIDeploy } from './can-i-deploy.ts';
import { matrixPage } from './matrix-page.ts';
import { network } from './network.ts';
import { schemaSubject, schemaSubjects } from './schema.ts';
import { gitHubCalls } from './webhook-execution.ts';

interface SearchArgs {
  search?: string | null;
}

interface PactArgs {
  consumer: string;
  provider: string;
  consumerVersion?: string | null;
  sha?: string | null;
}

function pactLookup(args: PactArgs): PactLookup {
  if (args.consumerVersion && args.sha)
    throw new ValidationError('Give either consumerVersion or sha, not both.', [
      { field: 'sha', message: 'cannot be combined with consumerVersion' },
    ]);
  if (args.consumerVersion) return { kind: 'version', number: args.consumerVersion };
  if (args.sha) return { kind: 'sha', sha: args.sha };
  return { kind: 'latest' };
}

async function webhooks(_: unknown, args: { pacticipant?: string | null }, ctx: GraphqlContext): Promise<Webhook[]> {
  // Webhook definitions hold CI credentials: admin only, as in REST.
  requireAccess(ctx, Scope.admin);
  if (!args.pacticipant) return listWebhooks(ctx.db);
  const pacticipant = await ctx.loaders.pacticipantByName.load(args.pacticipant);
  if (!pacticipant) return [];
  const [asConsumer, asProvider] = await Promise.all([
    listWebhooks(ctx.db, { consumerId: pacticipant.id }),
    listWebhooks(ctx.db, { providerId: pacticipant.id }),
  ]);
  const seen = new Set<string>();
  return [...asConsumer, ...asProvider].filter((w) => !seen.has(w.uuid) && seen.add(w.uuid));
}

export const queryResolvers = {
  async pacticipants(_: unknown, args: SearchArgs, ctx: GraphqlContext) {
    const rows = await listPacticipantsMatching(ctx.db, args.search ?? undefined);
    for (const p of rows) ctx.loaders.pacticipantById.prime(p.id, p);
    return rows;
  },
  pacticipant: async (_: unknown, args: { name: string }, ctx: GraphqlContext) =>
    (await ctx.loaders.pacticipantByName.load(args.name)) ?? null,
  version: async (_: unknown, args: { pacticipant: string; number: string }, ctx: GraphqlContext) =>
    (await ctx.loaders.versionByNumber.load({ pacticipantName: args.pacticipant, number: args.number })) ?? null,
  integrations: (_: unknown, args: SearchArgs, ctx: GraphqlContext) => listIntegrationRefs(ctx.db, args.search ?? undefined),
  network,
  matrix: matrixPage,
  canIDeploy,
  environments: (_: unknown, __: unknown, ctx: GraphqlContext) => listEnvironments(ctx.db),
  environment: async (_: unknown, args: { name: string }, ctx: GraphqlContext) =>
    (await ctx.loaders.environmentByName.load(args.name)) ?? null,
  pact: async (_: unknown, args: PactArgs, ctx: GraphqlContext) =>
    (await findPactRef(ctx.db, args.consumer, args.provider, pactLookup(args))) ?? null,
  webhooks,
  gitHubCalls,
  schemaSubjects,
  schemaSubject,
};
