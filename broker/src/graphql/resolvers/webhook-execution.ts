// Webhook.executions and WebhookExecution. The executions of every webhook in one query are read
// with one SQL statement per page shape (a DataLoader keyed by webhook uuid, grouped by page size
// and cursor), so listing N webhooks with their executions is not N+1.
import DataLoader from 'dataloader';
import type { Webhook } from '../../domain/webhooks/webhook.ts';
import type { IntegrationRef } from '../../store/integrations.ts';
import {
  ExecutionKind,
  listExecutionsForIntegration,
  listExecutionsForWebhooks,
  listGitHubCalls,
  type ExecutionRow,
} from '../../store/webhooks/webhook-executions.ts';
import type { GraphqlContext } from '../context.ts';
import { decodeCursor, encodeCursor, pageSize } from '../cursors.ts';

interface PageKey {
  uuid: string;
  limit: number;
  beforeId: number | undefined;
}

const loaders = new WeakMap<GraphqlContext, DataLoader<PageKey, ExecutionRow[], string>>();

function executionPages(ctx: GraphqlContext): DataLoader<PageKey, ExecutionRow[], string> {
  let loader = loaders.get(ctx);
  if (!loader) {
    loader = new DataLoader<PageKey, ExecutionRow[], string>(
      async (keys) => {
        const shapes = new Map<string, PageKey[]>();
        for (const k of keys) shapes.set(`${k.limit}:${k.beforeId ?? ''}`, [...(shapes.get(`${k.limit}:${k.beforeId ?? ''}`) ?? []), k]);
        const found = new Map<string, ExecutionRow[]>();
        for (const [shape, group] of shapes) {
          const first = group[0]!;
          const rows = await listExecutionsForWebhooks(ctx.db, [...new Set(group.map((k) => k.uuid))], {
            limit: first.limit,
            beforeId: first.beforeId,
          });
          for (const [uuid, list] of rows) found.set(`${uuid}|${shape}`, list);
        }
        return keys.map((k) => found.get(`${k.uuid}|${k.limit}:${k.beforeId ?? ''}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.uuid}|${k.limit}:${k.beforeId ?? ''}` },
    );
    loaders.set(ctx, loader);
  }
  return loader;
}

export async function webhookExecutions(w: Webhook, args: { first?: number | null; after?: string | null }, ctx: GraphqlContext) {
  const limit = pageSize(args.first, 10);
  const beforeId = decodeCursor('webhook-execution', args.after);
  // One extra row says whether a next page exists.
  const rows = await executionPages(ctx).load({ uuid: w.uuid, limit: limit + 1, beforeId });
  const nodes = rows.slice(0, limit);
  const last = nodes.at(-1);
  return { nodes, pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor('webhook-execution', last.id) : null } };
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** A connection from a store call that reads `limit` rows before a cursor (one extra row tells about the next page). */
async function executionConnection(
  args: PageArgs,
  fallback: number,
  read: (page: { limit: number; beforeId: number | undefined }) => Promise<ExecutionRow[]>,
) {
  const limit = pageSize(args.first, fallback);
  const rows = await read({ limit: limit + 1, beforeId: decodeCursor('webhook-execution', args.after) });
  const nodes = rows.slice(0, limit);
  const last = nodes.at(-1);
  return { nodes, pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor('webhook-execution', last.id) : null } };
}

/** Query.gitHubCalls: every call to GitHub, or an integration's when both names are given. */
export async function gitHubCalls(
  _: unknown,
  args: PageArgs & { consumer?: string | null; provider?: string | null },
  ctx: GraphqlContext,
) {
  const empty = { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } };
  const [consumer, provider] = await Promise.all([
    args.consumer ? ctx.loaders.pacticipantByName.load(args.consumer) : undefined,
    args.provider ? ctx.loaders.pacticipantByName.load(args.provider) : undefined,
  ]);
  if ((args.consumer && !consumer) || (args.provider && !provider)) return empty;
  return executionConnection(args, 20, (page) => listGitHubCalls(ctx.db, { consumerId: consumer?.id, providerId: provider?.id }, page));
}

/** Integration.calls: its webhook deliveries and GitHub calls. */
export const integrationCalls = (i: IntegrationRef, args: PageArgs, ctx: GraphqlContext) =>
  executionConnection(args, 10, (page) => listExecutionsForIntegration(ctx.db, i.consumerId, i.providerId, page));

const isGitHubCall = (e: ExecutionRow) => e.kind !== ExecutionKind.webhook;

export const webhookExecutionResolvers = {
  id: (e: ExecutionRow) => String(e.id),
  commit: (e: ExecutionRow) => (isGitHubCall(e) ? e.consumerVersionNumber : null),
  state: (e: ExecutionRow) => (isGitHubCall(e) ? e.githubState : null),
  context: (e: ExecutionRow) => (isGitHubCall(e) ? e.githubContext : null),
  method: (e: ExecutionRow) => e.request.method,
  url: (e: ExecutionRow) => e.request.url,
};
