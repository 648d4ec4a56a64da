// Webhook: a definition (its credentials and headers are never exposed).
import type { Webhook, WebhookPacticipantScope } from '../../domain/webhooks/webhook.ts';
import type { GraphqlContext } from '../context.ts';
import { webhookExecutions } from './webhook-execution.ts';

const pacticipantOf = async (scope: WebhookPacticipantScope | null, ctx: GraphqlContext) =>
  scope?.kind === 'pacticipant' ? ((await ctx.loaders.pacticipantById.load(scope.id)) ?? null) : null;
const labelOf = (scope: WebhookPacticipantScope | null) => (scope?.kind === 'label' ? scope.label : null);

export const webhookResolvers = {
  consumer: (w: Webhook, _: unknown, ctx: GraphqlContext) => pacticipantOf(w.consumer, ctx),
  provider: (w: Webhook, _: unknown, ctx: GraphqlContext) => pacticipantOf(w.provider, ctx),
  consumerLabel: (w: Webhook) => labelOf(w.consumer),
  providerLabel: (w: Webhook) => labelOf(w.provider),
  method: (w: Webhook) => w.request.method.toUpperCase(),
  url: (w: Webhook) => w.request.url,
  executions: webhookExecutions,
};
