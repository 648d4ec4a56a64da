// The `webhook` job: one delivery attempt of one triggered webhook. Loads the webhook and the
// event's data as they are now, renders and sends the request (jobs/webhook-request.ts), logs the
// attempt in webhook_executions with secrets redacted, and tells the queue what to do next
// (domain/webhooks/retry.ts): done, retry after the Pact Broker's schedule, or failed.
import { checkUrl, type WebhookPolicy } from '../domain/webhooks/validate-webhook.ts';
import { decideAfterAttempt } from '../domain/webhooks/retry.ts';
import { renderWebhookRequest, templateParameters } from '../domain/webhooks/template.ts';
import { isWebhookEventName } from '../domain/webhooks/webhook-events.ts';
import type { WebhookJobPayload } from '../store/publication-events.ts';
import { ExecutionKind, recordExecution } from '../store/webhook-executions.ts';
import { findWebhook } from '../store/webhooks.ts';
import type { ClaimedJob, JobContext, JobOutcome } from './job-runner.ts';
import { loadWebhookTemplateData } from './webhook-template-data.ts';
import { executeWebhook } from './webhook-request.ts';

/** Payloads are written by store/publication-events.ts; anything else is a bug or a hand-made row. */
export function parseWebhookJobPayload(payload: unknown): WebhookJobPayload | undefined {
  const p = payload as Partial<WebhookJobPayload> | null;
  const ok =
    typeof p === 'object' &&
    p !== null &&
    typeof p.webhookUuid === 'string' &&
    typeof p.triggeredUuid === 'string' &&
    typeof p.event === 'string' &&
    isWebhookEventName(p.event) &&
    typeof p.consumerVersionId === 'number' &&
    typeof p.pactVersionId === 'number';
  return ok ? (p as WebhookJobPayload) : undefined;
}

/** Where links in rendered templates point: the configured public URL, else the publishing request's. */
export function linkBaseUrl(configured: string | undefined, fromPayload: string | null | undefined, port: number): string {
  return configured ?? fromPayload ?? `http://localhost:${port}`;
}

export async function deliverWebhook(job: ClaimedJob, ctx: JobContext): Promise<JobOutcome> {
  const { db, config, logger } = ctx;
  const payload = parseWebhookJobPayload(job.payload);
  if (!payload) return { status: 'failed', error: `job ${job.id}: not a webhook job payload` };
  const log = logger.child({
    jobId: job.id,
    webhookUuid: payload.webhookUuid,
    triggeredUuid: payload.triggeredUuid,
    event: payload.event,
    attempt: job.attempt,
  });

  const webhook = await findWebhook(db, payload.webhookUuid);
  if (!webhook || !webhook.enabled) {
    log.info(`webhook ${payload.webhookUuid} was ${webhook ? 'disabled' : 'deleted'} after the event; nothing to deliver`);
    return { status: 'done' };
  }
  const loaded = await loadWebhookTemplateData(db, payload, linkBaseUrl(config.baseUrl, payload.baseUrl, config.port));
  if (!loaded) {
    log.info('the pact or verification of this event was deleted; nothing to deliver');
    return { status: 'done' };
  }
  const { data, sha } = loaded;
  const about = {
    triggeredUuid: payload.triggeredUuid,
    kind: ExecutionKind.webhook,
    webhookUuid: webhook.uuid,
    jobId: job.id,
    eventName: payload.event,
    consumerId: payload.consumerId,
    providerId: payload.providerId,
    consumerVersionNumber: data.pact?.consumerVersionNumber ?? null,
    providerVersionNumber: data.verification?.providerVersionNumber ?? data.providerVersion?.number ?? null,
    pactVersionSha: sha,
    attempt: job.attempt,
  };

  // The allow-lists may have been tightened since the webhook was saved, and parameters can put
  // anything into the URL: check the URL that would actually be called.
  const policy: WebhookPolicy = {
    schemes: config.webhooks.schemeWhitelist,
    hosts: config.webhooks.hostWhitelist,
    methods: config.webhooks.httpMethodWhitelist,
  };
  const rendered = renderWebhookRequest(webhook.request, templateParameters(data));
  const refused =
    checkUrl(rendered.url, policy) ??
    (policy.methods.includes(rendered.method)
      ? undefined
      : `method ${rendered.method} is not allowed (TREATY_WEBHOOK_HTTP_METHOD_WHITELIST)`);
  if (refused) {
    const error = `Not sent: the URL ${refused}`;
    await recordExecution(db, {
      ...about,
      success: false,
      request: { method: rendered.method, url: rendered.url, headers: {}, body: null },
      error,
      durationMs: 0,
    });
    log.warn(error);
    return { status: 'failed', error };
  }

  const { outcome, summary } = await executeWebhook(webhook, data, config.webhooks);
  const durationMs = outcome.finishedAt.getTime() - outcome.startedAt.getTime();
  await recordExecution(db, {
    ...about,
    success: summary.success,
    // summary.request holds the redacted URL and headers (execution.ts#redactHeaders / redactUrl).
    request: { method: summary.request.method, url: summary.request.url, headers: summary.request.headers, body: rendered.body ?? null },
    ...(outcome.kind === 'response'
      ? {
          responseStatus: outcome.status,
          responseHeaders: outcome.headers,
          responseBody: outcome.body + (outcome.truncated ? '\n[response body truncated]' : ''),
        }
      : { error: outcome.message }),
    durationMs,
    createdAt: outcome.startedAt,
  });
  const decision = decideAfterAttempt(outcome, job.attempt, config.webhooks.retryScheduleMs);
  if (decision.status === 'done') log.info({ durationMs }, 'webhook delivered');
  else
    log.warn(
      { durationMs, error: decision.error, maxAttempts: job.maxAttempts },
      decision.status === 'retry' && job.attempt < job.maxAttempts ? 'webhook attempt failed; will retry' : 'webhook failed',
    );
  return decision;
}
