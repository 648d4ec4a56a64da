// HAL representations of webhooks, shaped like the Pact Broker's (WebhookDecorator,
// WebhooksDecorator): clients read `description`, `_links.self.title` and `_links.self.href`.
// Credentials are never echoed: as the Pact Broker does, the username is shown and the password only as
// asterisks (so a reader, e.g. `treaty export`, knows there is one), and secret headers are masked.
import { REDACTED, redactTemplateHeaders } from '../../domain/webhooks/execution.ts';
import { webhookDescription, type Webhook, type WebhookPacticipantScope } from '../../domain/webhooks/webhook.ts';
import { href, paths } from '../../paths.ts';

const scopeBody = (s: WebhookPacticipantScope | null) =>
  s === null ? undefined : s.kind === 'pacticipant' ? { name: s.name } : { label: s.label };

function pacticipantLink(base: string, s: WebhookPacticipantScope | null, title: string) {
  return s?.kind === 'pacticipant' ? { title, name: s.name, href: href(base, paths.pacticipant, { pacticipant: s.name }) } : undefined;
}

/** "the pact between Foo and Bar", "consumer Foo", "all consumers and providers", ... */
function scopeTitle(w: Webhook): string {
  const side = (s: WebhookPacticipantScope | null, role: string) =>
    s === null ? undefined : s.kind === 'pacticipant' ? `${role} ${s.name}` : `${role}s labelled ${s.label}`;
  if (w.consumer?.kind === 'pacticipant' && w.provider?.kind === 'pacticipant')
    return `A webhook for the pact between ${w.consumer.name} and ${w.provider.name}`;
  const parts = [side(w.consumer, 'consumer'), side(w.provider, 'provider')].filter(Boolean);
  return parts.length ? `A webhook for ${parts.join(' and ')}` : 'A webhook for all consumers and providers';
}

export function webhookResource(base: string, w: Webhook): Record<string, unknown> {
  const description = webhookDescription(w);
  const self = href(base, paths.webhook, { uuid: w.uuid });
  const headers = redactTemplateHeaders(w.request.headers);
  const both =
    w.consumer?.kind === 'pacticipant' && w.provider?.kind === 'pacticipant' ? { c: w.consumer.name, p: w.provider.name } : undefined;
  return {
    uuid: w.uuid,
    description,
    ...(w.consumer ? { consumer: scopeBody(w.consumer) } : {}),
    ...(w.provider ? { provider: scopeBody(w.provider) } : {}),
    enabled: w.enabled,
    request: {
      method: w.request.method,
      url: w.request.url,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(w.request.body !== undefined ? { body: w.request.body } : {}),
      ...(w.request.username ? { username: w.request.username } : {}),
      ...(w.request.password ? { password: REDACTED } : {}),
    },
    events: w.events.map((name) => ({ name })),
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
    _links: {
      self: { title: description, href: self },
      'pb:execute': {
        title: 'Test the execution of the webhook with example data by sending a POST request to this URL',
        href: href(base, paths.webhookExecute, { uuid: w.uuid }),
      },
      ...(w.consumer?.kind === 'pacticipant' ? { 'pb:consumer': pacticipantLink(base, w.consumer, 'Consumer') } : {}),
      ...(w.provider?.kind === 'pacticipant' ? { 'pb:provider': pacticipantLink(base, w.provider, 'Provider') } : {}),
      ...(both
        ? {
            'pb:pact-webhooks': {
              title: `All webhooks for consumer ${both.c} and provider ${both.p}`,
              href: href(base, paths.webhookForConsumerAndProvider, { provider: both.p, consumer: both.c }),
            },
          }
        : {}),
      'pb:webhooks': { title: 'All webhooks', href: href(base, paths.webhooks) },
    },
  };
}

export function webhookCollection(base: string, self: string, webhooks: Webhook[], title = 'Webhooks'): Record<string, unknown> {
  return {
    _links: {
      self: { title, href: self },
      'pb:create': { title: 'POST to create a webhook', href: self },
      'pb:webhooks': webhooks.map((w) => ({
        title: scopeTitle(w),
        name: webhookDescription(w),
        href: href(base, paths.webhook, { uuid: w.uuid }),
      })),
      curies: [{ name: 'pb', href: `${base}/doc/webhooks-{rel}`, templated: true }],
    },
  };
}
