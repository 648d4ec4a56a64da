// What a webhook resource shows of its secrets (asterisks) must not overwrite them when it is PUT back.
import { REDACTED } from './execution.ts';
import type { Webhook, WebhookDefinition } from './webhook.ts';

/**
 * A client that GETs a webhook, edits it and PUTs it back sends the asterisks it was shown in place of the
 * password and secret headers; those keep the stored secret instead of replacing it with asterisks.
 */
export function keepMaskedSecrets(definition: WebhookDefinition, current: Webhook): WebhookDefinition {
  const stored = new Map(Object.entries(current.request.headers).map(([name, value]) => [name.toLowerCase(), value]));
  const headers = Object.fromEntries(
    Object.entries(definition.request.headers).map(([name, value]) => [
      name,
      value === REDACTED ? (stored.get(name.toLowerCase()) ?? value) : value,
    ]),
  );
  const password =
    definition.request.password === REDACTED && current.request.password ? current.request.password : definition.request.password;
  return { ...definition, request: { ...definition.request, headers, ...(password === undefined ? {} : { password }) } };
}
