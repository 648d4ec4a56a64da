// The audit log: one row per write request, newest first when read.
import type { Db } from './db.ts';

export interface AuditEventInput {
  actor: string;
  method: string;
  path: string;
  status: number;
  remoteAddress: string | undefined;
  requestId: string | undefined;
  /** e.g. the matched route and the token id. */
  details: Record<string, string | number> | undefined;
}

export interface AuditEventRow {
  id: number;
  occurredAt: Date;
  actor: string;
  method: string;
  path: string;
  status: number;
  remoteAddress: string | null;
  requestId: string | null;
  details: unknown;
}

export async function insertAuditEvent(db: Db, event: AuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      actor: event.actor,
      method: event.method,
      path: event.path,
      status: event.status,
      remoteAddress: event.remoteAddress ?? null,
      requestId: event.requestId ?? null,
      ...(event.details ? { details: event.details } : {}),
    },
  });
}

export interface AuditQuery {
  actor?: string;
  page: { number: number; size: number };
}

export async function listAuditEvents(db: Db, query: AuditQuery): Promise<{ rows: AuditEventRow[]; total: number }> {
  const where = query.actor !== undefined ? { actor: query.actor } : {};
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      skip: (query.page.number - 1) * query.page.size,
      take: query.page.size,
    }),
    db.auditEvent.count({ where }),
  ]);
  return { rows, total };
}
