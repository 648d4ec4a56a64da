// GET /audit-events (admin scope): the audit log, newest first, paginated with `page` and `size`
// (the Pact Broker's parameters), filtered by `actor` (e.g. "token:ci-order-service", "user:alice", "anonymous").
import type { Router } from 'express';
import type { RouteDeps } from '../../deps.ts';
import { ValidationError } from '../../errors.ts';
import { listAuditEvents, type AuditEventRow } from '../../store/audit-events.ts';
import { sendHal } from '../hal.ts';
import { href, paths } from '../../paths.ts';
import { parsePage } from '../request-body.ts';

const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 1000;

function eventBody(e: AuditEventRow) {
  return {
    id: e.id,
    // Milliseconds kept: several events often share a second.
    occurredAt: e.occurredAt.toISOString(),
    actor: e.actor,
    method: e.method,
    path: e.path,
    status: e.status,
    remoteAddress: e.remoteAddress,
    requestId: e.requestId,
    details: e.details ?? null,
  };
}

export function registerAuditRoutes(router: Router, deps: RouteDeps): void {
  router.get(paths.auditEvents, async (req, res) => {
    const page = parsePage(req.query, DEFAULT_PAGE_SIZE) ?? { number: 1, size: DEFAULT_PAGE_SIZE };
    if (page.size > MAX_PAGE_SIZE) throw ValidationError.field('size', `must be at most ${MAX_PAGE_SIZE}, got ${page.size}`);
    const actor = typeof req.query.actor === 'string' && req.query.actor !== '' ? req.query.actor : undefined;
    const { rows, total } = await listAuditEvents(deps.db, { actor, page });
    const self = href(res.locals.baseUrl, paths.auditEvents);
    const link = (number: number) => {
      const query = new URLSearchParams({ ...(actor !== undefined ? { actor } : {}), page: String(number), size: String(page.size) });
      return `${self}?${query.toString()}`;
    };
    const totalPages = Math.max(1, Math.ceil(total / page.size));
    sendHal(res, 200, {
      events: rows.map(eventBody),
      page: { number: page.number, size: page.size, totalElements: total, totalPages },
      _links: {
        self: { href: link(page.number) },
        ...(page.number < totalPages ? { next: { href: link(page.number + 1), title: 'Next page' } } : {}),
        ...(page.number > 1 ? { previous: { href: link(page.number - 1), title: 'Previous page' } } : {}),
      },
    });
  });
}
