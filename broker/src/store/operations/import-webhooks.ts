// The webhooks of an import: validated like PUT /webhooks/{uuid} against this broker's webhook policy; an existing
// webhook with the same definition is kept, a different one is replaced (import.ts decides the policy).
import { isDeepStrictEqual } from 'node:util';
import type { ExportedWebhook, ImportResult } from '@treaty/wire';
import { validateWebhook, type WebhookPacticipantLookup, type WebhookPolicy } from '../../domain/webhooks/validate-webhook.ts';
import {
  isValidWebhookUuid,
  webhookDescription,
  type WebhookDefinition,
  type WebhookPacticipantScope,
} from '../../domain/webhooks/webhook.ts';
import { ValidationError } from '../../errors.ts';
import type { Db } from '../db.ts';
import { findWebhook, saveWebhook } from '../webhooks/webhooks.ts';

/**
 * Webhooks by uuid, each checked like PUT /webhooks/{uuid} (this broker's whitelists included). A scope
 * naming a pacticipant must name one of the file's: the webhook would otherwise apply to a pacticipant
 * the migration did not bring.
 */
export async function writeWebhooks(
  tx: Db,
  webhooks: readonly ExportedWebhook[],
  lookup: WebhookPacticipantLookup,
  policy: WebhookPolicy,
  result: ImportResult,
): Promise<void> {
  for (const [i, w] of webhooks.entries()) {
    const field = `webhooks.${i}`;
    if (!isValidWebhookUuid(w.uuid))
      throw ValidationError.field(
        `${field}.uuid`,
        `"${w.uuid}" must be at least 16 characters of letters, digits, "_" or "-" (e.g. a UUID)`,
      );
    for (const side of ['consumer', 'provider'] as const) {
      const scope = w[side];
      if (scope && 'name' in scope && (await lookup.findPacticipantByName(scope.name)) === undefined) {
        throw ValidationError.field(`${field}.${side}.name`, `names "${scope.name}", which is not in pacticipants (webhook ${w.uuid})`);
      }
    }
    const redacted = w.secretsRedacted === true;
    const body = {
      ...w,
      events: w.events.length > 0 ? w.events.map((name) => ({ name })) : undefined,
      enabled: redacted ? false : w.enabled,
    };
    const validation = await validateWebhook(body, policy, lookup);
    if (!validation.ok) {
      const errors = validation.errors.map((e) => ({ field: `${field}.${e.field}`, message: e.message }));
      throw new ValidationError(`Webhook ${w.uuid} is invalid here: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`, errors);
    }
    const def = validation.webhook;
    const existing = await findWebhook(tx, w.uuid);
    if (existing && (redacted || sameDefinition(existing, def))) {
      result.skipped.webhooks++;
      continue;
    }
    await saveWebhook(tx, w.uuid, def);
    if (existing) result.replaced.webhooks++;
    else result.created.webhooks++;
    if (redacted)
      result.disabledWebhooks.push({ uuid: w.uuid, description: webhookDescription(def), redactedFields: w.redactedFields ?? [] });
  }
}

export const sameScope = (a: WebhookPacticipantScope | null, b: WebhookPacticipantScope | null): boolean =>
  a === null || b === null
    ? a === b
    : a.kind === 'pacticipant'
      ? b.kind === 'pacticipant' && a.id === b.id
      : b.kind === 'label' && a.label === b.label;

/** Equal as stored (key order aside: the request is jsonb, which reorders keys). */
export function sameDefinition(a: WebhookDefinition, b: WebhookDefinition): boolean {
  return (
    a.description === b.description &&
    a.enabled === b.enabled &&
    sameScope(a.consumer, b.consumer) &&
    sameScope(a.provider, b.provider) &&
    isDeepStrictEqual(a.events, b.events) &&
    isDeepStrictEqual(a.request, b.request)
  );
}
