// The webhook model the domain works with: what a user defines (a request template, the events it
// fires on, and the scope of pacticipants it applies to), independent of storage and HTTP.
import type { WebhookEventName } from './webhook-events.ts';

/** The request a webhook sends, before `${pactbroker.*}` parameters are rendered into it. */
export interface WebhookRequestTemplate {
  /** Upper-case HTTP method, e.g. POST. */
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Any JSON value; a string is sent as it is, anything else as JSON text. Absent: no body. */
  body?: unknown;
  username?: string;
  password?: string;
}

/** Which pacticipant(s) one side of a webhook applies to; absent means "any". */
export type WebhookPacticipantScope = { kind: 'pacticipant'; id: number; name: string } | { kind: 'label'; label: string };

export interface WebhookDefinition {
  /** As given; when absent, the representation shows `describeWebhookRequest()` instead. */
  description: string | null;
  consumer: WebhookPacticipantScope | null;
  provider: WebhookPacticipantScope | null;
  events: WebhookEventName[];
  request: WebhookRequestTemplate;
  enabled: boolean;
}

export interface Webhook extends WebhookDefinition {
  uuid: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A UUID given in a path (PUT /webhooks/{uuid}) must look like this (Pact Broker rule). */
export const WEBHOOK_UUID_PATTERN = /^[A-Za-z0-9_-]{16,}$/;

export function isValidWebhookUuid(uuid: string): boolean {
  return WEBHOOK_UUID_PATTERN.test(uuid);
}

/** "POST ci.example.org": what a webhook without a description is called (Pact Broker rule). */
export function describeWebhookRequest(request: Pick<WebhookRequestTemplate, 'method' | 'url'>): string {
  let host = '';
  try {
    host = new URL(request.url.replace(/\$\{pactbroker\.[^}]+\}/g, 'placeholder')).hostname;
  } catch {
    host = request.url;
  }
  return `${request.method.toUpperCase()} ${host}`;
}

export function webhookDescription(webhook: Pick<WebhookDefinition, 'description' | 'request'>): string {
  return webhook.description ?? describeWebhookRequest(webhook.request);
}
