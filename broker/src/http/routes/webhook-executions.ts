// Reading what webhooks did: the Pact Broker's webhook status of an integration
// (`pb:webhooks-status`, GET /pacts/provider/P/consumer/C/webhooks/status) with each triggered
// webhook's logs (`pb:logs`, GET /triggered-webhooks/{uuid}/logs, text/plain), and Treaty's list of
// every attempt of one webhook (GET /webhooks/{uuid}/executions?size=&before=, newest first).
import type { Request, Response, Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { formatAttemptsLog, TriggeredWebhookStatus, triggeredWebhookStatus } from '../../domain/webhooks/triggered-webhook.ts';
import { describeWebhookRequest, isValidWebhookUuid } from '../../domain/webhooks/webhook.ts';
import { NotFoundError } from '../../errors.ts';
import { findPacticipant } from '../../store/pacticipants/pacticipants.ts';
import type { Db } from '../../store/db.ts';
import { findVerification } from '../../store/verifications.ts';
import {
  findTriggeredWebhook,
  listExecutionsForTriggered,
  listExecutionsForWebhook,
  listTriggeredWebhooksForIntegration,
  listTriggeredWebhooksForVerification,
  ExecutionKind,
  type ExecutionRow,
  type TriggeredWebhookRow,
} from '../../store/webhooks/webhook-executions.ts';
import { findWebhook, findWebhooks } from '../../store/webhooks/webhooks.ts';
import { sendHal } from '../hal.ts';
import { integerQueryParam } from '../request-body.ts';
import { href, paths, route } from '../../paths.ts';

const MAX_PAGE = 100;

/** One attempt in JSON: the redacted request, the response (status, headers, body excerpt) or the error. */
export function executionBody(e: ExecutionRow) {
  return {
    id: e.id,
    triggeredUuid: e.triggeredUuid,
    kind: e.kind,
    eventName: e.eventName,
    attempt: e.attempt,
    success: e.success,
    request: e.request,
    ...(e.responseStatus !== null
      ? { response: { status: e.responseStatus, headers: e.responseHeaders ?? {}, body: e.responseBody } }
      : {}),
    ...(e.error !== null ? { error: { message: e.error } } : {}),
    durationMs: e.durationMs,
    consumerVersionNumber: e.consumerVersionNumber,
    providerVersionNumber: e.providerVersionNumber,
    pactVersionSha: e.pactVersionSha,
    ...(e.kind === ExecutionKind.webhook ? {} : { github: gitHubFacts(e.consumerVersionNumber, e.githubState, e.githubContext) }),
    createdAt: e.createdAt.toISOString(),
  };
}

/** What a GitHub call was about: the commit, the state sent and its context (a check run: conclusion and name). */
function gitHubFacts(commit: string | null, state: string | null, context: string | null) {
  return { commit, state, context };
}

function pageParams(query: Record<string, unknown>): { limit: number; beforeId: number | undefined } {
  const size = integerQueryParam(query, 'size', { min: 1, max: MAX_PAGE }) ?? 20;
  // `before` is the id of the last execution of the previous page (the `next` link gives it).
  const beforeId = integerQueryParam(query, 'before', { min: 1, max: Number.MAX_SAFE_INTEGER });
  return { limit: size, beforeId };
}

/**
 * Triggered webhooks in the Pact Broker's shape (status, attempts, pb:logs and pb:webhook links), and beside them
 * Treaty's GitHub calls in the same shape, told apart by `kind` (github-commit-status, github-check-run) and
 * carrying `github` (commit, state sent, context) and the status code of GitHub's latest answer.
 */
async function triggeredWebhookBodies(db: Db, base: string, rows: TriggeredWebhookRow[]) {
  const uuids = [...new Set(rows.map((r) => r.webhookUuid).filter((u): u is string => u !== null))];
  const webhooks = new Map((await findWebhooks(db, uuids)).map((w) => [w.uuid, w] as const));
  return rows.map((r) => {
    const status = triggeredWebhookStatus(r.jobStatus, r.attempts, r.lastSuccess);
    const webhook = r.webhookUuid ? webhooks.get(r.webhookUuid) : undefined;
    const github = r.kind !== ExecutionKind.webhook;
    return {
      name: r.triggeredUuid,
      kind: r.kind,
      status,
      attemptsMade: r.attempts,
      attemptsRemaining:
        status === TriggeredWebhookStatus.retrying || status === TriggeredWebhookStatus.notRun
          ? Math.max(0, (r.maxAttempts ?? r.attempts) - r.attempts)
          : 0,
      triggerType: 'resource_creation',
      eventName: r.eventName,
      requestDescription: webhook
        ? describeWebhookRequest(webhook.request)
        : r.lastRequest
          ? `${r.lastRequest.method} ${r.lastRequest.url}`
          : null,
      ...(github ? { github: gitHubFacts(r.commit, r.githubState, r.githubContext) } : {}),
      ...(r.lastResponseStatus !== null ? { lastResponseStatus: r.lastResponseStatus } : {}),
      createdAt: new Date(r.createdAt).toISOString(),
      updatedAt: new Date(r.updatedAt).toISOString(),
      _links: {
        'pb:logs': {
          href: href(base, paths.triggeredWebhookLogs, { uuid: r.triggeredUuid }),
          title: github ? 'GitHub call logs' : 'Webhook execution logs',
          name: github ? 'GitHub call logs' : 'Webhook execution logs',
        },
        ...(webhook
          ? {
              'pb:webhook': {
                href: href(base, paths.webhook, { uuid: webhook.uuid }),
                title: 'Webhook',
                name: webhook.description ?? describeWebhookRequest(webhook.request),
              },
            }
          : {}),
      },
    };
  });
}

export function registerWebhookExecutionRoutes(router: Router, deps: RouteDeps): void {
  const db = deps.db;

  router.get(route(paths.webhookExecutions), async (req, res) => {
    const uuid = String(req.params.uuid);
    const page = pageParams(req.query);
    const webhook = isValidWebhookUuid(uuid) ? await findWebhook(db, uuid) : undefined;
    if (!webhook) throw new NotFoundError(`No webhook with uuid '${uuid}'. List the webhooks with GET ${paths.webhooks}.`);
    // One extra row tells whether there is a next page.
    const rows = await listExecutionsForWebhook(db, uuid, { limit: page.limit + 1, beforeId: page.beforeId });
    const shown = rows.slice(0, page.limit);
    const base = href(res.locals.baseUrl, paths.webhookExecutions, { uuid });
    const last = shown.at(-1);
    sendHal(res, 200, {
      _embedded: { executions: shown.map(executionBody) },
      _links: {
        self: { href: page.beforeId === undefined ? base : `${base}?size=${page.limit}&before=${page.beforeId}` },
        'pb:webhook': { href: href(res.locals.baseUrl, paths.webhook, { uuid }) },
        ...(rows.length > page.limit && last ? { next: { href: `${base}?size=${page.limit}&before=${last.id}` } } : {}),
      },
    });
  });

  router.get(route(paths.triggeredWebhookLogs), async (req, res) => {
    const uuid = String(req.params.uuid);
    const triggered = await findTriggeredWebhook(db, uuid);
    if (!triggered)
      throw new NotFoundError(
        `No triggered webhook with uuid '${uuid}'. Its link is in the webhook status of the integration (pb:webhooks-status).`,
      );
    const attempts = await listExecutionsForTriggered(db, uuid);
    res
      .status(200)
      .type('text/plain; charset=utf-8')
      .send(
        formatAttemptsLog(
          triggered.eventName,
          attempts.map((a) => ({ ...a, commit: a.consumerVersionNumber })),
        ),
      );
  });

  router.get(route(paths.pactWebhooksStatus), async (req, res) => {
    const [provider, consumer] = await Promise.all([
      findPacticipant(db, String(req.params.provider)),
      findPacticipant(db, String(req.params.consumer)),
    ]);
    if (!provider || !consumer)
      throw new NotFoundError(
        `No pacticipant named '${!provider ? String(req.params.provider) : String(req.params.consumer)}'. Check the spelling.`,
      );
    const base = res.locals.baseUrl;
    const triggered = await triggeredWebhookBodies(db, base, await listTriggeredWebhooksForIntegration(db, consumer.id, provider.id));
    // The summary counts the Pact Broker's webhooks only; GitHub calls are listed beside them, with their kind.
    const countOf = (s: TriggeredWebhookStatus) => triggered.filter((t) => t.kind === ExecutionKind.webhook && t.status === s).length;
    const names = { provider: provider.name, consumer: consumer.name };
    sendHal(res, 200, {
      summary: { successful: countOf('success'), failed: countOf('failure'), retrying: countOf('retrying'), notRun: countOf('not_run') },
      _embedded: { triggeredWebhooks: triggered },
      _links: {
        self: { href: href(base, paths.pactWebhooksStatus, names), title: 'Webhooks status' },
        'pb:pact-webhooks': { href: href(base, paths.pactWebhooks, names), title: 'Webhooks for the pact' },
        'pb:consumer': { href: href(base, paths.pacticipant, { pacticipant: consumer.name }), name: consumer.name },
        'pb:provider': { href: href(base, paths.pacticipant, { pacticipant: provider.name }), name: provider.name },
      },
    });
  });
  // pb:triggered-webhooks of a verification result (also under the metadata form of its URL).
  const verificationTriggered = async (
    req: Request<{ provider: string; consumer: string; sha: string; number: string }>,
    res: Response,
  ) => {
    const { provider, consumer, sha, number } = req.params;
    const n = /^\d{1,9}$/.test(number) ? Number(number) : undefined;
    const verification = n === undefined ? undefined : await findVerification(db, provider, consumer, sha, n);
    if (!verification)
      throw new NotFoundError(
        `No verification result number ${number} of the pact between ${consumer} and ${provider} with content SHA ${sha}.`,
      );
    const triggered = await triggeredWebhookBodies(db, res.locals.baseUrl, await listTriggeredWebhooksForVerification(db, verification.id));
    sendHal(res, 200, {
      _embedded: { triggeredWebhooks: triggered },
      _links: { self: { href: `${res.locals.baseUrl}${req.path}`, title: `Webhooks triggered by verification result ${number}` } },
    });
  };
  router.get(route(paths.verificationTriggeredWebhooks), verificationTriggered);
  router.get(route(paths.verificationTriggeredWebhooksWithMetadata), verificationTriggered);
}
