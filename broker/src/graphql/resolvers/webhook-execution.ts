// Webhook.executions and WebhookExecution. The executions of every webhook in one query are read
// with one SQL statement per page shape (a DataLoader keyed by webhook uuid, grouped by page size
// and cursor), so listing N webhooks with their executions is not N+1.
import DataLoader from 'dataloader';
import type { Webhook } from '../../domain/webhooks/webhook.ts';
import { listExecutionsForWebhooks, type ExecutionRow } from '../../store/webhook-executions.ts';
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

export const webhookExecutionResolvers = {
  id: (e: ExecutionRow) => String(e.id),
  method: (e: ExecutionRow) => e.request.method,
  url: (e: ExecutionRow) => e.request.url,
};
