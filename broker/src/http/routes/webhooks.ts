// Webhooks (Pact Broker API): the collection and scoped collections, one webhook by uuid
// (PUT creates with the given uuid), and POST .../execute for `pact-broker test-webhook`.
import type { Request, Response, Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { exampleTemplateData } from '../../domain/webhooks/execution.ts';
import { keepMaskedSecrets } from '../../domain/webhooks/masked-secrets.ts';
import { checkUrl, validateWebhook, type WebhookPathScope, type WebhookPolicy } from '../../domain/webhooks/validate-webhook.ts';
import { isValidWebhookUuid, type Webhook, type WebhookDefinition } from '../../domain/webhooks/webhook.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { executeWebhook } from '../../jobs/webhook-request.ts';
import { findPacticipant } from '../../store/pacticipants.ts';
import { createWebhook, deleteWebhook, findWebhook, listWebhooks, saveWebhook, webhookPacticipantLookup } from '../../store/webhooks.ts';
import { sendHal } from '../hal.ts';
import { href, paths, route } from '../../paths.ts';
import { webhookCollection, webhookResource } from '../representations/webhook.ts';

/** Path templates that scope a collection: GET lists its webhooks, POST creates one within it. */
const scopedCollections = [
  { template: paths.webhooks, title: 'Webhooks' },
  { template: paths.webhookForConsumerAndProvider, title: 'Webhooks' },
  { template: paths.pactWebhooks, title: 'Pact webhooks' },
  { template: paths.webhooksForProvider, title: 'Webhooks' },
  { template: paths.webhooksForConsumer, title: 'Webhooks' },
] as const;

export function registerWebhookRoutes(router: Router, deps: RouteDeps): void {
  const db = deps.db;
  const { webhooks: config } = deps.config;
  const policy: WebhookPolicy = { schemes: config.schemeWhitelist, hosts: config.hostWhitelist, methods: config.httpMethodWhitelist };
  const lookup = webhookPacticipantLookup(db);

  /** The pacticipants named in the path; 404 when one does not exist (Pact Broker: resource_exists?). */
  async function pathScope(req: Request): Promise<WebhookPathScope> {
    const scope: WebhookPathScope = {};
    for (const side of ['provider', 'consumer'] as const) {
      const name = req.params[side];
      if (typeof name !== 'string') continue;
      const found = await findPacticipant(db, name);
      if (!found)
        throw new NotFoundError(
          `No pacticipant named '${name}'. Create it first (pact-broker create-or-update-pacticipant), or check the spelling.`,
        );
      scope[side] = { id: found.id, name: found.name };
    }
    return scope;
  }

  async function validDefinition(body: unknown, scope: WebhookPathScope = {}): Promise<WebhookDefinition> {
    const result = await validateWebhook(body, policy, lookup, scope);
    if (result.ok) return result.webhook;
    throw new ValidationError(`The webhook is invalid: ${result.errors.map((e) => `${e.field} ${e.message}`).join(' ')}`, result.errors);
  }

  async function existing(req: Request): Promise<Webhook> {
    const uuid = String(req.params.uuid);
    const webhook = isValidWebhookUuid(uuid) ? await findWebhook(db, uuid) : undefined;
    if (!webhook) throw new NotFoundError(`No webhook with uuid '${uuid}'. List the webhooks with GET ${paths.webhooks}.`);
    return webhook;
  }

  function sendWebhook(res: Response, status: number, webhook: Webhook): void {
    if (status === 201) res.location(href(res.locals.baseUrl, paths.webhook, { uuid: webhook.uuid }));
    sendHal(res, status, webhookResource(res.locals.baseUrl, webhook));
  }

  for (const { template, title } of scopedCollections) {
    router.get(route(template), async (req, res) => {
      const scope = await pathScope(req);
      const webhooks = await listWebhooks(db, { consumerId: scope.consumer?.id, providerId: scope.provider?.id });
      const params = {
        ...(scope.provider ? { provider: scope.provider.name } : {}),
        ...(scope.consumer ? { consumer: scope.consumer.name } : {}),
      };
      sendHal(res, 200, webhookCollection(res.locals.baseUrl, href(res.locals.baseUrl, template, params), webhooks, title));
    });
    router.post(route(template), async (req, res) => {
      const scope = await pathScope(req);
      const { webhook } = await createWebhook(db, await validDefinition(req.body, scope));
      sendWebhook(res, 201, webhook);
    });
  }

  router.post(route(paths.webhookExecute), async (req, res) => {
    const webhook = await existing(req);
    // The broker's whitelists may have been tightened since the webhook was saved.
    const urlError = checkUrl(webhook.request.url, policy);
    if (urlError) throw ValidationError.field('request.url', urlError);
    if (!policy.methods.includes(webhook.request.method))
      throw ValidationError.field('request.method', `must be one of ${policy.methods.join(', ')}.`);
    const names = {
      ...(webhook.consumer?.kind === 'pacticipant' ? { consumerName: webhook.consumer.name } : {}),
      ...(webhook.provider?.kind === 'pacticipant' ? { providerName: webhook.provider.name } : {}),
    };
    const { summary } = await executeWebhook(webhook, exampleTemplateData(res.locals.baseUrl, names), config);
    const self = href(res.locals.baseUrl, paths.webhookExecute, { uuid: webhook.uuid });
    // The Pact Broker answers 500 when the target did not answer 2xx; the body explains either way.
    sendHal(res, summary.success ? 200 : 500, {
      ...summary,
      _links: {
        'pb:webhook': { href: href(res.locals.baseUrl, paths.webhook, { uuid: webhook.uuid }) },
        'try-again': { title: 'Execute the webhook again', href: self },
      },
    });
  });

  router.get(route(paths.webhook), async (req, res) => sendWebhook(res, 200, await existing(req)));

  router.put(route(paths.webhook), async (req, res) => {
    const uuid = String(req.params.uuid);
    if (!isValidWebhookUuid(uuid)) {
      throw ValidationError.field('uuid', 'must be at least 16 characters of letters, digits, "_" or "-" (e.g. a UUID).');
    }
    const definition = await validDefinition(req.body);
    const current = await findWebhook(db, uuid);
    const { webhook, created } = await saveWebhook(db, uuid, current ? keepMaskedSecrets(definition, current) : definition);
    sendWebhook(res, created ? 201 : 200, webhook);
  });

  router.delete(route(paths.webhook), async (req, res) => {
    const webhook = await existing(req);
    await deleteWebhook(db, webhook.uuid);
    res.status(204).end();
  });
}
