// Webhooks: definitions keyed by uuid, scoped to a consumer/provider by id or by label.
import { randomUUID } from 'node:crypto';
import { isWebhookEventName, type WebhookEventName } from '../../domain/webhooks/webhook-events.ts';
import type { WebhookPacticipantLookup } from '../../domain/webhooks/validate-webhook.ts';
import type { Webhook, WebhookDefinition, WebhookPacticipantScope, WebhookRequestTemplate } from '../../domain/webhooks/webhook.ts';
import type { Db } from '../db.ts';
import { findPacticipant } from '../pacticipants/pacticipants.ts';
import { jsonbText, sql } from '../sql.ts';

interface WebhookRow {
  uuid: string;
  description: string | null;
  consumerId: number | null;
  consumerName: string | null;
  providerId: number | null;
  providerName: string | null;
  consumerLabel: string | null;
  providerLabel: string | null;
  events: string[] | null;
  request: unknown;
  enabled: boolean;
  createdAt: Date;
  updatedAt: Date;
  created?: boolean;
}

const SELECT = sql`SELECT w.uuid, w.description, w.consumer_id AS "consumerId", c.name AS "consumerName",
  w.provider_id AS "providerId", p.name AS "providerName", w.consumer_label AS "consumerLabel",
  w.provider_label AS "providerLabel", w.events, w.request, w.enabled, w.created_at AS "createdAt", w.updated_at AS "updatedAt"
  FROM webhooks w LEFT JOIN pacticipants c ON c.id = w.consumer_id LEFT JOIN pacticipants p ON p.id = w.provider_id`;
const ORDER = sql`ORDER BY w.created_at, w.uuid`;

function scope(id: number | null, name: string | null, label: string | null): WebhookPacticipantScope | null {
  if (id !== null && name !== null) return { kind: 'pacticipant', id, name };
  if (label !== null) return { kind: 'label', label };
  return null;
}

function toWebhook(row: WebhookRow): Webhook {
  const request = (typeof row.request === 'string' ? JSON.parse(row.request) : row.request) as WebhookRequestTemplate;
  return {
    uuid: row.uuid,
    description: row.description,
    consumer: scope(row.consumerId, row.consumerName, row.consumerLabel),
    provider: scope(row.providerId, row.providerName, row.providerLabel),
    events: (row.events ?? []).filter(isWebhookEventName),
    request: { ...request, headers: request.headers ?? {} },
    enabled: row.enabled,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export async function findWebhook(db: Db, uuid: string): Promise<Webhook | undefined> {
  const rows = await db.rows<WebhookRow>(sql`${SELECT} WHERE w.uuid = ${uuid}`);
  return rows[0] ? toWebhook(rows[0]) : undefined;
}

/** The webhooks with these uuids (those that still exist), in one query. */
export async function findWebhooks(db: Db, uuids: readonly string[]): Promise<Webhook[]> {
  if (uuids.length === 0) return [];
  const rows = await db.rows<WebhookRow>(sql`${SELECT} WHERE w.uuid = ANY(${uuids}::text[]) ${ORDER}`);
  return rows.map(toWebhook);
}

/** Webhooks whose consumer and/or provider is exactly this pacticipant (by id); no filter: all. */
export async function listWebhooks(db: Db, filter: { consumerId?: number; providerId?: number } = {}): Promise<Webhook[]> {
  const conditions = [sql`TRUE`];
  if (filter.consumerId !== undefined) conditions.push(sql`w.consumer_id = ${filter.consumerId}`);
  if (filter.providerId !== undefined) conditions.push(sql`w.provider_id = ${filter.providerId}`);
  const rows = await db.rows<WebhookRow>(sql`${SELECT} WHERE ${sql.join(conditions, sql` AND `)} ${ORDER}`);
  return rows.map(toWebhook);
}

/** Creates the webhook with this uuid, or replaces its definition; `created` tells which. */
export async function saveWebhook(db: Db, uuid: string, def: WebhookDefinition): Promise<{ webhook: Webhook; created: boolean }> {
  const id = (s: WebhookPacticipantScope | null) => (s?.kind === 'pacticipant' ? s.id : null);
  const label = (s: WebhookPacticipantScope | null) => (s?.kind === 'label' ? s.label : null);
  const rows = await db.rows<{
    created: boolean;
  }>(sql`INSERT INTO webhooks (uuid, description, consumer_id, provider_id, consumer_label, provider_label, events, request, enabled)
     VALUES (${uuid}, ${def.description}, ${id(def.consumer)}, ${id(def.provider)}, ${label(def.consumer)}, ${label(def.provider)}, ${def.events}::text[], ${jsonbText(def.request)}::jsonb, ${def.enabled})
     ON CONFLICT (uuid) DO UPDATE SET description = EXCLUDED.description, consumer_id = EXCLUDED.consumer_id,
       provider_id = EXCLUDED.provider_id, consumer_label = EXCLUDED.consumer_label, provider_label = EXCLUDED.provider_label,
       events = EXCLUDED.events, request = EXCLUDED.request, enabled = EXCLUDED.enabled, updated_at = now()
     RETURNING (xmax = 0) AS created`);
  const webhook = await findWebhook(db, uuid);
  if (!webhook) throw new Error(`webhook ${uuid} vanished while being saved`);
  return { webhook, created: rows[0]?.created === true };
}

export function createWebhook(db: Db, def: WebhookDefinition): Promise<{ webhook: Webhook; created: boolean }> {
  return saveWebhook(db, randomUUID(), def);
}

export async function deleteWebhook(db: Db, uuid: string): Promise<boolean> {
  return (await db.execute(sql`DELETE FROM webhooks WHERE uuid = ${uuid}`)) > 0;
}

export async function findPacticipantLabels(db: Db, pacticipantId: number): Promise<string[]> {
  const rows = await db.rows<{ name: string }>(
    sql`SELECT name FROM pacticipant_labels WHERE pacticipant_id = ${pacticipantId} ORDER BY name`,
  );
  return rows.map((r) => r.name);
}

/**
 * The enabled webhooks that events of these kinds between this consumer and provider trigger: those
 * subscribed to one of the events whose consumer side is unset, this consumer, or one of its labels,
 * and likewise for the provider side. One query for all the events of a publication; the caller
 * picks each event's webhooks by `webhook.events`. For the durable delivery job.
 */
export async function findWebhooksForEvents(
  db: Db,
  events: { names: readonly WebhookEventName[]; consumerId: number; providerId: number },
): Promise<Webhook[]> {
  if (events.names.length === 0) return [];
  const rows = await db.rows<WebhookRow>(sql`${SELECT}
     WHERE w.enabled AND w.events && ${[...events.names]}::text[]
       AND ((w.consumer_id IS NULL AND w.consumer_label IS NULL) OR w.consumer_id = ${events.consumerId}
            OR w.consumer_label IN (SELECT name FROM pacticipant_labels WHERE pacticipant_id = ${events.consumerId}))
       AND ((w.provider_id IS NULL AND w.provider_label IS NULL) OR w.provider_id = ${events.providerId}
            OR w.provider_label IN (SELECT name FROM pacticipant_labels WHERE pacticipant_id = ${events.providerId}))
     ${ORDER}`);
  return rows.map(toWebhook);
}

/** What domain/webhooks/validate-webhook.ts needs to check `consumer.name` / `provider.name`. */
export function webhookPacticipantLookup(db: Db): WebhookPacticipantLookup {
  return {
    async findPacticipantByName(name) {
      const p = await findPacticipant(db, name);
      return p ? { id: p.id, name: p.name } : undefined;
    },
  };
}
