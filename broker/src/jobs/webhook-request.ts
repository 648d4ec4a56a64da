// Sends one rendered webhook request and reports what happened. Never throws: network errors,
// timeouts and oversized bodies all become a WebhookHttpOutcome. Used by POST /webhooks/{uuid}/execute
// now, and by the durable delivery job later.
import type { WebhookConfig } from '../config.ts';
import { headersToSend, summarizeExecution, type WebhookExecutionSummary, type WebhookHttpOutcome } from '../domain/webhooks/execution.ts';
import {
  renderWebhookRequest,
  templateParameters,
  type RenderedWebhookRequest,
  type WebhookTemplateData,
} from '../domain/webhooks/template.ts';
import type { Webhook } from '../domain/webhooks/webhook.ts';

export interface WebhookRequestOptions {
  /** Connection to last byte. */
  timeoutMs: number;
  /** Bytes of response body kept; the rest is discarded unread. */
  maxResponseBytes: number;
  /** The exact headers to send (domain/webhooks/execution.ts#headersToSend). */
  headers: Record<string, string>;
}

export async function performWebhookRequest(request: RenderedWebhookRequest, options: WebhookRequestOptions): Promise<WebhookHttpOutcome> {
  const startedAt = new Date();
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers: options.headers,
      ...(request.body !== undefined && !['GET', 'HEAD'].includes(request.method) ? { body: request.body } : {}),
      // A redirect could lead past the host whitelist; report it instead of following it.
      redirect: 'manual',
      signal,
    });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const { body, truncated } = await readCapped(res, options.maxResponseBytes);
    return {
      kind: 'response',
      status: res.status,
      statusText: res.statusText,
      headers,
      body,
      truncated,
      startedAt,
      finishedAt: new Date(),
    };
  } catch (err) {
    return { kind: 'error', message: describeError(err, options.timeoutMs), startedAt, finishedAt: new Date() };
  }
}

async function readCapped(res: Response, cap: number): Promise<{ body: string; truncated: boolean }> {
  if (!res.body) return { body: '', truncated: false };
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = cap - size;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      size += room;
      truncated = true;
      await reader.cancel();
      break;
    }
    chunks.push(value);
    size += value.byteLength;
  }
  return { body: Buffer.concat(chunks).toString('utf8'), truncated };
}

function describeError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `no complete response within ${timeoutMs} ms (TREATY_WEBHOOK_TIMEOUT_MS)`;
  const cause = e?.cause?.code ?? e?.cause?.message;
  return [e?.message ?? String(err), cause].filter(Boolean).join(': ');
}

export interface WebhookExecution {
  rendered: RenderedWebhookRequest;
  outcome: WebhookHttpOutcome;
  summary: WebhookExecutionSummary;
}

export const WEBHOOK_USER_AGENT = 'Treaty (Pact Broker compatible webhooks)';

/**
 * Renders a webhook's template with the given data and sends it now. What `test-webhook` does, and
 * what the delivery job does per attempt (it decides about retries from `summary.success`).
 */
export async function executeWebhook(
  webhook: Pick<Webhook, 'request'>,
  data: WebhookTemplateData,
  config: Pick<WebhookConfig, 'timeoutMs' | 'maxResponseBytes'>,
): Promise<WebhookExecution> {
  const rendered = renderWebhookRequest(webhook.request, templateParameters(data));
  const headers = headersToSend(rendered, WEBHOOK_USER_AGENT);
  const outcome = await performWebhookRequest(rendered, {
    timeoutMs: config.timeoutMs,
    maxResponseBytes: config.maxResponseBytes,
    headers,
  });
  return {
    rendered,
    outcome,
    summary: summarizeExecution({ request: rendered, sentHeaders: headers, outcome, eventName: data.eventName }),
  };
}
